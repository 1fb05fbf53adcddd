/**
 * n8n's signed resume URL is a bearer secret that wakes a waiting execution. We only ever call URLs under the
 * configured n8n base URL, so a submitted URL cannot turn the portal into a request forwarder.
 */
export type ResumeUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

export function checkResumeUrl(candidate: string, n8nBaseUrl: string | undefined): ResumeUrlCheck {
  if (!n8nBaseUrl) {
    return { ok: false, message: 'The portal has no n8n base URL configured (PORTAL_N8N_URL), so it accepts no resume URL.' };
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, message: 'resumeUrl is not an absolute URL.' };
  }
  const base = new URL(n8nBaseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'resumeUrl must use http or https.' };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'resumeUrl must not carry credentials.' };
  }
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  if (url.origin !== base.origin || !url.pathname.startsWith(basePath)) {
    return { ok: false, message: 'resumeUrl does not belong to the configured n8n instance.' };
  }
  return { ok: true, url };
}
