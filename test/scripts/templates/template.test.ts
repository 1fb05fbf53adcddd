import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTemplateFolder, readTemplateText } from '../../../scripts/templates/load.js';
import { checkTemplate, describeProblems, type TemplateCheck } from '../../../scripts/templates/template.js';
import { makeTemplate, toText, type TemplateJson } from './fixtures.js';

function problemsOf(check: TemplateCheck) {
  if (check.ok) throw new Error('expected the template to be refused');
  return check.problems;
}

function refuse(mutate: (t: TemplateJson) => void) {
  const template = makeTemplate();
  mutate(template);
  return problemsOf(checkTemplate('t.json', toText(template)));
}

describe('checkTemplate', () => {
  it('accepts a well-formed template and extracts its page, tag, credentials and the API body', () => {
    const check = checkTemplate('offboarding.json', toText(makeTemplate({ templateId: 'offboarding', credentialName: 'Portal header' })));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const t = check.template;
    expect(t).toMatchObject({ file: 'offboarding.json', templateId: 'offboarding', tag: 'tpl:offboarding', title: 'Test offboarding', needs: ['Nothing but n8n itself'] });
    expect(t.credentials).toEqual([{ type: 'httpHeaderAuth', name: 'Portal header' }]);
    expect(Object.keys(t.workflow).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
    expect(t.workflow.nodes).toHaveLength(5);
  });

  it('accepts our own package type names', () => {
    const check = checkTemplate('t.json', toText({ ...makeTemplate(), nodes: makeTemplate().nodes.map((n, i) => (i === 2 ? { ...n, type: 'n8n-nodes-incydr-health.incydr' } : n)) }));
    expect(check.ok).toBe(true);
  });

  it('refuses broken JSON with the parser’s reason', () => {
    const [problem] = problemsOf(checkTemplate('broken.json', '{"name": '));
    expect(problem!.path).toBe('$');
    expect(problem!.message).toMatch(/^This file is not valid JSON\. The parser said: /);
  });

  it('refuses CUSTOM. and unknown package node types, naming the node', () => {
    const problems = refuse((t) => {
      t.nodes[2]!.type = 'CUSTOM.incydr';
      t.nodes[0]!.type = 'n8n-nodes-other.thing';
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['$.nodes[0].type', '$.nodes[2].type']);
    expect(problems[0]!.message).toContain('never "CUSTOM.<node>"');
  });

  it('refuses credential ids, which exist on one n8n only', () => {
    const problems = refuse((t) => {
      t.nodes[2]!.credentials = { incydrApi: { id: 'R2DjclaysHbqn778', name: 'Incydr account' } };
    });
    expect(problems).toEqual([{ path: '$.nodes[2].credentials.incydrApi.id', message: expect.stringContaining('"id": null') }]);
  });

  it('refuses fields that belong to one n8n: workflow id, versionId, pinData, meta.instanceId, settings.errorWorkflow', () => {
    const problems = refuse((t) => {
      t.id = 'AbCdEfGh12345678';
      t.versionId = '6f1d…';
      t.pinData = { Mark: [{ json: {} }] };
      (t.meta as Record<string, unknown>).instanceId = 'abc';
      t.settings.errorWorkflow = 'VzqKEW0ShTXA5vPj';
    });
    const text = describeProblems('t.json', problems);
    expect(text).toContain('"id"');
    expect(text).toContain('"versionId"');
    expect(text).toContain('"pinData"');
    expect(text).toContain('"instanceId"');
    expect(text).toContain('"errorWorkflow"');
    expect(text.split('\n').every((l) => l.startsWith('t.json: $'))).toBe(true);
  });

  it('refuses nodes without a pinned typeVersion and unknown node fields', () => {
    const problems = refuse((t) => {
      delete t.nodes[1]!.typeVersion;
      t.nodes[2]!.color = 'red';
    });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.nodes[1].typeVersion', '$.nodes[2]']));
    expect(problems.find((p) => p.path === '$.nodes[2]')!.message).toContain('"color" not allowed here');
  });

  it('says plainly which required fields are missing', () => {
    const problems = refuse((t) => {
      delete t.nodes[0]!.name;
      delete (t as { connections?: unknown }).connections;
    });
    expect(problems).toEqual([
      { path: '$.nodes[0].name', message: 'required, but missing' },
      { path: '$.connections', message: 'required, but missing' },
    ]);
  });

  it('requires a manual trigger, a schedule trigger and a sticky note', () => {
    const problems = refuse((t) => {
      t.nodes = t.nodes.filter((n) => n.name === 'Mark');
      t.connections = {};
    });
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('add a Manual Trigger'),
      expect.stringContaining('add a Schedule Trigger'),
      expect.stringContaining('add at least one sticky note'),
    ]);
  });

  it('refuses connections to or from nodes that do not exist, and duplicate node names', () => {
    const problems = refuse((t) => {
      t.connections.Ghost = { main: [[{ node: 'Mark', type: 'main', index: 0 }]] };
      (t.connections['Run by hand'] as { main: { node: string }[][] }).main[0]![0]!.node = 'Nowhere';
      t.nodes[3]!.name = 'Mark';
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['$.connections.Ghost', '$.connections["Run by hand"].main[0][0].node', '$.nodes[3].name']);
  });

  it('requires the portal page: title, summary and needs, and a template id that fits an n8n tag', () => {
    const problems = refuse((t) => {
      t.meta = { templateId: 'This Is Far Too Long For A Tag', incydrHealth: { title: '', summary: 'x', needs: [] } };
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['$.meta.incydrHealth.needs', '$.meta.incydrHealth.title', '$.meta.templateId']);
    expect(problems.find((p) => p.path === '$.meta.templateId')!.message).toContain('tpl:<id>');
  });

  describe('secrets', () => {
    it('refuses a literal password under a secret-sounding parameter, naming the JSON path but not the value', () => {
      const problems = refuse((t) => {
        (t.nodes[2]!.parameters as Record<string, unknown>).clientSecret = 'hunter2-hunter2';
      });
      expect(problems).toEqual([{ path: '$.nodes[2].parameters.clientSecret', message: expect.stringContaining('reference a credential by name') }]);
      expect(JSON.stringify(problems)).not.toContain('hunter2');
    });

    it('refuses a literal header value whose header name sounds secret', () => {
      const problems = refuse((t) => {
        (t.nodes[2]!.parameters as Record<string, unknown>).headerParameters = { parameters: [{ name: 'X-API-Key', value: 'abcdef123456' }] };
      });
      expect(problems.map((p) => p.path)).toEqual(['$.nodes[2].parameters.headerParameters.parameters[0].value']);
      expect(problems[0]!.message).toContain('"X-API-Key"');
    });

    it.each([
      ['a bearer token', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123'],
      ['a JSON web token', `token ${['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.')}`],
      ['a portal API token', 'use ihp_0123456789abcdefghijkl'],
      ['a password inside a URL', 'https://admin:s3cret@portal.example/api'],
      ['a signed n8n resume URL', 'http://n8n:5678/webhook-waiting/42?signature=abcdef0123456789'],
      ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE'],
    ])('finds %s anywhere, even in a sticky note', (label, value) => {
      const problems = refuse((t) => {
        (t.nodes[3]!.parameters as Record<string, unknown>).content = value;
      });
      expect(problems).toEqual([{ path: '$.nodes[3].parameters.content', message: expect.stringContaining(`looks like ${label}`) }]);
    });

    it('lets expressions and empty values through: they read credentials or earlier nodes at run time', () => {
      const template = makeTemplate();
      Object.assign(template.nodes[2]!.parameters as Record<string, unknown>, {
        token: '={{ $json.token }}',
        password: '',
        headerParameters: { parameters: [{ name: 'Authorization', value: '={{ "Bearer " + $json.t }}' }] },
      });
      expect(checkTemplate('t.json', toText(template)).ok).toBe(true);
    });
  });
});

describe('readTemplateFolder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'templates-folder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a missing folder as empty', async () => {
    expect((await readTemplateFolder(join(dir, 'absent'))).checks).toEqual([]);
  });

  it('judges each file, ignores non-template names, and refuses a second file claiming a taken template id', async () => {
    writeFileSync(join(dir, 'a-first.json'), toText(makeTemplate({ templateId: 'same' })));
    writeFileSync(join(dir, 'b-second.json'), toText(makeTemplate({ templateId: 'same', name: 'Copy' })));
    writeFileSync(join(dir, 'c-other.json'), toText(makeTemplate({ templateId: 'other' })));
    writeFileSync(join(dir, 'notes.txt'), 'not a template');
    writeFileSync(join(dir, '.hidden.json'), '{}');
    const { checks } = await readTemplateFolder(dir);
    expect(checks.map((c) => [c.ok ? c.template.file : c.file, c.ok])).toEqual([
      ['a-first.json', true],
      ['b-second.json', false],
      ['c-other.json', true],
    ]);
    const second = checks[1]!;
    expect(second.ok ? [] : second.problems[0]!.message).toContain('already used by a-first.json');
    expect(second.ok ? undefined : second.page.name).toBe('Copy');
  });

  it('reads a template’s text only by a plain file name', async () => {
    await expect(readTemplateText(dir, 'a-first.json')).resolves.toContain('"templateId": "same"');
    expect(() => readTemplateText(dir, '../etc/passwd')).toThrow(/not a template file name/);
  });
});
