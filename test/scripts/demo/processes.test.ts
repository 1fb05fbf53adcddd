import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../harness/n8n.js';
import { ChildProcesses } from '../../../scripts/demo/processes.js';

const node = process.execPath;

describe('ChildProcesses', () => {
  it('relays each output line with the child\'s name, lets a line be awaited, and keeps quiet lines out of the relay', async () => {
    const relayed: string[] = [];
    const children = new ChildProcesses((line) => relayed.push(line));
    const child = children.start('echo', node, ['-e', 'console.log("one"); console.log("noise"); console.error("two"); setTimeout(() => console.log("ready now"), 50)'], {
      cwd: process.cwd(),
      env: process.env,
      quiet: (line) => line === 'noise',
    });
    expect(await child.waitForLine(/ready/, 10_000)).toBe('ready now');
    expect(await child.exited).toBe(0);
    expect(relayed.sort()).toEqual(['[echo] one', '[echo] ready now', '[echo] two']);
  });

  it('fails a wait with the child\'s exit when the line never comes', async () => {
    const children = new ChildProcesses(() => undefined);
    const child = children.start('quitter', node, ['-e', 'process.exit(3)'], { cwd: process.cwd(), env: process.env });
    await expect(child.waitForLine(/never/, 10_000)).rejects.toThrow('quitter exited (code 3) before printing /never/');
  });

  it('stops every child it started, also one that ignores SIGTERM', async () => {
    const children = new ChildProcesses(() => undefined);
    const polite = children.start('polite', node, ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], { cwd: process.cwd(), env: process.env });
    const stubborn = children.start('stubborn', node, ['-e', 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)'], { cwd: process.cwd(), env: process.env });
    await Promise.all([polite.waitForLine(/up/, 10_000), stubborn.waitForLine(/up/, 10_000)]);
    expect(children.running()).toHaveLength(2);
    await children.stopAll(300);
    expect(children.running()).toEqual([]);
    expect([polite.process.pid!, stubborn.process.pid!].filter(isProcessAlive)).toEqual([]);
  });
});
