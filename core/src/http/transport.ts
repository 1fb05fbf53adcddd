/**
 * The one seam between the client and the network. The default is native `fetch`; the n8n nodes may pass one built
 * on n8n's HTTP helper, and unit tests pass a fake. A transport performs exactly one request: no retries, no auth.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** Already serialised (JSON text) or absent. */
  body?: string;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Case-insensitive header lookup (a fetch `Headers` fits), null when absent. */
  headers: { get(name: string): string | null };
  /** The body as text ('' when empty). Read once. */
  text(): Promise<string>;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export const fetchTransport: Transport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  return {
    status: response.status,
    headers: response.headers,
    text: () => response.text(),
  };
};

/**
 * Adapts a plain header record (what n8n's `httpRequest` returns with `returnFullResponse`) to the case-insensitive
 * lookup a TransportResponse carries. Repeated headers arrive as arrays; they are joined as HTTP does.
 */
export function headersFromRecord(record: Record<string, string | string[] | number | undefined>): TransportResponse['headers'] {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
  }
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}
