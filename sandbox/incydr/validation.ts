/** zod helpers for query strings and JSON bodies, turning every failure into a 400 that names the field. */
import type { Context } from 'hono';
import { z } from 'zod';
import { badRequest, type Problem } from './errors.js';

export const qBool = z
  .string()
  .regex(/^(true|false)$/i, 'must be true or false')
  .transform((v) => v.toLowerCase() === 'true');

export function qInt(min: number, max: number) {
  return z
    .string()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

export const qText = z.string().min(1, 'must not be empty');

/** Repeated keys and comma-separated values both make a list. */
export function qList<const V extends readonly [string, ...string[]]>(values: V) {
  return z
    .array(z.string())
    .transform((raw) => raw.flatMap((v) => v.split(',')).filter((v) => v !== ''))
    .pipe(z.array(z.enum(values)));
}

export function toProblems(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

function describe(problems: Problem[], where: string): string {
  return `Invalid ${where}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`;
}

/**
 * Parses the query string with `schema`. Keys named in `repeatable` keep every value as a list; the others take
 * their first value. Unknown parameters are ignored, as the real gateway does.
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S, repeatable: readonly string[] = []): z.output<S> {
  const all = c.req.queries();
  const raw: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(all)) {
    raw[key] = repeatable.includes(key) ? values : (values[0] as string);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = toProblems(result.error);
    throw badRequest(describe(problems, 'query parameter'), problems);
  }
  return result.data;
}

export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.', [{ path: '(body)', message: 'is not valid JSON' }]);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = toProblems(result.error);
    throw badRequest(describe(problems, 'request body'), problems);
  }
  return result.data;
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const start = (page - 1) * pageSize;
  return items.slice(start, start + pageSize);
}
