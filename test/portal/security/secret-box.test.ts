import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../portal/src/security/secret-box.js';

const url = 'http://127.0.0.1:5678/webhook-waiting/12?signature=abc.def';

describe('createSecretBox', () => {
  it('round-trips, with a fresh nonce each time and no plaintext in the sealed form', () => {
    const box = createSecretBox('s'.repeat(40), 'n8n-resume-url');
    const a = box.seal(url);
    const b = box.seal(url);
    expect(a).not.toBe(b);
    expect(a).not.toContain('signature');
    expect(a).toMatch(/^v1\./);
    expect(box.open(a)).toBe(url);
  });

  it('refuses tampered ciphertext, another secret, or another purpose', () => {
    const box = createSecretBox('s'.repeat(40), 'n8n-resume-url');
    const sealed = box.seal(url);
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${body!.slice(0, -2)}${body!.endsWith('A') ? 'B' : 'A'}${body!.slice(-1)}`;
    expect(() => box.open(flipped)).toThrow();
    expect(() => createSecretBox('t'.repeat(40), 'n8n-resume-url').open(sealed)).toThrow();
    expect(() => createSecretBox('s'.repeat(40), 'other').open(sealed)).toThrow();
    expect(() => box.open('garbage')).toThrow('Sealed value has an unknown format.');
  });
});
