/**
 * Finds values in a template that look like secrets, so a token pasted into a node never ships in `workflows/`.
 * Two signals: a literal value under a secret-sounding key (or an HTTP header/query pair whose name sounds secret),
 * and values shaped like well-known tokens wherever they appear. Expressions (`={{ … }}`) are not literals: they
 * read from credentials or earlier nodes at run time. Messages name the JSON path, never the value.
 */

export interface SecretFinding {
  path: string;
  message: string;
}

const SECRET_KEY = /(pass(word|wd)?|secret|token|api[-_]?key|apikey|authorization|auth[-_]?header|private[-_]?key|access[-_]?key|bearer|signature|cookie|session)$/i;

const TOKEN_SHAPES: { label: string; pattern: RegExp }[] = [
  { label: 'a bearer token', pattern: /\bBearer\s+[A-Za-z0-9\-._~+/]{16,}=*/ },
  { label: 'a JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { label: 'a portal API token', pattern: /\bihp_[A-Za-z0-9_-]{16,}/ },
  { label: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { label: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { label: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { label: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { label: 'a password inside a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
  { label: 'a signed n8n resume URL', pattern: /webhook-waiting\/[^\s?]+\?[^\s]*signature=[A-Za-z0-9_-]{8,}/ },
  { label: 'a secret in a query string', pattern: /[?&](api[-_]?key|access[-_]?token|token|secret|password|signature)=[^&\s{]{6,}/i },
];

const isExpression = (value: string) => value.startsWith('=');
const isLiteralSecret = (value: unknown): value is string | number => (typeof value === 'string' && value.trim() !== '' && !isExpression(value)) || typeof value === 'number';

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Walks any JSON value and reports each suspicious place once. */
export function findSecrets(root: unknown): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const visit = (value: unknown, path: string, key: string | null) => {
    if (typeof value === 'string') {
      const shape = TOKEN_SHAPES.find((s) => s.pattern.test(value));
      if (shape) {
        findings.push({ path, message: `looks like ${shape.label}; templates carry no secrets, reference a credential by name instead` });
        return;
      }
      if (key !== null && SECRET_KEY.test(key) && isLiteralSecret(value)) {
        findings.push({ path, message: `"${key}" holds a literal value; templates carry no secrets, reference a credential by name instead` });
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, child(path, i), key));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    // HTTP Request headers and query parameters come as { name, value } pairs: the name says what the value is.
    if (typeof record.name === 'string' && SECRET_KEY.test(record.name.trim()) && isLiteralSecret(record.value)) {
      findings.push({ path: child(path, 'value'), message: `the "${record.name}" parameter holds a literal value; templates carry no secrets, use a credential instead` });
    }
    for (const [k, v] of Object.entries(record)) {
      if (k === 'value' && typeof record.name === 'string' && SECRET_KEY.test(record.name.trim()) && isLiteralSecret(v)) continue;
      visit(v, child(path, k), k);
    }
  };
  visit(root, '$', null);
  return findings;
}
