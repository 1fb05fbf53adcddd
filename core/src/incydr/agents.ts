import type { AreaContext, PageRequest } from './context.js';
import { IncydrApiError, LegalHoldRefusalError } from './errors.js';
import type { CallSpec } from './http.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions } from './paging.js';
import { segment } from './query.js';
import {
  AGENT_HEALTH_ISSUE_TYPES,
  AGENT_OS_TYPES,
  AGENT_SORT_KEYS,
  AGENT_TYPES,
  type Agent,
  type AgentHealthIssueType,
  type AgentOsType,
  type AgentSortKey,
  type AgentType,
  type AgentsPage,
  type SortDirection,
} from './types.js';
import { optionalAllOf, optionalDays, optionalOneOf, requireId, requireIds } from './validate.js';

export interface AgentFilters {
  userId?: string;
  agentType?: AgentType;
  active?: boolean;
  connectedInLastDays?: number;
  notConnectedInLastDays?: number;
  /** True: agents without health issues; false: agents with at least one. */
  agentHealthy?: boolean;
  /** Agents with at least one of these issues. */
  anyOfAgentHealthIssueTypes?: readonly AgentHealthIssueType[];
  agentHealthModifiedInLastDays?: number;
  serialNumber?: string;
  anyOfAgentOsTypes?: readonly AgentOsType[];
  srtKey?: AgentSortKey;
  srtDir?: SortDirection;
}

export interface AgentUpdate {
  name?: string;
  externalReference?: string | null;
}

/** How one agent id fared in a batch activation/deactivation. */
export type AgentActionOutcome =
  | { agentId: string; status: 'done' }
  | { agentId: string; status: 'not-found' }
  | { agentId: string; status: 'legal-hold'; message: string }
  | { agentId: string; status: 'failed'; message: string };

/** The API accepts lists of agent ids; the CLI's batches of 50 keep one failure from sinking a thousand ids. */
export const AGENT_BATCH_SIZE = 50;

export function agentsArea(ctx: AreaContext) {
  const { http } = ctx;

  function listPage(filters: AgentFilters = {}, request: PageRequest = {}): Promise<AgentsPage> {
    const operation = 'agents.listPage';
    const max = ctx.pageSizes.agents;
    return http.call<AgentsPage>({
      operation,
      method: 'GET',
      path: '/v1/agents',
      query: {
        ...agentQuery(operation, filters),
        page: checkPageNumber(operation, request.page ?? 1, 1),
        pageSize: checkPageSize(operation, request.pageSize ?? max, max),
      },
      signal: request.signal,
    });
  }

  function iterate(filters: AgentFilters = {}, options: IterateOptions = {}): AsyncGenerator<Agent, void, undefined> {
    const max = ctx.pageSizes.agents;
    const pageSize = checkPageSize('agents.iterate', options.pageSize ?? max, max);
    agentQuery('agents.iterate', filters);
    return iterateNumbered(
      {
        firstPage: 1,
        pageSize,
        fetch: (page, size, signal) => listPage(filters, { page, pageSize: size, signal }),
        items: (p) => p.agents,
        total: (p) => p.totalCount,
      },
      options,
    );
  }

  async function runBatches(action: 'activate' | 'deactivate', agentIds: string[], signal?: AbortSignal) {
    const operation = `agents.${action}`;
    const unique = [...new Set(requireIds(operation, 'agentIds', agentIds))];
    const outcomes = new Map<string, AgentActionOutcome>();
    for (let start = 0; start < unique.length; start += AGENT_BATCH_SIZE) {
      const batch = unique.slice(start, start + AGENT_BATCH_SIZE);
      for (const outcome of await runOneBatch(action, batch, signal)) outcomes.set(outcome.agentId, outcome);
    }
    // Answer in the caller's order, one entry per distinct id.
    return unique.map((id) => outcomes.get(id) as AgentActionOutcome);
  }

  /**
   * One batch: on a 404 listing unknown ids, report those and resend the rest once; if the batch still fails
   * (or fails for a reason that names no ids), fall back to one call per id so each gets its own outcome.
   */
  async function runOneBatch(action: 'activate' | 'deactivate', batch: string[], signal?: AbortSignal): Promise<AgentActionOutcome[]> {
    const send = (ids: string[]) => http.call<void>(batchSpec(action, ids, signal));
    const results: AgentActionOutcome[] = [];
    let remaining = batch;
    try {
      await send(remaining);
      return remaining.map((agentId) => ({ agentId, status: 'done' }));
    } catch (error) {
      if (!(error instanceof IncydrApiError) || isTransient(error)) throw error;
      const unknown = error.status === 404 ? unknownIdsIn(error) : undefined;
      if (unknown) {
        const unknownSet = new Set(unknown);
        for (const agentId of remaining) if (unknownSet.has(agentId)) results.push({ agentId, status: 'not-found' });
        remaining = remaining.filter((id) => !unknownSet.has(id));
        if (remaining.length === 0) return results;
        try {
          await send(remaining);
          return [...results, ...remaining.map((agentId): AgentActionOutcome => ({ agentId, status: 'done' }))];
        } catch (retryError) {
          if (!(retryError instanceof IncydrApiError) || isTransient(retryError)) throw retryError;
        }
      }
    }
    for (const agentId of remaining) {
      try {
        await send([agentId]);
        results.push({ agentId, status: 'done' });
      } catch (error) {
        if (!(error instanceof IncydrApiError) || isTransient(error)) throw error;
        results.push(outcomeOfFailure(agentId, error));
      }
    }
    return results;
  }

  return {
    listPage,
    iterate,
    list: (filters?: AgentFilters, options?: IterateOptions) => collect(iterate(filters, options)),

    get(agentId: string, signal?: AbortSignal): Promise<Agent> {
      const operation = 'agents.get';
      requireId(operation, 'agentId', agentId);
      return http.call<Agent>({ operation, method: 'GET', path: `/v1/agents/${segment(agentId)}`, resource: { type: 'agent', id: agentId }, signal });
    },

    /** Sets the agent's name and/or external reference (PUT, so retried). */
    update(agentId: string, update: AgentUpdate, signal?: AbortSignal): Promise<void> {
      const operation = 'agents.update';
      requireId(operation, 'agentId', agentId);
      if (update.name === undefined && update.externalReference === undefined) {
        throw new TypeError(`${operation}: give a name and/or an externalReference to change`);
      }
      return http.call<void>({
        operation,
        method: 'PUT',
        path: `/v1/agents/${segment(agentId)}`,
        body: { name: update.name, externalReference: update.externalReference },
        expect: 'none',
        resource: { type: 'agent', id: agentId },
        signal,
      });
    },

    /** Activates agents in batches of 50; resolves with one outcome per distinct id. Retries transient failures. */
    activate: (agentIds: string[], signal?: AbortSignal) => runBatches('activate', agentIds, signal),

    /**
     * Deactivates agents in batches of 50; resolves with one outcome per distinct id. An agent of a custodian on
     * an active legal hold comes back as `legal-hold` and is left untouched.
     */
    deactivate: (agentIds: string[], signal?: AbortSignal) => runBatches('deactivate', agentIds, signal),
  };
}

export type AgentsArea = ReturnType<typeof agentsArea>;

function agentQuery(operation: string, f: AgentFilters) {
  if (f.userId !== undefined) requireId(operation, 'userId', f.userId);
  return {
    userId: f.userId,
    agentType: optionalOneOf(operation, 'agentType', f.agentType, AGENT_TYPES),
    active: f.active,
    connectedInLastDays: optionalDays(operation, 'connectedInLastDays', f.connectedInLastDays),
    notConnectedInLastDays: optionalDays(operation, 'notConnectedInLastDays', f.notConnectedInLastDays),
    agentHealthy: f.agentHealthy,
    anyOfAgentHealthIssueTypes: optionalAllOf(operation, 'anyOfAgentHealthIssueTypes', f.anyOfAgentHealthIssueTypes, AGENT_HEALTH_ISSUE_TYPES),
    agentHealthModifiedInLastDays: optionalDays(operation, 'agentHealthModifiedInLastDays', f.agentHealthModifiedInLastDays),
    serialNumber: f.serialNumber,
    anyOfAgentOsTypes: optionalAllOf(operation, 'anyOfAgentOsTypes', f.anyOfAgentOsTypes, AGENT_OS_TYPES),
    srtKey: optionalOneOf(operation, 'srtKey', f.srtKey, AGENT_SORT_KEYS),
    srtDir: optionalOneOf(operation, 'srtDir', f.srtDir, ['ASC', 'DESC'] as const),
  };
}

/**
 * Activation and deactivation are idempotent in the API (repeating one changes nothing), so a lost answer or a
 * 429/5xx may safely be retried like a read.
 */
function batchSpec(action: 'activate' | 'deactivate', agentIds: string[], signal?: AbortSignal): CallSpec {
  return {
    operation: `agents.${action}`,
    method: 'POST',
    path: `/v1/agents/${action}`,
    body: { agentIds },
    idempotent: true,
    expect: 'none',
    resource: agentIds.length === 1 ? { type: 'agent', id: agentIds[0] as string } : undefined,
    signal,
  };
}

/** Failures that say nothing about the ids themselves: the whole call should fail rather than mark ids failed. */
function isTransient(error: IncydrApiError): boolean {
  return ['unauthorized', 'forbidden', 'rate-limited', 'server', 'timeout', 'network', 'aborted'].includes(error.kind);
}

/** The API's 404 names the unknown ids in `agentsNotFound`; the error keeps only its message, so read it there. */
function unknownIdsIn(error: IncydrApiError): string[] | undefined {
  return error.notFoundIds;
}

function outcomeOfFailure(agentId: string, error: IncydrApiError): AgentActionOutcome {
  if (error instanceof LegalHoldRefusalError) return { agentId, status: 'legal-hold', message: error.message };
  if (error.status === 404) return { agentId, status: 'not-found' };
  return { agentId, status: 'failed', message: error.message };
}
