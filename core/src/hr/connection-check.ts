/**
 * A credential test for any HR connector, as an n8n credential test or a portal "Test connection" button needs:
 * read the roster once, then say plainly whether it can be used — the source's own error when the call fails,
 * the coverage gaps when it answers but key columns are empty for everyone.
 */
import type { HrConnector } from './connector.js';
import { findCoverageGaps, type CoverageGap } from './coverage.js';

export interface ConnectionCheck {
  ok: boolean;
  /** People read, or null when the call failed. */
  people: number | null;
  issues: number;
  gaps: CoverageGap[];
  /** One sentence for the person who entered the credentials. */
  message: string;
}

export async function checkConnection(connector: HrConnector, signal?: AbortSignal): Promise<ConnectionCheck> {
  let batch;
  try {
    batch = await connector.listPeople(signal);
  } catch (error) {
    // Connector errors are already sentences without secrets; anything else is reported by its message only.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, people: null, issues: 0, gaps: [], message };
  }
  const gaps = findCoverageGaps(batch.people);
  const counted = `${batch.people.length} people read from ${connector.source}`;
  const withIssues = batch.issues.length > 0 ? `, ${batch.issues.length} value(s) could not be read` : '';
  if (gaps.length > 0) {
    return {
      ok: false,
      people: batch.people.length,
      issues: batch.issues.length,
      gaps,
      message: `${counted}${withIssues}, but ${gaps.map((g) => g.message).join('; ')}`,
    };
  }
  return { ok: true, people: batch.people.length, issues: batch.issues.length, gaps, message: `${counted}${withIssues}` };
}
