/**
 * Puts a template into n8n so that doing it twice changes one workflow, never makes two: the workflow is found
 * again by its marker tag (`tpl:<templateId>`), not by its name, so a renamed workflow is still updated in place.
 * The user's own tags on it survive; credentials are matched by n8n itself (type + name) on every save.
 */
import { KIT_TAG, type Template } from './template.js';
import { N8nApiError, type N8nApi, type N8nWorkflowSummary } from './n8n-api.js';

export type ImportAction = 'created' | 'updated' | 'would-create' | 'would-update' | 'failed';

export interface ImportOutcome {
  file: string;
  templateId: string;
  name: string;
  action: ImportAction;
  workflowId?: string;
  /** What happened, in a sentence; for failures, n8n's own message. */
  message: string;
  /** Credentials n8n could not match by type and name: the user picks them in the editor. */
  unresolvedCredentials: { type: string; name: string }[];
}

/** The earliest live workflow carrying the marker; archived ones are history, not the template's home. */
function homeOf(found: N8nWorkflowSummary[], tag: string): { home?: N8nWorkflowSummary; others: number } {
  const live = found.filter((w) => !w.isArchived && (w.tags === undefined || w.tags.some((t) => t.name === tag)));
  live.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return { home: live[0], others: Math.max(0, live.length - 1) };
}

function unresolved(workflow: N8nWorkflowSummary): { type: string; name: string }[] {
  const missing = new Map<string, { type: string; name: string }>();
  for (const node of workflow.nodes ?? []) {
    for (const [type, ref] of Object.entries(node.credentials ?? {})) if (!ref.id) missing.set(`${type}\u0000${ref.name}`, { type, name: ref.name });
  }
  return [...missing.values()];
}

function credentialNote(missing: { type: string; name: string }[]): string {
  if (missing.length === 0) return '';
  return ` ${missing.length} credential${missing.length === 1 ? '' : 's'} to set up in n8n: ${missing.map((c) => `"${c.name}" (${c.type})`).join(', ')}.`;
}

export async function importTemplate(api: N8nApi, template: Template, options: { dryRun?: boolean } = {}): Promise<ImportOutcome> {
  const base = { file: template.file, templateId: template.templateId, name: template.workflow.name, unresolvedCredentials: [] };
  try {
    const { home, others } = homeOf(await api.workflowsTagged(template.tag), template.tag);
    const duplicates = others > 0 ? ` ${others} other workflow${others === 1 ? '' : 's'} also carr${others === 1 ? 'ies' : 'y'} the tag ${template.tag} (copies made in n8n) and ${others === 1 ? 'was' : 'were'} left alone.` : '';
    if (options.dryRun) {
      return home
        ? { ...base, action: 'would-update', workflowId: home.id, message: `would update workflow ${home.id} ("${home.name}") in place.${duplicates}` }
        : { ...base, action: 'would-create', message: `would create a new workflow tagged ${template.tag}.` };
    }

    const saved = home ? await api.updateWorkflow(home.id, template.workflow) : await api.createWorkflow(template.workflow);
    const kitTags = [await api.ensureTag(KIT_TAG), await api.ensureTag(template.tag)];
    const keptTags = home ? (await api.workflowTags(home.id)).map((t) => t.id) : [];
    await api.setWorkflowTags(saved.id, [...new Set([...keptTags, ...kitTags])]);

    const missing = unresolved(saved);
    const published = home?.active ? ' It is published: publish it again in n8n for the new version to run.' : '';
    return {
      ...base,
      action: home ? 'updated' : 'created',
      workflowId: saved.id,
      unresolvedCredentials: missing,
      message: `${home ? 'updated' : 'created'} workflow ${saved.id} ("${saved.name}").${published}${credentialNote(missing)}${duplicates}`,
    };
  } catch (error) {
    if (!(error instanceof N8nApiError)) throw error;
    return { ...base, action: 'failed', message: error.message };
  }
}

/** Imports several templates in order; a failure of one does not stop the others. */
export async function importTemplates(api: N8nApi, templates: readonly Template[], options: { dryRun?: boolean } = {}): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const template of templates) outcomes.push(await importTemplate(api, template, options));
  return outcomes;
}
