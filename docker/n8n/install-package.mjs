// Runs before n8n on every container start: puts the image's copy of n8n-nodes-incydr-health into
// ~/.n8n/nodes/node_modules (where n8n loads installed community packages at boot) and lists it in
// ~/.n8n/nodes/package.json, keeping any other community packages an admin installed there.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// INCYDR_PACKAGE_SOURCE only exists so the script can be tested outside the image.
const source = process.env.INCYDR_PACKAGE_SOURCE ?? '/opt/incydr-health/n8n-nodes-incydr-health';
const nodesDir = join(process.env.N8N_USER_FOLDER ?? '/home/node', '.n8n', 'nodes');
const { name, version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
const target = join(nodesDir, 'node_modules', name);

mkdirSync(join(nodesDir, 'node_modules'), { recursive: true });
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });

const manifestPath = join(nodesDir, 'package.json');
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { name: 'installed-nodes', private: true };
manifest.dependencies = { ...(manifest.dependencies ?? {}), [name]: version };
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Installed ${name}@${version} into ${nodesDir}`);
