/**
 * `npm run templates:import -- [options]`: imports every template in `workflows/` into a running n8n through its
 * public API. Idempotent: a template already imported (found by its `tpl:<id>` tag) is updated in place.
 * `--sandbox` also creates or updates the credentials the templates name, pointing at the local sandboxes.
 * Exit codes: 0 all good, 1 something failed (each failure is printed), 2 bad usage or n8n unusable.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { SandboxEndpoints } from './templates/credentials.js';
import { importTemplateFolder, selectTemplates, TemplateSelectionError } from './templates/import-folder.js';
import { createN8nApi, N8nApiError } from './templates/n8n-api.js';
import { describeProblems } from './templates/template.js';

const USAGE = `Usage: npm run templates:import -- [options]

  --url <url>              n8n base URL (env N8N_URL; default http://127.0.0.1:5678)
  --api-key <key>          n8n public-API key (env N8N_API_KEY; prefer the env var: arguments show in ps)
  --dir <folder>           template folder (default workflows)
  --only <id,...>          import only these template ids
  --dry-run                say what would be created or updated, change nothing
  --sandbox                also create/update the credentials the templates name, pointing at the sandboxes:
    --incydr-url <url>       Incydr sandbox (env SANDBOX_INCYDR_URL); INCYDR_CLIENT_ID, INCYDR_CLIENT_SECRET from env
    --bamboohr-url <url>     BambooHR sandbox (env SANDBOX_BAMBOOHR_URL); BAMBOOHR_COMPANY_DOMAIN, BAMBOOHR_API_KEY from env
    --workday-report-url <u> Workday RaaS report (env SANDBOX_WORKDAY_REPORT_URL); WORKDAY_USER, WORKDAY_PASSWORD from env
    --scim-url <url>         SCIM sandbox (env SANDBOX_SCIM_URL); SCIM_TOKEN from env
    --portal-url <url>       the portal (env SANDBOX_PORTAL_URL); PORTAL_API_TOKEN from env
                             "Portal resume secret" (Header Auth): PORTAL_N8N_RESUME_SECRET (+ PORTAL_N8N_RESUME_HEADER) from env
  --help                   show this text`;

const url = (name: string) => z.url({ protocol: /^https?$/, message: `${name} must be an http(s) URL` });

const optionsSchema = z.object({
  url: url('--url / N8N_URL').default('http://127.0.0.1:5678'),
  apiKey: z.string({ message: 'give the n8n API key with N8N_API_KEY (or --api-key)' }).trim().min(1, 'the n8n API key is empty'),
  dir: z.string().min(1).default('workflows'),
  only: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined)),
  dryRun: z.boolean().default(false),
  sandbox: z.boolean().default(false),
  incydrUrl: url('--incydr-url').optional(),
  bambooHrUrl: url('--bamboohr-url').optional(),
  workdayReportUrl: url('--workday-report-url').optional(),
  scimUrl: url('--scim-url').optional(),
  portalUrl: url('--portal-url').optional(),
});

class UsageError extends Error {}

function readOptions(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      dir: { type: 'string' },
      only: { type: 'string' },
      'dry-run': { type: 'boolean' },
      sandbox: { type: 'boolean' },
      'incydr-url': { type: 'string' },
      'bamboohr-url': { type: 'string' },
      'workday-report-url': { type: 'string' },
      'scim-url': { type: 'string' },
      'portal-url': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help' as const;
  const parsed = optionsSchema.safeParse({
    url: values.url ?? (env.N8N_URL || undefined),
    apiKey: values['api-key'] ?? env.N8N_API_KEY,
    dir: values.dir,
    only: values.only,
    dryRun: values['dry-run'],
    sandbox: values.sandbox,
    incydrUrl: values['incydr-url'] ?? (env.SANDBOX_INCYDR_URL || undefined),
    bambooHrUrl: values['bamboohr-url'] ?? (env.SANDBOX_BAMBOOHR_URL || undefined),
    workdayReportUrl: values['workday-report-url'] ?? (env.SANDBOX_WORKDAY_REPORT_URL || undefined),
    scimUrl: values['scim-url'] ?? (env.SANDBOX_SCIM_URL || undefined),
    portalUrl: values['portal-url'] ?? (env.SANDBOX_PORTAL_URL || undefined),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

function line(prefix: string, outcome: { action: string; message: string }): string {
  return `  ${outcome.action.padEnd(12)} ${prefix}  ${outcome.message}`;
}

async function main(): Promise<number> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  // Files are judged before n8n is contacted, so a broken template is reported even when n8n is down.
  let selection: Awaited<ReturnType<typeof selectTemplates>>;
  try {
    selection = await selectTemplates({ dir: options.dir, only: options.only });
  } catch (error) {
    if (!(error instanceof TemplateSelectionError)) throw error;
    console.error(error.message);
    return 2;
  }
  for (const { file, problems } of selection.refused) console.error(`Refusing ${file}:\n${describeProblems(file, problems).replace(/^/gm, '  ')}`);
  if (selection.templates.length === 0) {
    console.error(`No importable templates in ${resolve(options.dir)}.`);
    return selection.refused.length > 0 ? 1 : 2;
  }

  let api;
  try {
    api = createN8nApi({ url: options.url, apiKey: options.apiKey });
    await api.check();
  } catch (error) {
    if (!(error instanceof N8nApiError)) throw error;
    console.error(error.message);
    return 2;
  }
  console.log(`${options.dryRun ? 'Would import' : 'Importing'} ${selection.templates.length} template(s) into ${api.baseUrl}${options.dryRun ? ' (dry run: nothing changes)' : ''}`);

  const sandbox: SandboxEndpoints | undefined = options.sandbox
    ? {
        incydrUrl: options.incydrUrl,
        incydrClientId: process.env.INCYDR_CLIENT_ID,
        incydrClientSecret: process.env.INCYDR_CLIENT_SECRET,
        bambooHrUrl: options.bambooHrUrl,
        bambooHrCompanyDomain: process.env.BAMBOOHR_COMPANY_DOMAIN,
        bambooHrApiKey: process.env.BAMBOOHR_API_KEY,
        workdayReportUrl: options.workdayReportUrl,
        workdayUser: process.env.WORKDAY_USER,
        workdayPassword: process.env.WORKDAY_PASSWORD,
        scimUrl: options.scimUrl,
        scimToken: process.env.SCIM_TOKEN,
        portalUrl: options.portalUrl,
        portalToken: process.env.PORTAL_API_TOKEN,
        portalResumeSecret: process.env.PORTAL_N8N_RESUME_SECRET,
        portalResumeHeader: process.env.PORTAL_N8N_RESUME_HEADER,
      }
    : undefined;
  const report = await importTemplateFolder(api, { dir: options.dir, only: options.only, dryRun: options.dryRun, sandbox });
  if (options.sandbox) {
    console.log('Credentials:');
    for (const o of report.credentials) console.log(line(`"${o.name}" (${o.type})`, o));
  }
  console.log('Templates:');
  for (const o of report.templates) console.log(line(`${o.templateId} (${o.file})`, o));
  const failed = report.refused.length + report.credentials.filter((o) => o.action === 'failed').length + report.templates.filter((o) => o.action === 'failed').length;
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
