import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport, headersFromRecord } from '../../../core/src/http/transport.js';

describe('headersFromRecord', () => {
  it('looks headers up case-insensitively and joins repeated ones', () => {
    const headers = headersFromRecord({ 'Retry-After': '3', 'set-cookie': ['a=1', 'b=2'], 'content-length': 12, absent: undefined });
    expect(headers.get('retry-after')).toBe('3');
    expect(headers.get('RETRY-AFTER')).toBe('3');
    expect(headers.get('Set-Cookie')).toBe('a=1, b=2');
    expect(headers.get('Content-Length')).toBe('12');
    expect(headers.get('absent')).toBeNull();
  });
});

describe('fetchTransport', () => {
  const seen: { method?: string; url?: string; body: string; auth?: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body, auth: req.headers.authorization });
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      res.end(JSON.stringify({ message: 'slow down' }));
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends method, headers and body, and hands back status, headers and text unchanged', async () => {
    const response = await fetchTransport({
      method: 'POST',
      url: `${base}/v1/x?a=1`,
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      body: '{"k":1}',
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(await response.text())).toEqual({ message: 'slow down' });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/v1/x?a=1', body: '{"k":1}', auth: 'Bearer t' });
  });
});
