/** Sign-in, sign-out and the one-time setup page where a new user (or the first admin) chooses a password. */
import type { Context, Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import type { PortalContext } from '../context.js';
import type { PortalEnv } from '../http/env.js';
import { clearSessionCookie, setSessionCookie } from '../http/session.js';
import { MIN_PASSWORD_LENGTH } from '../security/passwords.js';
import { recordAudit } from '../services/audit.js';
import { PortalError } from '../services/errors.js';
import { deleteSession } from '../services/sessions.js';
import { signIn } from '../services/sign-in.js';
import { completeSetup, userForSetupToken } from '../services/users.js';
import { Csrf, Notice } from './layout.js';
import { page } from './render.js';

const signInSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username.').max(100),
  password: z.string().min(1, 'Enter your password.').max(1024),
  next: z.string().max(500).optional(),
});

/** Only same-site paths: an attacker-supplied `next` must not turn sign-in into an open redirect. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function SignInForm(props: { csrf: string; next: string; username?: string; error?: string }) {
  return (
    <form method="post" action="/login" class="stack narrow">
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <Csrf token={props.csrf} />
      <input type="hidden" name="next" value={props.next} />
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required value={props.username ?? ''} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <button type="submit">Sign in</button>
    </form>
  );
}

function SetupForm(props: { csrf: string; token: string; username: string; error?: string }) {
  return (
    <form method="post" action={`/setup/${encodeURIComponent(props.token)}`} class="stack narrow">
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <p>
        Choose a password for <strong>{props.username}</strong>. Use at least {MIN_PASSWORD_LENGTH} characters; a passphrase of several words works well.
      </p>
      <Csrf token={props.csrf} />
      <label for="password">New password</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength={MIN_PASSWORD_LENGTH} />
      <label for="confirm">Repeat it</label>
      <input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
      <button type="submit">Set password</button>
    </form>
  );
}

/** The TCP peer's address. Forwarded headers are not trusted: a client could forge them to dodge throttling. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function registerAuthRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  app.get('/login', (c) => {
    if (c.get('user')) return c.redirect('/', 303);
    return page(c, 'Sign in', <SignInForm csrf={c.get('csrfToken')} next={safeNext(c.req.query('next'))} />);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const parsed = signInSchema.safeParse(form);
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join(' ');
      return page(c, 'Sign in', <SignInForm csrf={c.get('csrfToken')} next={next} error={message} />, { status: 422 });
    }
    const address = clientAddress(c);
    try {
      const { token } = await signIn(ctx, parsed.data.username, parsed.data.password, address);
      // A new session on every sign-in; the one this browser held before is ended, not left valid.
      const previous = c.get('sessionToken');
      if (previous) await deleteSession(ctx, previous);
      setSessionCookie(c, ctx, token);
      return c.redirect(next, 303);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      return page(c, 'Sign in', <SignInForm csrf={c.get('csrfToken')} next={next} username={parsed.data.username} error={err.message} />, {
        status: err.status === 429 ? 429 : 422,
      });
    }
  });

  app.post('/logout', async (c) => {
    const token = c.get('sessionToken');
    const user = c.get('user');
    if (token) await deleteSession(ctx, token);
    if (user) await recordAudit(ctx, { actor: `user:${user.username}`, action: 'auth.sign-out', target: `user:${user.username}` });
    clearSessionCookie(c, ctx);
    // Tell the browser to drop anything it cached for this origin (ASVS 14.3.1).
    c.header('Clear-Site-Data', '"cache", "storage"');
    return c.redirect('/login', 303);
  });

  app.get('/setup/:token', async (c) => {
    const token = c.req.param('token');
    const user = await userForSetupToken(ctx, token);
    if (!user) return page(c, 'Set your password', <Notice kind="error">This setup link is invalid, expired or already used. Ask an administrator for a new one.</Notice>, { status: 410 });
    return page(c, 'Set your password', <SetupForm csrf={c.get('csrfToken')} token={token} username={user.username} />);
  });

  app.post('/setup/:token', async (c) => {
    const token = c.req.param('token');
    const form = await c.req.parseBody();
    const password = typeof form.password === 'string' ? form.password : '';
    const confirm = typeof form.confirm === 'string' ? form.confirm : '';
    const user = await userForSetupToken(ctx, token);
    if (!user) return page(c, 'Set your password', <Notice kind="error">This setup link is invalid, expired or already used. Ask an administrator for a new one.</Notice>, { status: 410 });
    if (password !== confirm) {
      return page(c, 'Set your password', <SetupForm csrf={c.get('csrfToken')} token={token} username={user.username} error="The two passwords differ." />, { status: 422 });
    }
    try {
      await completeSetup(ctx, token, password);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      return page(c, 'Set your password', <SetupForm csrf={c.get('csrfToken')} token={token} username={user.username} error={err.message} />, { status: 422 });
    }
    return page(c, 'Password set', <Notice kind="ok">Your password is set. <a href="/login">Sign in</a>.</Notice>);
  });
}
