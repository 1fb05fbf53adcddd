/**
 * `npm run portal [-- --demo]`: starts the portal. First start prints a one-time setup link for the first admin;
 * `--demo` creates the demo users (admin, ops, hr, legal, viewer), or gives them fresh passwords, and prints them.
 */
import { serve } from '@hono/node-server';
import { readConfig } from './config.js';
import type { Logger } from './context.js';
import { createPortal } from './portal.js';
import { createUser, countUsers, findUserByUsername, resetPassword } from './services/users.js';
import { startWorker } from './worker.js';
import { randomToken } from './security/tokens.js';
import { USER_ROLES } from '../../db/schema.js';

const consoleLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const demo = process.argv.includes('--demo');
  const portal = await createPortal(config, { log: consoleLogger });
  const { ctx } = portal;

  if (demo) {
    // Demo passwords are printed, never stored in clear: each demo start issues fresh ones, so a restarted demo
    // can always be signed into.
    console.log('Demo users (demo only — never use these on real data):');
    for (const role of USER_ROLES) {
      const password = randomToken(12);
      if (await findUserByUsername(ctx, role)) await resetPassword(ctx, 'portal:demo', role, password);
      else await createUser(ctx, 'portal:demo', { username: role, displayName: `Demo ${role}`, email: `${role}@example.test`, role, password });
      console.log(`  ${role.padEnd(7)} password: ${password}`);
    }
  } else if ((await countUsers(ctx)) === 0) {
    const { setupToken } = await createUser(ctx, 'portal:first-start', { username: 'admin', displayName: 'Administrator', email: null, role: 'admin' });
    console.log(`First start: set the admin password within 24 hours at\n  ${new URL(`/setup/${setupToken}`, ctx.settings.publicUrl).href}`);
  }
  if (!ctx.settings.n8nUrl) console.warn('PORTAL_N8N_URL is not set: plan submissions will be refused until it is.');

  const worker = startWorker(ctx);
  const server = serve({ fetch: portal.app.fetch, port: config.PORTAL_PORT, hostname: config.PORTAL_HOST }, (info) => {
    console.log(`Incydr Health portal listening on http://${info.address}:${info.port} (public URL ${ctx.settings.publicUrl})`);
  });

  const shutdown = async () => {
    server.close();
    await worker.stop();
    portal.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
