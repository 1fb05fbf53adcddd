/**
 * Approvals inbox, request detail and the decision flow. The request panel is one component used both for the
 * full page and as the htmx fragment after a decision, so the two cannot drift apart.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Reason } from '@incydr-health/core/health/plan-types';
import type { PortalContext } from '../context.js';
import { can, stageOfRole, type Role } from '../domain/policy.js';
import { itemState, itemsAwaiting, stageStates, type StageRole } from '../domain/stages.js';
import type { PortalEnv } from '../http/env.js';
import { requireAnyPermission, requirePermission } from '../http/session.js';
import { decide, listRequests, loadRequest, protectionOf, resumeDelivery, type ItemOutcome, type LoadedRequest } from '../services/approvals.js';
import { PortalError } from '../services/errors.js';
import type { User } from '../services/users.js';
import { Csrf, Notice, Time } from './layout.js';
import { forbidden, pageOrFragment, page, problemPage } from './render.js';

const STAGE_LABEL: Record<StageRole, string> = { hr: 'HR', legal: 'Legal' };

const decideSchema = z.object({
  item: z
    .union([z.string(), z.array(z.string())], { message: 'Choose at least one item.' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().regex(/^[1-9][0-9]{0,14}$/, 'Item ids are positive whole numbers.').transform(Number)).min(1, 'Choose at least one item.')),
  verdict: z.enum(['approve', 'reject'], { message: 'Press Approve or Reject.' }),
  comment: z.string().max(2000, 'Keep the comment under 2000 characters.').default(''),
});

function Evidence(props: { evidence: Reason['evidence'] }) {
  const entries = Object.entries(props.evidence);
  if (entries.length === 0) return null;
  return (
    <dl class="evidence">
      {entries.map(([key, value]) => (
        <>
          <dt>{key}</dt>
          <dd>{Array.isArray(value) ? value.join(', ') : value === null ? '—' : String(value)}</dd>
        </>
      ))}
    </dl>
  );
}

function DecisionCell(props: { loaded: LoadedRequest; itemId: number; stage: StageRole; required: boolean }) {
  if (!props.required) return <span class="muted">not needed</span>;
  const d = props.loaded.decisions.find((x) => x.itemId === props.itemId && x.stage === props.stage);
  if (!d) return <span class="muted">waiting</span>;
  return (
    <span class={d.verdict === 'approve' ? 'ok' : 'bad'}>
      {d.verdict === 'approve' ? 'approved' : 'rejected'} by {d.displayName} ({d.role}), <Time ms={d.decidedAt} />
      {d.comment ? <q>{d.comment}</q> : null}
    </span>
  );
}

/** Whether the waiting n8n execution got the decision; a refused secret or a vanished execution must be visible. */
function ResumeNotice(props: { loaded: LoadedRequest }) {
  const delivery = resumeDelivery(props.loaded);
  switch (delivery.state) {
    case 'not-waiting':
      return (
        <Notice kind="error">
          <strong>n8n execution no longer waiting; nothing was executed.</strong> The decision could not be handed to n8n
          (<Time ms={props.loaded.resume?.abandonedAt ?? null} />); start the workflow again to act on a new plan.
        </Notice>
      );
    case 'retrying':
      return (
        <Notice kind="error">
          The decision has not reached n8n yet ({delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'}): {delivery.lastError}. The portal keeps
          retrying.
        </Notice>
      );
    case 'delivered':
      return <Notice kind="info">n8n received the decision and resumed the workflow.</Notice>;
    case 'queued':
      return <Notice kind="info">The decision is on its way to n8n.</Notice>;
    case 'waiting':
      return null;
  }
}

export interface PanelProps {
  loaded: LoadedRequest;
  user: User;
  csrf: string;
  protectedItems: Map<number, string>;
  results?: ItemOutcome[];
  error?: string;
}

export function RequestPanel(props: PanelProps) {
  const { loaded, user } = props;
  const { request, items } = loaded;
  const shape = { stages: request.stages, order: request.stageOrder, items: items.map((i) => ({ id: i.id, requiredRoles: i.requiredRoles })) };
  const states = stageStates(shape, loaded.decisions);
  const myStage = stageOfRole(user.role as Role);
  const mayDecide = !!myStage && request.status === 'pending' && states[myStage] === 'open' && can(user.role as Role, myStage === 'hr' ? 'approvals:decide-hr' : 'approvals:decide-legal');
  const awaitingMe = new Set(mayDecide && myStage ? itemsAwaiting(shape, loaded.decisions, myStage).map((i) => i.id) : []);
  const planItemOf = new Map(items.map((i) => [i.id, i]));

  const table = (
    <table class="items">
      <caption class="sr-only">Items of this request with their reasons, evidence and decisions</caption>
      <thead>
        <tr>
          {mayDecide ? (
            <th scope="col">
              <input type="checkbox" id="select-all" data-select-all aria-label="Select every item waiting for you" />
            </th>
          ) : null}
          <th scope="col">Item</th>
          <th scope="col">Reasons and evidence</th>
          {request.stages.map((s) => (
            <th scope="col">{STAGE_LABEL[s]}</th>
          ))}
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const protection = props.protectedItems.get(item.id);
          const state = itemState({ id: item.id, requiredRoles: item.requiredRoles }, loaded.decisions);
          const outcome = loaded.outcomes.find((o) => o.itemId === item.id);
          return (
            <tr id={`item-${item.id}`}>
              {mayDecide ? (
                <td>
                  {awaitingMe.has(item.id) ? (
                    <input type="checkbox" name="item" value={String(item.id)} id={`pick-${item.id}`} aria-label={`Select ${item.action} ${item.subjectName}`} />
                  ) : null}
                </td>
              ) : null}
              <td>
                <label for={awaitingMe.has(item.id) ? `pick-${item.id}` : undefined}>
                  <strong>{item.action}</strong> {item.subjectType} <span class="subject">{item.subjectName}</span>
                </label>
                <div class="muted small">{item.planItemId}</div>
                {protection ? <p class="warn">Cannot be approved: {protection}</p> : null}
              </td>
              <td>
                <ul class="reasons">
                  {(item.reasons as Reason[]).map((r) => (
                    <li>
                      <code>{r.code}</code> {r.message}
                      <Evidence evidence={r.evidence} />
                    </li>
                  ))}
                </ul>
              </td>
              {request.stages.map((s) => (
                <td>
                  <DecisionCell loaded={loaded} itemId={item.id} stage={s} required={item.requiredRoles.includes(s)} />
                </td>
              ))}
              <td>
                <span class={`state ${state}`}>{state === 'no-approval-needed' ? 'no approval needed' : state}</span>
                {outcome ? (
                  <div class="small">
                    executed: {outcome.status}
                    {outcome.message ? ` — ${outcome.message}` : ''}
                  </div>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );

  return (
    <section id="request-panel" aria-labelledby="request-title">
      <h2 id="request-title">{request.title}</h2>
      <div id="decision-status" role="status" aria-live="polite" tabindex={-1} data-focus-after-swap>
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        {props.results && props.results.length > 0 ? (
          <ul class="results">
            {props.results.map((r) => (
              <li class={r.ok ? 'ok' : 'bad'}>
                {planItemOf.get(r.itemId)?.subjectName ?? `Item ${r.itemId}`}: {r.message}
              </li>
            ))}
          </ul>
        ) : null}
        {request.status !== 'pending' ? (
          <Notice kind="info">
            This request is {request.status} (<Time ms={request.resolvedAt} />) and is listed under <a href="/approvals#history">history</a>.
          </Notice>
        ) : null}
        <ResumeNotice loaded={loaded} />
      </div>
      <dl class="facts">
        <dt>Plan</dt>
        <dd>
          {request.planKind}, hash <code class="hash">{request.planHash}</code>
        </dd>
        <dt>Stages</dt>
        <dd>
          {request.stages.map((s) => `${STAGE_LABEL[s]}: ${states[s] ?? '—'}`).join(request.stageOrder === 'sequential' ? ' → ' : ' ∥ ')} ({request.stageOrder})
        </dd>
        <dt>Requested</dt>
        <dd>
          <Time ms={request.createdAt} />
          {request.runId ? (
            <>
              {' '}
              from <a href={`/runs/${request.runId}`}>run {request.runId}</a>
            </>
          ) : null}
        </dd>
        {request.deadlineAt ? (
          <>
            <dt>Deadline</dt>
            <dd>
              <Time ms={request.deadlineAt} />
            </dd>
          </>
        ) : null}
      </dl>
      {mayDecide ? (
        <form
          method="post"
          action={`/approvals/${request.id}/decide`}
          hx-post={`/approvals/${request.id}/decide`}
          hx-target="#request-panel"
          hx-swap="outerHTML"
          hx-disable="find button"
          class="decide"
        >
          <Csrf token={props.csrf} />
          <p>
            {awaitingMe.size} item{awaitingMe.size === 1 ? '' : 's'} wait for your decision as {STAGE_LABEL[myStage!]}.
          </p>
          {table}
          <label for="comment">Comment (required to reject)</label>
          <textarea id="comment" name="comment" rows={2} maxlength={2000}></textarea>
          <div class="actions">
            <button type="submit" name="verdict" value="approve">
              Approve selected
            </button>
            <button type="submit" name="verdict" value="reject" class="danger">
              Reject selected
            </button>
          </div>
        </form>
      ) : (
        <>
          {request.status === 'pending' && myStage && states[myStage] === 'waiting' ? (
            <Notice kind="info">The {STAGE_LABEL[myStage]} stage opens once the earlier stage has decided every item.</Notice>
          ) : null}
          {table}
        </>
      )}
    </section>
  );
}

function Inbox(props: { pending: Awaited<ReturnType<typeof listRequests>>; history: Awaited<ReturnType<typeof listRequests>>; role: string }) {
  const stage = stageOfRole(props.role as Role);
  const mine = props.pending.filter((r) => r.waitingForMe > 0);
  const others = props.pending.filter((r) => r.waitingForMe === 0);
  const row = (r: (typeof props.pending)[number]) => (
    <tr>
      <td>
        <a href={`/approvals/${r.request.id}`}>{r.request.title}</a>
      </td>
      <td>{r.itemCount}</td>
      <td>{r.request.stages.map((s) => `${STAGE_LABEL[s]}: ${r.stageStates[s] ?? '—'}`).join(', ')}</td>
      <td>
        <Time ms={r.request.createdAt} />
      </td>
      <td>{r.request.status === 'pending' ? (stage ? `${r.waitingForMe} for you` : 'pending') : r.request.status}</td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th scope="col">Request</th>
        <th scope="col">Items</th>
        <th scope="col">Stages</th>
        <th scope="col">Requested</th>
        <th scope="col">Status</th>
      </tr>
    </thead>
  );
  return (
    <>
      <h2>{stage ? `Waiting for ${STAGE_LABEL[stage]}` : 'Pending requests'}</h2>
      {(stage ? mine : props.pending).length === 0 ? (
        <p>Nothing waits for {stage ? 'your role' : 'a decision'} right now.</p>
      ) : (
        <table>
          {head}
          <tbody>{(stage ? mine : props.pending).map(row)}</tbody>
        </table>
      )}
      {stage && others.length > 0 ? (
        <>
          <h2>Pending with other stages</h2>
          <table>
            {head}
            <tbody>{others.map(row)}</tbody>
          </table>
        </>
      ) : null}
      <h2 id="history">History</h2>
      {props.history.length === 0 ? (
        <p>No request has been decided yet.</p>
      ) : (
        <table>
          {head}
          <tbody>{props.history.map(row)}</tbody>
        </table>
      )}
    </>
  );
}

function parseId(raw: string | undefined): number | null {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function registerApprovalRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  app.get('/approvals', requirePermission('approvals:view', forbidden), async (c) => {
    const role = c.get('user')!.role;
    const [pending, history] = await Promise.all([listRequests(ctx, role, 'pending'), listRequests(ctx, role, 'history')]);
    return page(c, 'Approvals', <Inbox pending={pending} history={history} role={role} />, { current: '/approvals' });
  });

  app.get('/approvals/:id', requirePermission('approvals:view', forbidden), async (c) => {
    const id = parseId(c.req.param('id'));
    const loaded = id ? await loadRequest(ctx, id) : undefined;
    if (!loaded) return problemPage(c, 404, 'Not found', 'There is no such approval request.');
    const panel = <RequestPanel loaded={loaded} user={c.get('user')!} csrf={c.get('csrfToken')} protectedItems={await protectionOf(ctx, loaded)} />;
    return pageOrFragment(c, `Request ${loaded.request.id}`, panel, () => panel, { current: '/approvals' });
  });

  app.post('/approvals/:id/decide', requireAnyPermission(['approvals:decide-hr', 'approvals:decide-legal'], forbidden), async (c) => {
    const id = parseId(c.req.param('id'));
    const user = c.get('user')!;
    const form = await c.req.parseBody({ all: true });
    const parsed = decideSchema.safeParse(form);
    let results: ItemOutcome[] | undefined;
    let error: string | undefined;
    let status: 200 | 409 | 422 = 200;
    if (!id) return problemPage(c, 404, 'Not found', 'There is no such approval request.');
    if (!parsed.success) {
      error = parsed.error.issues.map((i) => i.message).join(' ');
      status = 422;
    } else {
      try {
        const outcome = await decide(ctx, user, id, { itemIds: parsed.data.item, verdict: parsed.data.verdict, comment: parsed.data.comment });
        results = outcome.results;
        if (results.every((r) => !r.ok)) status = 409;
      } catch (err) {
        if (!(err instanceof PortalError)) throw err;
        if (err.status === 404) return problemPage(c, 404, 'Not found', err.message);
        error = err.message;
        status = err.status === 409 ? 409 : 422;
      }
    }
    const loaded = await loadRequest(ctx, id);
    if (!loaded) return problemPage(c, 404, 'Not found', 'There is no such approval request.');
    const panel = (
      <RequestPanel loaded={loaded} user={user} csrf={c.get('csrfToken')} protectedItems={await protectionOf(ctx, loaded)} results={results} error={error} />
    );
    return pageOrFragment(c, `Request ${id}`, panel, () => panel, { current: '/approvals', status });
  });
}
