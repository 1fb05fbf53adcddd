/** The node's description as n8n's editor and AI tooling read it: names, credentials per provider, operations. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { HrDirectory } from '../../../nodes/nodes/HrDirectory/HrDirectory.node.js';

const { description } = new HrDirectory();
const property = (name: string) => description.properties.find((p) => p.name === name)!;

describe('HR Directory description', () => {
  it('is the hrDirectory node, usable as an AI tool, with themed icons and a subtitle', () => {
    expect(description).toMatchObject({ name: 'hrDirectory', displayName: 'HR Directory', usableAsTool: true, version: 1 });
    expect(description.icon).toEqual({ light: 'file:hrDirectory.svg', dark: 'file:hrDirectory.dark.svg' });
    expect(description.subtitle).toContain('$parameter["operation"]');
    const codex = JSON.parse(readFileSync(new URL('../../../nodes/nodes/HrDirectory/HrDirectory.node.json', import.meta.url), 'utf8'));
    expect(codex.node).toBe('n8n-nodes-incydr-health.hrDirectory');
  });

  it('asks for exactly the credential of the chosen provider, and none for CSV', () => {
    expect(description.credentials).toEqual([
      { name: 'incydrHealthBambooHrApi', required: true, displayOptions: { show: { provider: ['bambooHr'] } } },
      { name: 'incydrHealthWorkdayApi', required: true, displayOptions: { show: { provider: ['workday'] } } },
      { name: 'incydrHealthScimApi', required: true, displayOptions: { show: { provider: ['scim'] } } },
    ]);
    const providers = (property('provider').options as Array<{ value: string }>).map((o) => o.value);
    expect(providers.sort()).toEqual(['bambooHr', 'csv', 'scim', 'workday']);
  });

  it('gives every operation an action sentence, and every parameter a description', () => {
    const operations = property('operation').options as Array<{ value: string; action?: string }>;
    expect(operations.map((o) => o.value).sort()).toEqual(['findPerson', 'getChanges', 'getMany']);
    expect(operations.every((o) => typeof o.action === 'string' && o.action.length > 10)).toBe(true);
    for (const p of description.properties.filter((p) => p.name !== 'operation')) expect(p.description, p.name).toMatch(/\w{3}/);
  });

  it('says in the Changed Since description which providers filter client-side', () => {
    const text = String(property('since').description);
    expect(text).toMatch(/Workday RaaS and CSV have no change feed/);
    expect(text).toMatch(/SCIM filters on meta\.lastModified/);
  });
});
