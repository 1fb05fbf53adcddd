import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { CsvFormatError, HrApiError, HrInputError } from '@incydr-health/core/hr/index';
import { connectorFor, CredentialSettingError, PROVIDER_LABELS, PROVIDERS, type Provider } from '../transport/connectors.js';
import { csvSettings } from './csv-input.js';
import { describeIssue, summarizeIssues } from './issues.js';
import { operations } from './operations.js';
import { InvalidParameterError, promptsOf, readOptions, requireTimeZone } from './parameters.js';

/** Reads provider and operation once, runs the operation per item, and owns pairedItem, continueOnFail and errors. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const provider = this.getNodeParameter('provider', 0) as Provider;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	if (!PROVIDERS.includes(provider)) throw new NodeOperationError(this.getNode(), `The provider "${String(provider)}" is not known`);
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`);

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const options = readOptions(this, i);
			const timeZone = requireTimeZone(options.timeZone?.trim() || this.getTimezone(), 'Company Time Zone');
			const connector = await connectorFor(this, provider, {
				timeZone,
				prompts: provider === 'workday' ? promptsOf(options) : undefined,
				csv: provider === 'csv' ? csvSettings(this, i, options) : undefined,
			});
			const batch = await run.call(this, { connector, provider, itemIndex: i, timeZone });
			if (batch.issues.length > 0 && !this.continueOnFail()) {
				const { message, description } = summarizeIssues(provider, batch.issues);
				throw new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
			}
			for (const person of batch.people) output.push({ json: { ...person } as IDataObject, pairedItem: { item: i } });
			for (const issue of batch.issues) {
				output.push({ json: { error: describeIssue(provider, issue), ...issueFields(issue) }, pairedItem: { item: i } });
			}
		} catch (error) {
			const failure = asNodeError(this, error, provider, i);
			if (!this.continueOnFail()) throw failure;
			const httpCode = failure instanceof NodeApiError ? failure.httpCode : null;
			output.push({ json: { error: failure.message, ...(httpCode ? { httpCode } : {}) }, pairedItem: { item: i } });
		}
	}
	return [output];
}

function issueFields(issue: { sourceId: string | null; field: string; line?: number }): IDataObject {
	return { sourceId: issue.sourceId, field: issue.field, ...(issue.line === undefined ? {} : { line: issue.line }) };
}

/** HR API failures keep provider and status; anything the user can fix in the node or credential is an operation error. */
function asNodeError(context: IExecuteFunctions, error: unknown, provider: Provider, itemIndex: number): NodeApiError | NodeOperationError {
	const node = context.getNode();
	const label = PROVIDER_LABELS[provider];
	if (error instanceof HrApiError) {
		const httpCode = error.status === null ? undefined : String(error.status);
		const failure = new NodeApiError(node, { message: error.message, provider: label, status: error.status } as JsonObject, {
			itemIndex,
			description: error.status === null ? `${label} could not be reached.` : `${label} answered HTTP ${error.status}.`,
			httpCode,
		});
		// Set last: for a network failure NodeApiError was seen putting its stock "connection closed" sentence in place of
		// the given message. The core's message already names the call, the status and what to check, and carries no secret.
		failure.message = `${label}: ${error.message}`;
		return failure;
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof CsvFormatError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: 'Fix the CSV at that line and column and run again.' });
	}
	if (
		error instanceof HrInputError ||
		error instanceof InvalidParameterError ||
		error instanceof CredentialSettingError ||
		error instanceof TypeError ||
		error instanceof RangeError
	) {
		return new NodeOperationError(node, error.message, { itemIndex });
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, error as Error, { itemIndex, message: `HR Directory (${label}) failed: ${message}` });
}
