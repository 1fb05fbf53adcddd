/**
 * Test-only admin routes under `/__sandbox`, mounted only when the server is started with `adminRoutes: true`.
 * They are never counted, faulted or authenticated: they observe and steer the simulator, not the tenant.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { faultSchema, type FaultInjector } from '../faults.js';
import { parseBody } from '../validation.js';
import type { World } from '../world-types.js';

const burstBody = z.object({
  count: z.number().int().min(1).max(1000),
  status: z.union([z.literal(502), z.literal(503), z.literal(504)]).optional(),
});

const advanceBody = z.object({ seconds: z.number().min(0).max(10 * 365 * 86_400) });

export interface AdminDeps {
  faults: FaultInjector;
  world: World | null;
  advanceClock(ms: number): void;
  now(): number;
}

export function adminRoutes(app: Hono, deps: AdminDeps): void {
  app.get('/__sandbox/requests', (c) => c.json(deps.faults.snapshot()));
  app.delete('/__sandbox/requests', (c) => {
    deps.faults.resetCounts();
    return c.body(null, 204);
  });
  app.get('/__sandbox/faults', (c) => c.json(deps.faults.current));
  app.put('/__sandbox/faults', async (c) => {
    deps.faults.configure(await parseBody(c, faultSchema));
    return c.json(deps.faults.current);
  });
  app.post('/__sandbox/faults/burst', async (c) => {
    const body = await parseBody(c, burstBody);
    deps.faults.burstNow(body.count, body.status);
    return c.body(null, 204);
  });
  app.post('/__sandbox/clock/advance', async (c) => {
    const body = await parseBody(c, advanceBody);
    deps.advanceClock(body.seconds * 1000);
    return c.json({ now: new Date(deps.now()).toISOString() });
  });
  app.get('/__sandbox/truth', (c) => {
    if (deps.world === null) return c.json({ status: 404, error: 'NOT_FOUND', message: 'This sandbox was started from a bare tenant, without personas or truth.' }, 404);
    return c.json(deps.world.truth);
  });
  app.get('/__sandbox/personas', (c) => {
    if (deps.world === null) return c.json({ status: 404, error: 'NOT_FOUND', message: 'This sandbox was started from a bare tenant, without personas or truth.' }, 404);
    return c.json(deps.world.personas);
  });
}
