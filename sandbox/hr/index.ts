/**
 * Starts the three HR sandboxes (BambooHR, Workday RaaS, SCIM) over real HTTP on one shared population, and tells
 * the caller how to reach each: what a connector or an n8n credential needs. Ports default to free ones (0).
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { createBambooHrSandbox } from './bamboohr-server.js';
import { createWorkdaySandbox } from './workday-server.js';
import { createScimSandbox } from './scim-server.js';
import { parseHrFaults, type HrFaults, type RequestLog } from './faults.js';
import type { HrPopulation } from './population.js';

export * from './population.js';
export { HrFaultsError, type HrFaults, type RequestLog } from './faults.js';
export { BAMBOO_OTHER_EMAILS_FIELD } from './bamboohr-server.js';

/** Sandbox-only credentials; they open nothing but these local servers. */
export const HR_SANDBOX_CREDENTIALS = {
  bamboohrApiKey: 'sandbox-bamboohr-key-0001',
  workdayUser: 'ISU_Incydr',
  workdayPassword: 'sandbox-workday-password',
  workdayClientId: 'sandbox-workday-client',
  workdayClientSecret: 'sandbox-workday-client-secret',
  workdayRefreshToken: 'sandbox-workday-refresh-token',
  scimToken: 'sandbox-scim-token-0001',
} as const;

export interface StartHrSandboxesOptions {
  population: HrPopulation;
  host?: string;
  ports?: { bamboohr?: number; workday?: number; scim?: number };
  /** The same faults for all three, or per server. */
  faults?: HrFaults | { bamboohr?: HrFaults; workday?: HrFaults; scim?: HrFaults };
  scim?: { maxResults?: number; eqOnly?: boolean; cursorPaging?: boolean };
  workday?: { requiredPrompts?: string[]; tokenLifetimeSeconds?: number };
  bamboohr?: { hiddenFields?: string[] };
}

export interface HrSandboxes {
  bamboohr: { url: string; apiKey: string; companyDomain: string; log: RequestLog };
  workday: {
    url: string;
    user: string;
    password: string;
    reportPath: string;
    reportUrl: string;
    /** For the OAuth route instead of the integration user. */
    oauth: { tokenUrl: string; clientId: string; clientSecret: string; refreshToken: string };
    tokensIssued(): number;
    expireTokens(): void;
    log: RequestLog;
  };
  scim: { url: string; token: string; log: RequestLog };
  close(): Promise<void>;
}

function isPerServer(faults: StartHrSandboxesOptions['faults']): faults is { bamboohr?: HrFaults; workday?: HrFaults; scim?: HrFaults } {
  return faults !== undefined && ('bamboohr' in faults || 'workday' in faults || 'scim' in faults);
}

async function listen(app: Hono, port: number, host: string): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      resolve({ server, url: `http://${host}:${info.port}` });
    });
    server.once('error', reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startHrSandboxes(options: StartHrSandboxesOptions): Promise<HrSandboxes> {
  const host = options.host ?? '127.0.0.1';
  const faultsFor = (name: 'bamboohr' | 'workday' | 'scim') =>
    parseHrFaults(isPerServer(options.faults) ? options.faults[name] : options.faults, name);
  const creds = HR_SANDBOX_CREDENTIALS;
  const bamboo = createBambooHrSandbox({
    population: options.population,
    apiKey: creds.bamboohrApiKey,
    hiddenFields: options.bamboohr?.hiddenFields,
    faults: faultsFor('bamboohr'),
  });
  const workday = createWorkdaySandbox({
    population: options.population,
    user: creds.workdayUser,
    password: creds.workdayPassword,
    requiredPrompts: options.workday?.requiredPrompts,
    tokenLifetimeSeconds: options.workday?.tokenLifetimeSeconds,
    oauthClient: { clientId: creds.workdayClientId, clientSecret: creds.workdayClientSecret, refreshToken: creds.workdayRefreshToken },
    faults: faultsFor('workday'),
  });
  const scim = createScimSandbox({
    population: options.population,
    token: creds.scimToken,
    maxResults: options.scim?.maxResults,
    eqOnly: options.scim?.eqOnly,
    cursorPaging: options.scim?.cursorPaging,
    faults: faultsFor('scim'),
  });
  const started: ServerType[] = [];
  try {
    const b = await listen(bamboo.app, options.ports?.bamboohr ?? 0, host);
    started.push(b.server);
    const w = await listen(workday.app, options.ports?.workday ?? 0, host);
    started.push(w.server);
    const s = await listen(scim.app, options.ports?.scim ?? 0, host);
    started.push(s.server);
    const tenant = options.population.workdayTenant;
    return {
      bamboohr: { url: b.url, apiKey: creds.bamboohrApiKey, companyDomain: options.population.companyDomain, log: bamboo.log },
      workday: {
        url: w.url,
        user: creds.workdayUser,
        password: creds.workdayPassword,
        reportPath: workday.reportPath,
        reportUrl: `${w.url}/ccx/service/customreport2/${tenant}/${workday.reportPath}`,
        oauth: {
          tokenUrl: `${w.url}/ccx/oauth2/${tenant}/token`,
          clientId: creds.workdayClientId,
          clientSecret: creds.workdayClientSecret,
          refreshToken: creds.workdayRefreshToken,
        },
        tokensIssued: workday.tokensIssued,
        expireTokens: workday.expireTokens,
        log: workday.log,
      },
      scim: { url: `${s.url}${scim.basePath}`, token: creds.scimToken, log: scim.log },
      close: async () => {
        await Promise.all(started.map(closeServer));
      },
    };
  } catch (error) {
    await Promise.all(started.map(closeServer));
    throw error;
  }
}
