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

/** What the last-error column says when n8n no longer waits; the request page shows it to everyone. */
export const EXECUTION_GONE_MESSAGE = 'n8n execution no longer waiting; nothing was executed';

const NOT_READY_MESSAGE = 'n8n is starting up';
const NO_ROUTE_MESSAGE = 'n8n answered HTTP 404 without its JSON error (still starting?)';

/**
 * n8n answers 409 both when our own earlier call already resumed the execution (its answer was lost) and when the
 * execution ended without us: stopped, failed, or its Wait time limit passed. Only an earlier attempt that may have
 * reached n8n (a timeout, a dropped connection, a 5xx) can have resumed it; a first attempt, or one after n8n was
 * unreachable, still starting or refused the secret, cannot, so that 409 means nothing will act on this decision.
 */
function earlierAttemptMayHaveResumed(row: OutboxRow): boolean {
  if (row.attempts === 0) return false;
  const error = row.lastError ?? '';
  const neverReached = [NOT_READY_MESSAGE, NO_ROUTE_MESSAGE, 'n8n unreachable (ECONNREFUSED)'];
  return !(error.startsWith('n8n refused the resume call') || neverReached.includes(error));
}

/**
 * POSTs the decision record to the waiting execution, with the shared secret header the Wait node's Header Auth
 * checks. n8n's answers: 2xx resumed; 409 already resumed by an earlier attempt (delivered) or ended without us
 * (given up, see above); 401/403 the secret or signature was refused, a configuration problem an admin can fix, so
 * it keeps retrying; 404 the execution no longer exists (deleted or pruned), so retrying is pointless and the row
 * is given up.
 */
export function resumeTransport(ctx: PortalContext): Transport {
  return async (row: OutboxRow): Promise<DeliveryResult> => {
    const payload = JSON.parse(row.payload) as ResumePayload;
    const url = ctx.resumeBox.open(payload.resumeUrlSealed);
    const auth = ctx.settings.resumeAuth;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { [auth.header]: auth.secret } : {}) },
        body: JSON.stringify(payload.body),
        signal: AbortSignal.timeout(RESUME_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      return { delivered: false, error: `n8n unreachable (${networkErrorCode(err)})` };
    }
    // n8n listens before it is ready: during migrations it answers 200 "n8n is starting up", and until its webhook
    // routes are mounted an HTML 404 "Cannot POST". Neither reached the Wait node, so both are retried.
    const text = (await response.text()).slice(0, 2_000);
    const json = (response.headers.get('content-type') ?? '').includes('application/json');
    if (text.startsWith('n8n is starting up')) return { delivered: false, error: NOT_READY_MESSAGE };
    if (response.ok) return { delivered: true, via: 'n8n' };
    if (response.status === 404 && !json) return { delivered: false, error: NO_ROUTE_MESSAGE };
    if (response.status === 409) {
      if (earlierAttemptMayHaveResumed(row)) return { delivered: true, via: 'n8n (already resumed)' };
      return { delivered: false, giveUp: true, error: `${EXECUTION_GONE_MESSAGE} (n8n answered HTTP 409: the execution had already finished or was stopped)` };
    }
    if (response.status === 404) return { delivered: false, giveUp: true, error: `${EXECUTION_GONE_MESSAGE} (n8n answered HTTP 404)` };
    if (response.status === 401 || response.status === 403) {
      const fix = auth
        ? `check that PORTAL_N8N_RESUME_SECRET equals the value of the Wait node's Header Auth credential (header ${auth.header})`
        : "set PORTAL_N8N_RESUME_SECRET to the value of the Wait node's Header Auth credential";
      return { delivered: false, error: `n8n refused the resume call (HTTP ${response.status}): ${fix}; retrying` };
    }
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
