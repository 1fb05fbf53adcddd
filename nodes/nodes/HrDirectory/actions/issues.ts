import type { PersonIssue } from '@incydr-health/core/hr/index';
import { PROVIDER_LABELS, type Provider } from '../transport/connectors.js';

/** One sentence per unreadable value: line and column for a file, record and field for an API. */
export function describeIssue(provider: Provider, issue: PersonIssue): string {
	const value = issue.value === null ? '' : ` (value "${issue.value}")`;
	if (issue.line !== undefined) return `CSV line ${issue.line}, column "${issue.field}": ${issue.message}${value}`;
	const record = issue.sourceId === null ? 'a record without an ID' : `record ${issue.sourceId}`;
	return `${PROVIDER_LABELS[provider]} ${record}, field "${issue.field}": ${issue.message}${value}`;
}

/** The error text for a batch with unreadable values: the first in the message, all of them in the description. */
export function summarizeIssues(provider: Provider, issues: PersonIssue[]): { message: string; description: string } {
	const lines = issues.map((issue) => describeIssue(provider, issue));
	const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length === 2 ? '' : 's'})` : '';
	const shown = lines.slice(0, 50);
	const hidden = lines.length - shown.length;
	return {
		message: `${lines[0]}${more}`,
		description:
			`${PROVIDER_LABELS[provider]} gave values the node could not read. Fix them at the source, or set On Error to ` +
			`Continue to get the people that were read plus one error item per problem.\n- ${shown.join('\n- ')}` +
			(hidden > 0 ? `\n- … ${hidden} more` : ''),
	};
}
