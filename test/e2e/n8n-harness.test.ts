/**
 * The harness's failure paths: a boot that cannot succeed must say why (with n8n's own words from its log)
 * and leave neither a process nor a temporary folder behind.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildNodePackage, startN8n } from '../harness/n8n.js';

const originalTmpdir = process.env.TMPDIR;
const scratch = mkdtempSync(join(tmpdir(), 'incydr-harness-test-'));
// startN8n makes its folders under os.tmpdir(); pointing TMPDIR here lets the test see what it leaves.
const harnessTmp = join(scratch, 'tmp');
let builtPackage: string;

/** Processes whose environment points into this test's temporary folder (n8n and anything it spawned). */
function processesUsingHarnessTmp(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(harnessTmp);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(() => {
  builtPackage = buildNodePackage(join(scratch, 'package'));
  mkdirSync(harnessTmp);
  process.env.TMPDIR = harnessTmp;
}, 120_000);

afterEach(() => {
  expect(readdirSync(harnessTmp)).toEqual([]);
});

afterAll(() => {
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmpdir;
  rmSync(scratch, { recursive: true, force: true });
});

describe('startN8n failures', () => {
  it('refuses a package that was not built, before starting anything', async () => {
    const unbuilt = join(scratch, 'unbuilt');
    mkdirSync(unbuilt);
    writeFileSync(
      join(unbuilt, 'package.json'),
      JSON.stringify({ name: 'n8n-nodes-unbuilt', version: '0.0.1', n8n: { nodes: ['dist/nodes/X/X.node.js'] } }),
    );
    await expect(startN8n({ packages: [unbuilt] })).rejects.toThrow(
      /n8n-nodes-unbuilt .* is not built \(missing dist\/nodes\/X\/X\.node\.js\); run: npm run build:nodes/,
    );
  });

  describe('when the port is taken', () => {
    let blocker: Server;
    let port: number;
    const probes = new Set<Socket>();
    beforeAll(async () => {
      // Accepts and never answers; the harness's readiness probes land here and must be cut at the end.
      blocker = createServer((socket) => {
        probes.add(socket);
        socket.on('close', () => probes.delete(socket));
      });
      await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
      port = (blocker.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of probes) socket.destroy();
      await new Promise<void>((done) => blocker.close(() => done()));
    });

    it("fails with the tail of n8n's log and stops what it started", async () => {
      const outcome = await startN8n({ packages: [builtPackage], port }).then(
        async (unexpected) => {
          await unexpected.stop();
          return 'n8n booted on a port that was taken';
        },
        (e: unknown) => e,
      );
      expect(outcome).toBeInstanceOf(Error);
      const error = outcome as Error;
      expect(error.message).toMatch(/n8n exited during boot|was not ready/);
      expect(error.message).toContain('--- last lines of the n8n log ---');
      expect(error.message).toMatch(new RegExp(`${port}.*(in use|EADDRINUSE)|(in use|EADDRINUSE).*${port}`, 's'));
      expect(processesUsingHarnessTmp()).toEqual([]);
    }, 180_000);
  });
});
