/**
 * Incydr's regional API gateways. A tenant lives in exactly one; the console's URL tells which. Any other base
 * URL (a proxy, the local sandbox) can be passed as `baseUrl` instead.
 */
export const INCYDR_REGIONS = {
  /** United States, the original region (console.us.code42.com). */
  us: 'https://api.us.code42.com',
  /** United States, second region (console.us2.code42.com). */
  us2: 'https://api.us2.code42.com',
  /** Ireland / EU (console.ie.code42.com). */
  ie: 'https://api.ie.code42.com',
  /** US government cloud (console.gov.code42.com). */
  gov: 'https://api.gov.code42.com',
} as const;

export type IncydrRegion = keyof typeof INCYDR_REGIONS;

export function isIncydrRegion(value: string): value is IncydrRegion {
  return Object.hasOwn(INCYDR_REGIONS, value);
}

/** Resolves `baseUrl` or `region` to a base URL without a trailing slash, refusing anything ambiguous. */
export function resolveBaseUrl(options: { baseUrl?: string; region?: string }): string {
  if (options.baseUrl !== undefined && options.region !== undefined) {
    throw new TypeError('Pass either baseUrl or region to the Incydr client, not both');
  }
  if (options.region !== undefined) {
    if (!isIncydrRegion(options.region)) {
      throw new TypeError(
        `Unknown Incydr region '${options.region}'; expected one of ${Object.keys(INCYDR_REGIONS).join(', ')}, or pass baseUrl`,
      );
    }
    return INCYDR_REGIONS[options.region];
  }
  if (options.baseUrl === undefined) {
    throw new TypeError('The Incydr client needs a baseUrl (e.g. https://api.us.code42.com) or a region (us, us2, ie, gov)');
  }
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`baseUrl '${options.baseUrl}' is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`baseUrl must use http or https, got '${url.protocol}'`);
  }
  if (url.username || url.password) {
    throw new TypeError('baseUrl must not contain credentials; pass clientId and clientSecret instead');
  }
  if (url.search || url.hash) {
    throw new TypeError('baseUrl must not contain a query string or fragment');
  }
  return url.href.replace(/\/+$/, '');
}
