import { describe, expect, it } from 'vitest';
import { readConfig } from '../../portal/src/config.js';

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ PORTAL_PORT: 4020, PORTAL_HOST: '127.0.0.1', PORTAL_DATA_DIR: '.data/portal', PORTAL_TEMPLATES_DIR: 'workflows' });
    expect(config.PORTAL_N8N_URL).toBeUndefined();
    expect(config.PORTAL_SMTP_URL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    const config = readConfig({ PORTAL_N8N_URL: '', PORTAL_SMTP_URL: '  ' });
    expect(config.PORTAL_N8N_URL).toBeUndefined();
    expect(config.PORTAL_SMTP_URL).toBeUndefined();
  });

  it('names each bad variable and what it must be', () => {
    expect(() => readConfig({ PORTAL_PORT: '99999', PORTAL_N8N_URL: 'ftp://x', PORTAL_SMTP_URL: 'http://mail', PORTAL_SECRET: 'short' })).toThrow(
      /PORTAL_PORT[\s\S]*PORTAL_N8N_URL: PORTAL_N8N_URL must be a URL \(https\?\)[\s\S]*PORTAL_SECRET: PORTAL_SECRET must be at least 32 characters[\s\S]*PORTAL_SMTP_URL/,
    );
  });

  it('reads the n8n resume secret and header, defaulting the header to X-Incydr-Portal-Secret', () => {
    expect(readConfig({ PORTAL_N8N_RESUME_SECRET: 'a-long-shared-secret-value' })).toMatchObject({
      PORTAL_N8N_RESUME_SECRET: 'a-long-shared-secret-value',
      PORTAL_N8N_RESUME_HEADER: 'X-Incydr-Portal-Secret',
    });
    expect(readConfig({ PORTAL_N8N_RESUME_SECRET: '' }).PORTAL_N8N_RESUME_SECRET).toBeUndefined();
  });

  it('refuses a short resume secret or a header name with spaces, without repeating the secret', () => {
    const attempt = () => readConfig({ PORTAL_N8N_RESUME_SECRET: 'tooShortSecret', PORTAL_N8N_RESUME_HEADER: 'X Secret' });
    expect(attempt).toThrow(/PORTAL_N8N_RESUME_SECRET must be at least 16 characters[\s\S]*PORTAL_N8N_RESUME_HEADER must be a plain HTTP header name/);
    expect(() => attempt()).not.toThrow(/tooShortSecret/);
  });
});
