/**
 * The Templates page's Import button: imports one template file into the configured n8n with the same module
 * `npm run templates:import` uses, and records every attempt, successful or not, in the audit trail.
 */
import { readTemplateFolder } from '../../../scripts/templates/load.js';
import { importTemplate, type ImportOutcome } from '../../../scripts/templates/import.js';
import { createN8nApi, N8nApiError } from '../../../scripts/templates/n8n-api.js';
import { describeProblems } from '../../../scripts/templates/template.js';
import type { PortalContext } from '../context.js';
import { recordAudit } from './audit.js';
import { PortalError } from './errors.js';
import { getN8nConnection } from './n8n-settings.js';

// One import at a time per portal: two clicks racing between "find by tag" and "create" would make two workflows.
// Keyed by context (not a global), so each portal built in a test has its own queue.
const importQueues = new WeakMap<PortalContext, Promise<unknown>>();

export function importTemplateFile(ctx: PortalContext, actor: { name: string }, file: string): Promise<ImportOutcome> {
  const previous = importQueues.get(ctx) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => importNow(ctx, actor, file));
  importQueues.set(ctx, current);
  return current;
}

async function importNow(ctx: PortalContext, actor: { name: string }, file: string): Promise<ImportOutcome> {
  // The file is looked up in the folder's own listing: a name from the request never becomes a path.
  const check = (await readTemplateFolder(ctx.settings.templatesDir)).checks.find((c) => (c.ok ? c.template.file : c.file) === file);
  if (!check) throw new PortalError(404, 'There is no such template.');
  const connection = await getN8nConnection(ctx);
  if (!connection) throw new PortalError(409, 'No n8n connection is configured yet. An administrator sets it under Admin › n8n.');

  let outcome: ImportOutcome;
  if (!check.ok) {
    outcome = { file, templateId: '', name: check.page.name ?? file, action: 'failed', message: `The template has problems:\n${describeProblems(file, check.problems)}`, unresolvedCredentials: [] };
  } else {
    try {
      outcome = await importTemplate(createN8nApi({ url: connection.url, apiKey: connection.apiKey }), check.template);
    } catch (error) {
      if (!(error instanceof N8nApiError)) throw error;
      outcome = { file, templateId: check.template.templateId, name: check.template.workflow.name, action: 'failed', message: error.message, unresolvedCredentials: [] };
    }
  }
  await recordAudit(ctx, {
    actor: actor.name,
    action: 'template.import',
    target: `template:${file}`,
    details: { templateId: outcome.templateId, result: outcome.action, workflowId: outcome.workflowId ?? null, n8n: connection.url, message: outcome.message },
  });
  ctx.log.info('template import', { file, result: outcome.action, workflowId: outcome.workflowId ?? null });
  return outcome;
}
