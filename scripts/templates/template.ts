/**
 * What makes a workflow file in `workflows/` a template this kit can ship and import anywhere: an n8n workflow the
 * public API accepts as-is, node types by their installed-package names, credentials referenced by type and name
 * only, nothing that exists on one machine only, no secrets, and the page the portal shows for it.
 * Pure: no file or network access, so the CLI, the portal and the tests share one judgement.
 * The convention is written up for template authors in `workflows/README.md`.
 */
import { z } from 'zod';
import { findSecrets } from './secrets.js';

/** The npm name of our node package; node types are `<package>.<node>` once it is installed. */
export const NODE_PACKAGE = 'n8n-nodes-incydr-health';
const ALLOWED_TYPE_PREFIXES = [`${NODE_PACKAGE}.`, 'n8n-nodes-base.'];

/** n8n keeps tag names to 24 characters; the marker tag is `tpl:` + the template id, so ids stay within 20. */
export const TEMPLATE_TAG_PREFIX = 'tpl:';
/** Every imported template also carries this tag, so people can filter the kit's workflows in n8n. */
export const KIT_TAG = 'incydr-health';
const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{1,19}$/;

export interface TemplateProblem {
  /** JSON path inside the file, e.g. `$.nodes[2].credentials.incydrApi`. */
  path: string;
  message: string;
}

export interface CredentialReference {
  type: string;
  name: string;
}

/** Exactly the fields n8n's public API accepts when creating or updating a workflow. */
export interface WorkflowBody {
  name: string;
  nodes: Record<string, unknown>[];
  connections: Record<string, unknown>;
  settings: Record<string, unknown>;
}

export interface TemplatePage {
  title: string;
  summary: string;
  needs: string[];
}

export interface Template extends TemplatePage {
  file: string;
  templateId: string;
  /** The tag that finds this template's workflow again in n8n, whatever it has been renamed to. */
  tag: string;
  credentials: CredentialReference[];
  workflow: WorkflowBody;
}

export type TemplateCheck =
  | { ok: true; template: Template }
  | {
      ok: false;
      file: string;
      problems: TemplateProblem[];
      page: Partial<TemplatePage> & { name?: string };
      /** Valid JSON with nothing secret-looking in it: safe to offer as a download despite its other problems. */
      readable: boolean;
    };

const nodeTypeSchema = z.string().refine((type) => ALLOWED_TYPE_PREFIXES.some((prefix) => type.startsWith(prefix) && type.length > prefix.length), {
  message: `node types are "${NODE_PACKAGE}.<node>" or "n8n-nodes-base.<node>" (the installed-package names; never "CUSTOM.<node>")`,
});

const credentialReferenceSchema = z.strictObject(
  {
    id: z.null({ message: 'credential ids exist on one n8n only: write "id": null and let n8n match the name on import' }).optional(),
    name: z.string().trim().min(1, 'name the credential, e.g. "Incydr account"').max(128),
  },
  { message: 'reference a credential as { "id": null, "name": "<credential name>" }' },
);

// The node fields n8n's public API accepts; anything else makes it refuse the whole workflow.
const nodeSchema = z.strictObject({
  id: z.string().min(1, 'every node needs an id (a UUID)'),
  name: z.string().trim().min(1, 'every node needs a name'),
  type: nodeTypeSchema,
  typeVersion: z.number({ message: 'pin typeVersion on every node' }).positive(),
  position: z.tuple([z.number(), z.number()], { message: 'position is [x, y]' }),
  parameters: z.record(z.string(), z.unknown()),
  credentials: z.record(z.string().min(1), credentialReferenceSchema).optional(),
  webhookId: z.string().min(1).optional(),
  disabled: z.boolean().optional(),
  notes: z.string().optional(),
  notesInFlow: z.boolean().optional(),
  executeOnce: z.boolean().optional(),
  alwaysOutputData: z.boolean().optional(),
  retryOnFail: z.boolean().optional(),
  maxTries: z.number().int().positive().optional(),
  waitBetweenTries: z.number().int().nonnegative().optional(),
  onError: z.enum(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput']).optional(),
});

const connectionTargetSchema = z.strictObject({ node: z.string().min(1), type: z.string().min(1), index: z.number().int().nonnegative() });
const connectionsSchema = z.record(z.string(), z.record(z.string(), z.array(z.array(connectionTargetSchema).nullable())));

// No errorWorkflow: it names a workflow id of one particular n8n.
const settingsSchema = z.strictObject(
  {
    executionOrder: z.literal('v1', { message: 'settings.executionOrder must be "v1"' }),
    timezone: z.string().min(1).optional(),
    saveManualExecutions: z.boolean().optional(),
    saveExecutionProgress: z.boolean().optional(),
    saveDataErrorExecution: z.enum(['all', 'none']).optional(),
    saveDataSuccessExecution: z.enum(['all', 'none']).optional(),
    executionTimeout: z.number().optional(),
    callerPolicy: z.string().optional(),
  },
  { message: 'settings may hold executionOrder, timezone, save* options, executionTimeout and callerPolicy only' },
);

const pageSchema = z.strictObject({
  title: z.string().trim().min(1, 'meta.incydrHealth.title is the heading on the portal page').max(80, 'keep the title within 80 characters'),
  summary: z.string().trim().min(1, 'meta.incydrHealth.summary says in a sentence or two what the template does').max(600),
  needs: z.array(z.string().trim().min(1).max(200)).min(1, 'meta.incydrHealth.needs lists what must exist before it runs (credentials, nodes, settings)'),
});

const metaSchema = z.strictObject(
  {
    templateId: z.string().regex(TEMPLATE_ID, 'meta.templateId is 2–20 lowercase letters, digits or dashes (it becomes the n8n tag "tpl:<id>")'),
    templateCredsSetupCompleted: z.literal(false, { message: 'set meta.templateCredsSetupCompleted to false so n8n offers its credential set-up' }).optional(),
    incydrHealth: pageSchema,
  },
  { message: 'meta holds templateId, templateCredsSetupCompleted and incydrHealth only (no instanceId: it names one n8n)' },
);

const tagSchema = z.strictObject({ name: z.string().min(1).max(24) });

const templateSchema = z.strictObject(
  {
    name: z.string().trim().min(1, 'the workflow needs a name').max(128),
    nodes: z.array(nodeSchema).min(1, 'a template has at least one node'),
    connections: connectionsSchema,
    settings: settingsSchema,
    meta: metaSchema,
    tags: z.array(tagSchema).optional(),
    active: z.literal(false, { message: 'templates are imported inactive; remove "active" or set it to false' }).optional(),
  },
  {
    message:
      'a template has name, nodes, connections, settings, meta and optionally tags/active; ids, versionId, pinData, staticData and shared belong to one n8n and are not shipped',
  },
);

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${acc}.${String(key)}` : `${acc}[${JSON.stringify(String(key))}]`), '$');
}

/** Messages people can act on; zod's "Unrecognized key" gets the key's own path. */
function zodProblems(error: z.ZodError): TemplateProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { path: jsonPath(issue.path), message: `${issue.keys.map((k) => `"${k}"`).join(', ')} not allowed here: ${issue.message.startsWith('Unrecognized') ? 'n8n’s public API refuses unknown fields' : issue.message}` };
    }
    return { path: jsonPath(issue.path), message: issue.message };
  });
}

function structuralProblems(workflow: z.infer<typeof templateSchema>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const names = new Map<string, number>();
  workflow.nodes.forEach((node, index) => {
    const earlier = names.get(node.name);
    if (earlier !== undefined) problems.push({ path: `$.nodes[${index}].name`, message: `node name "${node.name}" is already used by $.nodes[${earlier}]; connections need unique names` });
    else names.set(node.name, index);
  });
  const ids = new Set<string>();
  workflow.nodes.forEach((node, index) => {
    if (ids.has(node.id)) problems.push({ path: `$.nodes[${index}].id`, message: `node id "${node.id}" is used twice` });
    ids.add(node.id);
  });
  // What every kit template offers (issue #8): run by hand to try it, on a schedule once trusted, explained inline.
  const has = (type: string) => workflow.nodes.some((node) => node.type === `n8n-nodes-base.${type}`);
  if (!has('manualTrigger')) problems.push({ path: '$.nodes', message: 'add a Manual Trigger (n8n-nodes-base.manualTrigger) so people can try the template by hand' });
  if (!has('scheduleTrigger')) problems.push({ path: '$.nodes', message: 'add a Schedule Trigger (n8n-nodes-base.scheduleTrigger) so the template can run on its own' });
  if (!has('stickyNote')) problems.push({ path: '$.nodes', message: 'add at least one sticky note (n8n-nodes-base.stickyNote) that explains the steps' });
  for (const [from, outputs] of Object.entries(workflow.connections)) {
    if (!names.has(from)) problems.push({ path: jsonPath(['connections', from]), message: `connection from "${from}", which is not a node of this workflow` });
    for (const [kind, branches] of Object.entries(outputs)) {
      branches.forEach((targets, branch) =>
        (targets ?? []).forEach((target, i) => {
          if (!names.has(target.node)) problems.push({ path: jsonPath(['connections', from, kind, branch, i, 'node']), message: `connection to "${target.node}", which is not a node of this workflow` });
        }),
      );
    }
  }
  return problems;
}

function credentialReferences(workflow: z.infer<typeof templateSchema>): CredentialReference[] {
  const seen = new Map<string, CredentialReference>();
  for (const node of workflow.nodes) {
    for (const [type, ref] of Object.entries(node.credentials ?? {})) seen.set(`${type}\u0000${ref.name}`, { type, name: ref.name });
  }
  return [...seen.values()].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}

/** Best-effort page fields of a file that failed validation, so the portal can still say which template is broken. */
function partialPage(json: unknown): Partial<TemplatePage> & { name?: string } {
  if (typeof json !== 'object' || json === null) return {};
  const record = json as { name?: unknown; description?: unknown; meta?: { incydrHealth?: { title?: unknown; summary?: unknown }; description?: unknown } };
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const page: Partial<TemplatePage> & { name?: string } = {};
  const name = text(record.name);
  const title = text(record.meta?.incydrHealth?.title);
  const summary = text(record.meta?.incydrHealth?.summary) ?? text(record.meta?.description) ?? text(record.description);
  if (name) page.name = name;
  if (title) page.title = title;
  if (summary) page.summary = summary;
  return page;
}

/** Judges one template file's text. `file` is only used in messages. */
export function checkTemplate(file: string, text: string): TemplateCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, file, page: {}, readable: false, problems: [{ path: '$', message: `This file is not valid JSON. The parser said: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  // Secrets first and always: a file with a token in it is refused even if everything else is wrong too.
  const secrets = findSecrets(json).map((s) => ({ path: s.path, message: s.message }));
  const parsed = templateSchema.safeParse(json, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required, but missing' : undefined),
  });
  const problems = [...secrets, ...(parsed.success ? structuralProblems(parsed.data) : zodProblems(parsed.error))];
  if (!parsed.success || problems.length > 0) return { ok: false, file, problems, page: partialPage(json), readable: secrets.length === 0 };

  const { name, nodes, connections, settings, meta } = parsed.data;
  return {
    ok: true,
    template: {
      file,
      templateId: meta.templateId,
      tag: `${TEMPLATE_TAG_PREFIX}${meta.templateId}`,
      title: meta.incydrHealth.title,
      summary: meta.incydrHealth.summary,
      needs: meta.incydrHealth.needs,
      credentials: credentialReferences(parsed.data),
      workflow: { name, nodes: nodes as Record<string, unknown>[], connections, settings },
    },
  };
}

/** One line per problem, naming the file and the JSON path, for terminals and error pages. */
export function describeProblems(file: string, problems: readonly TemplateProblem[]): string {
  return problems.map((p) => `${file}: ${p.path}: ${p.message}`).join('\n');
}

/** Two files claiming one template id would overwrite each other's workflow in n8n. */
export function duplicateTemplateIds(templates: readonly Template[]): (TemplateProblem & { file: string })[] {
  const byId = new Map<string, string>();
  const problems: (TemplateProblem & { file: string })[] = [];
  for (const t of templates) {
    const other = byId.get(t.templateId);
    if (other) problems.push({ file: t.file, path: '$.meta.templateId', message: `templateId "${t.templateId}" is already used by ${other}; each template needs its own` });
    else byId.set(t.templateId, t.file);
  }
  return problems;
}
