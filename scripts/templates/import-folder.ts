/**
 * Everything `npm run templates:import` does, as a function the demo command can call too: read and judge a
 * template folder, optionally set up the sandbox credentials the chosen templates name, then import each one.
 * It prints nothing; the caller decides how to report.
 */
import { resolve } from 'node:path';
import { ensureCredentials, sandboxCredentialSpecs, type CredentialOutcome, type SandboxEndpoints } from './credentials.js';
import { importTemplates, type ImportOutcome } from './import.js';
import { readTemplateFolder } from './load.js';
import type { N8nApi } from './n8n-api.js';
import type { CredentialReference, Template, TemplateProblem } from './template.js';

export interface FolderImportOptions {
  dir: string;
  /** Template ids to import; all valid ones when absent. */
  only?: string[];
  dryRun?: boolean;
  /** When given, the credentials the chosen templates name are created or updated first. */
  sandbox?: SandboxEndpoints;
}

export interface FolderImportReport {
  refused: { file: string; problems: TemplateProblem[] }[];
  credentials: CredentialOutcome[];
  templates: ImportOutcome[];
}

export class TemplateSelectionError extends Error {}

/** Reads and selects templates without touching n8n, so bad files and bad ids are reported even when n8n is down. */
export async function selectTemplates(options: Pick<FolderImportOptions, 'dir' | 'only'>): Promise<{ templates: Template[]; refused: FolderImportReport['refused'] }> {
  const dir = resolve(options.dir);
  const { checks } = await readTemplateFolder(dir);
  const refused = checks.flatMap((c) => (c.ok ? [] : [{ file: c.file, problems: c.problems }]));
  let templates = checks.flatMap((c) => (c.ok ? [c.template] : []));
  if (options.only) {
    const unknown = options.only.filter((id) => !templates.some((t) => t.templateId === id));
    if (unknown.length > 0) throw new TemplateSelectionError(`No valid template with id ${unknown.join(', ')} in ${dir}.`);
    templates = templates.filter((t) => options.only!.includes(t.templateId));
  }
  return { templates, refused };
}

export async function importTemplateFolder(api: N8nApi, options: FolderImportOptions): Promise<FolderImportReport> {
  const { templates, refused } = await selectTemplates(options);
  let credentials: CredentialOutcome[] = [];
  if (options.sandbox) {
    const references = new Map<string, CredentialReference>();
    for (const t of templates) for (const c of t.credentials) references.set(`${c.type}\u0000${c.name}`, c);
    const { specs, skipped } = sandboxCredentialSpecs([...references.values()], options.sandbox);
    credentials = [...(await ensureCredentials(api, specs, { dryRun: options.dryRun })), ...skipped];
  }
  return { refused, credentials, templates: await importTemplates(api, templates, { dryRun: options.dryRun }) };
}
