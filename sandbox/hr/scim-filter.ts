/**
 * The SCIM filter language of RFC 7644 §3.4.2.2, enough for a faithful server: `eq ne co sw ew pr gt ge lt le`,
 * `and`, `or`, `not (...)`, parentheses, dotted attribute paths and schema-URN-prefixed paths. Attribute names and
 * operators are case-insensitive; string comparison is case-insensitive except for `id` (caseExact).
 */

export class ScimFilterError extends Error {
  override readonly name = 'ScimFilterError';
}

type Value = string | number | boolean | null;
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; inner: FilterNode }
  | { kind: 'compare'; path: string; op: string; value: Value }
  | { kind: 'present'; path: string };

const OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const TOKEN = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) throw new ScimFilterError(`cannot read the filter at character ${position + 1}`);
    tokens.push(match[1]!);
    position = TOKEN.lastIndex;
  }
  return tokens;
}

function literal(token: string | undefined): Value {
  if (token === undefined) throw new ScimFilterError('the filter ends where a value was expected');
  if (token.startsWith('"')) return JSON.parse(token) as string;
  const lower = token.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new ScimFilterError(`"${token}" is not a value; strings must be in double quotes`);
}

export function parseScimFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i]?.toLowerCase();
  const orExpr = (): FilterNode => {
    let node = andExpr();
    while (peek() === 'or') {
      i += 1;
      node = { kind: 'or', left: node, right: andExpr() };
    }
    return node;
  };
  const andExpr = (): FilterNode => {
    let node = factor();
    while (peek() === 'and') {
      i += 1;
      node = { kind: 'and', left: node, right: factor() };
    }
    return node;
  };
  const group = (): FilterNode => {
    if (tokens[i] !== '(') throw new ScimFilterError('expected "("');
    i += 1;
    const node = orExpr();
    if (tokens[i] !== ')') throw new ScimFilterError('a "(" is never closed');
    i += 1;
    return node;
  };
  const factor = (): FilterNode => {
    if (peek() === 'not') {
      i += 1;
      return { kind: 'not', inner: group() };
    }
    if (tokens[i] === '(') return group();
    const path = tokens[i];
    if (path === undefined || path === ')') throw new ScimFilterError('expected an attribute name');
    if (!/^[A-Za-z][\w:.$-]*$/.test(path)) throw new ScimFilterError(`"${path}" is not an attribute name`);
    i += 1;
    const op = peek();
    if (op === 'pr') {
      i += 1;
      return { kind: 'present', path };
    }
    if (op === undefined || !OPERATORS.has(op)) {
      throw new ScimFilterError(`"${tokens[i] ?? '(end)'}" is not a SCIM operator (eq ne co sw ew gt ge lt le pr)`);
    }
    i += 1;
    const value = literal(tokens[i]);
    i += 1;
    return { kind: 'compare', path, op, value };
  };
  const node = orExpr();
  if (i < tokens.length) throw new ScimFilterError(`unexpected "${tokens[i]}" after a complete filter`);
  return node;
}

/** All values at a path, descending into multi-valued attributes (`emails.value` looks at every e-mail). */
function valuesAt(resource: unknown, path: string): unknown[] {
  let segments: string[];
  const urn = /^(urn:.+):([^:]+)$/i.exec(path);
  let roots: unknown[] = [resource];
  if (urn) {
    roots = [lookup(resource, urn[1]!)];
    segments = urn[2]!.split('.');
  } else segments = path.split('.');
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const root of roots.flatMap((r) => (Array.isArray(r) ? r : [r]))) {
      const value = lookup(root, segment);
      if (value !== undefined) next.push(value);
    }
    roots = next;
  }
  return roots.flatMap((r) => (Array.isArray(r) ? r : [r]));
}

function lookup(object: unknown, name: string): unknown {
  if (object === null || typeof object !== 'object') return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

function compare(actual: unknown, op: string, expected: Value, caseExact: boolean): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (DATE_TIME.test(actual) && DATE_TIME.test(expected) && ['gt', 'ge', 'lt', 'le', 'eq', 'ne'].includes(op)) {
      const [a, b] = [Date.parse(actual), Date.parse(expected)];
      if (!Number.isNaN(a) && !Number.isNaN(b)) return order(a, b, op);
    }
    const [a, b] = caseExact ? [actual, expected] : [actual.toLowerCase(), expected.toLowerCase()];
    if (op === 'co') return a.includes(b);
    if (op === 'sw') return a.startsWith(b);
    if (op === 'ew') return a.endsWith(b);
    return order(a, b, op);
  }
  if (typeof actual === 'number' && typeof expected === 'number') return order(actual, expected, op);
  if (op === 'eq') return actual === expected;
  if (op === 'ne') return actual !== expected;
  return false;
}

function order<T extends string | number>(a: T, b: T, op: string): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}

export function matchesFilter(resource: unknown, node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(resource, node.left) && matchesFilter(resource, node.right);
    case 'or':
      return matchesFilter(resource, node.left) || matchesFilter(resource, node.right);
    case 'not':
      return !matchesFilter(resource, node.inner);
    case 'present':
      return valuesAt(resource, node.path).some((v) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
    case 'compare': {
      const values = valuesAt(resource, node.path);
      const caseExact = node.path.toLowerCase() === 'id';
      // `ne` holds when no value equals; the others when any value satisfies.
      if (node.op === 'ne') return !values.some((v) => compare(v, 'eq', node.value, caseExact));
      return values.some((v) => compare(v, node.op, node.value, caseExact));
    }
  }
}
