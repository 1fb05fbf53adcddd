/**
 * Generated templates for the tests: a small workflow of n8n-nodes-base nodes only (manual and schedule triggers,
 * a Set node, a sticky note), built fresh each call so a test can break exactly one thing.
 */
import { randomUUID } from 'node:crypto';

export interface TemplateOptions {
  templateId?: string;
  name?: string;
  /** Value the Set node writes, so two versions of a template differ. */
  marker?: string;
  /** Adds an HTTP Request node that names this credential (type httpHeaderAuth) by name. */
  credentialName?: string;
}

export type TemplateJson = {
  name: string;
  nodes: Record<string, unknown>[];
  connections: Record<string, unknown>;
  settings: Record<string, unknown>;
  meta: Record<string, unknown>;
  [other: string]: unknown;
};

export function makeTemplate(options: TemplateOptions = {}): TemplateJson {
  const templateId = options.templateId ?? 'test-template';
  const nodes: Record<string, unknown>[] = [
    { id: randomUUID(), name: 'Run by hand', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: randomUUID(),
      name: 'Every morning',
      type: 'n8n-nodes-base.scheduleTrigger',
      typeVersion: 1.2,
      position: [0, 200],
      parameters: { rule: { interval: [{ triggerAtHour: 6 }] } },
    },
    {
      id: randomUUID(),
      name: 'Mark',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [250, 100],
      parameters: {
        assignments: { assignments: [{ id: randomUUID(), name: 'marker', value: options.marker ?? 'v1', type: 'string' }] },
        options: {},
      },
    },
    {
      id: randomUUID(),
      name: 'About this template',
      type: 'n8n-nodes-base.stickyNote',
      typeVersion: 1,
      position: [-300, -150],
      parameters: { content: '## What it does\nMarks one item. Uses an API token from a credential, never from this note.' },
    },
  ];
  const connections: Record<string, unknown> = {
    'Run by hand': { main: [[{ node: 'Mark', type: 'main', index: 0 }]] },
    'Every morning': { main: [[{ node: 'Mark', type: 'main', index: 0 }]] },
  };
  if (options.credentialName) {
    nodes.push({
      id: randomUUID(),
      name: 'Call the portal',
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      position: [500, 100],
      parameters: { url: 'http://127.0.0.1:9/health', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', options: {} },
      credentials: { httpHeaderAuth: { id: null, name: options.credentialName } },
    });
    connections.Mark = { main: [[{ node: 'Call the portal', type: 'main', index: 0 }]] };
  }
  return {
    name: options.name ?? `Test template ${templateId}`,
    nodes,
    connections,
    settings: { executionOrder: 'v1' },
    meta: {
      templateId,
      templateCredsSetupCompleted: false,
      incydrHealth: {
        title: `Test ${templateId}`,
        summary: 'Marks an item, to prove importing works.',
        needs: ['Nothing but n8n itself'],
      },
    },
  };
}

export const toText = (json: unknown) => `${JSON.stringify(json, null, 2)}\n`;
