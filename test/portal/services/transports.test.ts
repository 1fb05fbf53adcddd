/**
 * Notification mail end to end: decisions queue mail in the outbox, the deliverer sends it to a real local SMTP
 * sink (smtp-server), and we assert on what arrived. Without SMTP, mail is kept for the admin page.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRequest } from '../../../portal/src/services/approvals.js';
import { deliverDue, listOutbox } from '../../../portal/src/services/outbox.js';
import { defaultTransports } from '../../../portal/src/worker.js';
import { makePlan, resumeUrl } from '../fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** Just enough MIME for our plain-text mails: unfolded headers and a quoted-printable or 7bit body. */
function simpleParser(raw: string): Promise<{ subject: string; text: string }> {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const headers = head.replace(/\r\n[ \t]+/g, ' ');
  const qp = (v: string) => v.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  // RFC 2047 encoded words, as nodemailer writes subjects containing quotes.
  const subject = (/^Subject: (.*)$/im.exec(headers)?.[1] ?? '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, word: string) => qp(word.replace(/_/g, ' ')));
  let text = rest.join('\r\n\r\n');
  if (/^Content-Transfer-Encoding: quoted-printable$/im.test(headers)) {
    text = qp(text.replace(/=\r\n/g, ''));
  }
  return Promise.resolve({ subject, text });
}

async function startSink(): Promise<{ server: SMTPServer; port: number; mail: Received[] }> {
  const mail: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mail.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mail };
}

let t: TestPortal | undefined;
let sink: Awaited<ReturnType<typeof startSink>> | undefined;
afterEach(async () => {
  t?.dispose();
  if (sink) await new Promise<void>((resolve) => sink!.server.close(() => resolve()));
  t = undefined;
  sink = undefined;
});

describe('notification mail', () => {
  it('tells reviewers a stage waits (counts and link only) and the requester when it is decided', async () => {
    sink = await startSink();
    t = await createTestPortal({ smtpUrl: `smtp://127.0.0.1:${sink.port}` });
    await t.addUser('hr', 'hilde', 'hilde@corp.example');
    await t.addUser('legal', 'lea', 'lea@corp.example');
    const token = await t.token();
    const res = await t.api('POST', '/approval-requests', token, {
      title: 'Offboarding November',
      plan: makePlan(2, { roles: ['hr'] }),
      order: 'sequential',
      resumeUrl: resumeUrl('5'),
      requesterEmail: 'ops-team@corp.example',
    });
    const { requestId } = (await res.json()) as { requestId: number };
    const transports = defaultTransports(t.ctx);
    await deliverDue(t.ctx, { ...transports, resume: async () => ({ delivered: false, error: 'not under test' }) });
    expect(sink.mail).toHaveLength(1);
    expect(sink.mail[0]!.to).toEqual(['hilde@corp.example']);
    const parsed = await simpleParser(sink.mail[0]!.raw);
    expect(parsed.subject).toBe('Incydr Health: 2 items wait for HR review');
    expect(parsed.text).toContain(`http://localhost:4020/approvals/${requestId}`);
    expect(parsed.text).not.toMatch(/person\d|@corp|HR-10|TERMINATED/);

    const hr = await t.signIn('hr');
    const ids = (await loadRequest(t.ctx, requestId))!.items.map((i) => String(i.id));
    await t.post(`/approvals/${requestId}/decide`, { item: ids, verdict: 'approve', comment: '' }, hr);
    await deliverDue(t.ctx, { ...transports, resume: async () => ({ delivered: false, error: 'not under test' }) });
    expect(sink.mail).toHaveLength(2);
    const decided = await simpleParser(sink.mail[1]!.raw);
    expect(sink.mail[1]!.to).toEqual(['ops-team@corp.example']);
    expect(decided.subject).toBe('Incydr Health: request "Offboarding November" decided');
    expect(decided.text).toContain('2 approved, 0 rejected');

    // Delivered mail is never sent again.
    t.clock.advance(60 * 60_000);
    await deliverDue(t.ctx, { ...transports, resume: async () => ({ delivered: true, via: 'n8n' }) });
    expect(sink.mail).toHaveLength(2);
  });

  it('retries when the SMTP server is unreachable, keeping the mail queued', async () => {
    sink = await startSink();
    const port = sink.port;
    await new Promise<void>((resolve) => sink!.server.close(() => resolve()));
    sink = undefined;
    t = await createTestPortal({ smtpUrl: `smtp://127.0.0.1:${port}` });
    await t.addUser('hr', 'hilde', 'hilde@corp.example');
    await t.api('POST', '/approval-requests', await t.token(), { title: 'T', plan: makePlan(1, { roles: ['hr'] }), resumeUrl: resumeUrl('6') });
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    const [row] = await listOutbox(t.ctx, 'mail');
    expect(row).toMatchObject({ deliveredAt: null, attempts: 1 });
    expect(row!.lastError).toMatch(/^SMTP delivery failed/);
  });

  it('without SMTP keeps the mail and shows it on the admin notifications page', async () => {
    t = await createTestPortal();
    await t.addUser('legal', 'lea', 'lea@corp.example');
    await t.api('POST', '/approval-requests', await t.token(), { title: 'Legal review', plan: makePlan(3, { roles: ['legal'] }), resumeUrl: resumeUrl('7') });
    await deliverDue(t.ctx, { ...defaultTransports(t.ctx), resume: async () => ({ delivered: false, error: 'not under test' }) });
    const html = await (await t.get('/admin/notifications', await t.signIn('admin'))).text();
    expect(html).toContain('No SMTP server is configured');
    expect(html).toContain('Incydr Health: 3 items wait for Legal review');
    expect(html).toContain('lea@corp.example');
    expect(html).toContain('kept (not sent)');
  });
});
