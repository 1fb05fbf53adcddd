/**
 * `npm run sandbox -- [options]`: starts the local simulators (today the Incydr sandbox) and stops them cleanly
 * on SIGINT/SIGTERM. New simulators join by adding a starter to `STARTERS`.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateWorld } from './incydr/generator.js';
import { startIncydrSandbox } from './incydr/server.js';
import { exportWorldFile, loadWorldFile, WorldFileError } from './incydr/world-file.js';
import type { FaultOptions } from './incydr/faults.js';
import type { World } from './incydr/world-types.js';
import { personasToHrPopulation, startHrSandboxes } from './hr/index.js';

const USAGE = `Usage: npm run sandbox -- [options]

  --port <n>               port for the Incydr sandbox (default 4010; env SANDBOX_PORT; 0 = any free port)
  --host <addr>            interface to listen on (default 127.0.0.1; env SANDBOX_HOST)
  --seed <s>               generator seed (default 42; env SANDBOX_SEED)
  --users <n>              number of Incydr users to generate (default 200; env SANDBOX_USERS)
  --now <iso>              reference time for the generated world (default: now; env SANDBOX_NOW)
  --tenant <file>          serve a world file instead of generating one
  --export <file>          write the world to <file> as JSON and exit
  --admin                  mount the /__sandbox test routes (env SANDBOX_ADMIN=1)
  --rate-limit-every <n>   answer every nth request with 429 (env SANDBOX_RATE_LIMIT_EVERY)
  --retry-after <s>        Retry-After seconds for those 429s (default 1; env SANDBOX_RETRY_AFTER)
  --error-burst <n:len>    in every n requests, the last len answer 502/503/504 (env SANDBOX_ERROR_BURST)
  --latency-ms <n>         added latency per request (env SANDBOX_LATENCY_MS)
  --token-lifetime <s>     lifetime of issued tokens in seconds (default 900; env SANDBOX_TOKEN_LIFETIME)
  --help                   show this text`;

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const optionsSchema = z.object({
  port: wholeNumber(0, 65535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.string().min(1).default('42').transform((s) => (/^\d+$/.test(s) ? Number(s) : s)),
  users: wholeNumber(1, 200_000).default(200),
  now: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date-time').optional(),
  tenant: z.string().min(1).optional(),
  export: z.string().min(1).optional(),
  admin: z.boolean().default(false),
  rateLimitEvery: wholeNumber(1, 1_000_000).optional(),
  retryAfter: wholeNumber(0, 3600).optional(),
  errorBurst: z
    .string()
    .regex(/^\d+:\d+$/, 'must look like every:length, e.g. 20:3')
    .transform((v) => v.split(':').map(Number) as [number, number])
    .refine(([every, length]) => every >= 1 && length >= 1 && length <= every, 'needs 1 <= length <= every')
    .optional(),
  latencyMs: wholeNumber(0, 60_000).optional(),
  tokenLifetime: wholeNumber(1, 86_400).optional(),
});

type CliOptions = z.output<typeof optionsSchema>;

/** A running simulator the CLI owns. */
interface ManagedServer {
  name: string;
  url: string;
  lines: string[];
  close(): Promise<void>;
}

type Starter = (options: CliOptions, world: World) => Promise<ManagedServer>;

const startIncydr: Starter = async (options, world) => {
  const faults: FaultOptions = {
    rateLimitEvery: options.rateLimitEvery,
    retryAfterSeconds: options.retryAfter,
    errorBurst: options.errorBurst ? { every: options.errorBurst[0], length: options.errorBurst[1] } : undefined,
    latencyMs: options.latencyMs,
    tokenLifetimeSeconds: options.tokenLifetime,
  };
  const sandbox = await startIncydrSandbox({ port: options.port, host: options.host, world, faults, adminRoutes: options.admin, handOverWorld: true });
  const client = sandbox.state.apiClients.find((c) => c.readOnly !== true);
  const readOnly = sandbox.state.apiClients.find((c) => c.readOnly === true);
  return {
    name: 'Incydr sandbox',
    url: sandbox.url,
    lines: [
      `API client id:     ${client?.clientId ?? '(none)'}`,
      `API client secret: ${client?.clientSecret ?? '(none)'}   (sandbox-only value)`,
      ...(readOnly ? [`Read-only client:  ${readOnly.clientId} / ${readOnly.clientSecret}   (changes answer 403)`] : []),
      `Tenant: ${summarize(world)}`,
      ...(options.admin ? [`Admin routes:      ${sandbox.url}/__sandbox/requests, /__sandbox/faults, /__sandbox/truth`] : []),
    ],
    close: () => sandbox.close(),
  };
};

/** BambooHR, Workday RaaS and SCIM, on the ports after the Incydr sandbox's, serving the same world's people. */
const startHr: Starter = async (options, world) => {
  const population = personasToHrPopulation(world.personas, { now: world.now, companyDomain: 'northwind' });
  const base = options.port === 0 ? 0 : options.port + 1;
  const hr = await startHrSandboxes({
    population,
    host: options.host,
    ports: { bamboohr: base, workday: base === 0 ? 0 : base + 1, scim: base === 0 ? 0 : base + 2 },
  });
  return {
    name: 'HR sandboxes',
    url: hr.bamboohr.url,
    lines: [
      `BambooHR: ${hr.bamboohr.url}  company domain ${hr.bamboohr.companyDomain}, API key ${hr.bamboohr.apiKey}`,
      `Workday:  ${hr.workday.reportUrl}  user ${hr.workday.user}, password ${hr.workday.password}`,
      `SCIM 2.0: ${hr.scim.url}  bearer token ${hr.scim.token}`,
      `People:   ${population.records.length} HR records (sandbox-only credentials above)`,
    ],
    close: () => hr.close(),
  };
};

/** Simulators to start, in order. */
const STARTERS: Starter[] = [startIncydr, startHr];

function summarize(world: World): string {
  const t = world.tenant;
  const count = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length;
  return [
    `${t.org.orgName}: ${t.users.length} users (${count(t.users, (u) => u.active)} active)`,
    `${t.agents.length} agents (${count(t.agents, (a) => a.active)} active)`,
    `${t.matters.length} legal-hold matters (${count(t.matters, (m) => m.active)} active)`,
    `${t.cases.length} cases (${count(t.cases, (c) => c.status === 'OPEN')} open)`,
    `${t.watchlists.length} watchlists`,
    `seed ${world.seed}, now ${world.now}`,
  ].join(', ');
}

function readOptions(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      users: { type: 'string' },
      now: { type: 'string' },
      tenant: { type: 'string' },
      export: { type: 'string' },
      admin: { type: 'boolean' },
      'rate-limit-every': { type: 'string' },
      'retry-after': { type: 'string' },
      'error-burst': { type: 'string' },
      'latency-ms': { type: 'string' },
      'token-lifetime': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const env = process.env;
  const raw = {
    port: values.port ?? env.SANDBOX_PORT,
    host: values.host ?? env.SANDBOX_HOST,
    seed: values.seed ?? env.SANDBOX_SEED,
    users: values.users ?? env.SANDBOX_USERS,
    now: values.now ?? env.SANDBOX_NOW,
    tenant: values.tenant,
    export: values.export,
    admin: values.admin ?? (env.SANDBOX_ADMIN === '1' || env.SANDBOX_ADMIN === 'true'),
    rateLimitEvery: values['rate-limit-every'] ?? env.SANDBOX_RATE_LIMIT_EVERY,
    retryAfter: values['retry-after'] ?? env.SANDBOX_RETRY_AFTER,
    errorBurst: values['error-burst'] ?? env.SANDBOX_ERROR_BURST,
    latencyMs: values['latency-ms'] ?? env.SANDBOX_LATENCY_MS,
    tokenLifetime: values['token-lifetime'] ?? env.SANDBOX_TOKEN_LIFETIME,
  };
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `--${kebab(String(i.path[0] ?? ''))}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

class UsageError extends Error {}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = readOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let world: World;
  try {
    world = options.tenant
      ? await loadWorldFile(options.tenant)
      : generateWorld({ seed: options.seed, users: options.users, now: options.now ?? new Date().toISOString() });
  } catch (err) {
    console.error(err instanceof WorldFileError ? err.message : `Cannot build the world: ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  if (options.export) {
    await exportWorldFile(world, options.export);
    console.log(`Wrote ${options.export}: ${summarize(world)}`);
    return;
  }

  const running: ManagedServer[] = [];
  const stopAll = async () => {
    await Promise.allSettled(running.splice(0).map((s) => s.close()));
  };
  try {
    for (const start of STARTERS) running.push(await start(options, world));
  } catch (err) {
    console.error(`Cannot start the sandbox: ${(err as Error).message}`);
    await stopAll();
    process.exitCode = 1;
    return;
  }
  for (const server of running) {
    console.log(`${server.name} listening on ${server.url}`);
    for (const line of server.lines) console.log(`  ${line}`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ${running.length} server(s)…`);
    void stopAll().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await main();
