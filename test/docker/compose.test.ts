/**
 * docker-compose.yml validated without a Docker engine: dclint checks it against the compose-spec JSON schema it
 * ships (and its safety rules), a generated broken file proves that check bites, and our own rules are read from
 * the parsed YAML: every service healthchecked, profiles as documented, no literal secrets, loopback-only ports,
 * every variable documented in .env.example. The n8n image's package installer is run against a temp folder.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'compose-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
}
const compose = parse(composeText, { merge: true }) as { name: string; services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const dclint = (file: string) => run(join(root, 'node_modules', '.bin', 'dclint'), ['-c', join(root, 'docker', 'dclint.yaml'), file, '-f', 'json']);

describe('docker-compose.yml (offline validation)', () => {
  it('passes dclint: the compose-spec schema and its safety rules', async () => {
    const result = await dclint(join(root, 'docker-compose.yml'));
    const report = JSON.parse(result.stdout) as { messages: { rule: string; message: string }[] }[];
    expect(report.flatMap((f) => f.messages)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('dclint does catch a file that breaks the schema (so the check above means something)', async () => {
    const broken = join(scratch, 'docker-compose.yml');
    writeFileSync(broken, composeText.replace('    restart: unless-stopped\n', '    restart: unless-stopped\n    restart_policy_typo: always\n'));
    const result = await dclint(broken);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('invalid-schema');
    expect(result.stdout).toContain('must NOT have additional properties');
  });

  it('has the services and profiles the README promises', () => {
    const profiles = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.profiles ?? []]));
    expect(profiles).toEqual({ n8n: [], portal: [], sandbox: ['demo'], postgres: ['scale'], redis: ['scale'], 'n8n-worker': ['scale'], libsql: ['scale'] });
    expect(services.libsql!.image).toMatch(/^ghcr\.io\/tursodatabase\/libsql-server:/);
    expect(services.sandbox!.command!.slice(0, 2)).toEqual(['node_modules/.bin/tsx', 'sandbox/cli.ts']);
  });

  it('gives every service a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test?.length ?? 0, `${name} has no healthcheck`).toBeGreaterThan(1);
    }
  });

  it('keeps secrets out: secret-looking settings are variable references, and the essential ones are required', () => {
    const secretName = /(KEY|SECRET|PASSWORD|TOKEN)$/;
    const reference = /^\$\{[A-Z0-9_]+(:[-?][^}]*)?\}$/;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (secretName.test(key)) expect(value, `${name}.${key} must come from the environment`).toMatch(reference);
      }
    }
    expect(services.n8n!.environment!.N8N_ENCRYPTION_KEY).toMatch(/^\$\{N8N_ENCRYPTION_KEY:\?/);
    expect(services.portal!.environment!.PORTAL_SECRET).toMatch(/^\$\{PORTAL_SECRET:\?/);
  });

  it('publishes ports on the loopback interface only', () => {
    const ports = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('runs the worker with exactly the main n8n’s settings, plus its health endpoint', () => {
    const { QUEUE_HEALTH_CHECK_ACTIVE, ...workerEnv } = services['n8n-worker']!.environment!;
    expect(QUEUE_HEALTH_CHECK_ACTIVE).toBe('true');
    expect(workerEnv).toEqual(services.n8n!.environment);
    expect(services['n8n-worker']!.command).toEqual(['worker']);
    expect(services['n8n-worker']!.build).toEqual(services.n8n!.build);
  });

  it('keeps the portal’s SQLite file and n8n’s folder on named volumes', () => {
    expect(services.portal!.volumes).toContain('portal-data:/data');
    expect(services.n8n!.volumes).toContain('n8n-data:/home/node/.n8n');
    for (const volume of Object.values(services).flatMap((s) => s.volumes ?? [])) expect(Object.keys(compose.volumes)).toContain(volume.split(':')[0]);
  });

  it('documents every variable it reads in .env.example', () => {
    const documented = readFileSync(join(root, '.env.example'), 'utf8');
    const used = new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!));
    for (const variable of used) expect(documented, `${variable} is not in .env.example`).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
  });
});

describe('the n8n image', () => {
  const dockerfile = readFileSync(join(root, 'docker', 'n8n', 'Dockerfile'), 'utf8');

  it('builds on the official image at the version the tests run, with our package installed by the entrypoint', () => {
    const runtime = JSON.parse(readFileSync(join(root, 'n8n-runtime', 'package.json'), 'utf8')) as { dependencies: { n8n: string } };
    expect(dockerfile).toContain(`ARG N8N_VERSION=${runtime.dependencies.n8n}`);
    expect(dockerfile).toMatch(/^FROM docker\.n8n\.io\/n8nio\/n8n:\$\{N8N_VERSION\}$/m);
    expect(dockerfile).toContain('node nodes/build.mjs --out /out');
    expect(dockerfile).toContain('node /opt/incydr-health/install-package.mjs && exec /docker-entrypoint.sh');
  });

  it('install-package.mjs puts the package into ~/.n8n/nodes on every start, keeping other community packages', async () => {
    const source = join(scratch, 'package');
    mkdirSync(join(source, 'dist', 'nodes'), { recursive: true });
    writeFileSync(join(source, 'package.json'), JSON.stringify({ name: 'n8n-nodes-incydr-health', version: '9.9.9' }));
    writeFileSync(join(source, 'dist', 'nodes', 'New.node.js'), 'module.exports = {};');
    const home = join(scratch, 'home');
    const installed = join(home, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-incydr-health');
    mkdirSync(join(installed, 'dist'), { recursive: true });
    writeFileSync(join(installed, 'dist', 'Old.node.js'), 'stale');
    writeFileSync(join(home, '.n8n', 'nodes', 'package.json'), JSON.stringify({ name: 'installed-nodes', dependencies: { 'n8n-nodes-other': '1.0.0' } }));

    const result = await run(process.execPath, [join(root, 'docker', 'n8n', 'install-package.mjs')], { INCYDR_PACKAGE_SOURCE: source, N8N_USER_FOLDER: home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(installed, 'dist', 'nodes', 'New.node.js'), 'utf8')).toBe('module.exports = {};');
    expect(() => readFileSync(join(installed, 'dist', 'Old.node.js'))).toThrow();
    expect(JSON.parse(readFileSync(join(home, '.n8n', 'nodes', 'package.json'), 'utf8')).dependencies).toEqual({ 'n8n-nodes-other': '1.0.0', 'n8n-nodes-incydr-health': '9.9.9' });
  });
});
