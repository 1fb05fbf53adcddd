import type { Transport, TransportRequest, TransportResponse } from '../../../../core/src/http/transport.js';

export interface Recorded {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  at: number;
}

export type Responder = (request: TransportRequest, index: number) => TransportResponse | Promise<TransportResponse>;

export function response(status: number, body?: unknown, headers: Record<string, string> = {}): TransportResponse {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: { get: (name) => lower.get(name.toLowerCase()) ?? null }, text: async () => text };
}

/**
 * A transport at the unit-test boundary: answers each request with the responder and records what was sent,
 * including a timestamp from the supplied clock, so tests can assert on timing without real time.
 */
export function fakeTransport(responder: Responder, now: () => number = () => 0) {
  const requests: Recorded[] = [];
  const transport: Transport = async (request) => {
    const url = new URL(request.url);
    requests.push({
      method: request.method,
      url: request.url,
      path: url.pathname,
      headers: request.headers,
      body: request.body === undefined ? undefined : JSON.parse(request.body),
      at: now(),
    });
    return responder(request, requests.length - 1);
  };
  return { transport, requests };
}

/** Answers with each of `answers` in turn, repeating the last. */
export function sequence(...answers: (TransportResponse | Error)[]): Responder {
  return (_request, index) => {
    const answer = answers[Math.min(index, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return answer;
  };
}
