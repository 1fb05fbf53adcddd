/**
 * zod schemas for the `/api/v1` bodies. They validate every request and also generate the OpenAPI document, so the
 * documentation cannot drift from what the server accepts.
 */
import { z } from 'zod';
import { ACTION_KINDS, APPROVAL_ROLES } from '@incydr-health/core/health/plan-types';
import { FINDING_CATEGORIES, RUN_STATUSES } from '../../db/schema.js';

const isoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp with a time zone, e.g. 2026-11-25T09:00:00Z');
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const runCreateSchema = z
  .object({
    workflow: shortText(200).describe('Workflow name, e.g. "Offboarding cross-check"'),
    executionId: shortText(100).describe('The n8n execution id'),
    trigger: shortText(50).describe('What started the run: schedule, manual, webhook …'),
    status: z.enum(RUN_STATUSES),
    startedAt: isoTime,
    finishedAt: isoTime.nullish(),
    counts: z.record(z.string().max(100), z.number().int().min(0)).optional(),
  })
  .strict();

export const runUpdateSchema = z
  .object({
    status: z.enum(RUN_STATUSES).optional(),
    finishedAt: isoTime.nullish(),
    counts: z.record(z.string().max(100), z.number().int().min(0)).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one of status, finishedAt, counts.' });

const evidenceValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null(), z.array(z.string().max(2000)).max(100)]);

export const findingSchema = z
  .object({
    category: z.enum(FINDING_CATEGORIES),
    subjectType: z.enum(['user', 'agent', 'actor']),
    subjectId: shortText(200),
    subjectName: shortText(300),
    issue: z.string().max(100).nullish().describe('For unhealthy agents: the health issue type, e.g. NOT_CONNECTING'),
    reason: z.string().max(2000).nullish(),
    details: z.record(z.string().max(100), evidenceValue).optional(),
  })
  .strict();

export const MAX_FINDINGS_PER_BATCH = 1000;
export const findingsBatchSchema = z.object({ findings: z.array(findingSchema).min(1).max(MAX_FINDINGS_PER_BATCH) }).strict();

const reasonSchema = z
  .object({
    code: shortText(100),
    message: shortText(1000),
    evidence: z.record(z.string().max(100), evidenceValue),
  })
  .strict();

const planItemSchema = z
  .object({
    id: shortText(400),
    action: z.enum(ACTION_KINDS),
    subject: z
      .object({
        type: z.enum(['user', 'agent', 'actor']),
        id: shortText(200),
        name: shortText(300),
        ownerUserId: z.string().max(200).nullish(),
      })
      .strict(),
    reasons: z.array(reasonSchema).min(1).max(50),
    requiredRoles: z.array(z.enum(APPROVAL_ROLES)).max(2).describe('Empty for items nobody needs to sign (carried for information)'),
    params: z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional(),
  })
  .strict();

export const planSchema = z
  .object({
    version: z.literal(1),
    kind: shortText(100),
    createdAt: isoTime,
    items: z.array(planItemSchema).min(1).max(5000),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'hash must look like sha256:<64 lowercase hex digits>'),
  })
  .strict();

export const approvalSubmitSchema = z
  .object({
    title: shortText(200).describe('Shown to reviewers and in notification mail (no subject names here)'),
    runId: z.number().int().positive().nullish(),
    plan: planSchema,
    stages: z.array(z.enum(APPROVAL_ROLES)).min(1).max(2).optional().describe('Defaults to the roles the items require, HR first'),
    order: z.enum(['sequential', 'parallel']).default('sequential'),
    resumeUrl: z.url().max(2000).describe("The waiting execution's signed resume URL; must be under PORTAL_N8N_URL"),
    deadline: isoTime.nullish().describe('After this moment the request resolves as expired'),
    requesterEmail: z.email().max(300).nullish(),
  })
  .strict();

export const outcomesSchema = z
  .object({
    outcomes: z
      .array(
        z
          .object({
            itemId: shortText(400),
            status: z.enum(['succeeded', 'failed', 'skipped']),
            message: z.string().max(2000).nullish(),
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict();

export const errorSchema = z.object({ error: z.string(), details: z.unknown().optional() });
