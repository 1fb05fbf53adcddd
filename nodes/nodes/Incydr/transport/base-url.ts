import { INCYDR_REGIONS, isIncydrRegion } from '@incydr-health/core/incydr/regions';

/** The credential's `region` value that switches to a user-supplied base URL (a proxy or the local sandbox). */
export const CUSTOM_REGION = 'custom';

/**
 * The API gateway a credential points at. Shared by the credential (token request, connection test) and the node,
 * so both always talk to the same host.
 */
export function incydrBaseUrl(credentials: { region?: unknown; baseUrl?: unknown }): string {
	const region = typeof credentials.region === 'string' ? credentials.region : '';
	if (isIncydrRegion(region)) return INCYDR_REGIONS[region];
	if (region !== CUSTOM_REGION) {
		throw new Error(`The Incydr credential has an unknown region "${region}"; choose one of the listed regions or Custom`);
	}
	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (!/^https?:\/\/[^\s/]+/i.test(raw)) {
		throw new Error('The Incydr credential needs a Base URL starting with http:// or https:// when the region is Custom');
	}
	return raw.replace(/\/+$/, '');
}
