/** The page shell: one layout for every page, carrying the CSP nonce, the htmx config and the navigation. */
import type { Child } from 'hono/jsx';
import { can, type Permission, type Role } from '../domain/policy.js';
import type { User } from '../services/users.js';

export const HTMX_PATH = '/static/htmx-4.0.1.min.js';
export const SCRIPT_PATH = '/static/portal-2.js';
export const STYLE_PATH = '/static/portal-1.css';

const NAV: { href: string; label: string; permission: Permission }[] = [
  { href: '/', label: 'Dashboard', permission: 'dashboard:view' },
  { href: '/runs', label: 'Runs', permission: 'runs:view' },
  { href: '/approvals', label: 'Approvals', permission: 'approvals:view' },
  { href: '/register', label: 'Preservation', permission: 'register:view' },
  { href: '/audit', label: 'Audit log', permission: 'audit:view' },
  { href: '/templates', label: 'Templates', permission: 'templates:view' },
  { href: '/admin/users', label: 'Admin', permission: 'users:manage' },
  { href: '/admin/notifications', label: 'Notifications', permission: 'notifications:view' },
];

export interface LayoutProps {
  title: string;
  nonce: string;
  user: User | null;
  csrf: string;
  current?: string;
  children?: Child;
}

export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* htmx reads its config once when its script runs, so the meta tag must come first. */}
        <meta name="htmx-config" content='{"noSwap":[204,304,"5xx"]}' />
        <title>{`${props.title} · Incydr Health`}</title>
        <link rel="stylesheet" href={STYLE_PATH} />
        <script nonce={props.nonce} src={HTMX_PATH} defer></script>
        <script nonce={props.nonce} src={SCRIPT_PATH} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">Incydr Health</span>
          {props.user ? (
            <nav aria-label="Main">
              <ul>
                {NAV.filter((n) => can(props.user!.role as Role, n.permission)).map((n) => (
                  <li>
                    <a href={n.href} aria-current={props.current === n.href ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {props.user ? (
            <form method="post" action="/logout" class="signout">
              <input type="hidden" name="_csrf" value={props.csrf} />
              <span>
                {props.user.displayName} ({props.user.role})
              </span>
              <button type="submit">Sign out</button>
            </form>
          ) : null}
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function Notice(props: { kind: 'error' | 'ok' | 'info'; children?: Child }) {
  return (
    <p class={`notice ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function Time(props: { ms: number | null | undefined }) {
  if (props.ms === null || props.ms === undefined) return <span>—</span>;
  const iso = new Date(props.ms).toISOString();
  return <time datetime={iso}>{iso.replace('T', ' ').slice(0, 16)} UTC</time>;
}
