/**
 * Static assets served from memory: htmx from the installed package (no CDN), our stylesheet and one small script.
 * File names carry a version, so they can be cached for a year.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import { HTMX_PATH, SCRIPT_PATH, STYLE_PATH } from '../ui/layout.js';
import type { PortalEnv } from './env.js';

const require = createRequire(import.meta.url);

function asset(relativeToHere: string): string {
  return readFileSync(new URL(relativeToHere, import.meta.url), 'utf8');
}

export function registerStatic(app: Hono<PortalEnv>): void {
  const files: Record<string, { body: string; type: string }> = {
    [HTMX_PATH]: { body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'), type: 'text/javascript; charset=utf-8' },
    [SCRIPT_PATH]: { body: asset('../../static/portal.js'), type: 'text/javascript; charset=utf-8' },
    [STYLE_PATH]: { body: asset('../../static/portal.css'), type: 'text/css; charset=utf-8' },
  };
  // Browsers ask for it on every page; an empty answer keeps the logs clean without a data: URL the CSP would block.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  for (const [path, file] of Object.entries(files)) {
    app.get(path, (c) => {
      c.header('Content-Type', file.type);
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return c.body(file.body);
    });
  }
}
