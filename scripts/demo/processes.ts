/**
 * The demo's child processes: each one's output is relayed line by line with a `[name] ` prefix, lines can be
 * awaited, and `stopAll()` ends exactly the processes started here (SIGTERM, then SIGKILL if one hangs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** Resolves with the first output line matching `pattern`; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Output lines not to relay (e.g. noisy JSON logs); they can still be awaited. */
  quiet?: (line: string) => boolean;
}

export class ChildProcesses {
  private readonly children: ManagedChild[] = [];

  constructor(private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  start(name: string, command: string, args: string[], options: SpawnOptions): ManagedChild {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = new EventEmitter();
    const relay = (stream: NodeJS.ReadableStream) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        const complete = pending.split('\n');
        pending = complete.pop() ?? '';
        for (const line of complete) {
          if (!options.quiet?.(line)) this.out(`[${name}] ${line}`);
          lines.emit('line', line);
        }
      });
    };
    relay(child.stdout!);
    relay(child.stderr!);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const managed: ManagedChild = {
      name,
      process: child,
      exited,
      waitForLine: (pattern, timeoutMs) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => finish(new Error(`${name}: no line matching ${pattern} within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
          const onLine = (line: string) => {
            if (pattern.test(line)) finish(null, line);
          };
          const onExit = (code: number | null, signal: string | null) => finish(new Error(`${name} exited (${signal ?? `code ${code}`}) before printing ${pattern}`));
          const finish = (error: Error | null, line?: string) => {
            clearTimeout(timer);
            lines.off('line', onLine);
            child.off('exit', onExit);
            if (error) reject(error);
            else resolve(line!);
          };
          lines.on('line', onLine);
          child.once('exit', onExit);
        }),
    };
    this.children.push(managed);
    return managed;
  }

  /** Every child still running, for crash detection. */
  running(): ManagedChild[] {
    return this.children.filter((c) => c.process.exitCode === null && c.process.signalCode === null);
  }

  async stopAll(graceMs = 15_000): Promise<void> {
    await Promise.all(
      this.running().map(async (child) => {
        child.process.kill('SIGTERM');
        const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
        await child.exited;
        clearTimeout(timer);
      }),
    );
  }
}
