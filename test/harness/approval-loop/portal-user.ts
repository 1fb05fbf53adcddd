/**
 * A portal user over plain HTTP, as a browser without JavaScript would act: signs in through the form (session
 * cookie), reads the CSRF token from a page, and posts decisions to `/approvals/:id/decide`. The benchmark decides
 * this way; the browser test drives Chromium instead.
 */
export interface Decision {
  /** The portal's own item ids (the form's checkbox values; `LoopPortal.itemIdsOf` maps plan item ids to them). */
  itemIds: Array<string | number>;
  verdict: 'approve' | 'reject';
  comment?: string;
}

export class PortalUserClient {
  private cookie: string | undefined;
  private csrf: string | undefined;

  private constructor(
    private readonly baseUrl: string,
    readonly username: string,
  ) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<PortalUserClient> {
    const user = new PortalUserClient(baseUrl, username);
    const anonymous = await fetch(`${baseUrl}/login`);
    const anonymousCookie = cookieOf(anonymous);
    const form = new URLSearchParams({ username, password, _csrf: csrfIn(await anonymous.text()), next: '/' });
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, ...(anonymousCookie ? { cookie: anonymousCookie } : {}) },
      body: form,
    });
    const cookie = cookieOf(response);
    if (response.status !== 303 || !cookie) throw new Error(`Signing in as ${username} answered ${response.status}, not a redirect with a session`);
    user.cookie = cookie;
    user.csrf = csrfIn(await (await user.get('/approvals')).text());
    return user;
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookie ?? '' } });
  }

  /** Decides items of a request; throws with the page's message when the portal refuses. */
  async decide(requestId: number, decision: Decision): Promise<void> {
    const body = new URLSearchParams({ verdict: decision.verdict, comment: decision.comment ?? '', _csrf: this.csrf ?? '' });
    for (const id of decision.itemIds) body.append('item', String(id));
    const response = await fetch(`${this.baseUrl}/approvals/${requestId}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.baseUrl, cookie: this.cookie ?? '', 'hx-request': 'true' },
      body,
    });
    if (response.status !== 200) {
      const text = await response.text();
      throw new Error(`${this.username} deciding request ${requestId} answered ${response.status}: ${textOf(text).slice(0, 300)}`);
    }
  }
}

function cookieOf(response: Response): string | undefined {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => /^(__Host-)?portal_session=./.test(c));
}

function csrfIn(html: string): string {
  const match = /name="_csrf"[^>]*value="([^"]+)"/.exec(html) ?? /value="([^"]+)"[^>]*name="_csrf"/.exec(html);
  if (!match) throw new Error('The portal page carries no CSRF token');
  return match[1]!;
}

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}
