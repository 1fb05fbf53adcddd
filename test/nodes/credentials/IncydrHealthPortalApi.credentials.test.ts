/**
 * The portal credential: its test request, evaluated as n8n evaluates it, against a real portal — a good token
 * passes, a wrong one is refused — and `authenticate` sends the token as a bearer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncydrHealthPortalApi } from '../../../nodes/credentials/IncydrHealthPortalApi.credentials.js';
import { servePortal, type ServedPortal } from '../IncydrHealthPortal/portal-harness.js';

const type = new IncydrHealthPortalApi();
let served: ServedPortal;
beforeAll(async () => {
  served = await servePortal();
});
afterAll(async () => {
  await served?.close();
});

/** Fills `={{ ... }}` parts the way n8n's expression engine would for these simple expressions. */
function evaluate(template: string, credentials: Record<string, string>): string {
  return template.replace(/^=/, '').replace(/\{\{([\s\S]+?)\}\}/g, (_m, expression: string) =>
    String(new Function('$credentials', `return (${expression.trim()});`)(credentials)),
  );
}

/** What n8n does on "Test": build the test request, apply `authenticate`, send it, treat non-2xx as failure. */
async function credentialTest(credentials: { url: string; apiToken: string }) {
  const request = type.test.request;
  const url = `${evaluate(String(request.baseURL), credentials)}${request.url}`;
  const headers = Object.fromEntries(
    Object.entries((type.authenticate.properties as { headers: Record<string, string> }).headers).map(([k, v]) => [k, evaluate(v, credentials)]),
  );
  const response = await fetch(url, { method: request.method ?? 'GET', headers });
  return { url, status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Incydr Health Portal API credential', () => {
  it('is incydrHealthPortalApi with a password-typed token and icons', () => {
    expect(type.name).toBe('incydrHealthPortalApi');
    const token = type.properties.find((p) => p.name === 'apiToken')!;
    expect(token).toMatchObject({ type: 'string', typeOptions: { password: true }, required: true });
    expect(type.icon).toEqual({ light: 'file:incydrHealthPortalApi.svg', dark: 'file:incydrHealthPortalApi.dark.svg' });
  });

  it('a good token passes the test against GET /api/v1/token, even with a trailing slash in the URL', async () => {
    const token = await served.portal.token(['approvals:read']);
    const result = await credentialTest({ url: `  ${served.url}//`, apiToken: token });
    expect(result.url).toBe(`${served.url}/api/v1/token`);
    expect(result).toMatchObject({ status: 200, body: { scopes: ['approvals:read'] } });
  });

  it('a wrong token fails the test with the portal saying why', async () => {
    const result = await credentialTest({ url: served.url, apiToken: 'ihp_not-a-real-token' });
    expect(result).toMatchObject({ status: 401, body: { error: 'This API token is unknown, revoked or expired.' } });
  });
});
