/** Turning bad input into a clear 4xx: zod issues become `{path, message}` pairs a person can act on. */
import type { z } from 'zod';

export interface FieldProblem {
  path: string;
  message: string;
}

export function describeIssues(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}

export function summarize(problems: readonly FieldProblem[]): string {
  const first = problems[0];
  if (!first) return 'The input is not valid.';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `${first.path}: ${first.message}${more}`;
}
