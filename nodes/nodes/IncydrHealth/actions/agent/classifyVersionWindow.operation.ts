import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	buildVersionWindow,
	classifyVersion,
	parseVersion,
	type AgentVersion,
	type VersionWindow,
} from '@incydr-health/core/versions/version-window';

export const OUTPUT_FIELD = 'versionWindow';

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
			'The newest agent version released for your tenant. Its major.minor is the current release.',
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
];

function readField(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Classifies every item's agent version. The window depends on the whole input (the releases seen), so
 * the versions are gathered first; each item then gets its own result or its own error.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const parsed = items.map((item, itemIndex) => {
		try {
			const field = this.getNodeParameter('versionField', itemIndex) as string;
			return { version: parseVersion(readField(item.json, field)), field };
		} catch (error) {
			return { error };
		}
	});
	const observed: AgentVersion[] = parsed.flatMap((entry) => (entry.version ? [entry.version] : []));
	const windows = new Map<string, VersionWindow>();
	const windowFor = (currentVersion: unknown, previousReleases: number) => {
		const key = `${String(currentVersion)}|${previousReleases}`;
		let window = windows.get(key);
		if (!window) {
			window = buildVersionWindow(currentVersion, observed, previousReleases);
			windows.set(key, window);
		}
		return window;
	};

	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex]!;
		const entry = parsed[itemIndex]!;
		try {
			const currentVersion = this.getNodeParameter('currentVersion', itemIndex);
			const previousReleases = this.getNodeParameter('previousReleases', itemIndex) as number;
			const window = windowFor(currentVersion, previousReleases);
			if (!entry.version) {
				const field = this.getNodeParameter('versionField', itemIndex) as string;
				throw new NodeOperationError(this.getNode(), `Field "${field}": ${describeError(entry.error)}`, {
					itemIndex,
					description: 'Point "Version Field" at the field holding the agent version, e.g. appVersion.',
				});
			}
			const classification = classifyVersion(window, entry.version);
			results.push({
				json: {
					...item.json,
					[OUTPUT_FIELD]: {
						...classification,
						currentRelease: window.current.release,
						supportedReleases: [...window.supportedReleases],
					},
				},
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const nodeError =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), describeError(error), { itemIndex });
			if (this.continueOnFail()) {
				results.push({ json: { ...item.json, error: nodeError.message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw nodeError;
		}
	}
	return results;
}
