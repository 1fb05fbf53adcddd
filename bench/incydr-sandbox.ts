/**
 * Incydr sandbox figures: world generation time and size from 1,000 to 100,000 users (≈150,000 agents), server
 * start-up on the largest world, and the cost of paging every agent 500 at a time over real HTTP.
 */
import { performance } from 'node:perf_hooks';
import { generateWorld } from '../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../sandbox/incydr/server.js';

const NOW = '2026-11-25T12:00:00.000Z';

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export async function run(): Promise<void> {
  for (const users of [1_000, 10_000, 100_000]) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const world = generateWorld({ seed: 42, users, now: NOW });
    const generateMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const t1 = performance.now();
    const json = JSON.stringify(world);
    const stringifyMs = performance.now() - t1;
    console.log(
      `generate ${users} users: ${generateMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (incl. GC threads) → ${world.tenant.agents.length} agents, ${world.personas.length} personas, ` +
        `${world.tenant.fileEvents.length} file events; JSON ${mb(json.length)} in ${stringifyMs.toFixed(0)} ms; heap ${mb(process.memoryUsage().heapUsed)}`,
    );
    if (users !== 100_000) continue;

    const t2 = performance.now();
    const sandbox = await startIncydrSandbox({ world, handOverWorld: true });
    console.log(`start server on the ${users}-user world: ${(performance.now() - t2).toFixed(0)} ms`);
    try {
      const basic = Buffer.from(`${world.tenant.apiClients[0]!.clientId}:${world.tenant.apiClients[0]!.clientSecret}`).toString('base64');
      const { access_token } = (await (await fetch(`${sandbox.url}/v1/oauth`, { method: 'POST', headers: { Authorization: `Basic ${basic}` } })).json()) as { access_token: string };
      const headers = { Authorization: `Bearer ${access_token}` };
      const t3 = performance.now();
      let pages = 0;
      let seen = 0;
      for (let page = 1; ; page++) {
        const body = (await (await fetch(`${sandbox.url}/v1/agents?page=${page}&pageSize=500`, { headers })).json()) as { agents: unknown[] };
        pages += 1;
        seen += body.agents.length;
        if (body.agents.length < 500) break;
      }
      const pageAllMs = performance.now() - t3;
      console.log(`page all ${seen} agents (500/page, ${pages} pages): ${pageAllMs.toFixed(0)} ms, ${(pageAllMs / pages).toFixed(1)} ms/page`);
      const t6 = performance.now();
      let devicePages = 0;
      for (let page = 1; ; page++) {
        const body = (await (await fetch(`${sandbox.url}/v1/devices?page=${page}&pageSize=100`, { headers })).json()) as { devices: unknown[] };
        devicePages += 1;
        if (body.devices.length < 100 || devicePages >= 200) break;
      }
      const devicesMs = performance.now() - t6;
      console.log(`first ${devicePages} device pages (100/page): ${devicesMs.toFixed(0)} ms, ${(devicesMs / devicePages).toFixed(1)} ms/page`);
      const t4 = performance.now();
      await fetch(`${sandbox.url}/v1/agents?active=true&notConnectedInLastDays=30&pageSize=500`, { headers });
      console.log(`one filtered agent query (stale, 150k scanned): ${(performance.now() - t4).toFixed(0)} ms`);
      const device = world.tenant.agents[1234]!.agentId;
      const t5 = performance.now();
      await fetch(`${sandbox.url}/v2/file-events`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ groups: [{ filterClause: 'AND', filters: [{ term: 'user.deviceUid', operator: 'IS', value: device }] }], srtKey: '@timestamp', srtDir: 'desc', pgSize: 1 }),
      });
      console.log(`latest file event for one device (index over ${world.tenant.fileEvents.length} events): ${(performance.now() - t5).toFixed(0)} ms`);
    } finally {
      await sandbox.close();
    }
  }
}
