/**
 * Page-size limits the sandbox enforces (answering 400 above them). The real maxima are undocumented except
 * where noted; see docs/decisions/0002-sandbox.md for why each value was chosen.
 */
export const LIMITS = {
  /** Users, devices, agents, legal hold, watchlists and departments: the SDK's largest default (agents: 500). */
  v1PageSize: 500,
  /** Actors: documented range 1–500. */
  actorsPageSize: 500,
  /** Cases (`pgSize`). */
  casesPageSize: 500,
  /** Audit log: the SDK documents a maximum page size of 10,000. */
  auditPageSize: 10_000,
  /** File events: the SDK caps `pgSize` at 10,000. */
  fileEventsPageSize: 10_000,
  /** Watchlist included-actors add/delete: the SDK caps a request at 100 actor ids. */
  watchlistActorsPerRequest: 100,
  /** Agent activate/deactivate: the CLI sends batches of 50; the sandbox accepts up to 1,000 ids. */
  agentIdsPerRequest: 1_000,
} as const;
