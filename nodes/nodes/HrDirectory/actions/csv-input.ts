import type { IExecuteFunctions } from 'n8n-workflow';
import type { CsvSettings } from '../transport/connectors.js';
import { InvalidParameterError, readText, type NodeOptions } from './parameters.js';

/** Where the CSV of one item comes from: a binary property of the item, or the CSV Text field. */
export function csvSettings(context: IExecuteFunctions, itemIndex: number, options: NodeOptions): CsvSettings {
	const source = context.getNodeParameter('csvSource', itemIndex, 'binary') as string;
	const delimiter = options.delimiter === ',' || options.delimiter === ';' ? options.delimiter : undefined;
	const dateFormat = options.dateFormat ?? 'iso';
	if (source === 'text') {
		const text = readText(context, 'csvText', 'CSV Text', itemIndex);
		return { load: () => text, delimiter, dateFormat };
	}
	if (source !== 'binary') throw new InvalidParameterError(`CSV Source must be Binary File or Text, got "${source}"`);
	const property = readText(context, 'binaryPropertyName', 'Input Binary Field', itemIndex);
	// Fails with n8n's own message naming the missing property before anything is read.
	context.helpers.assertBinaryData(itemIndex, property);
	return {
		load: async () => new TextDecoder('utf-8').decode(await context.helpers.getBinaryDataBuffer(itemIndex, property)),
		delimiter,
		dateFormat,
	};
}
