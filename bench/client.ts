/**
 * `npm run bench -- client`: pages every user and every agent of a large generated tenant through the Incydr client
 * and compares the wall time with the paging floor (pages × single-request latency ÷ concurrency).
 *
 * What it is built to measure is the client, so the setup keeps the server side from being the bottleneck
 * (decision 0003, "Measured", explains the choices):
 * - Each request waits BENCH_LATENCY_MS (default 200) in the sandbox, standing in for the round trip to Incydr's
 *   cloud API, which answers in the order of 100–300 ms. Without it the figure would measure sandbox CPU.
 * - BENCH_SANDBOXES (default 2, one per core) child processes serve the same seeded, read-only world, and a
 *   gateway transport spreads requests across them round-robin, as a load balancer in front of a cluster would.
 *   One Node sandbox serializes its tens of ms of CPU per 500-item page; two let that work overlap.
 * - The floor uses the median latency of single requests sent one at a time through that same gateway, on pages
 *   spread over each list, so it includes the sandbox's CPU per page and the gateway's hop.
 * The sandboxes are children, so the peak RSS and CPU time printed are the client's alone.
 *
 * Environment: BENCH_USERS (default 100000), BENCH_CONCURRENCY (default 4, the client's own default),
 * BENCH_LATENCY_MS (default 200), BENCH_SANDBOXES (default 2), BENCH_LATENCY_SAMPLES (default 7).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { createIncydrClient } from '../core/src/incydr/client.js';
import { fetchTransport, type Transport, type TransportResponse } from '../core/src/http/transport.js';
import { DEMO_API_CLIENT } from '../sandbox/incydr/generator.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got '${raw}'`);
  return value;
}

/** Starts `npm run sandbox` equivalent in a child and resolves with its URL once it listens. */
async function startSandboxChild(users: number, latencyMs: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'sandbox/cli.ts'), '--port', '0', '--users', String(users), '--seed', '7', '--latency-ms', String(latencyMs)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before listening:\n${output}`)));
  });
  // Keep draining its output so the child never blocks on a full pipe.
  child.stdout?.resume();
  return { child, url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * A load balancer in front of several sandboxes serving the same world: requests go round-robin across their
 * origins. Each sandbox signs its own tokens, so a token request is sent to all of them and the client gets the
 * first one's answer; later calls carrying that token are re-signed with the chosen sandbox's own token. The
 * client's OAuth, retry and paging logic run unchanged; only where a request lands differs.
 */
function gatewayTransport(origins: string[], inner: Transport): Transport {
  const tokensByFirst = new Map<string, string[]>();
  let next = 0;
  const onOrigin = (url: string, origin: string) => {
    const parsed = new URL(url);
    return `${origin}${parsed.pathname}${parsed.search}`;
  };
  return async (request) => {
    if (request.method === 'POST' && new URL(request.url).pathname === '/v1/oauth') {
      const responses = await Promise.all(origins.map((origin) => inner({ ...request, url: onOrigin(request.url, origin) })));
      const bodies = await Promise.all(responses.map((response) => response.text()));
      if (responses.every((response) => response.status === 200)) {
        const tokens = bodies.map((body) => (JSON.parse(body) as { access_token: string }).access_token);
        tokensByFirst.set(tokens[0] as string, tokens);
      }
      const first = responses[0] as TransportResponse;
      return { status: first.status, headers: first.headers, text: async () => bodies[0] as string };
    }
    const index = next % origins.length;
    next += 1;
    const bearer = /^Bearer (.+)$/.exec(request.headers.Authorization ?? '');
    const own = bearer ? tokensByFirst.get(bearer[1] as string)?.[index] : undefined;
    // An unknown token is passed through untouched, so the sandbox's 401 and the client's renewal stay real.
    const headers = own === undefined ? request.headers : { ...request.headers, Authorization: `Bearer ${own}` };
    return inner({ ...request, url: onOrigin(request.url, origins[index] as string), headers });
  };
}

/** Evenly spread page numbers over 1..pages, so slow late pages count as much as quick early ones. */
function spreadPages(pages: number, samples: number): number[] {
  if (pages <= samples) return Array.from({ length: pages }, (_, i) => i + 1);
  return Array.from({ length: samples }, (_, i) => 1 + Math.round((i * (pages - 1)) / (samples - 1)));
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}

export async function run(): Promise<void> {
  const users = numberFromEnv('BENCH_USERS', 100_000);
  const concurrency = Math.max(1, numberFromEnv('BENCH_CONCURRENCY', 4));
  const latencyMs = numberFromEnv('BENCH_LATENCY_MS', 200);
  const sandboxCount = Math.max(1, numberFromEnv('BENCH_SANDBOXES', 2));
  const samples = Math.max(1, numberFromEnv('BENCH_LATENCY_SAMPLES', 7));
  const cores = availableParallelism();
  const pageSize = 500;

  const started = performance.now();
  const sandboxes = await Promise.allSettled(Array.from({ length: sandboxCount }, () => startSandboxChild(users, latencyMs)));
  const children = sandboxes.flatMap((s) => (s.status === 'fulfilled' ? [s.value.child] : []));
  try {
    const failed = sandboxes.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const origins = sandboxes.map((s) => (s as PromiseFulfilledResult<{ url: string }>).value.url);
    console.log(
      `sandboxes:         ${sandboxCount} × ${users} users, seed 7, ${latencyMs} ms added latency; generated and listening in ${((performance.now() - started) / 1000).toFixed(1)} s (${origins.join(', ')}; child pids ${children.map((c) => c.pid).join(', ')})`,
    );

    let requests = 0;
    // Time from sending a request to having read its body, summed: divided by the wall time it gives the mean
    // number of requests actually in flight, which separates "the client left slots idle" from "answers got slower".
    let inFlightMs = 0;
    const retries: string[] = [];
    const counting: Transport = async (request) => {
      requests += 1;
      const sent = performance.now();
      const response = await fetchTransport(request);
      return {
        status: response.status,
        headers: response.headers,
        text: async () => {
          try {
            return await response.text();
          } finally {
            inFlightMs += performance.now() - sent;
          }
        },
      };
    };
    const client = createIncydrClient({
      baseUrl: origins[0] as string,
      clientId: DEMO_API_CLIENT.clientId,
      clientSecret: DEMO_API_CLIENT.clientSecret,
      transport: gatewayTransport(origins, counting),
      limits: { maxConcurrency: concurrency, requestsPerSecond: 10_000, timeoutMs: 60_000 },
      onRetry: (event) => retries.push(event.reason),
    });

    // Warm every sandbox's routes (and the token) before timing anything.
    for (let i = 0; i < sandboxCount; i += 1) {
      await client.users.listPage({}, { pageSize: 1 });
      await client.agents.listPage({}, { pageSize: 1 });
    }
    const userTotal = (await client.users.listPage({}, { pageSize: 1 })).totalCount;
    const agentTotal = (await client.agents.listPage({}, { pageSize: 1 })).totalCount;
    const userPages = Math.ceil(userTotal / pageSize);
    const agentPages = Math.ceil(agentTotal / pageSize);

    // Single-request latency of a full page of each kind, one request at a time, alternating kinds so both
    // kinds land on every sandbox.
    const userLatency: number[] = [];
    const agentLatency: number[] = [];
    const userSample = spreadPages(userPages, samples);
    const agentSample = spreadPages(agentPages, samples);
    for (let i = 0; i < Math.max(userSample.length, agentSample.length); i += 1) {
      const userPage = userSample[i];
      const agentPage = agentSample[i];
      if (userPage !== undefined) userLatency.push(await timed(() => client.users.listPage({}, { page: userPage, pageSize })));
      if (agentPage !== undefined) agentLatency.push(await timed(() => client.agents.listPage({}, { page: agentPage, pageSize })));
    }
    const userMs = median(userLatency);
    const agentMs = median(agentLatency);
    const serialMs = userPages * userMs + agentPages * agentMs;
    const floorMs = serialMs / concurrency;
    // Only the added latency overlaps freely; the sandboxes' CPU per page overlaps at most across
    // min(sandboxes, cores) processes. No client can beat that against this setup.
    const serverCpuMs = userPages * Math.max(0, userMs - latencyMs) + agentPages * Math.max(0, agentMs - latencyMs);
    const serverBoundMs = serverCpuMs / Math.min(sandboxCount, cores);

    const before = requests;
    const inFlightBefore = inFlightMs;
    const seenUsers = new Set<string>();
    const seenAgents = new Set<string>();
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    // Both lists report totalCount, so pages are fetched ahead; the client's semaphore caps the two pagers together.
    await Promise.all([
      (async () => {
        for await (const user of client.users.iterate({}, { prefetch: concurrency })) seenUsers.add(user.userId);
      })(),
      (async () => {
        for await (const agent of client.agents.iterate({}, { prefetch: concurrency })) seenAgents.add(agent.agentId);
      })(),
    ]);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpuBefore);
    const clientCpuMs = (cpu.user + cpu.system) / 1000;
    const pagingRequests = requests - before;
    const pagingInFlightMs = inFlightMs - inFlightBefore;
    const loadedMs = pagingInFlightMs / pagingRequests;
    const idleMs = serialMs / (userPages + agentPages);

    if (seenUsers.size !== userTotal || seenAgents.size !== agentTotal) {
      throw new Error(`incomplete paging: ${seenUsers.size}/${userTotal} users, ${seenAgents.size}/${agentTotal} agents`);
    }
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
    console.log(`parameters:        users ${users}, concurrency ${concurrency}, added latency ${latencyMs} ms, sandboxes ${sandboxCount} on ${cores} core(s), latency samples ${samples} per kind, page size ${pageSize}, rate limit off (10000/s)`);
    console.log(`tenant:            ${userTotal} users, ${agentTotal} agents (all seen exactly once)`);
    console.log(`requests:          ${pagingRequests} for paging (${userPages} user pages + ${agentPages} agent pages of ${pageSize}), ${requests} in all (token requests go to every sandbox)`);
    console.log(`latency (median):  ${userMs.toFixed(1)} ms per user page (range ${spread(userLatency)}), ${agentMs.toFixed(1)} ms per agent page (range ${spread(agentLatency)}), one request at a time`);
    console.log(`wall time:         ${(wallMs / 1000).toFixed(2)} s`);
    console.log(`paging floor:      ${(floorMs / 1000).toFixed(2)} s (pages × median latency ÷ ${concurrency} in flight)`);
    console.log(`ratio to floor:    ${(wallMs / floorMs).toFixed(2)}x (target <= 1.2x)`);
    console.log(`in flight (mean):  ${(pagingInFlightMs / wallMs).toFixed(2)} of ${concurrency} (how full the client kept its slots)`);
    console.log(`latency (paging):  ${loadedMs.toFixed(1)} ms mean per request under load, ${((loadedMs / idleMs - 1) * 100).toFixed(0)}% above the idle ${idleMs.toFixed(1)} ms (server and network slowing under load)`);
    console.log(`server-bound est:  ${(serverBoundMs / 1000).toFixed(2)} s (pages × sandbox time per page ÷ ${Math.min(sandboxCount, cores)}); ${serverBoundMs < floorMs ? 'below the floor, so the floor is the bound that counts' : `above the floor: ratio ${(wallMs / serverBoundMs).toFixed(2)}x to it`}`);
    console.log(`one at a time:     ${(serialMs / 1000).toFixed(2)} s estimated (pages × latency); speed-up ${(serialMs / wallMs).toFixed(2)}x`);
    console.log(`client CPU:        ${(clientCpuMs / 1000).toFixed(2)} s while paging (${((clientCpuMs / wallMs) * 100).toFixed(0)}% of wall time: the rest is waiting on the server)`);
    console.log(`retries:           ${retries.length}${retries.length > 0 ? ` (${[...new Set(retries)].join(', ')})` : ''}`);
    console.log(`peak RSS (client): ${peakRssMiB.toFixed(0)} MiB (target < 512 MiB)`);
  } finally {
    await Promise.all(children.map((child) => stopChild(child)));
  }
}
