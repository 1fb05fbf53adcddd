/**
 * The boundary of the HR Directory unit tests: a small stand-in for n8n's execution context. Its authenticated HTTP
 * helper does what n8n's does for our credentials (evaluate the credential's `authenticate` templates against the
 * stored values and apply them) and then performs real requests, so the node talks to the real HR sandboxes.
 */
import { IncydrHealthBambooHrApi } from '../../../nodes/credentials/IncydrHealthBambooHrApi.credentials.js';
import { IncydrHealthScimApi } from '../../../nodes/credentials/IncydrHealthScimApi.credentials.js';
import { IncydrHealthWorkdayApi } from '../../../nodes/credentials/IncydrHealthWorkdayApi.credentials.js';
import { HrDirectory } from '../../../nodes/nodes/HrDirectory/HrDirectory.node.js';

export type IExecuteFunctions = ThisParameterType<NonNullable<HrDirectory['execute']>>;
export type INodeExecutionData = Awaited<ReturnType<NonNullable<HrDirectory['execute']>>>[number][number];
type INode = ReturnType<IExecuteFunctions['getNode']>;

export type CredentialData = Record<string, string>;

const CREDENTIAL_TYPES = {
  incydrHealthBambooHrApi: new IncydrHealthBambooHrApi(),
  incydrHealthWorkdayApi: new IncydrHealthWorkdayApi(),
  incydrHealthScimApi: new IncydrHealthScimApi(),
};
export type CredentialTypeName = keyof typeof CREDENTIAL_TYPES;

export const testNode: INode = {
  id: 'hr-directory-under-test',
  name: 'HR Directory',
  type: 'n8n-nodes-incydr-health.hrDirectory',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

/**
 * Evaluates an n8n parameter template the way n8n does for credential fields: a value starting with `=` has its
 * `{{ … }}` parts evaluated as JavaScript with `$credentials` in scope; a value that is one expression keeps its type.
 */
export function resolveTemplate(template: unknown, credentials: CredentialData): unknown {
  if (typeof template !== 'string' || !template.startsWith('=')) {
    if (template && typeof template === 'object' && !Array.isArray(template)) {
      return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, resolveTemplate(value, credentials)]));
    }
    return template;
  }
  const text = template.slice(1);
  // A test-only stand-in for n8n's expression engine.
  const evaluate = (expression: string): unknown =>
    new Function('$credentials', `return (${expression});`)(credentials);
  const whole = /^\{\{([\s\S]*)\}\}$/.exec(text.trim());
  if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!);
  return text.replace(/\{\{([\s\S]*?)\}\}/g, (_, expression: string) => String(evaluate(expression)));
}

/** The credential's `authenticate` applied to a header set, as n8n's generic authentication does. */
export function authenticatedHeaders(type: CredentialTypeName, data: CredentialData, headers: Record<string, string>): Record<string, string> {
  const { properties } = CREDENTIAL_TYPES[type].authenticate;
  const out = { ...headers };
  const extra = resolveTemplate(properties.headers ?? {}, data) as Record<string, string>;
  Object.assign(out, extra);
  if (properties.auth) {
    const auth = resolveTemplate(properties.auth, data) as { username: string; password: string };
    out.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }
  return out;
}

/**
 * Sends a credential's `test` request as n8n's credential tester does: templates resolved against the stored values,
 * `authenticate` applied, then one real request. Returns the status and body the tester would judge.
 */
export async function runCredentialTest(type: CredentialTypeName, data: CredentialData): Promise<{ url: string; status: number; body: string }> {
  const request = resolveTemplate(CREDENTIAL_TYPES[type].test.request, data) as {
    baseURL?: string;
    url: string;
    method?: string;
    qs?: Record<string, string | number>;
    headers?: Record<string, string>;
    body?: unknown;
  };
  const url = new URL(`${request.baseURL ?? ''}${request.url}`);
  for (const [name, value] of Object.entries(request.qs ?? {})) url.searchParams.set(name, String(value));
  const headers = authenticatedHeaders(type, data, request.headers ?? {});
  const response = await fetch(url, {
    method: request.method ?? 'GET',
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  return { url: url.toString(), status: response.status, body: await response.text() };
}

export interface HttpLog {
  /** Every request the node sent, as `METHOD path?query`, and the credential type it asked for. */
  requests: Array<{ line: string; credentialType: string; authorization: string | undefined }>;
}

interface HelperOptions {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

function credentialHttp(credentials: Partial<Record<CredentialTypeName, CredentialData>>) {
  const log: HttpLog = { requests: [] };
  async function httpRequestWithAuthentication(credentialType: string, options: HelperOptions) {
    const data = credentials[credentialType as CredentialTypeName];
    if (!data) throw new Error(`the test gave no ${credentialType} credential`);
    const headers = authenticatedHeaders(credentialType as CredentialTypeName, data, options.headers ?? {});
    const url = new URL(options.url);
    log.requests.push({ line: `${options.method ?? 'GET'} ${url.pathname}${url.search}`, credentialType, authorization: headers.Authorization });
    let response: Response;
    try {
      response = await fetch(options.url, { method: options.method ?? 'GET', headers, body: options.body });
    } catch (error) {
      // n8n's helper fails like axios does: the network code (ECONNREFUSED...) sits on the error itself.
      const code = ((error as { cause?: { code?: string } }).cause?.code) ?? 'ECONNRESET';
      throw Object.assign(new Error(`connect ${code} ${url.host}`), { code });
    }
    return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  }
  return { log, httpRequestWithAuthentication };
}

type ParameterValue = unknown | ((itemIndex: number) => unknown);

export interface FakeContextOptions {
  items?: INodeExecutionData[];
  parameters: Record<string, ParameterValue>;
  credentials?: Partial<Record<CredentialTypeName, CredentialData>>;
  continueOnFail?: boolean;
  timeZone?: string;
}

/** A binary property as n8n keeps it in memory: base64 data plus metadata. */
export function binaryFile(text: string, fileName = 'people.csv') {
  return { data: Buffer.from(text, 'utf8').toString('base64'), mimeType: 'text/csv', fileName };
}

export function fakeContext(options: FakeContextOptions) {
  const http = credentialHttp(options.credentials ?? {});
  const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
  const credentialReads: string[] = [];
  const context = {
    getInputData: () => items,
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
      const value = options.parameters[name];
      if (value === undefined) {
        if (fallback === undefined) throw new Error(`test did not set parameter ${name}`);
        return fallback;
      }
      return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
    },
    getNode: () => testNode,
    getTimezone: () => options.timeZone ?? 'UTC',
    getCredentials: async (type: string) => {
      credentialReads.push(type);
      const data = options.credentials?.[type as CredentialTypeName];
      if (!data) throw new Error(`Node does not have credentials of type ${type}`);
      return { ...data };
    },
    continueOnFail: () => options.continueOnFail ?? false,
    helpers: {
      httpRequestWithAuthentication: http.httpRequestWithAuthentication,
      assertBinaryData: (itemIndex: number, property: string) => {
        const binary = items[itemIndex]?.binary?.[property];
        if (!binary) throw new Error(`This operation expects the node's input data to contain a binary file '${property}', but none was found`);
        return binary;
      },
      getBinaryDataBuffer: async (itemIndex: number, property: string) => Buffer.from(items[itemIndex]!.binary![property]!.data, 'base64'),
    },
  };
  return { context: context as unknown as IExecuteFunctions, log: http.log, credentialReads };
}

export async function runNode(options: FakeContextOptions) {
  const { context, log, credentialReads } = fakeContext(options);
  const [output] = await new HrDirectory().execute.call(context);
  return { output: output!, log, credentialReads };
}
