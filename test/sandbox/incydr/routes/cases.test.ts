import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseFileEventsPage, CasesPage } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from '../helpers.js';

describe('/v1/cases', () => {
  const w = world(5, 1500);
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  it('pages with pgNum/pgSize to the last page; the list omits description and findings', async () => {
    const total = w.tenant.cases.length;
    expect(total).toBeGreaterThan(4);
    const numbers: number[] = [];
    for (let pgNum = 1; ; pgNum++) {
      const body = await api.json<CasesPage>(`/v1/cases?pgNum=${pgNum}&pgSize=2`);
      expect(body.totalCount).toBe(total);
      numbers.push(...body.cases.map((c) => c.number));
      for (const c of body.cases) expect(c).not.toHaveProperty('description');
      if (body.cases.length < 2) break;
    }
    expect(numbers).toEqual(w.tenant.cases.map((c) => c.number));
    // The v1 names are not these endpoints' names: page/pageSize are ignored, not honoured.
    expect((await api.json<CasesPage>('/v1/cases?page=2&pageSize=1')).cases.length).toBe(Math.min(100, total));
  });

  it('filters by status, isAssigned and name; sorts', async () => {
    for (const status of ['OPEN', 'CLOSED', 'ARCHIVED'] as const) {
      const body = await api.json<CasesPage>(`/v1/cases?status=${status}&pgSize=500`);
      expect(body.cases.map((c) => c.number)).toEqual(w.tenant.cases.filter((c) => c.status === status).map((c) => c.number));
    }
    const unassigned = await api.json<CasesPage>('/v1/cases?isAssigned=false&pgSize=500');
    expect(unassigned.totalCount).toBe(w.tenant.cases.filter((c) => c.assignee === null).length);
    const named = await api.json<CasesPage>('/v1/cases?name=%231&pgSize=500');
    expect(named.cases.every((c) => c.name.includes('#1'))).toBe(true);
    const desc = await api.json<CasesPage>('/v1/cases?srtKey=number&srtDir=desc&pgSize=3');
    expect(desc.cases.map((c) => c.number)).toEqual([...w.tenant.cases.map((c) => c.number)].sort((a, b) => b - a).slice(0, 3));
    expect((await api.get('/v1/cases?status=PENDING')).status).toBe(400);
    expect((await api.get('/v1/cases?pgSize=501')).status).toBe(400);
  });

  it('gets a case with description and findings; 404 for unknown, 400 for a non-number', async () => {
    const first = w.tenant.cases[0]!;
    expect(await api.json<CaseDetail>(`/v1/cases/${first.number}`)).toEqual(first);
    expect((await api.get('/v1/cases/99999')).status).toBe(404);
    expect((await api.get('/v1/cases/abc')).status).toBe(400);
  });

  it('creates and updates a case, enforcing the field limits', async () => {
    const subject = w.truth.departedActiveUsers[0]!.userId;
    const created = await api.post('/v1/cases', { name: 'Exfil review for departed engineer', subject, description: 'From the offboarding plan' });
    expect(created.status).toBe(200);
    const body = (await created.json()) as CaseDetail;
    expect(body).toMatchObject({ status: 'OPEN', subject, number: Math.max(...w.tenant.cases.map((c) => c.number)) + 1 });
    const open = await api.json<CasesPage>('/v1/cases?status=OPEN&pgSize=500');
    expect(open.cases.some((c) => c.number === body.number && c.subject === subject)).toBe(true);
    const closed = await api.put(`/v1/cases/${body.number}`, { status: 'CLOSED', findings: 'Nothing left the company.' });
    expect(closed.status).toBe(200);
    expect((await api.json<CaseDetail>(`/v1/cases/${body.number}`)).status).toBe('CLOSED');
    expect((await api.post('/v1/cases', { name: 'x'.repeat(51) })).status).toBe(400);
    expect((await api.post('/v1/cases', { name: 'ok', description: 'y'.repeat(251) })).status).toBe(400);
    expect((await api.post('/v1/cases', { name: 'Exfil review for departed engineer' })).status).toBe(400);
    expect((await api.post('/v1/cases', { name: 'Unknown subject', subject: 'ghost' })).status).toBe(404);
    expect((await api.put(`/v1/cases/${body.number}`, { status: 'SHELVED' })).status).toBe(400);
  });

  it("lists and links a case's file events", async () => {
    const withEvents = w.tenant.caseFileEvents[0]!;
    const body = await api.json<CaseFileEventsPage>(`/v1/cases/${withEvents.caseNumber}/fileevent`);
    expect(body.events.map((e) => e.eventId)).toEqual(w.tenant.caseFileEvents.filter((l) => l.caseNumber === withEvents.caseNumber).map((l) => l.eventId));
    const created = await api.post('/v1/cases', { name: 'Evidence collection' });
    const target = (await created.json()) as CaseDetail;
    expect((await api.json<CaseFileEventsPage>(`/v1/cases/${target.number}/fileevent`)).totalCount).toBe(0);
    const eventId = w.tenant.fileEvents[5]!.event.id;
    expect((await api.post(`/v1/cases/${target.number}/fileevent`, { events: [eventId] })).status).toBe(204);
    expect((await api.json<CaseFileEventsPage>(`/v1/cases/${target.number}/fileevent`)).events.map((e) => e.eventId)).toEqual([eventId]);
    expect((await api.post(`/v1/cases/${target.number}/fileevent`, { events: ['nope'] })).status).toBe(400);
  });
});
