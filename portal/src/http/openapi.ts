/** The OpenAPI 3.1 document for `/api/v1`, generated from the same zod schemas that validate requests. */
import { z } from 'zod';
import { approvalSubmitSchema, errorSchema, findingsBatchSchema, outcomesSchema, runCreateSchema, runUpdateSchema } from '../api-schemas.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });

const errors = (codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [String(code), { description: ERROR_TEXT[code] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
  );

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request (not JSON, bad id)',
  401: 'Missing, unknown, revoked or expired token',
  403: 'The token lacks the required scope',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  422: 'Body fails validation; `details` lists each field problem',
};

const json = (description: string, ref?: string) => ({
  description,
  content: { 'application/json': { schema: ref ? { $ref: ref } : { type: 'object' } } },
});

const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: ref } } } });
const idParam = (name: string) => [{ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }];

export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Incydr Health portal API',
      version: '1.0.0',
      description:
        'What the n8n side calls: record runs and findings, submit plans for approval, read decisions and the preservation register, report outcomes.',
    },
    servers: [{ url: new URL('/api/v1', publicUrl).href }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API token created under Admin → API tokens; scopes: runs:write, approvals:write, approvals:read, register:read' } },
      schemas: {
        Error: schema(errorSchema),
        RunCreate: schema(runCreateSchema),
        RunUpdate: schema(runUpdateSchema),
        FindingsBatch: schema(findingsBatchSchema),
        ApprovalSubmit: schema(approvalSubmitSchema),
        Outcomes: schema(outcomesSchema),
      },
    },
    paths: {
      '/token': {
        get: {
          summary: 'The name and scopes of the presented token; changes nothing (any scope; for connection tests)',
          responses: { '200': json('Token name and scopes'), ...errors([401]) },
        },
      },
      '/runs': {
        post: {
          summary: 'Create a run, or update it when the same workflow + executionId is sent again (scope runs:write)',
          requestBody: body('#/components/schemas/RunCreate'),
          responses: { '201': json('Created'), '200': json('Already known; updated'), ...errors([400, 401, 403, 413, 422]) },
        },
      },
      '/runs/{id}': {
        patch: {
          summary: 'Update status, finish time or counts (scope runs:write)',
          parameters: idParam('id'),
          requestBody: body('#/components/schemas/RunUpdate'),
          responses: { '200': json('Updated'), ...errors([400, 401, 403, 404, 422]) },
        },
      },
      '/runs/{id}/findings': {
        post: {
          summary: 'Add a batch of findings; findings already recorded for the run are skipped (scope runs:write)',
          parameters: idParam('id'),
          requestBody: body('#/components/schemas/FindingsBatch'),
          responses: { '200': json('Counts of added and skipped findings'), ...errors([400, 401, 403, 404, 413, 422]) },
        },
      },
      '/approval-requests': {
        post: {
          summary: 'Submit a plan for approval with its stages and the resume URL of the waiting execution (scope approvals:write)',
          requestBody: body('#/components/schemas/ApprovalSubmit'),
          responses: { '201': json('Created'), '200': json('The same plan and resume URL were already submitted'), ...errors([400, 401, 403, 413, 422]) },
        },
      },
      '/approval-requests/{id}': {
        get: {
          summary: 'The authoritative decision record: approved and rejected items, who decided with role, time and comment (scope approvals:read)',
          parameters: idParam('id'),
          responses: { '200': json('Decision record'), ...errors([400, 401, 403, 404]) },
        },
      },
      '/approval-requests/{id}/outcomes': {
        post: {
          summary: 'Report what was done with each item after execution (scope approvals:write)',
          parameters: idParam('id'),
          requestBody: body('#/components/schemas/Outcomes'),
          responses: { '200': json('How many outcomes were recorded or changed'), ...errors([400, 401, 403, 404, 409, 422]) },
        },
      },
      '/preservation-register': {
        get: {
          summary: 'Every protected subject and why: manual holds and subjects preserved by the latest run, plus the active manual holds in the preservation guard\'s ManualHold shape (scope register:read)',
          responses: { '200': json('Register entries'), ...errors([401, 403]) },
        },
      },
    },
  };
}
