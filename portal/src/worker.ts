/**
 * Background duties, run on an interval by the server and called directly by tests: expire requests past their
 * deadline, queue daily reminders, deliver due outbox rows. Each step is idempotent, so overlapping or repeated
 * runs are harmless.
 */
import type { PortalContext } from './context.js';
import { expireDue, queueReminders } from './services/approvals.js';
import { deliverDue, type DeliveryReport, type Transport } from './services/outbox.js';
import { mailTransport, resumeTransport } from './services/transports.js';
import type { OutboxKind } from '../../db/schema.js';

export interface MaintenanceReport {
  expired: number;
  reminders: number;
  delivery: DeliveryReport;
}

export function defaultTransports(ctx: PortalContext): Record<OutboxKind, Transport> {
  return { resume: resumeTransport(ctx), mail: mailTransport(ctx) };
}

/** Reminders are due at most daily, so scanning pending requests once a minute is plenty. */
export const REMINDER_SCAN_INTERVAL_MS = 60_000;

export async function runMaintenance(
  ctx: PortalContext,
  transports: Record<OutboxKind, Transport>,
  options: { reminders?: boolean } = {},
): Promise<MaintenanceReport> {
  const expired = await expireDue(ctx);
  const reminders = options.reminders === false ? 0 : await queueReminders(ctx);
  const delivery = await deliverDue(ctx, transports);
  return { expired, reminders, delivery };
}

/** Runs maintenance every `intervalMs` (never two at once); `stop()` waits for the current round to finish. */
export function startWorker(ctx: PortalContext, intervalMs = 5_000): { stop(): Promise<void> } {
  const transports = defaultTransports(ctx);
  let current: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let lastReminderScan = Number.NEGATIVE_INFINITY;
  const tick = () => {
    const now = ctx.clock.now();
    const reminders = now - lastReminderScan >= REMINDER_SCAN_INTERVAL_MS;
    if (reminders) lastReminderScan = now;
    current = runMaintenance(ctx, transports, { reminders }).catch((err: unknown) => {
      ctx.log.error('maintenance round failed', { error: err instanceof Error ? err.message : String(err) });
    });
  };
  tick();
  const timer = setInterval(() => {
    if (!stopped) void current.then(tick);
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
