/**
 * Argument checks for the client's public operations. They throw TypeError/RangeError with a message that names
 * the operation and the argument, before any request is made, so a misconfigured workflow fails with a sentence a
 * person can act on rather than with the API's 400.
 */

export function requireId(operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${operation}: ${name} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

export function requireIds(operation: string, name: string, values: unknown): string[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new TypeError(`${operation}: ${name} must be a non-empty list of ids, got ${describe(values)}`);
  }
  return values.map((value, index) => requireId(operation, `${name}[${index}]`, value));
}

/** Day counts: 0 means "since the start of today" to the API, so it is allowed. */
export function optionalDays(operation: string, name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${operation}: ${name} must be a whole number of days (0 or more), got ${describe(value)}`);
  }
  return value;
}

export function optionalOneOf<T extends string>(
  operation: string,
  name: string,
  value: T | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new RangeError(`${operation}: ${name} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value;
}

export function optionalAllOf<T extends string>(
  operation: string,
  name: string,
  values: readonly T[] | undefined,
  allowed: readonly T[],
): readonly T[] | undefined {
  if (values === undefined) return undefined;
  for (const value of values) optionalOneOf(operation, name, value, allowed);
  return values;
}

export function requireCaseNumber(operation: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${operation}: case number must be a positive whole number, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}
