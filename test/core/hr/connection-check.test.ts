import { afterEach, describe, expect, it } from 'vitest';
import { checkConnection } from '../../../core/src/hr/connection-check.js';
import { createBambooHrConnector } from '../../../core/src/hr/bamboohr.js';
import { createScimConnector } from '../../../core/src/hr/scim.js';
import { createCsvConnector } from '../../../core/src/hr/csv-people.js';
import type { HrSandboxes } from '../../../sandbox/hr/index.js';
import { fakeClock, startScenario } from './support.js';

let running: HrSandboxes | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

describe('connection check', () => {
  it('passes a healthy source and names the people it read', async () => {
    const { sandboxes } = await startScenario();
    running = sandboxes;
    const check = await checkConnection(createScimConnector({ baseUrl: sandboxes.scim.url, token: sandboxes.scim.token, clock: fakeClock() }));
    expect(check).toMatchObject({ ok: true, gaps: [], issues: 0 });
    expect(check.message).toMatch(/^\d+ people read from scim$/);
  });

  it('fails a source that answers but hides a key column, saying which', async () => {
    const { sandboxes } = await startScenario({ bamboohr: { hiddenFields: ['workEmail'] } });
    running = sandboxes;
    const connector = createBambooHrConnector({
      companyDomain: sandboxes.bamboohr.companyDomain,
      apiKey: sandboxes.bamboohr.apiKey,
      baseUrl: `${sandboxes.bamboohr.url}/api/v1`,
      clock: fakeClock(),
    });
    const check = await checkConnection(connector);
    expect(check.ok).toBe(false);
    expect(check.gaps.map((g) => g.field)).toEqual(['workEmail']);
    expect(check.message).toMatch(/people read from bamboohr, but no one has a work e-mail/);
  });

  it('turns a refused credential or a broken file into a sentence, without the secret', async () => {
    const { sandboxes } = await startScenario();
    running = sandboxes;
    const secret = 'wrong-token-123456';
    const refused = await checkConnection(createScimConnector({ baseUrl: sandboxes.scim.url, token: secret, clock: fakeClock() }));
    expect(refused).toMatchObject({ ok: false, people: null });
    expect(refused.message).toMatch(/rejected the bearer token/);
    expect(refused.message).not.toContain(secret);
    const broken = await checkConnection(createCsvConnector({ load: () => 'employee_id,first_name\n"1,A\n', clock: fakeClock() }));
    expect(broken).toMatchObject({ ok: false, message: 'CSV line 2, character 1: a quoted field is never closed' });
  });
});
