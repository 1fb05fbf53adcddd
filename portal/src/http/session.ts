/**
 * Cookie sessions and the guards built on them. The session cookie is HttpOnly, SameSite=Lax, and `__Host-`
 * prefixed + Secure whenever the portal is served over TLS. Every form carries a CSRF token bound to the session
 * (HMAC of the session token), on top of the Origin / Sec-Fetch-Site check from hono/csrf.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { PortalContext } from '../context.js';
import { can, type Permission, type Role } from '../domain/policy.js';
import { ABSOLUTE_TIMEOUT_MS, validateSession } from '../services/sessions.js';
import type { PortalEnv } from './env.js';

export function usesTls(ctx: PortalContext): boolean {
  return new URL(ctx.settings.publicUrl).protocol === 'https:';
}

export function sessionCookieName(ctx: PortalContext): string {
  return usesTls(ctx) ? '__Host-portal_session' : 'portal_session';
}

export function setSessionCookie(c: Context, ctx: PortalContext, token: string): void {
  setCookie(c, sessionCookieName(ctx), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: usesTls(ctx),
    maxAge: Math.floor(ABSOLUTE_TIMEOUT_MS / 1000),
  });
}

export function clearSessionCookie(c: Context, ctx: PortalContext): void {
  deleteCookie(c, sessionCookieName(ctx), { path: '/', secure: usesTls(ctx) });
}

export function csrfTokenFor(ctx: PortalContext, sessionToken: string | null): string {
  // Before sign-in there is no session to bind to; the sign-in form relies on the Origin check alone.
  return createHmac('sha256', ctx.csrfKey).update(sessionToken ?? 'anonymous').digest('base64url');
}

export function csrfTokenMatches(ctx: PortalContext, sessionToken: string | null, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(ctx, sessionToken));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Loads the signed-in user (or null) and the CSRF token for this session. */
export function loadSession(ctx: PortalContext): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName(ctx)) ?? null;
    const user = token ? await validateSession(ctx, token) : null;
    if (token && !user) clearSessionCookie(c, ctx);
    c.set('user', user);
    c.set('sessionToken', user ? token : null);
    c.set('csrfToken', csrfTokenFor(ctx, user ? token : null));
    await next();
  };
}

export function isHtmxPartial(c: Context): boolean {
  return c.req.header('HX-Request-Type') === 'partial';
}

/** Not signed in: plain requests go to the sign-in page; htmx requests get HX-Redirect (a 302 would be swapped in). */
export function redirectToSignIn(c: Context): Response {
  const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/';
  const target = `/login?next=${encodeURIComponent(next)}`;
  if (c.req.header('HX-Request') === 'true') {
    c.header('HX-Redirect', target);
    return c.body(null, 401);
  }
  return c.redirect(target, 303);
}

export type Forbidden = (c: Context<PortalEnv>, message: string) => Response | Promise<Response>;

/** Guards a route by permission; the refusal names what is missing so the person knows whom to ask. */
export function requirePermission(permission: Permission, forbidden: Forbidden): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) return redirectToSignIn(c);
    if (!can(user.role as Role, permission)) {
      return forbidden(c, `Your role (${user.role}) does not allow this (${permission}). Ask an administrator if you need it.`);
    }
    await next();
  };
}

/** Any of the permissions suffices (e.g. deciding needs HR's or Legal's). */
export function requireAnyPermission(permissions: Permission[], forbidden: Forbidden): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) return redirectToSignIn(c);
    if (!permissions.some((p) => can(user.role as Role, p))) {
      return forbidden(c, `Your role (${user.role}) does not allow this (${permissions.join(' or ')}). Ask an administrator if you need it.`);
    }
    await next();
  };
}
