/**
 * The demo's simulators in one call: an Incydr sandbox with a generated world and the three HR sandboxes
 * (BambooHR, Workday RaaS, SCIM) serving the same people, plus what an n8n credential needs to reach each.
 * Used by `npm start` and by the template end-to-end tests, so both run against the same wiring.
 */
import { DEMO_API_CLIENT, generateWorld } from '../../sandbox/incydr/generator.js';
import { startIncydrSandbox, type RunningIncydrSandbox } from '../../sandbox/incydr/server.js';
import type { World } from '../../sandbox/incydr/world-types.js';
import { personasToHrPopulation, startHrSandboxes, type HrSandboxes } from '../../sandbox/hr/index.js';

export interface DemoSandboxOptions {
  seed?: number | string;
  users?: number;
  /** The world's reference time; the HR records' "today" is its day. */
  now?: string;
  /** Incydr sandbox port; the HR sandboxes take the next three (all free ports when 0). */
  port?: number;
  host?: string;
}

export interface DemoSandboxes {
  world: World;
  incydr: RunningIncydrSandbox & { clientId: string; clientSecret: string };
  hr: HrSandboxes;
  /** What the BambooHR credential's API Base URL field takes: the sandbox up to `/v1`. */
  bambooHrBaseUrl: string;
  close(): Promise<void>;
}

export const DEMO_COMPANY_DOMAIN = 'northwind';

export async function startDemoSandboxes(options: DemoSandboxOptions = {}): Promise<DemoSandboxes> {
  const world = generateWorld({ seed: options.seed ?? 42, users: options.users ?? 200, now: options.now ?? new Date().toISOString() });
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  const incydr = await startIncydrSandbox({ world, port, host });
  let hr: HrSandboxes;
  try {
    const population = personasToHrPopulation(world.personas, { now: world.now, companyDomain: DEMO_COMPANY_DOMAIN });
    const next = (offset: number) => (port === 0 ? 0 : port + offset);
    hr = await startHrSandboxes({ population, host, ports: { bamboohr: next(1), workday: next(2), scim: next(3) } });
  } catch (error) {
    await incydr.close();
    throw error;
  }
  return {
    world,
    incydr: Object.assign(incydr, { clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret }),
    hr,
    bambooHrBaseUrl: `${hr.bamboohr.url}/api/gateway.php/${hr.bamboohr.companyDomain}/v1`,
    async close() {
      await Promise.allSettled([incydr.close(), hr.close()]);
    },
  };
}

/**
 * The environment `templates:import --sandbox` reads, so every credential the templates name points at these
 * sandboxes and the portal. Secrets travel in the environment, never in arguments (which `ps` shows).
 */
export function sandboxImportEnv(sandboxes: DemoSandboxes, portal: { url: string; apiToken: string; resumeSecret: string }): Record<string, string> {
  return {
    SANDBOX_INCYDR_URL: sandboxes.incydr.url,
    INCYDR_CLIENT_ID: sandboxes.incydr.clientId,
    INCYDR_CLIENT_SECRET: sandboxes.incydr.clientSecret,
    SANDBOX_BAMBOOHR_URL: sandboxes.bambooHrBaseUrl,
    BAMBOOHR_COMPANY_DOMAIN: sandboxes.hr.bamboohr.companyDomain,
    BAMBOOHR_API_KEY: sandboxes.hr.bamboohr.apiKey,
    SANDBOX_WORKDAY_REPORT_URL: sandboxes.hr.workday.reportUrl,
    WORKDAY_USER: sandboxes.hr.workday.user,
    WORKDAY_PASSWORD: sandboxes.hr.workday.password,
    SANDBOX_SCIM_URL: sandboxes.hr.scim.url,
    SCIM_TOKEN: sandboxes.hr.scim.token,
    SANDBOX_PORTAL_URL: portal.url,
    PORTAL_API_TOKEN: portal.apiToken,
    PORTAL_N8N_RESUME_SECRET: portal.resumeSecret,
  };
}
