import { describe, expect, it } from 'vitest';
import { expectNodeError, field, useSandbox } from './sandbox-harness.js';

const { world, run, fail } = useSandbox();
const departments = world.tenant.departments;

describe('Incydr node: departments', () => {
  it('Get Many with Return All lists every department once, each as {department}', async () => {
    const { output } = await run({ resource: 'department', operation: 'getMany', returnAll: true, departmentName: '' });
    expect(departments.length).toBeGreaterThan(2);
    expect(field(output, 'department').sort()).toEqual([...departments].sort());
    expect(Object.keys(output[0]!.json)).toEqual(['department']);
  });

  it('Get Many with a Limit returns that many and asks for a page of that size', async () => {
    const { output, log } = await run({ resource: 'department', operation: 'getMany', returnAll: false, limit: 2 });
    expect(output).toHaveLength(2);
    expect(log.requests.filter((r) => r.includes('/departments'))).toEqual(['GET /v1/departments?page=1&page_size=2']);
  });

  it('Name Contains keeps only the departments whose name contains the text', async () => {
    const text = departments[0]!.slice(1, 4);
    const { output } = await run({ resource: 'department', operation: 'getMany', returnAll: true, departmentName: ` ${text} ` });
    const expected = departments.filter((d) => d.toLowerCase().includes(text.toLowerCase()));
    expect(field(output, 'department').sort()).toEqual(expected.sort());
  });

  it('refuses a Limit below 1 before any request', async () => {
    const error = await fail({ resource: 'department', operation: 'getMany', returnAll: false, limit: 0 });
    expectNodeError(error, 'NodeOperationError', /Limit must be a whole number of at least 1, got 0/);
  });
});
