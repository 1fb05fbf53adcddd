/**
 * The largest page each list endpoint serves, which is also what the iterators ask for: fewer round trips for
 * the same data. Devices stay at 100 because the legacy CLI saw server time-outs at 500 (code42cli PRs 381/383).
 * Overridable per client (`limits.pageSizes`) should a tenant behave differently.
 */
export const MAX_PAGE_SIZES = {
  users: 500,
  userDevices: 500,
  agents: 500,
  devices: 100,
  cases: 100,
  matters: 100,
  custodians: 100,
  memberships: 100,
  watchlists: 100,
  watchlistMembers: 100,
  actors: 500,
  departments: 100,
  auditLog: 10_000,
  fileEvents: 10_000,
} as const;

export type PageSizeKey = keyof typeof MAX_PAGE_SIZES;
export type PageSizes = Record<PageSizeKey, number>;

/** Default page size of the iterators where the maximum would make single pages needlessly heavy. */
export const DEFAULT_PAGE_SIZES: PageSizes = { ...MAX_PAGE_SIZES, auditLog: 1000, fileEvents: 1000 };
