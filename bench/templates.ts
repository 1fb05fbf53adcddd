/**
 * Template figures: validating a large template (pure, repeated), and importing six 30-node templates into a real
 * n8n twice (first run creates, second updates in place) through the same module the CLI and the portal use.
 * One pass of the n8n part: the machine is shared, so repeat the command rather than looping here.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTemplates } from '../scripts/templates/import.js';
import { createN8nApi } from '../scripts/templates/n8n-api.js';
import { checkTemplate, type Template } from '../scripts/templates/template.js';
import { buildNodePackage, startN8n } from '../test/harness/n8n.js';
import { makeTemplate, toText } from '../test/scripts/templates/fixtures.js';

/** The test fixture plus a chain of `extra` Set nodes, so size is the only thing that changes. */
function templateText(templateId: string, extra: number): string {
  const template = makeTemplate({ templateId });
  let previous = 'Mark';
  for (let i = 0; i < extra; i++) {
    const name = `Step ${i + 1}`;
    template.nodes.push({
      id: randomUUID(),
      name,
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [500 + i * 200, 100],
      parameters: { assignments: { assignments: [{ id: randomUUID(), name: `field${i}`, value: `={{ $json.marker + "-${i}" }}`, type: 'string' }] }, options: {} },
    });
    template.connections[previous] = { main: [[{ node: name, type: 'main', index: 0 }]] };
    previous = name;
  }
  return toText(template);
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

export async function run(): Promise<void> {
  const big = templateText('bench-big', 500);
  const rounds = 50;
  const [, validateMs] = await timed(() => {
    for (let i = 0; i < rounds; i++) if (!checkTemplate('big.json', big).ok) throw new Error('bench template must be valid');
  });
  console.log(`validate a 504-node template (${(big.length / 1024).toFixed(0)} KiB): ${(validateMs / rounds).toFixed(1)} ms each (${rounds} rounds)`);

  const templates: Template[] = Array.from({ length: 6 }, (_, i) => {
    const check = checkTemplate(`t${i}.json`, templateText(`bench-${i}`, 26));
    if (!check.ok) throw new Error('bench template must be valid');
    return check.template;
  });
  const buildDir = mkdtempSync(join(tmpdir(), 'bench-templates-pkg-'));
  const n8n = await startN8n({ packages: [buildNodePackage(buildDir)] });
  try {
    const api = createN8nApi({ url: n8n.baseUrl, apiKey: n8n.apiKey });
    const [first, createMs] = await timed(() => importTemplates(api, templates));
    const [second, updateMs] = await timed(() => importTemplates(api, templates));
    const [, dryMs] = await timed(() => importTemplates(api, templates, { dryRun: true }));
    const tally = (outcomes: { action: string }[]) => outcomes.map((o) => o.action).join(',');
    if (!first.every((o) => o.action === 'created') || !second.every((o) => o.action === 'updated')) throw new Error(`unexpected outcomes: ${tally(first)} / ${tally(second)}`);
    console.log(`import 6 × 30-node templates into n8n 2.40.7: create ${createMs.toFixed(0)} ms, update in place ${updateMs.toFixed(0)} ms, dry run ${dryMs.toFixed(0)} ms`);
    console.log(`  per template: create ${(createMs / 6).toFixed(0)} ms, update ${(updateMs / 6).toFixed(0)} ms`);
  } finally {
    await n8n.stop();
    rmSync(buildDir, { recursive: true, force: true });
  }
}
