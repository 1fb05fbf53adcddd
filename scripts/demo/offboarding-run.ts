/**
 * Runs the imported Offboarding cross-check template once so an approval waits in the portal: from its Manual
 * trigger through the n8n CLI (`n8n execute --id`), which stops at the Wait node and leaves the execution stored as
 * waiting; the running n8n server resumes it when the portal calls the signed resume URL.
 */
import type { Execution, N8nInstance } from '../../test/harness/n8n.js';

export const OFFBOARDING_TAG = 'tpl:offboarding';

export interface WaitingApproval {
  workflowId: string;
  executionId: string;
  requestId: number;
  planItems: number;
}

const firstJson = (execution: Execution, node: string) => execution.data?.resultData.runData[node]?.[0]?.data?.main[0]?.[0]?.json;

export async function runOffboardingOnce(n8n: N8nInstance): Promise<WaitingApproval> {
  const tagged = await n8n.api<{ data: { id: string; isArchived?: boolean }[] }>(`/workflows?tags=${encodeURIComponent(OFFBOARDING_TAG)}`);
  const workflow = tagged.data.find((w) => !w.isArchived);
  if (!workflow) throw new Error(`no workflow tagged ${OFFBOARDING_TAG} in n8n: did templates:import run?`);
  await n8n.execute(workflow.id);
  const waiting = await n8n.waitForExecution({ workflowId: workflow.id }, 'waiting', { timeoutMs: 60_000 });
  const requested = firstJson(waiting, 'Request Approval');
  const built = firstJson(waiting, 'Build Plan') as { plan?: { items?: unknown[] } } | undefined;
  if (typeof requested?.requestId !== 'number') throw new Error(`execution ${waiting.id} waits, but Request Approval returned no request id`);
  return { workflowId: workflow.id, executionId: waiting.id, requestId: requested.requestId, planItems: built?.plan?.items?.length ?? 0 };
}
