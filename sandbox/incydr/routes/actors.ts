/** `/v1/actors` (search, by id, by name, family, update) and `/v1/departments`. */
import { z } from 'zod';
import type { Actor, ActorFamily, ActorsPage, DepartmentsPage } from '@incydr-health/core/incydr/types';
import { LIMITS } from '../limits.js';
import { notFound } from '../errors.js';
import { callOf, type RouteModule } from '../http.js';
import type { IncydrState } from '../state.js';
import { paginate, parseBody, parseQuery, qBool, qInt, qText } from '../validation.js';

const searchQuery = z.object({
  nameStartsWith: qText.optional(),
  nameEndsWith: qText.optional(),
  active: qBool.optional(),
  page: qInt(1, 1_000_000).default(1),
  pageSize: qInt(1, LIMITS.actorsPageSize).default(500),
});

const departmentsQuery = z.object({
  page: qInt(1, 1_000_000).default(1),
  page_size: qInt(1, LIMITS.v1PageSize).default(100),
  name: qText.optional(),
});

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');
const patchBody = z.object({
  notes: z.string().max(2000).nullable().optional(),
  startDate: calendarDate.nullable().optional(),
  endDate: calendarDate.nullable().optional(),
});

function parentOf(state: IncydrState, actor: Actor): Actor {
  return actor.parentActorId === null ? actor : (state.actorById.get(actor.parentActorId) ?? actor);
}

function byName(state: IncydrState, name: string): Actor {
  const actor = state.actorByName.get(name.toLowerCase());
  if (!actor) throw notFound('actor named', name);
  return actor;
}

function family(state: IncydrState, member: Actor): ActorFamily {
  const parent = parentOf(state, member);
  return { parent, children: state.childrenOfActor.get(parent.actorId) ?? [] };
}

export const actorRoutes: RouteModule = (app, state) => {
  for (const preferParent of [false, true]) {
    app.get(preferParent ? '/v1/actors/actor/search/parent' : '/v1/actors/actor/search', (c) => {
      const q = parseQuery(c, searchQuery);
      const starts = q.nameStartsWith?.toLowerCase();
      const ends = q.nameEndsWith?.toLowerCase();
      const seen = new Set<string>();
      const matches: Actor[] = [];
      for (const actor of state.actors) {
        const name = actor.name.toLowerCase();
        if (starts !== undefined && !name.startsWith(starts)) continue;
        if (ends !== undefined && !name.endsWith(ends)) continue;
        const chosen = preferParent ? parentOf(state, actor) : actor;
        if (q.active !== undefined && chosen.active !== q.active) continue;
        if (seen.has(chosen.actorId)) continue;
        seen.add(chosen.actorId);
        matches.push(chosen);
      }
      const body: ActorsPage = { actors: paginate(matches, q.page, q.pageSize) };
      return c.json(body);
    });
  }

  app.get('/v1/actors/actor/id/:actorId', (c) => c.json(state.actor(c.req.param('actorId'))));
  app.get('/v1/actors/actor/id/:actorId/parent', (c) => c.json(parentOf(state, state.actor(c.req.param('actorId')))));
  app.get('/v1/actors/actor/id/:actorId/family', (c) => c.json(family(state, state.actor(c.req.param('actorId')))));
  app.get('/v1/actors/actor/name/:name', (c) => c.json(byName(state, c.req.param('name'))));
  app.get('/v1/actors/actor/name/:name/parent', (c) => c.json(parentOf(state, byName(state, c.req.param('name')))));
  app.get('/v1/actors/actor/name/:name/family', (c) => c.json(family(state, byName(state, c.req.param('name')))));

  app.patch('/v1/actors/actor/id/:actorId', async (c) => {
    const body = await parseBody(c, patchBody);
    return c.json(state.updateActor(callOf(c), c.req.param('actorId'), body));
  });

  app.get('/v1/departments', (c) => {
    const q = parseQuery(c, departmentsQuery);
    const name = q.name?.toLowerCase();
    const matches = name === undefined ? state.departments : state.departments.filter((d) => d.toLowerCase().includes(name));
    const body: DepartmentsPage = { departments: paginate(matches, q.page, q.page_size), totalCount: matches.length };
    return c.json(body);
  });
};
