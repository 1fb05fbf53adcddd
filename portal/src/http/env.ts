/** The Hono environment shared by every router: what middleware puts on the context. */
import type { ApiPrincipal } from '../services/api-tokens.js';
import type { User } from '../services/users.js';

export interface PortalEnv {
  Variables: {
    user: User | null;
    sessionToken: string | null;
    csrfToken: string;
    apiPrincipal: ApiPrincipal;
    secureHeadersNonce?: string;
  };
}
