/** One sandbox per test file, served over real HTTP, with the node run through fake-n8n's context. */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { DEMO_API_CLIENT, generateWorld } from '../../../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../../../sandbox/incydr/server.js';
import { runNode, testNode, type CredentialData, type IDataObject } from '../fake-n8n.js';

export const NOW = '2026-11-25T12:00:00.000Z';

export function useSandbox(seed = 11) {
  const world = generateWorld({ seed, users: 40, now: NOW });
  const state: { sandbox?: Awaited<ReturnType<typeof startIncydrSandbox>>; credential?: CredentialData; offsetMs: number } = { offsetMs: 0 };
  const demoCredential = (): CredentialData => ({
    region: 'custom',
    baseUrl: `${state.sandbox!.url}/`,
    clientId: DEMO_API_CLIENT.clientId,
    clientSecret: DEMO_API_CLIENT.clientSecret,
  });

  beforeAll(async () => {
    // The sandbox's time stands still unless a test moves it, so timestamps of changes made in a test are known.
    state.sandbox = await startIncydrSandbox({ world, port: 0, clock: { now: () => Date.parse(NOW) + state.offsetMs } });
    state.credential = demoCredential();
  });
  afterAll(async () => {
    await state.sandbox?.close();
  });
  beforeEach(() => {
    state.credential = demoCredential();
  });

  const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean; credential?: CredentialData } = {}) =>
    runNode({ parameters, credential: extra.credential ?? state.credential!, items: extra.items, continueOnFail: extra.continueOnFail });

  /** Runs expecting a failure and returns it, so a run that wrongly succeeds fails the test. */
  const fail = async (parameters: Record<string, unknown>, extra: Parameters<typeof run>[1] = {}): Promise<unknown> => {
    const outcome = await run(parameters, extra).then(
      () => 'succeeded',
      (error: unknown) => ({ error }),
    );
    if (typeof outcome === 'string') throw new Error(`expected ${JSON.stringify(parameters)} to fail`);
    return outcome.error;
  };

  return {
    world,
    run,
    fail,
    /** A fresh credential (no session token yet) for another API client of the sandbox. */
    credentialFor: (client: { clientId: string; clientSecret: string }): CredentialData => ({ ...demoCredential(), ...client }),
    advanceClock: (ms: number) => {
      state.offsetMs += ms;
    },
  };
}

export function expectNodeError(error: unknown, name: 'NodeApiError' | 'NodeOperationError', message: RegExp) {
  expect(error).toHaveProperty('name', name);
  expect(error).toHaveProperty('node', testNode);
  expect((error as Error).message).toMatch(message);
  expect(JSON.stringify(error)).not.toContain(DEMO_API_CLIENT.clientSecret);
}

export const field = (output: Array<{ json: IDataObject }>, key: string) => output.map((item) => item.json[key]);
