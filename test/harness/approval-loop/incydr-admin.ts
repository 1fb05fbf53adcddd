/**
 * An Incydr administrator acting on the sandbox through its public API (OAuth client credentials, then bearer
 * calls), for tenant changes a test makes while an approval waits, such as putting a user on a legal hold.
 */
export interface ApiClientSecret {
  clientId: string;
  clientSecret: string;
}

export interface PlacedHold {
  matterId: string;
  matterName: string;
  userId: string;
}

export class IncydrAdmin {
  private token: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly client: ApiClientSecret,
  ) {}

  private async bearer(): Promise<string> {
    if (this.token) return this.token;
    const basic = Buffer.from(`${this.client.clientId}:${this.client.clientSecret}`).toString('base64');
    const response = await fetch(`${this.baseUrl}/v1/oauth`, { method: 'POST', headers: { authorization: `Basic ${basic}` } });
    if (!response.ok) throw new Error(`The Incydr sandbox refused the admin client (HTTP ${response.status})`);
    this.token = ((await response.json()) as { access_token: string }).access_token;
    return this.token;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.bearer()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Opens a new matter under the tenant's first legal-hold policy and makes the user its custodian. */
  async placeLegalHold(userId: string, matterName: string): Promise<PlacedHold> {
    const { policies } = await this.call<{ policies: Array<{ policyId: string }> }>('GET', '/v1/legal-hold/policies');
    if (!policies[0]) throw new Error('The sandbox tenant has no legal-hold policy to open a matter under');
    const matter = await this.call<{ matterId: string; name: string }>('POST', '/v1/legal-hold/matters', { policyId: policies[0].policyId, name: matterName });
    await this.call('POST', `/v1/legal-hold/matters/${matter.matterId}/custodians`, { userId });
    return { matterId: matter.matterId, matterName: matter.name, userId };
  }
}
