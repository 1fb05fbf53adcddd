/**
 * A small seeded pseudo-random generator (SplitMix32-style mixing over a 32-bit counter state). The generator must
 * be byte-for-byte reproducible across machines and Node versions, so it uses only 32-bit integer arithmetic and
 * never `Math.random`.
 */
export class Prng {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 0x1_0000_0000;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a key from a table built once with `weights()`; weights need not sum to 1. */
  weighted<K extends string>(table: WeightTable<K>): K {
    const roll = this.next() * table.total;
    for (let i = 0; i < table.keys.length; i++) {
      if (roll < (table.cumulative[i] as number)) return table.keys[i] as K;
    }
    return table.keys[table.keys.length - 1] as K;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A derived, independent stream: lets one part of the world change without reshuffling every other part. */
  fork(label: string): Prng {
    return new Prng((hashString(label) ^ Math.floor(this.next() * 0x1_0000_0000)) >>> 0);
  }
}

/** FNV-1a, 32 bit: turns a text seed into a numeric one. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface WeightTable<K extends string> {
  keys: K[];
  cumulative: number[];
  total: number;
}

/** Precomputes a weight table: the generator draws from the same mixtures hundreds of thousands of times. */
export function weights<K extends string>(shares: Readonly<Record<K, number>>): WeightTable<K> {
  const keys = Object.keys(shares) as K[];
  const cumulative: number[] = [];
  let total = 0;
  for (const key of keys) {
    total += shares[key];
    cumulative.push(total);
  }
  return { keys, cumulative, total };
}
