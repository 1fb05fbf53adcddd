/** Fault injection and request accounting of the HR sandboxes, over raw HTTP. */
import { describe, expect, it } from 'vitest';
import { startHrSandboxes } from '../../../sandbox/hr/index.js';
import { scenarioPopulation } from '../../core/hr/support.js';

const population = scenarioPopulation();

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('fault injection', () => {
  it('answers every Nth request 429 with Retry-After, and a 5xx burst, counted in the log', async () => {
    const faulty = await startHrSandboxes({
      population,
      faults: { scim: { rateLimitEvery: 3, retryAfterSeconds: 9 }, workday: { errorBurst: { startAt: 2, length: 2, status: 504 } } },
    });
    try {
      const get = () => fetch(`${faulty.scim.url}/Users?count=1`, { headers: { authorization: `Bearer ${faulty.scim.token}` } });
      const statuses = [];
      for (let i = 0; i < 6; i += 1) {
        const response = await get();
        statuses.push(response.status);
        if (response.status === 429) expect(response.headers.get('retry-after')).toBe('9');
      }
      expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
      expect(faulty.scim.log).toMatchObject({ total: 6, rateLimited: 2 });
      const run = () => fetch(`${faulty.workday.reportUrl}?format=json`, { headers: { authorization: basic(faulty.workday.user, faulty.workday.password) } });
      const burst = [];
      for (let i = 0; i < 4; i += 1) burst.push((await run()).status);
      expect(burst).toEqual([200, 504, 504, 200]);
      expect(faulty.bamboohr.log.total).toBe(0);
    } finally {
      await faulty.close();
    }
  });

  it('repeats a burst every N requests, adds announced latency, and refuses a bad configuration', async () => {
    const faulty = await startHrSandboxes({
      population,
      faults: { scim: { errorBurst: { every: 3, length: 1, status: 502 }, latencyMs: 5 } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i += 1) {
        const response = await fetch(`${faulty.scim.url}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${faulty.scim.token}` } });
        statuses.push(response.status);
        if (response.status === 200) expect(response.headers.get('x-sandbox-latency-ms')).toBe('5');
      }
      expect(statuses).toEqual([200, 200, 502, 200, 200, 502, 200]);
    } finally {
      await faulty.close();
    }
    await expect(
      startHrSandboxes({ population, faults: { workday: { rateLimitEvery: 0, errorBurst: { length: 2 } } } }),
    ).rejects.toThrow(/invalid fault configuration: workday\.rateLimitEvery: .*; workday\.errorBurst: give startAt, every, or both/);
  });
});
