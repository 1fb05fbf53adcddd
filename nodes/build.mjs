// Builds the n8n community package: one CommonJS file per node and credential under dist/, at the same
// relative path as its source, with @incydr-health/core inlined and n8n-workflow left to n8n's own copy.
// Then it refuses to finish if the result would be rejected or broken once installed:
//   - the `n8n` section of package.json must list exactly the built files (`--write-manifest` rewrites it);
//   - the bundle may only `require('n8n-workflow')`, and must pass the community-package scanner's own
//     ESLint rules (no setTimeout/process/globalThis..., no restricted imports) with inline disables ignored;
//   - each file must export a class named after the file, and each codex must name the node it sits beside.
//
// `--out <dir>` writes an installable copy (<dir>/package.json + <dir>/dist) instead of nodes/dist, so tests
// can build their own copy without racing another build of nodes/dist. `--package <dir>` builds another
// package folder with the same rules (the build's own tests use it on generated bad packages).
import { build } from 'esbuild';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { config as n8nCloudConfig } from '@n8n/node-cli/eslint';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';

function option(name) {
  const index = process.argv.indexOf(name);
  const value = index > 0 ? process.argv[index + 1] : undefined;
  return value && !value.startsWith('--') ? resolve(value) : undefined;
}

const buildScriptDir = dirname(fileURLToPath(import.meta.url));
const packageDir = option('--package') ?? buildScriptDir;
const outDir = option('--out') ?? packageDir;
const distDir = join(outDir, 'dist');
const SOURCE_ROOTS = ['nodes', 'credentials'];
const ALLOWED_REQUIRE = 'n8n-workflow';
const ASSET_PATTERN = /\.(node\.json|svg|png)$/;

const writeManifest = process.argv.includes('--write-manifest');
const problems = [];

function sourceFiles() {
  return SOURCE_ROOTS.filter((root) => existsSync(join(packageDir, root)))
    .flatMap((root) => readdirSync(join(packageDir, root), { recursive: true }).map((file) => join(root, String(file))))
    .map((file) => file.split(sep).join('/'))
    .sort();
}

function builtPath(source) {
  return `dist/${source.replace(/\.ts$/, '.js')}`;
}

function baseName(file) {
  return file.split('/').pop().split('.')[0];
}

function checkManifest(packageJson, expected) {
  const listed = packageJson.n8n ?? {};
  const drift = ['nodes', 'credentials'].filter(
    (key) => JSON.stringify([...(listed[key] ?? [])].sort()) !== JSON.stringify(expected[key]),
  );
  if (drift.length === 0) return;
  if (writeManifest) {
    packageJson.n8n = { ...listed, ...expected };
    writeFileSync(join(packageDir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
    console.log(`build: rewrote the n8n section of package.json (${drift.join(', ')})`);
    return;
  }
  for (const key of drift) {
    problems.push(
      `package.json n8n.${key} is ${JSON.stringify(listed[key] ?? [])} but the build produces ${JSON.stringify(expected[key])}. ` +
        'Run `npm run build -w nodes -- --write-manifest` to update it.',
    );
  }
}

function checkExternalImports(metafile) {
  for (const [output, info] of Object.entries(metafile.outputs)) {
    for (const imported of info.imports) {
      if (imported.external && imported.path !== ALLOWED_REQUIRE) {
        problems.push(`${output} requires "${imported.path}"; only ${ALLOWED_REQUIRE} is available inside n8n.`);
      }
    }
  }
}

// Same rule as the bundle check above, but on the emitted text, so a require() that esbuild did not see
// (e.g. one written by hand inside inlined code) is caught too.
const onlyN8nWorkflowRequire = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return;
        const [argument] = node.arguments;
        if (argument?.type === 'Literal' && argument.value === ALLOWED_REQUIRE) return;
        context.report({ node, message: `Only require("${ALLOWED_REQUIRE}") may remain in the bundle.` });
      },
      ImportExpression(node) {
        context.report({ node, message: 'Dynamic import() must not remain in the bundle.' });
      },
    };
  },
};

async function lintBundle() {
  const communityEntry = n8nCloudConfig.find((entry) => entry.plugins?.['@n8n/community-nodes']);
  if (!communityEntry) throw new Error("@n8n/node-cli's ESLint config no longer contains the community-nodes plugin");
  const eslint = new ESLint({
    cwd: outDir,
    overrideConfigFile: true,
    allowInlineConfig: false,
    overrideConfig: [
      {
        files: ['dist/**/*.js'],
        languageOptions: { parser: tseslint.parser, sourceType: 'commonjs', ecmaVersion: 'latest' },
        plugins: { '@n8n/community-nodes': communityEntry.plugins['@n8n/community-nodes'], bundle: { rules: { 'only-n8n-workflow-require': onlyN8nWorkflowRequire } } },
        rules: { ...communityEntry.rules, 'no-console': 'error', 'bundle/only-n8n-workflow-require': 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(['dist/**/*.js']);
  for (const result of results) {
    for (const message of result.messages) {
      problems.push(`${relative(outDir, result.filePath)}:${message.line}:${message.column} ${message.message} (${message.ruleId ?? 'parse'})`);
    }
  }
}

/**
 * Loads a built file the way n8n does: evaluated with a require that only knows n8n-workflow (here: the
 * workspace's pinned copy), so a stray dependency fails now rather than inside n8n.
 */
function loadBuilt(file) {
  const requirePinned = createRequire(join(buildScriptDir, 'package.json'));
  const requireOnlyN8nWorkflow = (id) => {
    if (id !== ALLOWED_REQUIRE) throw new Error(`${file} requires "${id}", which n8n does not provide`);
    return requirePinned(id);
  };
  const wrapped = runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`,
    { filename: file },
  );
  const module = { exports: {} };
  wrapped(module.exports, requireOnlyN8nWorkflow, module, file, dirname(file));
  return module.exports;
}

function checkLoadable(packageJson, built) {
  for (const file of built) {
    const name = baseName(file);
    let exported;
    try {
      exported = loadBuilt(join(outDir, file))[name];
    } catch (error) {
      problems.push(`${file} does not load: ${error.message}`);
      continue;
    }
    if (typeof exported !== 'function') {
      problems.push(`${file} must export a class named ${name} (n8n looks it up by the file name).`);
      continue;
    }
    if (!file.endsWith('.node.js')) continue;
    const description = new exported().description;
    const codexFile = join(outDir, file.replace(/\.js$/, '.json'));
    if (!existsSync(codexFile)) {
      problems.push(`${file} has no codex ${relative(outDir, codexFile)} beside it.`);
      continue;
    }
    const codexNode = JSON.parse(readFileSync(codexFile, 'utf8')).node;
    const expectedType = `${packageJson.name}.${description.name}`;
    if (codexNode !== expectedType) problems.push(`${relative(outDir, codexFile)} says node "${codexNode}", expected "${expectedType}".`);
  }
}

async function main() {
  const started = Date.now();
  const packageJson = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const sources = sourceFiles();
  const entries = sources.filter((file) => /\.(node|credentials)\.ts$/.test(file));
  const nodes = entries.filter((file) => file.endsWith('.node.ts')).map(builtPath);
  const credentials = entries.filter((file) => file.endsWith('.credentials.ts')).map(builtPath);
  if (nodes.length === 0) problems.push('No nodes/**/<Name>.node.ts found: the package would be empty.');
  checkManifest(packageJson, { nodes, credentials });

  rmSync(distDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: entries,
    outdir: distDir,
    outbase: packageDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: [ALLOWED_REQUIRE],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const asset of sources.filter((file) => ASSET_PATTERN.test(file))) {
    const target = join(distDir, asset);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(packageDir, asset), target);
  }

  if (outDir !== packageDir) writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);

  checkExternalImports(result.metafile);
  await lintBundle();
  checkLoadable(packageJson, [...nodes, ...credentials]);

  if (problems.length > 0) {
    console.error(`build: ${problems.length} problem(s) in the n8n package:\n  - ${problems.join('\n  - ')}`);
    process.exitCode = 1;
    return;
  }
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(
    `build: ${nodes.length} node(s), ${credentials.length} credential(s), ${(bytes / 1024).toFixed(1)} KiB of JS ` +
      `in ${outDir} in ${Date.now() - started} ms`,
  );
}

await main();
