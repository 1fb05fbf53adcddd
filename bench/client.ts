/**
 * `npm run bench -- client`: pages every user and every agent of a large generated tenant through the Incydr client
 * and compares the wall time with the paging floor (pages × single-request latency ÷ concurrency).
 *
 * The sandbox runs in a child process, so the peak RSS printed here is the client's alone. A small per-request
 * latency is added in the sandbox (BENCH_LATENCY_MS, default 30) to stand in for the network between a customer and
 * Incydr's gateway; without it the figure would measure two processes competing for the same CPU cores.
 *
 * Environment: BENCH_USERS (default 100000), BENCH_CONCURRENCY (default 8), BENCH_LATENCY_MS (default 30).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createIncydrClient } from '../core/src/incydr/client.js';
import { fetchTransport, type Transport } from '../core/src/http/transport.js';
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

export async function run(): Promise<void> {
  const users = numberFromEnv('BENCH_USERS', 100_000);
  const concurrency = Math.max(1, numberFromEnv('BENCH_CONCURRENCY', 8));
  const latencyMs = numberFromEnv('BENCH_LATENCY_MS', 30);

  const started = performance.now();
  const { child, url } = await startSandboxChild(users, latencyMs);
  console.log(`sandbox: ${users} users generated and listening in ${((performance.now() - started) / 1000).toFixed(1)} s (child pid ${child.pid}, ${latencyMs} ms added latency)`);

  try {
    let requests = 0;
    const retries: string[] = [];
    const counting: Transport = (request) => {
      requests += 1;
      return fetchTransport(request);
    };
    const client = createIncydrClient({
      baseUrl: url,
      clientId: DEMO_API_CLIENT.clientId,
      clientSecret: DEMO_API_CLIENT.clientSecret,
      transport: counting,
      limits: { maxConcurrency: concurrency, requestsPerSecond: 10_000, timeoutMs: 60_000 },
      onRetry: (event) => retries.push(event.reason),
    });

    // Single-request latency of a full page of each kind, measured one at a time on an idle server.
    await client.users.listPage({}, { pageSize: 1 });
    const userLatency: number[] = [];
    const agentLatency: number[] = [];
    let userTotal = 0;
    let agentTotal = 0;
    for (let i = 0; i < 5; i += 1) {
      let t0 = performance.now();
      userTotal = (await client.users.listPage({}, { page: i + 1 })).totalCount;
      userLatency.push(performance.now() - t0);
      t0 = performance.now();
      agentTotal = (await client.agents.listPage({}, { page: i + 1 })).totalCount;
      agentLatency.push(performance.now() - t0);
    }
    const userPages = Math.ceil(userTotal / 500);
    const agentPages = Math.ceil(agentTotal / 500);
    const serialMs = userPages * median(userLatency) + agentPages * median(agentLatency);
    const floorMs = serialMs / concurrency;
    // The sandbox is one Node process: only the added latency overlaps across requests, its own CPU time per page
    // does not. No client can beat pages × (latency − added latency) against it.
    const serverBoundMs = userPages * Math.max(0, median(userLatency) - latencyMs) + agentPages * Math.max(0, median(agentLatency) - latencyMs);

    const before = requests;
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

    if (seenUsers.size !== userTotal || seenAgents.size !== agentTotal) {
      throw new Error(`incomplete paging: ${seenUsers.size}/${userTotal} users, ${seenAgents.size}/${agentTotal} agents`);
    }
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(`tenant:            ${userTotal} users, ${agentTotal} agents (all seen exactly once)`);
    console.log(`requests:          ${pagingRequests} for paging (${userPages} user pages + ${agentPages} agent pages of 500), ${requests} in all`);
    console.log(`latency (median):  ${median(userLatency).toFixed(1)} ms per user page, ${median(agentLatency).toFixed(1)} ms per agent page`);
    console.log(`concurrency:       ${concurrency}`);
    console.log(`wall time:         ${(wallMs / 1000).toFixed(2)} s`);
    console.log(`paging floor:      ${(floorMs / 1000).toFixed(2)} s`);
    console.log(`ratio to floor:    ${(wallMs / floorMs).toFixed(2)}x (target <= 1.2x)`);
    console.log(`server-bound est: ${(serverBoundMs / 1000).toFixed(2)} s (pages × server time per page); ratio ${(wallMs / Math.max(floorMs, serverBoundMs)).toFixed(2)}x to the larger of the two`);
    console.log(`one at a time:     ${(serialMs / 1000).toFixed(2)} s estimated (pages × latency); speed-up ${(serialMs / wallMs).toFixed(2)}x`);
    console.log(`client CPU:        ${(clientCpuMs / 1000).toFixed(2)} s while paging (${((clientCpuMs / wallMs) * 100).toFixed(0)}% of wall time: the rest is waiting on the server)`);
    console.log(`retries:           ${retries.length}${retries.length > 0 ? ` (${[...new Set(retries)].join(', ')})` : ''}`);
    console.log(`peak RSS (client): ${peakRssMiB.toFixed(0)} MiB (target < 512 MiB)`);
  } finally {
    await stopChild(child);
  }
}
