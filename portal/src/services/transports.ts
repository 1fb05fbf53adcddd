/**
 * Delivery transports for outbox rows: the n8n resume call and SMTP mail. They never put the resume URL (a bearer
 * secret) into a result, log line or error message.
 */
import nodemailer from 'nodemailer';
import type { PortalContext } from '../context.js';
import type { DeliveryResult, OutboxRow, Transport } from './outbox.js';

export interface ResumePayload {
  resumeUrlSealed: string;
  body: unknown;
}

export interface MailPayload {
  to: string[];
  subject: string;
  text: string;
}

export const RESUME_TIMEOUT_MS = 10_000;

function networkErrorCode(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (err instanceof Error && err.name === 'TimeoutError') return 'timeout';
  return 'network error';
}

/** POSTs the decision record to the waiting execution. n8n's 409 means "already resumed": that counts as delivered. */
export function resumeTransport(ctx: PortalContext): Transport {
  return async (row: OutboxRow): Promise<DeliveryResult> => {
    const payload = JSON.parse(row.payload) as ResumePayload;
    const url = ctx.resumeBox.open(payload.resumeUrlSealed);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload.body),
        signal: AbortSignal.timeout(RESUME_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      return { delivered: false, error: `n8n unreachable (${networkErrorCode(err)})` };
    }
    await response.body?.cancel();
    if (response.ok || response.status === 409) return { delivered: true, via: 'n8n' };
    return { delivered: false, error: `n8n answered HTTP ${response.status}` };
  };
}

/** Sends mail through PORTAL_SMTP_URL; without one, marks the mail as kept so admins can read it in the portal. */
export function mailTransport(ctx: PortalContext): Transport {
  const transporter = ctx.settings.smtpUrl ? nodemailer.createTransport(ctx.settings.smtpUrl) : null;
  return async (row: OutboxRow): Promise<DeliveryResult> => {
    if (!transporter) return { delivered: true, via: 'kept' };
    const mail = JSON.parse(row.payload) as MailPayload;
    if (mail.to.length === 0) return { delivered: true, via: 'no-recipients' };
    try {
      await transporter.sendMail({
        from: ctx.settings.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        // A stable id lets mail clients fold the rare duplicate after a crash between send and record.
        messageId: `<outbox-${row.id}-${row.key.replace(/[^a-zA-Z0-9.-]/g, '.')}@incydr-health-portal>`,
      });
      return { delivered: true, via: 'smtp' };
    } catch (err) {
      const code = (err as { code?: unknown; responseCode?: unknown }).responseCode ?? (err as { code?: unknown }).code;
      return { delivered: false, error: `SMTP delivery failed (${typeof code === 'string' || typeof code === 'number' ? code : 'error'})` };
    }
  };
}
