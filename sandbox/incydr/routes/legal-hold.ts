/** `/v1/legal-hold`: matters, custodians, a user's memberships, policies. Lists page until a short page (no totals). */
import { z } from 'zod';
import type { AddCustodianResponse, CustodianMembershipsPage, CustodiansPage, MattersPage } from '@incydr-health/core/incydr/types';
import { LIMITS } from '../limits.js';
import { notFound } from '../errors.js';
import { callOf, type RouteModule } from '../http.js';
import { paginate, parseBody, parseQuery, qBool, qInt, qText } from '../validation.js';

const pageQuery = z.object({
  page: qInt(1, 1_000_000).default(1),
  pageSize: qInt(1, LIMITS.v1PageSize).default(100),
});

const mattersQuery = pageQuery.extend({
  creatorUserId: qText.optional(),
  active: qBool.optional(),
  name: qText.optional(),
});

const userBody = z.object({ userId: z.string().min(1, 'must not be empty') });

const createMatterBody = z.object({
  policyId: z.string().min(1, 'must not be empty'),
  name: z.string().min(1, 'must not be empty').max(100),
  description: z.string().max(1000).nullable().optional(),
  notes: z.string().max(1000).nullable().optional(),
});

export const legalHoldRoutes: RouteModule = (app, state) => {
  app.get('/v1/legal-hold/matters', (c) => {
    const q = parseQuery(c, mattersQuery);
    const name = q.name?.toLowerCase();
    const matches = state.matters.filter(
      (m) =>
        (q.active === undefined || m.active === q.active) &&
        (q.creatorUserId === undefined || m.creator?.userId === q.creatorUserId) &&
        (name === undefined || m.name.toLowerCase().includes(name)),
    );
    const body: MattersPage = { matters: paginate(matches, q.page, q.pageSize) };
    return c.json(body);
  });

  app.post('/v1/legal-hold/matters', async (c) => {
    const body = await parseBody(c, createMatterBody);
    return c.json(state.createMatter(callOf(c), body));
  });

  app.get('/v1/legal-hold/matters/:matterId', (c) => c.json(state.matter(c.req.param('matterId'))));

  app.post('/v1/legal-hold/matters/:matterId/deactivate', (c) => {
    state.setMatterActive(callOf(c), c.req.param('matterId'), false);
    return c.body(null, 204);
  });

  app.post('/v1/legal-hold/matters/:matterId/reactivate', (c) => {
    state.setMatterActive(callOf(c), c.req.param('matterId'), true);
    return c.body(null, 204);
  });

  app.get('/v1/legal-hold/matters/:matterId/custodians', (c) => {
    const matter = state.matter(c.req.param('matterId'));
    const q = parseQuery(c, pageQuery);
    const members = state.custodianships.filter((m) => m.matterId === matter.matterId);
    const body: CustodiansPage = {
      custodians: paginate(members, q.page, q.pageSize).map((m) => {
        const user = state.userById.get(m.userId);
        return {
          userId: m.userId,
          name: user ? `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim() || user.username : m.userId,
          email: user?.username ?? '',
          membershipActive: m.membershipActive,
          membershipCreationDate: m.membershipCreationDate,
        };
      }),
    };
    return c.json(body);
  });

  app.post('/v1/legal-hold/matters/:matterId/custodians', async (c) => {
    const { userId } = await parseBody(c, userBody);
    const membership = state.addCustodian(callOf(c), c.req.param('matterId'), userId);
    const matter = state.matter(membership.matterId);
    const user = state.user(userId);
    const body: AddCustodianResponse = {
      membershipActive: membership.membershipActive,
      membershipCreationDate: membership.membershipCreationDate,
      matter: { matterId: matter.matterId, name: matter.name },
      custodian: { userId: user.userId, username: user.username, email: user.username },
    };
    return c.json(body);
  });

  app.post('/v1/legal-hold/matters/:matterId/custodians/remove', async (c) => {
    const { userId } = await parseBody(c, userBody);
    state.removeCustodian(callOf(c), c.req.param('matterId'), userId);
    return c.body(null, 204);
  });

  app.get('/v1/legal-hold/custodians/:userId', (c) => {
    const user = state.user(c.req.param('userId'));
    const q = parseQuery(c, pageQuery);
    const memberships = state.custodianships.filter((m) => m.userId === user.userId);
    const body: CustodianMembershipsPage = {
      matters: paginate(memberships, q.page, q.pageSize).map((m) => ({
        matterId: m.matterId,
        name: state.matterById.get(m.matterId)?.name ?? '',
        membershipActive: m.membershipActive,
        membershipCreationDate: m.membershipCreationDate,
      })),
    };
    return c.json(body);
  });

  app.get('/v1/legal-hold/policies', (c) => {
    const q = parseQuery(c, pageQuery);
    return c.json({ policies: paginate(state.policies, q.page, q.pageSize) });
  });

  app.get('/v1/legal-hold/policies/:policyId', (c) => {
    const policy = state.policies.find((p) => p.policyId === c.req.param('policyId'));
    if (!policy) throw notFound('legal-hold policy', c.req.param('policyId'));
    return c.json(policy);
  });
};
