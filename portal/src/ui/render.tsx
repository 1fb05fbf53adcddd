/** Rendering helpers shared by the UI routes: full pages, fragments, and the 4xx pages people see. */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { PortalEnv } from '../http/env.js';
import { isHtmxPartial } from '../http/session.js';
import { Layout, Notice } from './layout.js';

type Status = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500;

export function page(c: Context<PortalEnv>, title: string, body: Child, options: { current?: string; status?: Status } = {}) {
  c.header('Vary', 'HX-Request-Type');
  return c.html(
    <>
      {raw('<!DOCTYPE html>')}
      <Layout title={title} nonce={c.get('secureHeadersNonce') ?? ''} user={c.get('user') ?? null} csrf={c.get('csrfToken') ?? ''} current={options.current}>
        {body}
      </Layout>
    </>,
    options.status ?? 200,
  );
}

/** A fragment for htmx partial requests, the full page otherwise (back/forward restores ask for `full`). */
export function pageOrFragment(c: Context<PortalEnv>, title: string, fragment: Child, wholePage: () => Child, options: { current?: string; status?: Status } = {}) {
  if (isHtmxPartial(c)) {
    c.header('Vary', 'HX-Request-Type');
    return c.html(<>{fragment}</>, options.status ?? 200);
  }
  return page(c, title, wholePage(), options);
}

export function problemPage(c: Context<PortalEnv>, status: Status, title: string, message: string) {
  if (isHtmxPartial(c)) {
    return c.html(<Notice kind="error">{message}</Notice>, status);
  }
  return page(c, title, <Notice kind="error">{message}</Notice>, { status });
}

export const forbidden = (c: Context<PortalEnv>, message: string) => problemPage(c, 403, 'Not allowed', message);
