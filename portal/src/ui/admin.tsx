/** Admin: users and roles, API tokens for machine callers, and the notifications the portal sent or kept. */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { USER_ROLES } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { API_SCOPES, can } from '../domain/policy.js';
import type { PortalEnv } from '../http/env.js';
import { requirePermission } from '../http/session.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/api-tokens.js';
import { createN8nApi, N8nApiError, normalizeN8nUrl } from '../../../scripts/templates/n8n-api.js';
import { clearN8nSettings, getN8nConnection, getN8nSettings, saveN8nSettings } from '../services/n8n-settings.js';
import { PortalError } from '../services/errors.js';
import { listOutbox, retryNow } from '../services/outbox.js';
import type { MailPayload } from '../services/transports.js';
import { createUser, issueSetupLink, listUsers, updateUser } from '../services/users.js';
import { Csrf, Notice, Time } from './layout.js';
import { forbidden, page } from './render.js';

const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'Usernames are 2–64 lowercase letters, digits, dots, dashes or underscores.'),
  displayName: z.string().trim().min(1, 'Enter the person’s name.').max(200),
  email: z
    .string()
    .trim()
    .max(300)
    .transform((v) => (v === '' ? null : v))
    .pipe(z.email('Enter a valid e-mail address or leave it empty.').nullable()),
  role: z.enum(USER_ROLES, { message: `Role is one of ${USER_ROLES.join(', ')}.` }),
});

const changeSchema = z.object({
  role: z.enum(USER_ROLES, { message: `Role is one of ${USER_ROLES.join(', ')}.` }),
  disabled: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

const tokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token after its caller, e.g. "n8n production".').max(100),
  scope: z
    .union([z.string(), z.array(z.string())], { message: 'Choose at least one scope.' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(API_SCOPES, { message: 'Unknown scope.' })).min(1, 'Choose at least one scope.')),
  expiresInDays: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : Number(v)))
    .pipe(z.number().int('Days are whole numbers.').min(1, 'At least 1 day.').max(3650, 'At most 3650 days.').nullable()),
});

const n8nSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'Enter the address of n8n, e.g. https://n8n.example.com.')
    .max(500)
    .pipe(z.url({ protocol: /^https?$/, message: 'The n8n address must be an http:// or https:// URL.' }))
    .transform((v, issue) => {
      try {
        return normalizeN8nUrl(v);
      } catch (error) {
        issue.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'The n8n address is not usable.' });
        return z.NEVER;
      }
    }),
  apiKey: z
    .string()
    .trim()
    .max(4096, 'That API key is too long.')
    .optional()
    .transform((v) => (v ? v : null)),
});

function setupLink(ctx: PortalContext, token: string): string {
  return new URL(`/setup/${token}`, ctx.settings.publicUrl).href;
}

export function registerAdminRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  const renderUsers = async (c: Context<PortalEnv>, message?: { kind: 'ok' | 'error'; text: string; secret?: string }, status: 200 | 201 | 404 | 409 | 422 = 200) => {
    const users = await listUsers(ctx);
    const me = c.get('user')!;
    return page(
      c,
      'Admin · users',
      <>
        <p>
          <a href="/admin/tokens">API tokens</a> · <a href="/admin/n8n">n8n connection</a> · <a href="/admin/notifications">Notifications</a>
        </p>
        <div role="status">
          {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
          {message?.secret ? (
            <>
              <p>Send this one-time link to the person (valid 24 hours, shown only now):</p>
              <pre class="secret">{message.secret}</pre>
            </>
          ) : null}
        </div>
        <table>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role and status</th>
              <th scope="col">Setup link</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  {u.displayName} <span class="muted">({u.username})</span>
                </td>
                <td>{u.email ?? '—'}</td>
                <td>
                  <form method="post" action={`/admin/users/${u.id}`} class="inline">
                    <Csrf token={c.get('csrfToken')} />
                    <label>
                      Role
                      <select name="role" disabled={u.id === me.id}>
                        {USER_ROLES.map((r) => (
                          <option value={r} selected={u.role === r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      Status
                      <select name="disabled" disabled={u.id === me.id}>
                        <option value="false" selected={!u.disabled}>
                          active
                        </option>
                        <option value="true" selected={u.disabled}>
                          disabled
                        </option>
                      </select>
                    </label>
                    {u.id === me.id ? <span class="muted small">(you)</span> : <button type="submit">Save</button>}
                  </form>
                </td>
                <td>
                  <form method="post" action={`/admin/users/${u.id}/setup-link`}>
                    <Csrf token={c.get('csrfToken')} />
                    <button type="submit" class="secondary">
                      New setup link
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Add a user</h2>
        <form method="post" action="/admin/users" class="stack narrow">
          <Csrf token={c.get('csrfToken')} />
          <label for="username">Username</label>
          <input id="username" name="username" required />
          <label for="displayName">Name</label>
          <input id="displayName" name="displayName" required />
          <label for="email">E-mail (for notifications)</label>
          <input id="email" name="email" type="email" />
          <label for="role">Role</label>
          <select id="role" name="role">
            {USER_ROLES.map((r) => (
              <option value={r} selected={r === 'viewer'}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit">Add user</button>
        </form>
      </>,
      { current: '/admin/users', status },
    );
  };

  const actorOf = (c: Context<PortalEnv>) => {
    const u = c.get('user')!;
    return { id: u.id, name: `user:${u.username}` };
  };

  const handle = async (c: Context<PortalEnv>, render: typeof renderUsers, work: () => Promise<Parameters<typeof renderUsers>[1]>) => {
    try {
      return await render(c, await work());
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      return render(c, { kind: 'error', text: err.message }, err.status === 404 ? 404 : err.status === 409 ? 409 : 422);
    }
  };

  app.get('/admin/users', requirePermission('users:manage', forbidden), (c) => renderUsers(c));

  app.post('/admin/users', requirePermission('users:manage', forbidden), async (c) => {
    const parsed = newUserSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) return renderUsers(c, { kind: 'error', text: parsed.error.issues.map((i) => i.message).join(' ') }, 422);
    return handle(c, renderUsers, async () => {
      const { user, setupToken } = await createUser(ctx, actorOf(c).name, parsed.data);
      return { kind: 'ok', text: `User ${user.username} added as ${user.role}.`, secret: setupToken ? setupLink(ctx, setupToken) : undefined };
    });
  });

  const userIdOf = (c: Context) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new PortalError(404, 'No such user.');
    return id;
  };

  app.post('/admin/users/:id', requirePermission('users:manage', forbidden), async (c) => {
    const parsed = changeSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) return renderUsers(c, { kind: 'error', text: parsed.error.issues.map((i) => i.message).join(' ') }, 422);
    return handle(c, renderUsers, async () => {
      const user = await updateUser(ctx, actorOf(c), userIdOf(c), parsed.data);
      return { kind: 'ok', text: `${user.username} is now ${user.disabled ? 'disabled' : 'active'} as ${user.role}; their sessions were ended.` };
    });
  });

  app.post('/admin/users/:id/setup-link', requirePermission('users:manage', forbidden), async (c) =>
    handle(c, renderUsers, async () => {
      const token = await issueSetupLink(ctx, actorOf(c).name, userIdOf(c));
      return { kind: 'ok', text: 'New setup link created.', secret: setupLink(ctx, token) };
    }),
  );

  const renderTokens = async (c: Context<PortalEnv>, message?: { kind: 'ok' | 'error'; text: string; secret?: string }, status: 200 | 201 | 404 | 409 | 422 = 200) => {
    const tokens = await listApiTokens(ctx);
    const now = ctx.clock.now();
    return page(
      c,
      'Admin · API tokens',
      <>
        <p>
          <a href="/admin/users">Users</a> · <a href="/admin/n8n">n8n connection</a> · <a href="/admin/notifications">Notifications</a>
        </p>
        <div role="status">
          {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
          {message?.secret ? (
            <>
              <p>Copy the token now; it is shown only once and stored only as a hash:</p>
              <pre class="secret">{message.secret}</pre>
            </>
          ) : null}
        </div>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const state = t.revokedAt ? 'revoked' : t.expiresAt !== null && t.expiresAt <= now ? 'expired' : 'active';
              return (
                <tr>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>
                    <Time ms={t.lastUsedAt} />
                  </td>
                  <td>{state}</td>
                  <td>
                    {state === 'active' ? (
                      <form method="post" action={`/admin/tokens/${t.id}/revoke`}>
                        <Csrf token={c.get('csrfToken')} />
                        <button type="submit" class="danger" data-confirm="Revoke this token? Callers using it stop working at once.">
                          Revoke
                        </button>
                      </form>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <h2>Create a token</h2>
        <form method="post" action="/admin/tokens" class="stack narrow">
          <Csrf token={c.get('csrfToken')} />
          <label for="token-name">Name</label>
          <input id="token-name" name="name" required />
          <fieldset>
            <legend>Scopes</legend>
            {API_SCOPES.map((s) => (
              <label>
                <input type="checkbox" name="scope" value={s} checked /> {s}
              </label>
            ))}
          </fieldset>
          <label for="expires">Expires after (days, empty = never)</label>
          <input id="expires" name="expiresInDays" inputmode="numeric" value="365" />
          <button type="submit">Create token</button>
        </form>
      </>,
      { current: '/admin/users', status },
    );
  };

  app.get('/admin/tokens', requirePermission('tokens:manage', forbidden), (c) => renderTokens(c));

  app.post('/admin/tokens', requirePermission('tokens:manage', forbidden), async (c) => {
    const parsed = tokenSchema.safeParse(await c.req.parseBody({ all: true }));
    if (!parsed.success) return renderTokens(c, { kind: 'error', text: parsed.error.issues.map((i) => i.message).join(' ') }, 422);
    return handle(c, renderTokens, async () => {
      const days = parsed.data.expiresInDays;
      const { token, row } = await createApiToken(ctx, actorOf(c), {
        name: parsed.data.name,
        scopes: parsed.data.scope,
        expiresAt: days === null ? null : ctx.clock.now() + days * 24 * 60 * 60_000,
      });
      return { kind: 'ok', text: `Token "${row.name}" created.`, secret: token };
    });
  });

  app.post('/admin/tokens/:id/revoke', requirePermission('tokens:manage', forbidden), async (c) =>
    handle(c, renderTokens, async () => {
      const id = Number(c.req.param('id'));
      if (!Number.isSafeInteger(id) || id <= 0) throw new PortalError(404, 'No such API token.');
      const { revoked } = await revokeApiToken(ctx, actorOf(c).name, id);
      return { kind: 'ok', text: revoked ? 'Token revoked.' : 'That token was already revoked.' };
    }),
  );

  const renderN8n = async (c: Context<PortalEnv>, message?: { kind: 'ok' | 'error' | 'info'; text: string }, status: 200 | 409 | 422 = 200) => {
    const settings = await getN8nSettings(ctx);
    return page(
      c,
      'Admin · n8n connection',
      <>
        <p>
          <a href="/admin/users">Users</a> · <a href="/admin/tokens">API tokens</a> · <a href="/admin/notifications">Notifications</a>
        </p>
        <p>The Templates page imports workflows into this n8n through its public API. Create the key in n8n under Settings › n8n API.</p>
        <div role="status">{message ? <Notice kind={message.kind}>{message.text}</Notice> : null}</div>
        <dl>
          <dt>n8n address</dt>
          <dd>{settings?.url ?? 'not configured'}</dd>
          <dt>API key</dt>
          {/* The key is sealed at rest and never rendered: only whether one is stored. */}
          <dd>{settings?.apiKeyConfigured ? 'configured ✓' : 'not configured'}</dd>
          {settings ? (
            <>
              <dt>Last changed</dt>
              <dd>
                <Time ms={settings.updatedAt} />
              </dd>
            </>
          ) : null}
        </dl>
        <form method="post" action="/admin/n8n" class="stack narrow">
          <Csrf token={c.get('csrfToken')} />
          <label for="n8n-url">n8n address</label>
          {/* First time, offer the n8n the portal already accepts resume URLs from (PORTAL_N8N_URL). */}
          <input id="n8n-url" name="url" type="url" required value={settings?.url ?? ctx.settings.n8nUrl ?? ''} placeholder="https://n8n.example.com" />
          <label for="n8n-key">{settings?.apiKeyConfigured ? 'New API key (leave empty to keep the stored one)' : 'API key'}</label>
          <input id="n8n-key" name="apiKey" type="password" autocomplete="off" required={!settings?.apiKeyConfigured} />
          <button type="submit">Save and test</button>
        </form>
        {settings ? (
          <form method="post" action="/admin/n8n/clear">
            <Csrf token={c.get('csrfToken')} />
            <button type="submit" class="danger" data-confirm="Forget the n8n address and key? Template import stops until they are entered again.">
              Forget this connection
            </button>
          </form>
        ) : null}
      </>,
      { current: '/admin/users', status },
    );
  };

  app.get('/admin/n8n', requirePermission('integrations:manage', forbidden), (c) => renderN8n(c));

  app.post('/admin/n8n', requirePermission('integrations:manage', forbidden), async (c) => {
    const parsed = n8nSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) return renderN8n(c, { kind: 'error', text: parsed.error.issues.map((i) => i.message).join(' ') }, 422);
    const actor = c.get('user')!;
    try {
      await saveN8nSettings(ctx, { id: actor.id, name: `user:${actor.username}` }, parsed.data);
      // Saved either way; the check tells the admin at once whether imports will work.
      const connection = await getN8nConnection(ctx);
      await createN8nApi({ url: connection!.url, apiKey: connection!.apiKey, timeoutMs: 10_000 }).check();
      return renderN8n(c, { kind: 'ok', text: `Saved. n8n at ${parsed.data.url} accepted the API key.` });
    } catch (err) {
      if (err instanceof N8nApiError) return renderN8n(c, { kind: 'error', text: `Saved, but the connection does not work yet: ${err.message}` });
      if (err instanceof PortalError) return renderN8n(c, { kind: 'error', text: err.message }, err.status === 409 ? 409 : 422);
      throw err;
    }
  });

  app.post('/admin/n8n/clear', requirePermission('integrations:manage', forbidden), async (c) => {
    const actor = c.get('user')!;
    const { cleared } = await clearN8nSettings(ctx, { id: actor.id, name: `user:${actor.username}` });
    return renderN8n(c, { kind: 'ok', text: cleared ? 'The n8n connection was forgotten.' : 'No n8n connection was configured.' });
  });

  const renderNotifications = async (
    c: Context<PortalEnv>,
    message?: { kind: 'ok' | 'error' | 'info'; text: string },
    status: 200 | 404 | 409 | 422 = 200,
  ) => {
    const rows = await listOutbox(ctx);
    // Only those who manage the n8n connection may push a delivery; everyone who sees the page sees its state.
    const mayRetry = can(c.get('user')!.role, 'integrations:manage');
    return page(
      c,
      'Notifications and deliveries',
      <>
        <div role="status">{message ? <Notice kind={message.kind}>{message.text}</Notice> : null}</div>
        {ctx.settings.smtpUrl ? (
          <p>Mail is sent through the configured SMTP server.</p>
        ) : (
          <Notice kind="info">No SMTP server is configured (PORTAL_SMTP_URL), so mail is kept here instead of sent.</Notice>
        )}
        {rows.length === 0 ? (
          <p>Nothing has been queued yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Kind</th>
                <th scope="col">For</th>
                <th scope="col">Message</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                // Resume payloads are sealed and never shown; mail carries only counts and links.
                const mail = r.kind === 'mail' ? (JSON.parse(r.payload) as MailPayload) : null;
                return (
                  <tr>
                    <td>
                      <Time ms={r.createdAt} />
                    </td>
                    <td>{r.kind}</td>
                    <td>{mail ? mail.to.join(', ') || '(no reviewer has an e-mail address)' : r.summary}</td>
                    <td>
                      {mail ? (
                        <details>
                          <summary>{mail.subject}</summary>
                          <pre>{mail.text}</pre>
                        </details>
                      ) : (
                        r.summary
                      )}
                    </td>
                    <td>
                      {r.deliveredAt ? (
                        <>
                          {r.deliveredVia === 'kept' ? 'kept (not sent)' : `delivered via ${r.deliveredVia}`} <Time ms={r.deliveredAt} />
                        </>
                      ) : r.abandonedAt ? (
                        <>
                          given up after {r.attempts} attempt{r.attempts === 1 ? '' : 's'} <Time ms={r.abandonedAt} />
                          {r.lastError ? ` — ${r.lastError}` : ''}
                        </>
                      ) : (
                        <>
                          pending, {r.attempts} attempt{r.attempts === 1 ? '' : 's'}
                          {r.lastError ? ` — last error: ${r.lastError}` : ''}
                          {r.attempts > 0 ? (
                            <>
                              , next <Time ms={r.nextAttemptAt} />
                            </>
                          ) : null}
                          {mayRetry && r.attempts > 0 ? (
                            <form method="post" action={`/admin/notifications/${r.id}/retry`}>
                              <Csrf token={c.get('csrfToken')} />
                              <button type="submit">Retry now</button>
                            </form>
                          ) : null}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </>,
      { current: '/admin/notifications', status },
    );
  };

  app.get('/admin/notifications', requirePermission('notifications:view', forbidden), (c) => renderNotifications(c));

  app.post('/admin/notifications/:id/retry', requirePermission('integrations:manage', forbidden), async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) return renderNotifications(c, { kind: 'error', text: 'No such delivery.' }, 404);
    try {
      const result = await retryNow(ctx, actorOf(c).name, id);
      if (result.rescheduled) return renderNotifications(c, { kind: 'ok', text: 'The delivery is due now; it is sent within a few seconds.' });
      const why =
        result.state === 'delivered'
          ? 'That delivery has already been made; nothing is sent again.'
          : 'That delivery was given up for good (the other side refused it); it is not retried.';
      return renderNotifications(c, { kind: 'info', text: why }, 409);
    } catch (err) {
      if (err instanceof PortalError && err.status === 404) return renderNotifications(c, { kind: 'error', text: err.message }, 404);
      throw err;
    }
  });
}
