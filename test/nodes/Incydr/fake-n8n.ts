/**
 * The boundary of the node's unit tests: a small stand-in for n8n's execution context whose HTTP helpers do what
 * n8n's do for our credential (run preAuthentication when the session token is empty, apply `authenticate`,
 * refresh once after a 401 when the request was allowed to fail) and then perform real requests.
 */
import { IncydrApi } from '../../../nodes/credentials/IncydrApi.credentials.js';
import { Incydr } from '../../../nodes/nodes/Incydr/Incydr.node.js';

// n8n-workflow resolves from nodes/, not from test/, so its types are taken from the node's own signature.
export type IExecuteFunctions = ThisParameterType<NonNullable<Incydr['execute']>>;
export type INodeExecutionData = Awaited<ReturnType<NonNullable<Incydr['execute']>>>[number][number];
export type IDataObject = INodeExecutionData['json'];
type INode = ReturnType<IExecuteFunctions['getNode']>;
type PreAuthContext = ThisParameterType<NonNullable<IncydrApi['preAuthentication']>>;

export interface CredentialData {
  region: string;
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  sessionToken?: string;
}

export interface RequestOptions {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  auth?: { username: string; password: string };
  json?: boolean;
  returnFullResponse?: boolean;
  ignoreHttpStatusErrors?: boolean;
}

export const testNode: INode = {
  id: 'incydr-under-test',
  name: 'Incydr',
  type: 'n8n-nodes-incydr-health.incydr',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

/** An axios-style failure, as n8n's helpers carry it in the cause of the error they throw. */
function httpFailure(status: number, data: string): Error {
  const cause = Object.assign(new Error(`Request failed with status code ${status}`), { isAxiosError: true, response: { status, data } });
  return Object.assign(new Error(`The service answered ${status}`), { httpCode: String(status), cause });
}

/** n8n's plain `httpRequest`, enough for the credential's token request. */
export async function plainHttpRequest(options: RequestOptions): Promise<unknown> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) headers.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
  const response = await fetch(options.url, {
    method: options.method ?? 'GET',
    headers,
    body: typeof options.body === 'string' ? options.body : options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (response.status >= 400 && !options.ignoreHttpStatusErrors) throw httpFailure(response.status, text);
  const body: unknown = options.json && text !== '' ? JSON.parse(text) : text;
  if (!options.returnFullResponse) return body;
  return { statusCode: response.status, headers: Object.fromEntries(response.headers), body };
}

export const preAuthContext = { helpers: { httpRequest: plainHttpRequest } } as unknown as PreAuthContext;

export interface HttpLog {
  /** Every request the node sent through the authenticated helper, as `METHOD path?query`. */
  requests: string[];
  /** How often the credential's preAuthentication ran. */
  tokenFetches: number;
}

export function credentialHttp(credential: CredentialData) {
  const log: HttpLog = { requests: [], tokenFetches: 0 };
  const type = new IncydrApi();
  async function refreshToken() {
    log.tokenFetches++;
    const { sessionToken } = await type.preAuthentication.call(preAuthContext, { ...credential });
    credential.sessionToken = sessionToken;
  }
  async function send(options: RequestOptions) {
    const url = new URL(options.url);
    log.requests.push(`${options.method ?? 'GET'} ${url.pathname}${url.search}`);
    // authenticate: the credential's bearer replaces whatever Authorization the caller set.
    const headers = { ...options.headers, Authorization: `Bearer ${credential.sessionToken}` };
    return plainHttpRequest({ ...options, headers });
  }
  async function httpRequestWithAuthentication(credentialType: string, options: RequestOptions) {
    if (credentialType !== 'incydrApi') throw new Error(`unexpected credential type ${credentialType}`);
    if (!credential.sessionToken) await refreshToken();
    try {
      return await send(options);
    } catch (error) {
      const status = (error as { cause?: { response?: { status?: number } } }).cause?.response?.status;
      if (status !== 401) throw error;
      await refreshToken();
      return await send(options);
    }
  }
  return { log, httpRequestWithAuthentication };
}

type ParameterValue = unknown | ((itemIndex: number) => unknown);

export interface FakeContextOptions {
  items?: IDataObject[];
  parameters: Record<string, ParameterValue>;
  credential: CredentialData;
  continueOnFail?: boolean;
}

/** The slice of IExecuteFunctions the Incydr node uses; parameters may vary per item like expressions do. */
export function fakeContext(options: FakeContextOptions) {
  const http = credentialHttp(options.credential);
  const items = options.items ?? [{}];
  const context = {
    getInputData: () => items.map((json): INodeExecutionData => ({ json })),
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
      const value = options.parameters[name];
      if (value === undefined) {
        if (fallback === undefined) throw new Error(`test did not set parameter ${name}`);
        return fallback;
      }
      return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
    },
    getNode: () => testNode,
    getCredentials: async (type: string) => {
      if (type !== 'incydrApi') throw new Error(`unexpected credential type ${type}`);
      return { ...options.credential };
    },
    continueOnFail: () => options.continueOnFail ?? false,
    helpers: { httpRequestWithAuthentication: http.httpRequestWithAuthentication },
  };
  return { context: context as unknown as IExecuteFunctions, log: http.log };
}

export async function runNode(options: FakeContextOptions) {
  const { context, log } = fakeContext(options);
  const [output] = await new Incydr().execute.call(context);
  return { output: output!, log };
}
