/**
 * `npm run bench -- <name...>` runs bench/<name>.ts; with no name, every benchmark in this folder.
 * Each benchmark module exports `run(): Promise<void>` and prints its own figures.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
for (const name of asked.length > 0 ? asked : available) {
  console.log(`\n== bench ${name}`);
  const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { run: () => Promise<void> };
  await mod.run();
}
