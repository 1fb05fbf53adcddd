/**
 * Match keys. Addresses compare case-insensitively after trimming, stripping `mailto:` and angle brackets, and
 * Unicode NFC (so a composed and a decomposed "é" are one key). Dots and `+tags` are kept: removing them is a
 * Gmail-only rule and could merge two people.
 */

const NON_PRINTABLE_ASCII = /[^ -~]/;

export function normalizeIdentityKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  // Pure-ASCII text is already in NFC; skipping normalize() there keeps 100k-user tenants fast.
  let key = (NON_PRINTABLE_ASCII.test(raw) ? raw.normalize('NFC') : raw).trim().toLowerCase();
  // Either wrapper may come first: `<mailto:a@b>` and `mailto:<a@b>` are both seen in exports.
  for (let pass = 0; pass < 2; pass += 1) {
    if (key.startsWith('<') && key.endsWith('>')) key = key.slice(1, -1).trim();
    if (key.startsWith('mailto:')) key = key.slice('mailto:'.length).trim();
  }
  return key === '' ? null : key;
}

/** Employee numbers keep leading zeros; only surrounding space and letter case are ignored. */
export function normalizeEmployeeId(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const key = raw.normalize('NFC').trim().toLowerCase();
  return key === '' ? null : key;
}

/** First + last name, accent-folded, for deciding whether two HR records are the same human (never a match key). */
export function foldedName(first: string | null, last: string | null): string | null {
  if (!first || !last) return null;
  return `${first} ${last}`
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
