/** Reads every template file of a folder and judges each one (see template.ts). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkTemplate, duplicateTemplateIds, type TemplateCheck } from './template.js';

/** Plain file names only: a name from a request is matched against this listing, never joined into a path. */
export const TEMPLATE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.json$/;

export interface TemplateFolder {
  /** In file-name order; a missing folder reads as empty. */
  checks: TemplateCheck[];
}

export async function readTemplateFolder(dir: string): Promise<TemplateFolder> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => TEMPLATE_FILE_NAME.test(f)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { checks: [] };
    throw error;
  }
  const checks: TemplateCheck[] = [];
  for (const file of files) checks.push(checkTemplate(file, await readFile(join(dir, file), 'utf8')));
  // A second file claiming an id already taken is refused; the first keeps it.
  const valid = checks.flatMap((c) => (c.ok ? [c.template] : []));
  const clashes = duplicateTemplateIds(valid);
  return {
    checks: checks.map((c) => {
      if (!c.ok) return c;
      const clash = clashes.find((p) => p.file === c.template.file);
      return clash ? { ok: false, file: c.template.file, problems: [{ path: clash.path, message: clash.message }], readable: true, page: { name: c.template.workflow.name, title: c.template.title, summary: c.template.summary } } : c;
    }),
  };
}

/** The raw text of a listed template file, for downloads. */
export function readTemplateText(dir: string, file: string): Promise<string> {
  if (!TEMPLATE_FILE_NAME.test(file)) throw new Error(`"${file}" is not a template file name`);
  return readFile(join(dir, file), 'utf8');
}
