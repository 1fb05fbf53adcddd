/** Preservation register: every protected subject and why, with manual holds that Legal adds or lifts. */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { PortalContext } from '../context.js';
import { can, type Role } from '../domain/policy.js';
import type { PortalEnv } from '../http/env.js';
import { requirePermission } from '../http/session.js';
import { PortalError } from '../services/errors.js';
import { addHold, liftedHolds, liftHold, preservationRegister } from '../services/holds.js';
import { Csrf, Notice, Time } from './layout.js';
import { forbidden, page } from './render.js';

const addSchema = z.object({
  subjectType: z.enum(['user', 'agent', 'actor'], { message: 'Choose what kind of subject to hold.' }),
  subjectId: z.string().trim().min(1, 'Enter the subject id (Incydr user id, agent id or actor id).').max(200),
  subjectName: z.string().trim().min(1, 'Enter a name people recognise (username or hostname).').max(300),
  reason: z.string().trim().min(5, 'Give a reason of at least 5 characters (matter, case or request).').max(2000),
});

const liftSchema = z.object({
  reason: z.string().trim().min(5, 'Say why the hold is lifted (at least 5 characters).').max(2000),
});

export function registerRegisterRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  const render = async (c: Context<PortalEnv>, message?: { kind: 'ok' | 'error'; text: string }, status: 200 | 404 | 422 = 200, values: Record<string, string> = {}) => {
    const user = c.get('user')!;
    const [entries, lifted] = await Promise.all([preservationRegister(ctx), liftedHolds(ctx)]);
    const mayManage = can(user.role as Role, 'holds:manage');
    return page(
      c,
      'Preservation register',
      <>
        <div role="status">{message ? <Notice kind={message.kind}>{message.text}</Notice> : null}</div>
        {entries.length === 0 ? (
          <p>No subject is protected right now.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Why</th>
                <th scope="col">Source</th>
                <th scope="col">Since</th>
                {mayManage ? <th scope="col">Lift</th> : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>
                    {e.subjectType} <strong>{e.subjectName}</strong> <span class="muted small">{e.subjectId}</span>
                  </td>
                  <td>{e.reason}</td>
                  <td>{e.source === 'hold' ? `manual hold by ${e.addedBy}` : <a href={`/runs/${e.runId}`}>run #{e.runId}</a>}</td>
                  <td>
                    <Time ms={e.since} />
                  </td>
                  {mayManage ? (
                    <td>
                      {e.holdId ? (
                        <form method="post" action={`/register/holds/${e.holdId}/lift`} class="inline">
                          <Csrf token={c.get('csrfToken')} />
                          <label>
                            Reason to lift
                            <input name="reason" required minlength={5} />
                          </label>
                          <button type="submit" class="secondary" data-confirm="Lift this preservation hold?">
                            Lift hold
                          </button>
                        </form>
                      ) : (
                        <span class="muted">from a run</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Lifted holds</h2>
        {lifted.length === 0 ? (
          <p>No manual hold has been lifted.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Held because</th>
                <th scope="col">Lifted because</th>
                <th scope="col">Lifted</th>
              </tr>
            </thead>
            <tbody>
              {lifted.map((h) => (
                <tr>
                  <td>
                    {h.subjectType} <strong>{h.subjectName}</strong> <span class="muted small">{h.subjectId}</span>
                  </td>
                  <td>{h.reason}</td>
                  <td>{h.liftReason}</td>
                  <td>
                    <Time ms={h.liftedAt} /> by {h.liftedByName ?? 'unknown'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {mayManage ? (
          <>
            <h2>Add a manual hold</h2>
            <form method="post" action="/register/holds" class="stack narrow">
              <Csrf token={c.get('csrfToken')} />
              <label for="subjectType">Subject type</label>
              <select id="subjectType" name="subjectType">
                {(['user', 'agent', 'actor'] as const).map((t) => (
                  <option value={t} selected={values.subjectType === t}>
                    {t}
                  </option>
                ))}
              </select>
              <label for="subjectId">Subject id</label>
              <input id="subjectId" name="subjectId" required value={values.subjectId ?? ''} />
              <label for="subjectName">Name</label>
              <input id="subjectName" name="subjectName" required value={values.subjectName ?? ''} />
              <label for="reason">Reason</label>
              <textarea id="reason" name="reason" required rows={2}>
                {values.reason ?? ''}
              </textarea>
              <button type="submit">Add hold</button>
            </form>
          </>
        ) : null}
      </>,
      { current: '/register', status },
    );
  };

  app.get('/register', requirePermission('register:view', forbidden), (c) => render(c));

  app.post('/register/holds', requirePermission('holds:manage', forbidden), async (c) => {
    const form = await c.req.parseBody();
    const values = Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const parsed = addSchema.safeParse(form);
    if (!parsed.success) return render(c, { kind: 'error', text: parsed.error.issues.map((i) => i.message).join(' ') }, 422, values);
    const user = c.get('user')!;
    const { hold, created } = await addHold(ctx, { id: user.id, name: `user:${user.username}` }, parsed.data);
    return render(c, { kind: 'ok', text: created ? `Hold added for ${hold.subjectName}.` : `${hold.subjectName} already has an active hold; nothing changed.` });
  });

  app.post('/register/holds/:id/lift', requirePermission('holds:manage', forbidden), async (c) => {
    const id = Number(c.req.param('id'));
    const parsed = liftSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) return render(c, { kind: 'error', text: parsed.error.issues.map((i) => i.message).join(' ') }, 422);
    if (!Number.isSafeInteger(id) || id <= 0) return render(c, { kind: 'error', text: 'There is no such hold.' }, 404);
    const user = c.get('user')!;
    try {
      const { hold, lifted } = await liftHold(ctx, { id: user.id, name: `user:${user.username}` }, id, parsed.data.reason);
      return render(c, { kind: 'ok', text: lifted ? `Hold on ${hold.subjectName} lifted.` : `The hold on ${hold.subjectName} was already lifted.` });
    } catch (err) {
      if (err instanceof PortalError && err.status === 404) return render(c, { kind: 'error', text: err.message }, 404);
      throw err;
    }
  });
}
