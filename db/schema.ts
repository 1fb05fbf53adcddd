/**
 * The portal's database schema: the single source of truth from which drizzle-kit generates the committed SQL
 * migrations in `db/migrations/`. Every timestamp is epoch milliseconds written by the portal's injected clock
 * (never a SQL default), so tests control time and rows never read back as `Invalid Date`.
 * Enumerations are enforced by CHECK constraints because drizzle's `enum` option is type-only.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const USER_ROLES = ['admin', 'ops', 'hr', 'legal', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const FINDING_CATEGORIES = [
  'stale-agent',
  'outdated-agent',
  'unsupported-agent',
  'unhealthy-agent',
  'terminated-active-user',
  'preserved-subject',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const REQUEST_STATUSES = ['pending', 'decided', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STAGE_ROLES = ['hr', 'legal'] as const;
export type StageRole = (typeof STAGE_ROLES)[number];

export const OUTBOX_KINDS = ['resume', 'mail'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    role: text('role', { enum: USER_ROLES }).notNull(),
    /** Self-describing scrypt string; null until the user has set a password through a setup link. */
    passwordHash: text('password_hash'),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), check('users_role_ck', inList('role', USER_ROLES))],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked database yields no usable cookies. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time links that let a person choose a password (first admin, new users). */
export const setupTokens = sqliteTable('setup_tokens', {
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/** Failed sign-ins, kept in the database so throttling survives restarts and spans processes. */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('sign_in_failures_key_at_idx').on(t.key, t.at)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The visible start of the token, so people can tell tokens apart without the secret. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    expiresAt: integer('expires_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

export const runs = sqliteTable(
  'runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workflow: text('workflow').notNull(),
    executionId: text('execution_id').notNull(),
    trigger: text('trigger').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('runs_workflow_execution_uq').on(t.workflow, t.executionId),
    index('runs_started_idx').on(t.startedAt),
    check('runs_status_ck', inList('status', RUN_STATUSES)),
  ],
);

export const findings = sqliteTable(
  'findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** `category:subjectType:subjectId:issue`, so a re-sent batch adds nothing twice. */
    key: text('key').notNull(),
    category: text('category', { enum: FINDING_CATEGORIES }).notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    issue: text('issue'),
    reason: text('reason'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('findings_run_key_uq').on(t.runId, t.key),
    index('findings_subject_idx').on(t.subjectType, t.subjectId),
    // Covers the dashboard's per-run counts by category and health issue.
    index('findings_run_category_idx').on(t.runId, t.category, t.issue),
    check('findings_category_ck', inList('category', FINDING_CATEGORIES)),
  ],
);

export const approvalRequests = sqliteTable(
  'approval_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id').references(() => runs.id),
    title: text('title').notNull(),
    planKind: text('plan_kind').notNull(),
    planHash: text('plan_hash').notNull(),
    planCreatedAt: text('plan_created_at').notNull(),
    stages: text('stages', { mode: 'json' }).$type<StageRole[]>().notNull(),
    stageOrder: text('stage_order', { enum: ['sequential', 'parallel'] }).notNull(),
    /** AES-GCM ciphertext of n8n's signed resume URL, which is a bearer secret. */
    resumeUrlSealed: text('resume_url_sealed').notNull(),
    /** SHA-256 over plan hash and resume URL: a retried submission finds its first request. */
    submissionKey: text('submission_key').notNull(),
    requesterEmail: text('requester_email'),
    requestedByTokenId: integer('requested_by_token_id').references(() => apiTokens.id),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    deadlineAt: integer('deadline_at'),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    uniqueIndex('approval_requests_submission_uq').on(t.submissionKey),
    index('approval_requests_status_idx').on(t.status),
    check('approval_requests_status_ck', inList('status', REQUEST_STATUSES)),
    check('approval_requests_order_ck', inList('stage_order', ['sequential', 'parallel'])),
  ],
);

export const requestItems = sqliteTable(
  'request_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => approvalRequests.id, { onDelete: 'cascade' }),
    planItemId: text('plan_item_id').notNull(),
    position: integer('position').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    /** For agents: the owning user, so a hold on that user protects the agent too. */
    ownerUserId: text('owner_user_id'),
    reasons: text('reasons', { mode: 'json' }).$type<unknown[]>().notNull(),
    requiredRoles: text('required_roles', { mode: 'json' }).$type<StageRole[]>().notNull(),
    params: text('params', { mode: 'json' }).$type<Record<string, unknown> | null>(),
  },
  (t) => [
    uniqueIndex('request_items_request_item_uq').on(t.requestId, t.planItemId),
    index('request_items_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => approvalRequests.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => requestItems.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: STAGE_ROLES }).notNull(),
    verdict: text('verdict', { enum: ['approve', 'reject'] }).notNull(),
    comment: text('comment').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    decidedAt: integer('decided_at').notNull(),
  },
  (t) => [
    // The database, not the handler, guarantees exactly one decision per item and stage.
    uniqueIndex('decisions_item_stage_uq').on(t.itemId, t.stage),
    index('decisions_request_idx').on(t.requestId),
    check('decisions_stage_ck', inList('stage', STAGE_ROLES)),
    check('decisions_verdict_ck', inList('verdict', ['approve', 'reject'])),
  ],
);

export const outcomes = sqliteTable(
  'outcomes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => requestItems.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['succeeded', 'failed', 'skipped'] }).notNull(),
    message: text('message'),
    reportedAt: integer('reported_at').notNull(),
  },
  (t) => [
    uniqueIndex('outcomes_item_uq').on(t.itemId),
    check('outcomes_status_ck', inList('status', ['succeeded', 'failed', 'skipped'])),
  ],
);

export const holds = sqliteTable(
  'holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    reason: text('reason').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    liftedAt: integer('lifted_at'),
    liftedBy: integer('lifted_by').references(() => users.id),
    liftReason: text('lift_reason'),
  },
  (t) => [index('holds_subject_idx').on(t.subjectType, t.subjectId)],
);

/** Append-only; each row's hash covers its content and the previous row's hash. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_action_idx').on(t.action)],
);

/** Side effects that must happen exactly once after a commit: n8n resume calls and e-mails. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    /** Sealed (AES-GCM) for resume calls; plain JSON for mail, which carries no secrets. */
    payload: text('payload').notNull(),
    /** Who or what it is for, safe to show: a stage's reviewers, or "n8n resume of request 4". */
    summary: text('summary').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimedUntil: integer('claimed_until'),
    deliveredAt: integer('delivered_at'),
    /** `n8n` or `smtp` when sent; `kept` when no SMTP server is configured and the mail is only shown to admins. */
    deliveredVia: text('delivered_via'),
    lastError: text('last_error'),
    /**
     * Set when delivery can never succeed (n8n says the execution no longer waits): the row leaves the queue for
     * good, and `lastError` says why. Never set together with `deliveredAt`.
     */
    abandonedAt: integer('abandoned_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.key),
    index('outbox_due_idx').on(t.deliveredAt, t.nextAttemptAt),
    check('outbox_kind_ck', inList('kind', OUTBOX_KINDS)),
  ],
);
