import { createIncydrClient, type IncydrClientOptions } from '../../../core/src/incydr/client.js';
import type { TransportRequest, TransportResponse } from '../../../core/src/http/transport.js';
import { FakeClock } from '../http/support/fake-clock.js';
import { fakeTransport, response } from '../http/support/fake-transport.js';

/**
 * A client wired to a fake transport that issues tokens itself and hands every other request to `route`.
 * `calls` excludes the token requests, so tests read like the API traffic they care about.
 */
export function clientWith(route: (request: TransportRequest, url: URL) => TransportResponse | Promise<TransportResponse>, extra: Partial<IncydrClientOptions> = {}) {
  const clock = new FakeClock();
  const fake = fakeTransport((request) => {
    const url = new URL(request.url);
    if (url.pathname === '/v1/oauth') return response(200, { access_token: 'tok', token_type: 'bearer', expires_in: 900 });
    return route(request, url);
  }, () => clock.now());
  const client = createIncydrClient({
    baseUrl: 'https://api.test',
    clientId: 'id',
    clientSecret: 'secret',
    clock,
    random: () => 0.5,
    transport: fake.transport,
    ...extra,
  });
  const calls = () => fake.requests.filter((r) => r.path !== '/v1/oauth');
  return { client, clock, calls };
}

export const ok = (body: unknown = {}) => response(200, body);
export { response };
