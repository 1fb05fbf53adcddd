import { describe, expect, it } from 'vitest';
import type { FileEvent } from '../../../../core/src/incydr/types.js';
import { NOW, expectNodeError, useSandbox } from './sandbox-harness.js';

const { world, run, fail } = useSandbox();
const DAY = 86_400_000;

/** The newest event matching `pick` no older than `days` before the sandbox's now, by the generated world. */
function newest(pick: (e: FileEvent) => boolean, days: number): FileEvent | null {
  const from = Date.parse(NOW) - days * DAY;
  const matching = world.tenant.fileEvents.filter((e) => pick(e) && Date.parse(e['@timestamp']) >= from);
  return matching.sort((a, b) => Date.parse(b['@timestamp']) - Date.parse(a['@timestamp']))[0] ?? null;
}

describe('Incydr node: file events', () => {
  const sample = [...world.tenant.fileEvents].sort((a, b) => Date.parse(b['@timestamp']) - Date.parse(a['@timestamp']))[0]!;

  it('Get Latest Event finds the newest event of a device, a user ID and a username', async () => {
    const subjects = [
      ['deviceId', sample.user.deviceUid, (e: FileEvent) => e.user.deviceUid === sample.user.deviceUid],
      ['userId', sample.user.id, (e: FileEvent) => e.user.id === sample.user.id],
      ['username', sample.user.email, (e: FileEvent) => e.user.email === sample.user.email],
    ] as const;
    for (const [subjectType, subject, pick] of subjects) {
      const expected = newest(pick, 30)!;
      expect(expected).not.toBeNull();
      const { output, log } = await run({ resource: 'fileEvent', operation: 'getLatest', subjectType, subject, withinDays: 30 });
      expect(output.map((item) => item.json)).toEqual([
        { [subjectType]: subject, withinDays: 30, found: true, eventTime: expected['@timestamp'], event: expect.objectContaining({ event: expect.objectContaining({ id: expected.event.id }) }) },
      ]);
      expect(log.requests.filter((r) => r.startsWith('POST'))).toEqual(['POST /v2/file-events']);
    }
  });

  it('reports found: false with a null event when the subject has no event in the window', async () => {
    const { output } = await run({ resource: 'fileEvent', operation: 'getLatest', subjectType: 'deviceId', subject: 'a-device-with-no-events', withinDays: 7 });
    expect(output.map((item) => item.json)).toEqual([{ deviceId: 'a-device-with-no-events', withinDays: 7, found: false, eventTime: null, event: null }]);
  });

  it('looks only within the given number of days', async () => {
    const quiet = world.tenant.fileEvents.find((e) => newest((x) => x.user.deviceUid === e.user.deviceUid, 1) === null && newest((x) => x.user.deviceUid === e.user.deviceUid, 30) !== null);
    if (!quiet) throw new Error('seed 11 should have a device with events in the last 30 days but none in the last day');
    const deviceId = quiet.user.deviceUid;
    const narrow = await run({ resource: 'fileEvent', operation: 'getLatest', subjectType: 'deviceId', subject: deviceId, withinDays: 1 });
    expect(narrow.output[0]!.json.found).toBe(false);
    const wide = await run({ resource: 'fileEvent', operation: 'getLatest', subjectType: 'deviceId', subject: deviceId, withinDays: 30 });
    expect(wide.output[0]!.json.eventTime).toBe(newest((x) => x.user.deviceUid === deviceId, 30)!['@timestamp']);
  });

  it('refuses Within Days below 1 and an empty subject before any request', async () => {
    const zero = await fail({ resource: 'fileEvent', operation: 'getLatest', subjectType: 'userId', subject: sample.user.id, withinDays: 0 });
    expectNodeError(zero, 'NodeOperationError', /Within Days must be a whole number of at least 1, got 0/);
    const empty = await fail({ resource: 'fileEvent', operation: 'getLatest', subjectType: 'username', subject: ' ', withinDays: 30 });
    expectNodeError(empty, 'NodeOperationError', /Username is empty/);
  });
});
