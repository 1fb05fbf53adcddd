import { describe, expect, it } from 'vitest';
import { IncydrHealth } from '../../../nodes/nodes/IncydrHealth/IncydrHealth.node.js';

// n8n-workflow resolves from nodes/, not from test/, so its types are taken from the node's own signature.
type IExecuteFunctions = ThisParameterType<NonNullable<IncydrHealth['execute']>>;
type INodeExecutionData = Awaited<ReturnType<NonNullable<IncydrHealth['execute']>>>[number][number];
type IDataObject = INodeExecutionData['json'];
type INode = ReturnType<IExecuteFunctions['getNode']>;

type ParameterValue = string | number | ((itemIndex: number) => string | number);

const node: INode = {
  id: 'node-under-test',
  name: 'Incydr Health',
  type: 'n8n-nodes-incydr-health.incydrHealth',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

/** The slice of n8n's execution context the node uses; parameters may vary per item like expressions do. */
function fakeContext(items: IDataObject[], parameters: Record<string, ParameterValue>, continueOnFail = false) {
  const asked: Array<[string, number]> = [];
  const context = {
    getInputData: () => items.map((json): INodeExecutionData => ({ json })),
    getNodeParameter: (name: string, itemIndex: number) => {
      asked.push([name, itemIndex]);
      const value = parameters[name];
      if (value === undefined) throw new Error(`test did not set parameter ${name}`);
      return typeof value === 'function' ? value(itemIndex) : value;
    },
    getNode: () => node,
    continueOnFail: () => continueOnFail,
  };
  return { context: context as unknown as IExecuteFunctions, asked };
}

const defaults = {
  resource: 'agent',
  operation: 'classifyVersionWindow',
  currentVersion: '1.10.2',
  previousReleases: 2,
  versionField: 'appVersion',
  releaseLineField: '',
};

const agents = (...versions: string[]) => versions.map((appVersion, i) => ({ agentId: `agent-${i}`, appVersion }));

/** n8n's NodeOperationError, carrying our node and the failing item (checked by shape: see the import note). */
function expectNodeOperationError(error: unknown, message: string | RegExp, itemIndex?: number) {
  expect(error).toBeInstanceOf(Error);
  expect(error).toHaveProperty('name', 'NodeOperationError');
  expect(error).toHaveProperty('node', node);
  expect((error as Error).message).toMatch(message);
  if (itemIndex !== undefined) expect(error).toHaveProperty('context.itemIndex', itemIndex);
}

async function run(items: IDataObject[], parameters: Record<string, ParameterValue> = {}, continueOnFail = false) {
  const { context } = fakeContext(items, { ...defaults, ...parameters }, continueOnFail);
  const [output] = await new IncydrHealth().execute.call(context);
  return output!;
}

describe('Incydr Health node: description', () => {
  const { description } = new IncydrHealth();

  it('is the incydrHealth type, usable as an AI tool, with one main input and output', () => {
    expect(description.name).toBe('incydrHealth');
    expect(description.usableAsTool).toBe(true);
    expect(description.inputs).toEqual(['main']);
    expect(description.outputs).toEqual(['main']);
  });

  it('gives every operation an action sentence (it becomes the tool description)', () => {
    const operations = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options ?? []);
    expect(operations.length).toBeGreaterThan(0);
    for (const option of operations) expect(option).toHaveProperty('action', expect.stringMatching(/\w+ \w+/));
  });
});

describe('Incydr Health node: description of the analyses and the plan', () => {
  const { description } = new IncydrHealth();
  const property = (name: string, operation: string) =>
    description.properties.find((p) => p.name === name && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));

  it('offers every operation under its resource', () => {
    const byResource = Object.fromEntries(
      description.properties
        .filter((p) => p.name === 'operation')
        .map((p) => [(p.displayOptions!.show!.resource as string[])[0], (p.options ?? []).map((o) => (o as { value: string }).value)]),
    );
    expect(byResource).toEqual({
      agent: ['classifyVersionWindow', 'triageStaleDevices'],
      offboarding: ['crossCheck'],
      plan: ['buildPlan', 'executePlan', 'preservationGuard'],
    });
  });

  it('asks for the Incydr credential only where the tenant is read or changed', () => {
    expect(description.credentials).toEqual([
      {
        name: 'incydrApi',
        required: true,
        displayOptions: { show: { operation: ['executePlan', 'preservationGuard'] }, hide: { signalSource: ['input'] } },
      },
    ]);
  });

  it("Execute Plan's defaults follow the Build Plan and Get Decision items of the node contract", () => {
    expect(property('plan', 'executePlan')?.default).toBe("={{ $('Build Plan').first().json.plan }}");
    expect(property('approvedItemIds', 'executePlan')?.default).toBe('={{ $json.approvedItems }}');
    expect(property('approvedHash', 'executePlan')?.default).toBe('={{ $json.plan.hash }}');
    expect(property('findings', 'buildPlan')?.default).toBe('={{ $input.all().map(item => item.json) }}');
  });

  it('describes every parameter a person fills in', () => {
    const filled = description.properties.filter((x) => !['notice', 'collection'].includes(x.type) && !['resource', 'operation'].includes(x.name));
    expect(filled.length).toBeGreaterThan(20);
    for (const p of filled) expect(p.description, p.name).toMatch(/\w+ \w+ \w+/);
    for (const c of description.properties.filter((x) => x.type === 'collection')) {
      for (const option of (c.options ?? []) as Array<{ name: string; description?: string }>) expect(option.description, option.name).toMatch(/\w+ \w+ \w+/);
    }
  });
});

describe('Incydr Health node: classify version window', () => {
  it('classifies each item, keeps its fields and pairs it with its input', async () => {
    const output = await run(agents('1.10.0', '1.9.3', '1.8.1', '1.7.0', '1.11.0'));
    expect(output.map((item) => (item.json.versionWindow as IDataObject).standing)).toEqual([
      'current',
      'outdated',
      'outdated',
      'unsupported',
      'ahead',
    ]);
    expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
    expect(output[3]!.json).toEqual({
      agentId: 'agent-3',
      appVersion: '1.7.0',
      versionWindow: {
        version: '1.7.0',
        release: '1.7',
        standing: 'unsupported',
        releasesBehind: 3,
        currentRelease: '1.10',
        supportedReleases: ['1.10', '1.9', '1.8'],
      },
    });
  });

  it('reads a nested version field with a dotted path', async () => {
    const output = await run([{ agent: { build: { version: '1.9.0' } } }], { versionField: 'agent.build.version' });
    expect(output[0]!.json.versionWindow).toMatchObject({ standing: 'outdated', releasesBehind: 1 });
  });

  it('evaluates parameters per item, as n8n expressions would', async () => {
    const current = (i: number) => (i === 0 ? '1.10.0' : '1.8.0');
    const output = await run(agents('1.9.0', '1.9.0'), { currentVersion: current, previousReleases: 1 });
    expect(output.map((item) => (item.json.versionWindow as IDataObject).standing)).toEqual(['outdated', 'ahead']);
  });

  it('stops with a NodeOperationError naming the item and the field when a version is not readable', async () => {
    const error = await run([...agents('1.10.0'), { agentId: 'no-version' }]).catch((e: unknown) => e);
    expectNodeOperationError(
      error,
      'Field "appVersion": A missing value is not a version: expected text of dot-separated numbers such as "1.7.2".',
      1,
    );
    expect(error).toHaveProperty('description', expect.stringContaining('Version Field'));
  });

  it('with "continue on fail", turns a bad item into an error item and still classifies the others', async () => {
    const output = await run([{ agentId: 'a', appVersion: 'latest' }, ...agents('1.9.1')], {}, true);
    expect(output).toHaveLength(2);
    expect(output[0]).toEqual({
      json: { agentId: 'a', appVersion: 'latest', error: expect.stringContaining('"latest" is not a version') },
      pairedItem: { item: 0 },
    });
    expect(output[1]).toMatchObject({ json: { versionWindow: { standing: 'outdated' } }, pairedItem: { item: 1 } });
  });

  it('reports a bad current version or a negative window as a NodeOperationError, not a crash', async () => {
    const badCurrent = await run(agents('1.9.1'), { currentVersion: 'next' }).catch((e: unknown) => e);
    expectNodeOperationError(badCurrent, /currentVersion must be a dotted version number such as 1\.6\.2, got "next"/, 0);
    expect(badCurrent).toHaveProperty('description', 'Check the "Current Version" parameter.');

    const numeric = await run(agents('1.9.1'), { currentVersion: 1.1 }).catch((e: unknown) => e);
    expectNodeOperationError(numeric, /currentVersion must be a dotted version number.*got 1\.1\./, 0);

    const negative = await run(agents('1.9.1'), { previousReleases: -1 }).catch((e: unknown) => e);
    expectNodeOperationError(negative, /whole number of releases \(0 or more\), got -1/, 0);
    expect(negative).toHaveProperty('description', 'Check the "Previous Releases Supported" parameter.');
  });

  it('groups patch and build numbers into their major.minor release', async () => {
    const output = await run(agents('1.10.2.1034', '1.10.0.7', '1.9.3.88', '1.9.0.12', '1.8.0.5', '1.7.9.1'));
    expect(output.map((item) => item.json.versionWindow)).toEqual([
      ['1.10.2.1034', '1.10', 'current', 0],
      ['1.10.0.7', '1.10', 'current', 0],
      ['1.9.3.88', '1.9', 'outdated', 1],
      ['1.9.0.12', '1.9', 'outdated', 1],
      ['1.8.0.5', '1.8', 'outdated', 2],
      ['1.7.9.1', '1.7', 'unsupported', 3],
    ].map(([version, release, standing, releasesBehind]) => ({
      version,
      release,
      standing,
      releasesBehind,
      currentRelease: '1.10',
      supportedReleases: ['1.10', '1.9', '1.8'],
    })));
  });

  it('with a release line field, counts releases only within each item\'s own line', async () => {
    const fleet = [
      { agentType: 'COMBINED', appVersion: '2.4.0.10' },
      { agentType: 'COMBINED', appVersion: '2.2.0.3' },
      { agentType: 'CODE42', appVersion: '12.5.0.1' },
      { agentType: 'CODE42', appVersion: '12.3.1.9' },
      { agentType: 'CODE42', appVersion: '12.4.0.2' },
      { agentType: 'CODE42', appVersion: '12.2.0.7' },
    ];
    const current = (i: number) => (i < 2 ? '2.4.0' : '12.5.0');
    const placed = (output: INodeExecutionData[]) =>
      output.map((item) => {
        const window = item.json.versionWindow as IDataObject;
        return `${String(window.standing)} ${String(window.releasesBehind)} ${(window.supportedReleases as string[]).join(',')}`;
      });

    const byLine = await run(fleet, { currentVersion: current, releaseLineField: 'agentType' });
    expect(placed(byLine)).toEqual([
      'current 0 2.4,2.2',
      'outdated 1 2.4,2.2',
      'current 0 12.5,12.4,12.3',
      'outdated 2 12.5,12.4,12.3',
      'outdated 1 12.5,12.4,12.3',
      'unsupported 3 12.5,12.4,12.3',
    ]);

    // Without it, the CODE42 releases sit above 2.4 and leave the COMBINED window alone, but 2.x releases fill the
    // bottom of the CODE42 one: the reason the field exists.
    const mixed = await run(fleet.slice(2).concat({ agentType: 'COMBINED', appVersion: '2.4.0.1' }), {
      currentVersion: '12.5.0',
      previousReleases: 4,
    });
    expect(placed(mixed).at(-1)).toBe('outdated 4 12.5,12.4,12.3,12.2,2.4');
    const separated = await run(fleet.slice(2).concat({ agentType: 'COMBINED', appVersion: '2.4.0.1' }), {
      currentVersion: (i: number) => (i < 4 ? '12.5.0' : '2.4.0'),
      previousReleases: 4,
      releaseLineField: 'agentType',
    });
    expect(placed(separated)).toEqual([
      'current 0 12.5,12.4,12.3,12.2',
      'outdated 2 12.5,12.4,12.3,12.2',
      'outdated 1 12.5,12.4,12.3,12.2',
      'outdated 3 12.5,12.4,12.3,12.2',
      'current 0 2.4',
    ]);
  });

  it('puts items without the release line field on one shared line instead of failing them', async () => {
    const output = await run(
      [
        { agentType: 'CODE42', appVersion: '12.4.0' },
        { appVersion: '1.9.0' },
        { agentType: null, appVersion: '1.8.0' },
      ],
      { currentVersion: (i: number) => (i === 0 ? '12.5.0' : '1.10.0'), releaseLineField: 'agentType', previousReleases: 1 },
    );
    expect(output.map((item) => (item.json.versionWindow as IDataObject).supportedReleases)).toEqual([
      ['12.5', '12.4'],
      ['1.10', '1.9'],
      ['1.10', '1.9'],
    ]);
    expect((output[2]!.json.versionWindow as IDataObject).standing).toBe('unsupported');
  });

  it('refuses a version given as a JSON number, which cannot tell 1.10 from 1.1', async () => {
    const output = await run([{ agentId: 'n', appVersion: 1.1 }], {}, true);
    expect(output[0]!.json.error).toBe(
      'Field "appVersion": 1.1 is not a version: expected text of dot-separated numbers such as "1.7.2".',
    );
  });

  it('trims the version it reports and accepts a leading "v"', async () => {
    const output = await run([{ appVersion: ' v1.9.4 ' }]);
    expect(output[0]!.json.versionWindow).toMatchObject({ version: 'v1.9.4', release: '1.9', standing: 'outdated' });
  });

  it('returns no items for no input', async () => {
    expect(await run([])).toEqual([]);
  });

  it('refuses an operation it does not know', async () => {
    const error = await run(agents('1.9.1'), { operation: 'deleteEverything' }).catch((e: unknown) => e);
    expectNodeOperationError(error, 'The operation "deleteEverything" is not known for resource "agent"');
  });
});
