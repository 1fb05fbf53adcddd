/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members left out (as JSON.stringify
 * does). Two structurally equal values always give the same text, which is what makes a plan hash reproducible.
 */
export function canonicalJson(value: unknown): string {
  // Values built in key order (plan items are) need no re-ordering: the plain native serializer writes them.
  if (isInCanonicalOrder(value)) return JSON.stringify(value);
  // Otherwise the native serializer still does the writing (plans reach six-figure item counts); the replacer
  // re-creates each object with its keys in order and refuses what JSON would silently turn into null or drop.
  try {
    const text = JSON.stringify(value, canonicalReplacer);
    if (text === undefined) throw new TypeError(`canonical JSON cannot represent a value of type ${typeof value}`);
    return text;
  } catch (error) {
    if (error === INTEGER_KEY) return canonicalJsonSlow(value);
    throw error;
  }
}

/**
 * True when plain JSON.stringify would already write canonical JSON: every object's own keys come in code-unit
 * order (integer-like keys that JavaScript lists first break that order unless they also sort first as strings),
 * and nothing JSON would drop or turn into null appears.
 */
export function isInCanonicalOrder(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const v of value) if (!isInCanonicalOrder(v)) return false;
        return true;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
      const record = value as Record<string, unknown>;
      let previous: string | null = null;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) return false;
        if (previous !== null && previous >= key) return false;
        previous = key;
        const v = record[key];
        if (v === undefined || !isInCanonicalOrder(v)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** JavaScript lists integer-like keys ("2", "10") first, in numeric order, whatever the insertion order. */
const INTEGER_LIKE = /^(0|[1-9]\d*)$/;
const INTEGER_KEY = Symbol('integer-like key');

function canonicalReplacer(this: unknown, _key: string, v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonical JSON cannot represent the number ${v}`);
      return v;
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new TypeError(`canonical JSON cannot represent a value of type ${typeof v}`);
    case 'object': {
      if (v === null || Array.isArray(v)) return v;
      const record = v as Record<string, unknown>;
      // Array.prototype.sort without a comparator orders by UTF-16 code units: exactly compareCodeUnits.
      const keys = Object.keys(record).sort();
      const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const k of keys) {
        // An object cannot hold such keys in string order, so this value takes the slow, exact path.
        if (INTEGER_LIKE.test(k)) throw INTEGER_KEY;
        sorted[k] = record[k];
      }
      return sorted;
    }
    default:
      return v;
  }
}

/** The reference serializer: writes every object key by key. Exact for any key, slower on big plans. */
export function canonicalJsonSlow(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJsonSlow((value as { toJSON: () => unknown }).toJSON());
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot represent the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v: unknown) => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? canonicalOrNull(v) : canonicalJsonSlow(v))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of Object.keys(record).sort()) {
        const v = record[k];
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(k)}:${canonicalJsonSlow(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot represent a value of type ${typeof value}`);
  }
}

function canonicalOrNull(v: unknown): string {
  if (v === undefined) return 'null';
  throw new TypeError(`canonical JSON cannot represent a value of type ${typeof v}`);
}

/** Plain code-unit order: independent of locale, unlike localeCompare. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SHA-256 of the UTF-8 bytes of `text`, lower-case hex, via Web Crypto (available in Node 20 and in n8n). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
