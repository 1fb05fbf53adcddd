import { describe, expect, it } from 'vitest';
import { checkResumeUrl } from '../../../portal/src/domain/resume-url.js';

const base = 'https://n8n.corp.example/';

describe('checkResumeUrl', () => {
  it('accepts a signed resume URL under the configured n8n URL', () => {
    const result = checkResumeUrl('https://n8n.corp.example/webhook-waiting/42?signature=abc', base);
    expect(result.ok).toBe(true);
  });

  it('respects a base path', () => {
    expect(checkResumeUrl('https://corp.example/n8n/webhook-waiting/1', 'https://corp.example/n8n').ok).toBe(true);
    expect(checkResumeUrl('https://corp.example/n8n-evil/webhook-waiting/1', 'https://corp.example/n8n').ok).toBe(false);
  });

  it.each([
    ['another host', 'https://evil.example/webhook-waiting/1', /does not belong/],
    ['a look-alike host', 'https://n8n.corp.example.evil.example/webhook-waiting/1', /does not belong/],
    ['another port', 'https://n8n.corp.example:8443/webhook-waiting/1', /does not belong/],
    ['plain http for an https base', 'http://n8n.corp.example/webhook-waiting/1', /does not belong/],
    ['credentials', 'https://user:pw@n8n.corp.example/webhook-waiting/1', /credentials/],
    ['a non-http scheme', 'file:///etc/passwd', /http or https/],
    ['garbage', 'not a url', /not an absolute URL/],
  ])('refuses %s', (_name, url, message) => {
    const result = checkResumeUrl(url, base);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('refuses everything when no n8n URL is configured', () => {
    const result = checkResumeUrl('https://n8n.corp.example/webhook-waiting/1', undefined);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/PORTAL_N8N_URL/) });
  });
});
