import { describe, expect, it } from 'vitest';
import { READY_LINE, readyBanner, signInOf, type DemoInfo } from '../../../scripts/demo/banner.js';

const info: DemoInfo = {
  portalUrl: 'http://127.0.0.1:4020',
  signIns: [
    { username: 'admin', password: 'pw-admin-1' },
    { username: 'hr', password: 'pw-hr-2' },
  ],
  n8n: { url: 'http://127.0.0.1:5678', email: 'owner@example.test', password: 'owner-pw', templates: 3 },
  approval: { requestId: 7, planItems: 12, dryRun: true },
  incydr: { url: 'http://127.0.0.1:4010', clientId: 'key-demo', clientSecret: 'demo-secret' },
  hr: { bambooHr: 'http://127.0.0.1:4011/api', workday: 'http://127.0.0.1:4012/report', scim: 'http://127.0.0.1:4013/scim/v2' },
  detailsFile: '/tmp/demo/demo.json',
};

describe('the demo banner', () => {
  it('names every address, every sign-in and the waiting approval, after the ready line', () => {
    const text = readyBanner(info).join('\n');
    expect(text.indexOf(READY_LINE)).toBeGreaterThan(-1);
    for (const needle of ['http://127.0.0.1:4020/login', 'admin   pw-admin-1', 'hr      pw-hr-2', 'http://127.0.0.1:4020/approvals/7', '12 items', 'dry run',
      'http://127.0.0.1:5678', '3 templates', 'owner@example.test / owner-pw', 'key-demo / demo-secret', 'http://127.0.0.1:4013/scim/v2', '/tmp/demo/demo.json', 'Ctrl-C']) {
      expect(text).toContain(needle);
    }
  });

  it('says when n8n was not started and leaves the approval line out', () => {
    const text = readyBanner({ ...info, n8n: undefined, approval: undefined }).join('\n');
    expect(text).toContain('not started (--no-n8n)');
    expect(text).not.toContain('/approvals/');
  });
});

describe('signInOf', () => {
  it('reads the portal\'s --demo password lines and nothing else', () => {
    expect(signInOf('  legal   password: Abc-123_xyz')).toEqual({ username: 'legal', password: 'Abc-123_xyz' });
    expect(signInOf('Demo users (demo only — never use these on real data):')).toBeNull();
    expect(signInOf('{"level":"info","message":"password: reset"}')).toBeNull();
  });
});
