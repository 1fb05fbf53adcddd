/**
 * The slice of n8n's public API (`/api/v1`, header `X-N8N-API-KEY`) that importing templates needs: workflows,
 * their tags, and credentials. Every failure becomes an `N8nApiError` whose message says what to check; the API key
 * never appears in a message.
 */

export class N8nApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status n8n answered, or undefined when it could not be reached. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'N8nApiError';
  }
}

export interface N8nWorkflowSummary {
  id: string;
  name: string;
  active: boolean;
  isArchived?: boolean;
  createdAt: string;
  tags?: { id: string; name: string }[];
  nodes?: { name: string; credentials?: Record<string, { id: string | null; name: string }> }[];
}

export interface N8nCredentialSummary {
  id: string;
  name: string;
  type: string;
}

export interface N8nConnection {
  /** Base URL of n8n as people type it: with or without a trailing slash or `/api/v1`. */
  url: string;
  apiKey: string;
  timeoutMs?: number;
}

export interface N8nApi {
  readonly baseUrl: string;
  /** A cheap authenticated call, to tell "unreachable" from "wrong key" before doing anything. */
  check(): Promise<void>;
  workflowsTagged(tag: string): Promise<N8nWorkflowSummary[]>;
  createWorkflow(body: unknown): Promise<N8nWorkflowSummary>;
  updateWorkflow(id: string, body: unknown): Promise<N8nWorkflowSummary>;
  workflowTags(id: string): Promise<{ id: string; name: string }[]>;
  setWorkflowTags(id: string, tagIds: string[]): Promise<void>;
  /** The id of a tag by name, creating it when it does not exist. */
  ensureTag(name: string): Promise<string>;
  credentials(): Promise<N8nCredentialSummary[]>;
  /** The JSON schema of a credential type's data, or null when n8n does not know the type. */
  credentialSchema(type: string): Promise<{ properties?: Record<string, unknown>; required?: string[] } | null>;
  createCredential(body: { name: string; type: string; data: Record<string, unknown> }): Promise<N8nCredentialSummary>;
  updateCredential(id: string, body: { name: string; type: string; data: Record<string, unknown> }): Promise<N8nCredentialSummary>;
}

/** `http://host:5678/`, `http://host:5678/api/v1` and `http://host:5678` all mean the same n8n. */
export function normalizeN8nUrl(url: string): string {
  const parsed = new URL(url.trim());
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new N8nApiError(`The n8n URL must start with http:// or https:// (got ${parsed.protocol}).`);
  if (parsed.username || parsed.password) throw new N8nApiError('The n8n URL must not contain a user name or password.');
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = parsed.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return parsed.href.replace(/\/+$/, '');
}

function n8nMessage(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  if (typeof body === 'string' && body.trim() !== '' && !body.trim().startsWith('<')) return body.trim().slice(0, 300);
  return undefined;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'it did not answer in time';
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export function createN8nApi(connection: N8nConnection): N8nApi {
  const baseUrl = normalizeN8nUrl(connection.url);
  const timeoutMs = connection.timeoutMs ?? 15_000;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { 'x-n8n-api-key': connection.apiKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw new N8nApiError(`Cannot reach n8n at ${baseUrl} (${networkReason(error)}). Is n8n running, and is the URL right?`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: keep the text for the message.
    }
    if (response.ok) return parsed as T;
    const said = n8nMessage(parsed);
    // Redirects are not followed: the API key would go wherever the redirect points.
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      throw new N8nApiError(`${baseUrl} redirects (${response.status}${location ? ` to ${location}` : ''}); use n8n's final address instead.`, response.status);
    }
    if (response.status === 401) {
      throw new N8nApiError(`n8n at ${baseUrl} refused the API key (401${said ? `: ${said}` : ''}). Create one in n8n under Settings › n8n API and use that.`, 401);
    }
    if (response.status === 403) {
      throw new N8nApiError(`n8n at ${baseUrl} did not allow ${method} ${path} with this API key (403${said ? `: ${said}` : ''}). Give the key the workflow, tag and credential scopes.`, 403);
    }
    if (response.status === 404 && path === '/workflows?limit=1') {
      throw new N8nApiError(`${baseUrl} has no n8n public API (404). Check the URL, and that N8N_PUBLIC_API_DISABLED is not set.`, 404);
    }
    throw new N8nApiError(`n8n answered ${response.status} to ${method} ${path.split('?')[0]}${said ? `: ${said}` : ''}`, response.status);
  };

  /** Follows n8n's cursor paging to the end. */
  const all = async <T>(path: string): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | null | undefined;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = await call<{ data: T[]; nextCursor?: string | null }>('GET', `${path}${separator}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  return {
    baseUrl,
    async check() {
      await call('GET', '/workflows?limit=1');
    },
    workflowsTagged(tag) {
      return all<N8nWorkflowSummary>(`/workflows?tags=${encodeURIComponent(tag)}&excludePinnedData=true`);
    },
    createWorkflow(body) {
      return call('POST', '/workflows', body);
    },
    updateWorkflow(id, body) {
      return call('PUT', `/workflows/${encodeURIComponent(id)}`, body);
    },
    workflowTags(id) {
      return call('GET', `/workflows/${encodeURIComponent(id)}/tags`);
    },
    async setWorkflowTags(id, tagIds) {
      await call('PUT', `/workflows/${encodeURIComponent(id)}/tags`, tagIds.map((tagId) => ({ id: tagId })));
    },
    async ensureTag(name) {
      const existing = (await all<{ id: string; name: string }>('/tags')).find((t) => t.name === name);
      if (existing) return existing.id;
      try {
        return (await call<{ id: string }>('POST', '/tags', { name })).id;
      } catch (error) {
        // Another import created it between our look and our create.
        if (error instanceof N8nApiError && error.status === 409) {
          const created = (await all<{ id: string; name: string }>('/tags')).find((t) => t.name === name);
          if (created) return created.id;
        }
        throw error;
      }
    },
    credentials() {
      return all<N8nCredentialSummary>('/credentials');
    },
    async credentialSchema(type) {
      try {
        return await call('GET', `/credentials/schema/${encodeURIComponent(type)}`);
      } catch (error) {
        if (error instanceof N8nApiError && (error.status === 404 || error.status === 400 || error.status === 500)) return null;
        throw error;
      }
    },
    createCredential(body) {
      return call('POST', '/credentials', body);
    },
    updateCredential(id, body) {
      return call('PATCH', `/credentials/${encodeURIComponent(id)}`, body);
    },
  };
}
