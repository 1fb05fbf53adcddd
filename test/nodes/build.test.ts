/**
 * The n8n package build: what it ships matches package.json's `n8n` section and is clean by the scanner's
 * standards, and it refuses packages that n8n or the scanner would reject. Each build writes to its own
 * temporary folder, never to nodes/dist, so this file cannot race the e2e tests.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const nodesDir = join(repoRoot, 'nodes');
const buildScript = join(nodesDir, 'build.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'incydr-build-test-'));
// A build loads ESLint and the community rules: seconds on an idle machine, more on a shared one.
const BUILD_TIMEOUT_MS = 120_000;

interface BuildResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runBuild(...args: string[]): Promise<BuildResult> {
  return new Promise((done) => {
    execFile(process.execPath, [buildScript, ...args], { timeout: BUILD_TIMEOUT_MS }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => statSync(join(dir, file)).isFile())
    .map((file) => file.split('\\').join('/'))
    .sort();
}

/** Writes a throwaway package with one node whose source is `nodeSource`, listed as `listed` in package.json. */
function fixturePackage(name: string, nodeFile: string, nodeSource: string, listed: string[]): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'nodes', 'Fixture'), { recursive: true });
  writeFileSync(join(dir, 'nodes', 'Fixture', nodeFile), nodeSource);
  writeFileSync(
    join(dir, 'nodes', 'Fixture', nodeFile.replace(/\.ts$/, '.json')),
    JSON.stringify({ node: `n8n-nodes-${name}.fixture`, nodeVersion: '1.0', codexVersion: '1.0', categories: ['Development'] }),
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `n8n-nodes-${name}`, version: '0.0.1', n8n: { n8nNodesApiVersion: 1, nodes: listed, credentials: [] } }),
  );
  return dir;
}

const minimalNode = (className: string, body = '') => `
export class ${className} {
  description = { displayName: 'Fixture', name: 'fixture', group: ['transform'], version: 1, defaults: { name: 'Fixture' },
    inputs: ['main'], outputs: ['main'], properties: [] };
  async execute() { ${body} return [[]]; }
}
`;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the shipped package', () => {
  const out = join(scratch, 'shipped');
  let result: BuildResult;
  beforeAll(async () => {
    result = await runBuild('--out', out);
  }, BUILD_TIMEOUT_MS);

  it('builds cleanly', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
    expect(result.stdout).toMatch(new RegExp(`^build: ${manifest.n8n.nodes.length} node\\(s\\), ${manifest.n8n.credentials.length} credential\\(s\\)`));
  });

  it('lists in its n8n section exactly the node and credential files it contains', () => {
    const manifest = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as {
      n8n: { nodes: string[]; credentials: string[] };
    };
    const built = filesUnder(join(out, 'dist')).map((file) => `dist/${file}`);
    expect([...manifest.n8n.nodes].sort()).toEqual(built.filter((file) => file.endsWith('.node.js')));
    expect([...manifest.n8n.credentials].sort()).toEqual(built.filter((file) => file.endsWith('.credentials.js')));
    expect(JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'))).toEqual(manifest);
  });

  it('places the codex and both icons beside each node, as the description names them', () => {
    for (const node of filesUnder(join(out, 'dist')).filter((file) => file.endsWith('.node.js'))) {
      const codex = join(out, 'dist', node.replace(/\.js$/, '.json'));
      expect(existsSync(codex), `${codex} exists`).toBe(true);
      const source = readFileSync(join(out, 'dist', node), 'utf8');
      const icons = [...source.matchAll(/"file:([^"]+)"/g)].map((match) => match[1]!);
      expect(icons.length).toBeGreaterThanOrEqual(2);
      for (const icon of icons) expect(existsSync(join(out, 'dist', dirname(node), icon)), icon).toBe(true);
    }
  });

  it('contains no forbidden global and requires nothing but n8n-workflow', () => {
    // An independent check with ESLint's core rule, not the community plugin the build itself uses.
    const linter = new Linter();
    const files = filesUnder(join(out, 'dist')).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const source = readFileSync(join(out, 'dist', file), 'utf8');
      const messages = linter.verify(source, {
        languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' },
        rules: {
          'no-restricted-globals': [
            'error',
            ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'],
            ...['process', 'global', 'globalThis', '__dirname', '__filename'],
          ],
        },
      });
      expect(messages.map((m) => `${file}:${m.line} ${m.message}`)).toEqual([]);
      const required = [...source.matchAll(/\brequire\(\s*(["'`])([^"'`]*)\1\s*\)/g)].map((match) => match[2]);
      // Nodes require n8n-workflow; a credential may require nothing at all.
      expect(required.filter((name) => name !== 'n8n-workflow'), file).toEqual([]);
      expect(source).not.toMatch(/\bimport\(/);
    }
  });
});

describe('packages the build refuses', () => {
  it('a bundle that uses timers, process or a module n8n does not provide', async () => {
    const dir = fixturePackage(
      'forbidden',
      'Fixture.node.ts',
      // The disable comment must not help: the scanner ignores inline configuration, so the build does too.
      `/* eslint-disable */\nimport { readFileSync } from 'node:fs';\n${minimalNode('Fixture', "setTimeout(() => undefined, 1); if (process.env.X) readFileSync('x');")}`,
      ['dist/nodes/Fixture/Fixture.node.js'],
    );
    const result = await runBuild('--package', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Use of restricted global 'setTimeout' is not allowed");
    expect(result.stderr).toContain("Use of restricted global 'process' is not allowed");
    expect(result.stderr).toContain('requires "node:fs"; only n8n-workflow is available inside n8n');
  }, BUILD_TIMEOUT_MS * 2);

  it('a package.json whose n8n section drifted from the built files, with the fix in the message', async () => {
    const dir = fixturePackage('drift', 'Fixture.node.ts', minimalNode('Fixture'), ['dist/nodes/Old/Old.node.js']);
    const result = await runBuild('--package', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('package.json n8n.nodes is ["dist/nodes/Old/Old.node.js"]');
    expect(result.stderr).toContain('--write-manifest');

    const fixed = await runBuild('--package', dir, '--write-manifest');
    expect(fixed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).n8n.nodes).toEqual(['dist/nodes/Fixture/Fixture.node.js']);
  }, BUILD_TIMEOUT_MS * 2);

  it('a node file whose exported class is not named after the file', async () => {
    const dir = fixturePackage('misnamed', 'Fixture.node.ts', minimalNode('SomethingElse'), ['dist/nodes/Fixture/Fixture.node.js']);
    const result = await runBuild('--package', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dist/nodes/Fixture/Fixture.node.js must export a class named Fixture');
  }, BUILD_TIMEOUT_MS * 2);
});
