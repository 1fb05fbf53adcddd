/**
 * How the n8n client words what goes wrong at the HTTP level, against a local web server that is *not* n8n (a
 * redirecting proxy, a plain site, a key without scopes). Real n8n's answers are in the e2e test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createN8nApi } from '../../../scripts/templates/n8n-api.js';

const KEY = 'n8n-key-that-must-not-leak-0123456789';
let server: Server;
let base: string;
const seenKeys: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenKeys.push(req.headers['x-n8n-api-key'] as string | undefined);
    if (req.url?.startsWith('/redirect/')) {
      res.writeHead(301, { location: 'https://n8n.example/api/v1/workflows' }).end();
    } else if (req.url?.startsWith('/site/')) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not here</body></html>');
    } else if (req.url?.startsWith('/scoped/')) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Forbidden' }));
    } else {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'request/body must have required property settings' }));
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function failure(path: string, call: (api: ReturnType<typeof createN8nApi>) => Promise<unknown>) {
  const error = await call(createN8nApi({ url: `${base}${path}`, apiKey: KEY })).then(
    () => null,
    (e: unknown) => e as Error & { status?: number },
  );
  if (!error) throw new Error('expected a failure');
  expect(error.message).not.toContain(KEY);
  return error;
}

describe('n8n client errors', () => {
  it('does not follow a redirect (the key would go along) and names where it points', async () => {
    const error = await failure('/redirect', (api) => api.check());
    expect(error.message).toBe(`${base}/redirect redirects (301 to https://n8n.example/api/v1/workflows); use n8n's final address instead.`);
    expect(seenKeys.at(-1)).toBe(KEY);
  });

  it('tells a site without n8n’s public API apart from a wrong path, ignoring its HTML', async () => {
    const error = await failure('/site', (api) => api.check());
    expect(error.message).toBe(`${base}/site has no n8n public API (404). Check the URL, and that N8N_PUBLIC_API_DISABLED is not set.`);
  });

  it('names the scopes a key needs on 403', async () => {
    const error = await failure('/scoped', (api) => api.workflowsTagged('tpl:x'));
    expect(error.status).toBe(403);
    expect(error.message).toContain('did not allow GET /workflows?tags=tpl%3Ax');
    expect(error.message).toContain('Give the key the workflow, tag and credential scopes.');
  });

  it('passes n8n’s own reason through for other refusals', async () => {
    const error = await failure('/other', (api) => api.createWorkflow({}));
    expect(error.message).toBe('n8n answered 400 to POST /workflows: request/body must have required property settings');
  });
});
