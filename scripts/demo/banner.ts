/** What `npm start` prints once everything runs: every address and every demo sign-in, in one block. */

export const READY_LINE = 'Incydr Health demo is ready.';

export interface DemoInfo {
  portalUrl: string;
  /** role → password, as the portal printed them. */
  signIns: Array<{ username: string; password: string }>;
  n8n?: { url: string; email: string; password: string; templates: number };
  approval?: { requestId: number; planItems: number; dryRun: boolean };
  incydr: { url: string; clientId: string; clientSecret: string };
  hr: { bambooHr: string; workday: string; scim: string };
  detailsFile: string;
}

const ROLE_NOTES: Record<string, string> = {
  admin: 'users, API tokens, n8n connection',
  ops: 'runs, notifications',
  hr: 'decides the HR stage',
  legal: 'decides the Legal stage, manual holds',
  viewer: 'read only',
};

export function readyBanner(info: DemoInfo): string[] {
  const lines = ['', '─'.repeat(72), READY_LINE, ''];
  lines.push(`  Portal          ${info.portalUrl}/login`);
  for (const { username, password } of info.signIns) {
    lines.push(`    ${username.padEnd(7)} ${password.padEnd(20)} ${ROLE_NOTES[username] ?? ''}`.trimEnd());
  }
  if (info.approval) {
    const how = info.approval.dryRun ? 'dry run: approving changes nothing in the sandbox' : 'approved items will be deactivated';
    lines.push(`  Waiting for you ${info.portalUrl}/approvals/${info.approval.requestId}  (${info.approval.planItems} items; sign in as hr, then legal; ${how})`);
  }
  if (info.n8n) {
    lines.push(`  n8n             ${info.n8n.url}  (${info.n8n.templates} templates imported)`);
    lines.push(`    owner   ${info.n8n.email} / ${info.n8n.password}`);
  } else {
    lines.push('  n8n             not started (--no-n8n)');
  }
  lines.push(`  Incydr sandbox  ${info.incydr.url}  API client ${info.incydr.clientId} / ${info.incydr.clientSecret}`);
  lines.push(`  HR sandboxes    BambooHR ${info.hr.bambooHr}`);
  lines.push(`                  Workday  ${info.hr.workday}`);
  lines.push(`                  SCIM     ${info.hr.scim}`);
  lines.push(`  Details for scripts (tokens, ids): ${info.detailsFile}`);
  lines.push('', 'Everything above is throwaway demo data. Press Ctrl-C to stop everything.', '─'.repeat(72));
  return lines;
}

/** The portal's `--demo` lines look like "  hr      password: abc…"; anything else is not a sign-in. */
export function signInOf(line: string): { username: string; password: string } | null {
  const match = /^\s+([a-z]+)\s+password: (\S+)\s*$/.exec(line);
  return match ? { username: match[1]!, password: match[2]! } : null;
}
