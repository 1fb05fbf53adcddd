/**
 * The node's unit-test boundary: a real portal (temp SQLite, real API tokens) served over loopback HTTP, and a
 * small stand-in for n8n's execution context whose `httpRequestWithAuthentication` applies the portal
 * credential's `authenticate` (the bearer header) and performs real requests, as n8n's helper does.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { IncydrHealthPortalApi } from '../../../nodes/credentials/IncydrHealthPortalApi.credentials.js';
import { IncydrHealthPortal } from '../../../nodes/nodes/IncydrHealthPortal/IncydrHealthPortal.node.js';
import { createTestPortal, type TestPortal } from '../../portal/harness.js';

export type IExecuteFunctions = ThisParameterType<NonNullable<IncydrHealthPortal['execute']>>;
export type INodeExecutionData = Awaited<ReturnType<NonNullable<IncydrHealthPortal['execute']>>>[number][number];
export type IDataObject = INodeExecutionData['json'];
type INode = ReturnType<IExecuteFunctions['getNode']>;

export interface ServedPortal {
  portal: TestPortal;
  url: string;
  close(): Promise<void>;
}

export async function servePortal(options: { n8nUrl?: string; resumeSecret?: string } = {}): Promise<ServedPortal> {
  const portal = await createTestPortal({ n8nUrl: options.n8nUrl ?? 'http://127.0.0.1:5678', resumeSecret: options.resumeSecret });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    portal,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      portal.dispose();
    },
  };
}

export interface PortalCredential {
  url: string;
  apiToken: string;
}

interface RequestOptions {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  json?: boolean;
  returnFullResponse?: boolean;
  ignoreHttpStatusErrors?: boolean;
}

export const testNode: INode = {
  id: 'portal-under-test',
  name: 'Incydr Health Portal',
  type: 'n8n-nodes-incydr-health.incydrHealthPortal',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

/** Applies the credential's generic `authenticate` the way n8n does: `{{$credentials.x}}` filled in from the credential. */
function authenticatedHeaders(credential: PortalCredential): Record<string, string> {
  const { headers } = new IncydrHealthPortalApi().authenticate.properties as { headers: Record<string, string> };
  return Object.fromEntries(
    Object.entries(headers).map(([name, template]) => [
      name,
      template.replace(/^=/, '').replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, key: string) => String(credential[key as keyof PortalCredential])),
    ]),
  );
}

export interface HttpLog {
  requests: { method: string; path: string; body: unknown }[];
}

type ParameterValue = unknown | ((itemIndex: number) => unknown);

export interface FakeContextOptions {
  items?: IDataObject[];
  parameters: Record<string, ParameterValue>;
  credential: PortalCredential;
  continueOnFail?: boolean;
}

export function fakeContext(options: FakeContextOptions) {
  const log: HttpLog = { requests: [] };
  const items = options.items ?? [{}];
  async function httpRequestWithAuthentication(type: string, request: RequestOptions) {
    if (type !== 'incydrHealthPortalApi') throw new Error(`unexpected credential type ${type}`);
    const url = new URL(request.url);
    log.requests.push({ method: request.method ?? 'GET', path: `${url.pathname}${url.search}`, body: request.body });
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: { ...request.headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...authenticatedHeaders(options.credential) },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    const text = await response.text();
    const body: unknown = request.json && text !== '' ? JSON.parse(text) : text;
    if (response.status >= 400 && !request.ignoreHttpStatusErrors) throw new Error(`HTTP ${response.status}`);
    return request.returnFullResponse ? { statusCode: response.status, headers: Object.fromEntries(response.headers), body } : body;
  }
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
      if (type !== 'incydrHealthPortalApi') throw new Error(`unexpected credential type ${type}`);
      return { ...options.credential };
    },
    continueOnFail: () => options.continueOnFail ?? false,
    helpers: { httpRequestWithAuthentication },
  };
  return { context: context as unknown as IExecuteFunctions, log };
}

export async function runPortalNode(options: FakeContextOptions) {
  const { context, log } = fakeContext(options);
  const [output] = await new IncydrHealthPortal().execute.call(context);
  return { output: output!, log };
}
