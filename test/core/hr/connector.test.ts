import { describe, expect, it } from 'vitest';
import { findInBatch, HrInputError, parseSince, requireQuery, requireText, runtimeDefaults } from '../../../core/src/hr/connector.js';
import { emptyPerson } from '../../../core/src/hr/record.js';

describe('connector helpers', () => {
  it('reads "since" as a date at midnight UTC or a zoned timestamp, and refuses the rest by name', () => {
    expect(parseSince('2026-11-01').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince(' 2026-11-01T10:00:00+0200 ').toISOString()).toBe('2026-11-01T08:00:00.000Z');
    for (const bad of ['2026-11-01T10:00:00', 'yesterday', '', '2026-13-01']) {
      expect(() => parseSince(bad)).toThrow(HrInputError);
    }
    expect(() => parseSince('01/11/2026')).toThrow('"since" must be a date (YYYY-MM-DD) or an ISO-8601 timestamp with a time zone, got "01/11/2026"');
  });

  it('requires what a connector cannot work without', () => {
    expect(() => requireText('  ', 'BambooHR API key')).toThrow('BambooHR API key is required');
    expect(requireText(' k ', 'x')).toBe('k');
    expect(() => requireQuery({ email: ' ', id: '' })).toThrow('findPerson needs an email or an id');
    expect(requireQuery({ email: ' A@b.example ' })).toEqual({ email: 'A@b.example', id: null });
  });

  it('finds in a roster by id or any work address, with that person\'s issues only', () => {
    const a = { ...emptyPerson('csv', '1'), workEmail: 'a@x.example', otherEmails: ['old@x.example'] };
    const b = { ...emptyPerson('csv', '2'), workEmail: 'b@x.example' };
    const issues = [
      { source: 'csv' as const, sourceId: '1', field: 'hire_date', value: 'x', message: 'bad' },
      { source: 'csv' as const, sourceId: '2', field: 'hire_date', value: 'y', message: 'bad' },
    ];
    expect(findInBatch({ people: [a, b], issues }, { email: 'OLD@x.example', id: null })).toEqual({ person: a, issues: [issues[0]] });
    expect(findInBatch({ people: [a, b], issues }, { email: null, id: '2' }).person).toBe(b);
    expect(findInBatch({ people: [a, b], issues }, { email: 'c@x.example', id: null })).toEqual({ person: null, issues: [] });
  });

  it('refuses timeouts and retry settings that cannot work, naming the option', () => {
    expect(() => runtimeDefaults({ timeoutMs: 0 })).toThrow('timeoutMs must be a number of milliseconds of at least 1, got 0');
    expect(() => runtimeDefaults({ timeoutMs: Number.NaN })).toThrow(HrInputError);
    expect(() => runtimeDefaults({ retry: { maxRetries: -1 } })).toThrow('retry.maxRetries must be a whole number of at least 0, got -1');
    expect(() => runtimeDefaults({ retry: { maxRetries: 1.5 } })).toThrow(HrInputError);
    expect(() => runtimeDefaults({ retry: { baseDelayMs: -5 } })).toThrow('retry.baseDelayMs');
    expect(() => runtimeDefaults({ retry: { maxTotalWaitMs: Number.POSITIVE_INFINITY } })).toThrow('retry.maxTotalWaitMs');
    expect(() => runtimeDefaults({ retry: { retryStatuses: [429, 200] } })).toThrow(
      'retry.retryStatuses must list HTTP error statuses (400 to 599), got [429,200]',
    );
    expect(runtimeDefaults({ retry: { maxRetries: 0, retryStatuses: [] } }).timeoutMs).toBe(30_000);
  });
});
