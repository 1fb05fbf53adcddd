import type { IExecuteFunctions } from 'n8n-workflow';
import type { HrConnector, Person, PersonBatch } from '@incydr-health/core/hr/index';
import { PROVIDER_LABELS, type Provider } from '../transport/connectors.js';
import { InvalidParameterError, readLimit, readText } from './parameters.js';
import { normalizeSince } from './since.js';

export interface OperationContext {
	connector: HrConnector;
	provider: Provider;
	itemIndex: number;
	timeZone: string;
}

export type Operation = (this: IExecuteFunctions, run: OperationContext) => Promise<PersonBatch>;

interface Filters {
	status?: string[];
	employmentType?: string[];
	department?: string;
}

function filtersOf(context: IExecuteFunctions, itemIndex: number): (person: Person) => boolean {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as Filters;
	const statuses = new Set(filters.status ?? []);
	const types = new Set(filters.employmentType ?? []);
	const department = (filters.department ?? '').trim().toLowerCase();
	return (person) =>
		(statuses.size === 0 || statuses.has(person.status)) &&
		(types.size === 0 || (person.employmentType !== null && types.has(person.employmentType))) &&
		(department === '' || person.department?.toLowerCase() === department);
}

/** Filters and the limit apply to people; a problem stays reported when it concerns a kept person or nobody in particular. */
function shape(context: IExecuteFunctions, itemIndex: number, batch: PersonBatch): PersonBatch {
	const keep = filtersOf(context, itemIndex);
	const people = batch.people.filter(keep).slice(0, readLimit(context, itemIndex));
	const kept = new Set(people.map((person) => person.sourceId));
	const dropped = new Set(batch.people.filter((person) => !kept.has(person.sourceId)).map((person) => person.sourceId));
	return { people, issues: batch.issues.filter((issue) => issue.sourceId === null || !dropped.has(issue.sourceId)) };
}

export const operations: Record<string, Operation> = {
	async getMany({ connector, itemIndex }) {
		return shape(this, itemIndex, await connector.listPeople());
	},

	async getChanges({ connector, itemIndex, timeZone }) {
		const since = normalizeSince(this.getNodeParameter('since', itemIndex, '') as unknown, timeZone);
		const changes = await connector.listChangesSince(since);
		return shape(this, itemIndex, { people: changes.people, issues: changes.issues });
	},

	async findPerson({ connector, provider, itemIndex }) {
		const findBy = this.getNodeParameter('findBy', itemIndex, 'email') as string;
		if (findBy !== 'email' && findBy !== 'id') throw new InvalidParameterError(`Find By must be Email or ID, got "${findBy}"`);
		const value = findBy === 'email' ? readText(this, 'email', 'Email', itemIndex) : readText(this, 'personId', 'Person ID', itemIndex);
		const { person, issues } = await connector.findPerson(findBy === 'email' ? { email: value } : { id: value });
		if (person) return { people: [person], issues };
		if (this.getNodeParameter('errorIfNotFound', itemIndex, false) as boolean) {
			const what = findBy === 'email' ? `e-mail "${value}"` : `ID "${value}"`;
			throw new InvalidParameterError(`${PROVIDER_LABELS[provider]} has nobody with ${what}`);
		}
		return { people: [], issues };
	},
};
