/**
 * What the e2e tests of the shipped templates share: a small generated world served by the Incydr and HR
 * sandboxes over real HTTP, a real portal, the credentials the templates name created the way
 * `templates:import --sandbox` creates them, the template imported with the import module, and a way to run it.
 *
 * Templates start from a Manual trigger (and a Schedule trigger): they are run with `n8n execute --id` (the CLI),
 * which starts the Manual trigger, waits for the run to end and prints it. Templates read "now" from the clock,
 * so the world is generated around the real current time.
 */
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../../sandbox/incydr/server.js';
import type { World } from '../../../sandbox/incydr/world-types.js';
import { personasToHrPopulation, startHrSandboxes, type HrPopulation, type HrSandboxes } from '../../../sandbox/hr/index.js';
import { ensureCredentials, sandboxCredentialSpecs } from '../../../scripts/templates/credentials.js';
import { importTemplate } from '../../../scripts/templates/import.js';
import { readTemplateFolder } from '../../../scripts/templates/load.js';
import { createN8nApi } from '../../../scripts/templates/n8n-api.js';
import type { Template } from '../../../scripts/templates/template.js';
import { REPO_ROOT, type N8nInstance } from '../../harness/n8n.js';
import { servePortal, type ServedPortal } from '../../nodes/IncydrHealthPortal/portal-harness.js';

export const WORKFLOWS_DIR = join(REPO_ROOT, 'workflows');

export interface Item {
  json: Record<string, unknown>;
  /** `data` is base64, or for n8n's default filesystem mode the word `filesystem-v2` with the file's path in `id`. */
  binary?: Record<string, { data: string; mimeType: string; fileName?: string; id?: string }>;
}

export interface TemplateRun {
  /** The items a node emitted on one of its outputs (empty when it did not run). */
  output(node: string, outputIndex?: number): Item[];
  ran(node: string): boolean;
  error: string | undefined;
  raw: Record<string, unknown>;
}

type RunData = Record<string, Array<{ data?: { main: Array<Item[] | null> }; error?: { message: string } }>>;

export function readRun(raw: Record<string, unknown>): TemplateRun {
  const resultData = (raw as { data: { resultData: { runData: RunData; error?: { message: string } } } }).data.resultData;
  return {
    raw,
    error: resultData.error?.message,
    ran: (node) => resultData.runData[node] !== undefined,
    output: (node, outputIndex = 0) => resultData.runData[node]?.[0]?.data?.main[outputIndex] ?? [],
  };
}

/** The template of a shipped file, as the import module judges it; a refused file fails with its problems. */
export async function shippedTemplate(file: string): Promise<Template> {
  const check = (await readTemplateFolder(WORKFLOWS_DIR)).checks.find((c) => (c.ok ? c.template.file : c.file) === file);
  if (!check) throw new Error(`workflows/${file} does not exist`);
  if (!check.ok) throw new Error(`workflows/${file} is refused:\n${check.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return check.template;
}

export interface SandboxWorld {
  world: World;
  incydr: Awaited<ReturnType<typeof startIncydrSandbox>>;
  hr: HrSandboxes;
  /** The people the HR sandboxes serve (BambooHR, the templates' HR source, holds only some of them). */
  hrPopulation: HrPopulation;
  portal: ServedPortal;
  /** Imports a shipped template through the import module (credentials linked by name) and returns its workflow id. */
  importShipped(file: string, change?: (template: Template) => void): Promise<string>;
  run(workflowId: string): Promise<TemplateRun>;
  /** Everything a template could change in the tenant, to compare before and after a run. */
  tenantState(): unknown;
  /** Incydr requests other than reads and the token exchange, e.g. `POST /v1/agents/deactivate`. */
  incydrWrites(): string[];
}

export function useSandboxWorld(n8n: () => N8nInstance, options: { seed: number; users: number }): () => SandboxWorld {
  let env: SandboxWorld | undefined;
  let portalToken = '';

  beforeAll(async () => {
    const world = generateWorld({ seed: options.seed, users: options.users, now: new Date().toISOString() });
    const incydr = await startIncydrSandbox({ world, port: 0 });
    const hrPopulation = personasToHrPopulation(world.personas, { now: world.now, companyDomain: 'northwind' });
    const hr = await startHrSandboxes({ population: hrPopulation });
    const portal = await servePortal({ n8nUrl: n8n().baseUrl });
    portalToken = await portal.portal.token();
    // Seven engineers share two cores: n8n may take a while to answer while it boots a CLI run.
    const api = createN8nApi({ url: n8n().baseUrl, apiKey: n8n().apiKey, timeoutMs: 90_000 });
    const endpoints = {
      incydrUrl: incydr.url,
      incydrClientId: DEMO_API_CLIENT.clientId,
      incydrClientSecret: DEMO_API_CLIENT.clientSecret,
      bambooHrUrl: `${hr.bamboohr.url}/api/gateway.php/${hr.bamboohr.companyDomain}/v1`,
      bambooHrCompanyDomain: hr.bamboohr.companyDomain,
      bambooHrApiKey: hr.bamboohr.apiKey,
      portalUrl: portal.url,
      portalToken,
    };
    const readsOnly = (key: string) => key.startsWith('GET ') || key === 'POST /v1/oauth';
    env = {
      world,
      incydr,
      hr,
      hrPopulation,
      portal,
      async importShipped(file, change) {
        const template = structuredClone(await shippedTemplate(file));
        change?.(template);
        const { specs, skipped } = sandboxCredentialSpecs(template.credentials, endpoints);
        const credentials = await ensureCredentials(api, specs);
        const failed = credentials.filter((c) => c.action === 'failed');
        if (failed.length > 0) throw new Error(`credentials not set up: ${failed.map((c) => `${c.name}: ${c.message}`).join('; ')}`);
        const outcome = await importTemplate(api, template);
        if (!outcome.workflowId || outcome.action === 'failed') throw new Error(`import of ${file} failed: ${outcome.message}`);
        const unresolved = outcome.unresolvedCredentials.filter((c) => !skipped.some((s) => s.type === c.type && s.name === c.name));
        if (unresolved.length > 0) throw new Error(`n8n did not link ${JSON.stringify(unresolved)}`);
        return outcome.workflowId;
      },
      async run(workflowId) {
        return readRun(await n8n().execute(workflowId));
      },
      tenantState() {
        const { state } = incydr;
        const { users, agents, actors, matters, custodianships, cases, watchlists } = state;
        return JSON.parse(JSON.stringify({ users, agents, actors, matters, custodianships, cases, watchlists }));
      },
      incydrWrites() {
        return Object.keys(incydr.faults.snapshot().requests).filter((key) => !readsOnly(key));
      },
    };
  }, 120_000);

  afterAll(async () => {
    await env?.portal.close();
    await env?.hr.close();
    await env?.incydr.close();
  });

  return () => {
    if (!env) throw new Error('the sandbox world is not running: call useSandboxWorld() at the top level of the test file');
    return env;
  };
}
