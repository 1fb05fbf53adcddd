import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { HealthInputError } from '@incydr-health/core/health/errors';
import {
	deriveVersionWindow,
	readVersion,
	versionPlacer,
	type VersionPlacement,
	type VersionWindow,
} from '@incydr-health/core/health/versions';

export const OUTPUT_FIELD = 'versionWindow';

/** A release is the version's major.minor: appVersion carries patch and build numbers that are not releases. */
const RELEASE_DEPTH = 2;

/** The node parameter behind each option the core may refuse, so the message points at what to change. */
const PARAMETER_NAMES: Record<string, string> = {
	currentVersion: 'Current Version',
	previousVersionsSupported: 'Previous Releases Supported',
};

const showFor = { show: { resource: ['agent'], operation: ['classifyVersionWindow'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Current Version',
		name: 'currentVersion',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1.10.2',
		description:
			'The newest agent version released for your tenant. Its major.minor is the current release; newer versions are ahead of it.',
		displayOptions: showFor,
	},
	{
		displayName: 'Previous Releases Supported',
		name: 'previousReleases',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			'How many releases before the current one are still supported. Incydr supports two. Releases are counted from the versions seen in the input items.',
		displayOptions: showFor,
	},
	{
		displayName: 'Version Field',
		name: 'versionField',
		type: 'string',
		default: 'appVersion',
		description:
			'Input field that holds the agent version, such as appVersion on an Incydr agent. Use dots for nested fields.',
		displayOptions: showFor,
	},
	{
		displayName: 'Release Line Field',
		name: 'releaseLineField',
		type: 'string',
		default: '',
		placeholder: 'e.g. agentType',
		description:
			'Input field that names the release line, such as agentType (CODE42 12.x and COMBINED 2.x are separate lines): releases are only counted within an item\'s own line. Leave empty when all items share one line.',
		displayOptions: showFor,
	},
];

function readField(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** Items whose line field is missing share the empty line, so one forgotten field does not split the fleet. */
function lineOf(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Classifies every item's agent version. The window depends on the whole input (the releases seen), so
 * the versions are gathered first; each item then gets its own result or its own error.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const read = items.map((item, itemIndex) => {
		let field = '';
		let line = '';
		try {
			const lineField = this.getNodeParameter('releaseLineField', itemIndex, '') as string;
			line = lineField.trim() === '' ? '' : lineOf(readField(item.json, lineField.trim()));
			field = this.getNodeParameter('versionField', itemIndex) as string;
			const value = readField(item.json, field);
			readVersion(value, field);
			return { field, line, version: (value as string).trim() };
		} catch (error) {
			return { field, line, error };
		}
	});
	const observedByLine = new Map<string, string[]>();
	for (const entry of read) {
		if (entry.version === undefined) continue;
		const list = observedByLine.get(entry.line);
		if (list) list.push(entry.version);
		else observedByLine.set(entry.line, [entry.version]);
	}
	// One window (and its remembering placer) per line and parameter values: expressions may vary them per item.
	type Placed = { window: VersionWindow; place: (version: string) => VersionPlacement };
	const windows = new Map<string, Placed>();
	const windowFor = (line: string, currentVersion: unknown, previousReleases: number): Placed => {
		const key = JSON.stringify([line, currentVersion, previousReleases]);
		let window = windows.get(key);
		if (!window) {
			if (typeof currentVersion !== 'string') {
				throw new HealthInputError(
					`currentVersion must be a dotted version number such as 1.6.2, got ${JSON.stringify(currentVersion) ?? 'nothing'}.`,
					'currentVersion',
				);
			}
			// Never null: a current version is always given, so the window always has one release.
			const derived = deriveVersionWindow(observedByLine.get(line) ?? [], {
				currentVersion,
				previousVersionsSupported: previousReleases,
				releaseDepth: RELEASE_DEPTH,
			}) as VersionWindow;
			window = { window: derived, place: versionPlacer(derived) };
			windows.set(key, window);
		}
		return window;
	};

	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex]!;
		const entry = read[itemIndex]!;
		try {
			const { window, place } = windowFor(
				entry.line,
				this.getNodeParameter('currentVersion', itemIndex),
				this.getNodeParameter('previousReleases', itemIndex) as number,
			);
			if (entry.version === undefined) {
				const problem = describeError(entry.error);
				throw new NodeOperationError(this.getNode(), entry.field ? `Field "${entry.field}": ${problem}` : problem, {
					itemIndex,
					description: 'Point "Version Field" at the field holding the agent version, e.g. appVersion.',
				});
			}
			const placement = place(entry.version);
			results.push({
				json: {
					...item.json,
					[OUTPUT_FIELD]: {
						version: entry.version,
						release: placement.release,
						standing: placement.standing,
						releasesBehind: placement.releasesBehind,
						currentRelease: window.current,
						supportedReleases: [...window.supported],
					},
				},
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const nodeError = toNodeError.call(this, error, itemIndex);
			if (this.continueOnFail()) {
				results.push({ json: { ...item.json, error: nodeError.message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw nodeError;
		}
	}
	return results;
}

function toNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const parameter = error instanceof HealthInputError ? PARAMETER_NAMES[error.field] : undefined;
	return new NodeOperationError(this.getNode(), describeError(error), {
		itemIndex,
		...(parameter ? { description: `Check the "${parameter}" parameter.` } : {}),
	});
}
