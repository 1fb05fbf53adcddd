/**
 * Builds the portal's Hono app from a context. Middleware order: request id and access log, secure headers (strict
 * nonce CSP), static assets, the JSON API (bearer tokens, no cookies), then the UI (Origin check, session, CSRF
 * token, role guards). Errors never leak a stack, SQL or secret.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { PortalContext } from '../context.js';
import { PortalError } from '../services/errors.js';
import { registerAdminRoutes } from '../ui/admin.js';
import { registerApprovalRoutes } from '../ui/approvals.js';
import { registerAuditRoutes } from '../ui/audit.js';
import { registerAuthRoutes } from '../ui/auth.js';
import { registerDashboardRoutes } from '../ui/dashboard.js';
import { registerRegisterRoutes } from '../ui/register.js';
import { problemPage } from '../ui/render.js';
import { registerRunRoutes } from '../ui/runs.js';
import { registerTemplateRoutes } from '../ui/templates.js';
import { apiRouter } from './api.js';
import type { PortalEnv } from './env.js';
import { csrfTokenMatches, loadSession } from './session.js';
import { registerStatic } from './static.js';

export const FORM_BODY_LIMIT_BYTES = 256 * 1024;

export function createApp(ctx: PortalContext): Hono<PortalEnv> {
  const app = new Hono<PortalEnv>();
  const publicOrigin = new URL(ctx.settings.publicUrl).origin;

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Method, path and status only: query strings, bodies and cookies may carry secrets.
    ctx.log.info('request', { id: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: [NONCE],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
    }),
  );

  app.onError((err, c) => {
    if (err instanceof PortalError) return problemPage(c, err.status, 'Cannot do that', err.message);
    if (err instanceof HTTPException && err.status < 500) {
      // hono/csrf refuses cross-site posts with a bare 403; malformed bodies raise 400.
      const message = err.status === 403 ? 'This request did not come from the portal’s own pages, so it was refused.' : 'The request could not be read.';
      return problemPage(c, err.status === 403 ? 403 : 400, 'Refused', message);
    }
    ctx.log.error('request failed', { id: c.get('requestId'), path: c.req.path, error: err instanceof Error ? err.message : String(err) });
    return problemPage(c, 500, 'Something went wrong', `The portal hit an unexpected problem (reference ${c.get('requestId')}). Nothing was changed by this request if it did not say so.`);
  });
  // A mounted router's own notFound is not consulted by Hono, so API paths are answered in JSON here.
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: `No API endpoint ${c.req.method} ${c.req.path}.` }, 404)
      : problemPage(c, 404, 'Not found', 'There is no page at this address.'),
  );

  registerStatic(app);
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/api/v1', apiRouter(ctx));

  // From here on: the browser UI. Unsafe methods must come from our own origin (Origin or Sec-Fetch-Site).
  app.use('*', bodyLimit({ maxSize: FORM_BODY_LIMIT_BYTES, onError: (c) => problemPage(c, 413, 'Too large', 'That form submission is too large.') }));
  app.use('*', csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin }));
  app.use('*', loadSession(ctx));
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!csrfTokenMatches(ctx, c.get('sessionToken'), form._csrf)) {
        return problemPage(c, 403, 'Form expired', 'This form is out of date (its security token does not match your session). Reload the page and try again.');
      }
    }
    await next();
  });

  registerAuthRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerApprovalRoutes(app, ctx);
  registerRegisterRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerTemplateRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  return app;
}
