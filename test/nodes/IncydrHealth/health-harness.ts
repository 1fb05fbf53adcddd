/**
 * The boundary of the Incydr Health node's tests: n8n's execution context, reduced to what the node uses. Its HTTP
 * helper is the Incydr node tests' credential stand-in (preAuthentication, bearer, one refresh after a 401) sending
 * real requests to a sandbox; a hook sees each request before it leaves, so a test can arm the sandbox's fault
 * injector for exactly that request.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { IncydrHealth } from '../../../nodes/nodes/IncydrHealth/IncydrHealth.node.js';
import { DEMO_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../../sandbox/incydr/server.js';
import type { World } from '../../../sandbox/incydr/world-types.js';
import { personaAsHrPerson } from '../../../sandbox/world.js';
import { createIncydrClient } from '@incydr-health/core/incydr/index';
import { credentialHttp, type CredentialData, type RequestOptions } from '../Incydr/fake-n8n.js';

export type IExecuteFunctions = ThisParameterType<NonNullable<IncydrHealth['execute']>>;
export type INodeExecutionData = Awaited<ReturnType<NonNullable<IncydrHealth['execute']>>>[number][number];
export type IDataObject = INodeExecutionData['json'];
type INode = ReturnType<IExecuteFunctions['getNode']>;

export const NOW = '2026-11-25T12:00:00.000Z';

export const healthNode: INode = {
  id: 'incydr-health-under-test',
  name: 'Incydr Health',
  type: 'n8n-nodes-incydr-health.incydrHealth',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

export interface RunOptions {
  parameters: Record<string, unknown>;
  items?: IDataObject[];
  credential?: CredentialData;
  continueOnFail?: boolean;
  beforeRequest?: (request: { method: string; path: string }) => void;
}

export interface RunResult {
  output: INodeExecutionData[];
  /** Every request sent to Incydr, as `METHOD path?query`. */
  requests: string[];
}

/** Runs the node once with n8n-like parameter lookup: a missing parameter takes the node's own fallback. */
export async function runHealthNode(options: RunOptions): Promise<RunResult> {
  const credential = options.credential;
  const http = credential ? credentialHttp(credential) : null;
  const items = options.items ?? [{}];
  const context = {
    getInputData: () => items.map((json): INodeExecutionData => ({ json })),
    getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
      const value = options.parameters[name];
      if (value === undefined) {
        if (fallback === undefined) throw new Error(`test did not set parameter ${name}`);
        return fallback;
      }
      return value;
    },
    getNode: () => healthNode,
    getCredentials: async (type: string) => {
      if (type !== 'incydrApi' || !credential) throw new Error(`no ${type} credential in this test`);
      return { ...credential };
    },
    continueOnFail: () => options.continueOnFail ?? false,
    helpers: {
      httpRequestWithAuthentication: async (type: string, request: RequestOptions) => {
        if (!http) throw new Error('the node sent a request in a test without a credential');
        const url = new URL(request.url);
        options.beforeRequest?.({ method: request.method ?? 'GET', path: url.pathname });
        return http.httpRequestWithAuthentication(type, request);
      },
      prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({
        data: data.toString('base64'),
        fileName,
        mimeType,
        fileSize: String(data.length),
      }),
    },
  };
  const [output] = await new IncydrHealth().execute.call(context as unknown as IExecuteFunctions);
  return { output: output!, requests: http?.log.requests ?? [] };
}

/** Runs expecting the node to refuse, and returns the error, so a run that wrongly succeeds fails the test. */
export async function refusal(options: RunOptions): Promise<unknown> {
  const outcome = await runHealthNode(options).then(
    () => 'succeeded' as const,
    (error: unknown) => ({ error }),
  );
  if (outcome === 'succeeded') throw new Error('expected the node to refuse');
  return outcome.error;
}

export function expectNodeOperationError(error: unknown, message: RegExp) {
  expect(error).toHaveProperty('name', 'NodeOperationError');
  expect(error).toHaveProperty('node', healthNode);
  expect((error as Error).message).toMatch(message);
  expect(JSON.stringify(error)).not.toContain(DEMO_API_CLIENT.clientSecret);
}

/** What an HR Directory node would emit for the world: one normalized Person per HR record. */
export function hrPeopleOf(world: World): IDataObject[] {
  return world.personas.filter((p) => p.inHr).map((p) => personaAsHrPerson(p) as unknown as IDataObject);
}

export const jsons = (output: INodeExecutionData[]) => output.map((item) => item.json);

export function subjectsWith(findings: IDataObject[], code: string): string[] {
  return [...new Set(findings.filter((f) => (f.reasonCodes as string[]).includes(code)).map((f) => (f.subject as IDataObject).id as string))].sort();
}

/** One sandbox per test file over real HTTP, with its clock standing still at NOW. */
export function useHealthSandbox(seed: number, users: number) {
  const world = generateWorld({ seed, users, now: NOW });
  const state: { sandbox?: Awaited<ReturnType<typeof startIncydrSandbox>> } = {};
  beforeAll(async () => {
    state.sandbox = await startIncydrSandbox({ world, port: 0, clock: { now: () => Date.parse(NOW) } });
  });
  afterAll(async () => {
    await state.sandbox?.close();
  });
  const sandbox = () => state.sandbox!;
  return {
    world,
    sandbox,
    /** A fresh credential (no session token yet) for the demo API client. */
    credential: (): CredentialData => ({
      region: 'custom',
      baseUrl: sandbox().url,
      clientId: DEMO_API_CLIENT.clientId,
      clientSecret: DEMO_API_CLIENT.clientSecret,
    }),
    /** The tenant's own API, for arranging changes the way another admin would make them. */
    admin: () => createIncydrClient({ baseUrl: sandbox().url, clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret }),
  };
}
