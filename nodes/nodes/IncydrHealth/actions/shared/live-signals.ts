import { IncydrApiError, type IncydrClient } from '@incydr-health/core/incydr/index';
import type { PlanItem } from '@incydr-health/core/health/plan-types';
import {
	isDestructive,
	type LegalHoldSignal,
	type ManualHold,
	type PreservationSignals,
	type WatchlistMemberSignal,
} from '@incydr-health/core/health/preservation';
import type { IncydrIdentity } from '@incydr-health/core/matching/types';

const isNotFound = (error: unknown) => error instanceof IncydrApiError && error.status === 404;

type Identity = Pick<IncydrIdentity, 'userId' | 'username' | 'actorId'>;

/**
 * Reads the protection signals from the tenant as it is now: every case, the custodians of every active legal-hold
 * matter, the members of every departing-employee watchlist. Identities link those signals to the items' users:
 * each watchlist member is looked up by name (an actor's name is its username), and each user an item touches is
 * read so an agent's owner can be matched by username too.
 */
export async function readLiveSignals(client: IncydrClient, items: readonly PlanItem[], manualHolds: ManualHold[]): Promise<PreservationSignals> {
	const cases = await client.cases.list();
	const legalHolds: LegalHoldSignal[] = [];
	for (const matter of await client.legalHold.listMatters({ active: true })) {
		for (const custodian of await client.legalHold.listCustodians(matter.matterId)) {
			legalHolds.push({
				matterId: matter.matterId,
				matterName: matter.name,
				matterActive: matter.active,
				custodianUserId: custodian.userId,
				custodianUsername: custodian.email || custodian.name || null,
				membershipActive: custodian.membershipActive,
			});
		}
	}
	const watchlistMembers: WatchlistMemberSignal[] = [];
	for (const watchlist of await client.watchlists.list()) {
		if (watchlist.listType !== 'DEPARTING_EMPLOYEE') continue;
		for (const member of await client.watchlists.listMembers(watchlist.watchlistId)) {
			watchlistMembers.push({
				watchlistId: watchlist.watchlistId,
				listType: watchlist.listType,
				title: watchlist.title,
				actorId: member.actorId,
				actorName: member.actorname,
			});
		}
	}
	const identities = await identitiesFor(client, items, watchlistMembers, manualHolds);
	return { cases, legalHolds, watchlistMembers, manualHolds, identities };
}

async function identitiesFor(
	client: IncydrClient,
	items: readonly PlanItem[],
	members: WatchlistMemberSignal[],
	holds: ManualHold[],
): Promise<Identity[]> {
	const identities: Identity[] = [];
	const byUsername = async (username: string, actorId: string | null) => {
		const page = await client.users.listPage({ username }, { pageSize: 1 });
		for (const user of page.users) identities.push({ userId: user.userId, username: user.username, actorId });
	};
	for (const member of members) if (member.actorName) await byUsername(member.actorName, member.actorId);
	const actorIds = new Set<string>();
	for (const hold of holds) if (hold.subjectType === 'actor') actorIds.add(hold.subjectId);
	const userIds = new Set<string>();
	for (const item of items) {
		if (!isDestructive(item.action)) continue;
		if (item.subject.type === 'actor') actorIds.add(item.subject.id);
		if (item.subject.type === 'user') userIds.add(item.subject.id);
		if (item.subject.type === 'agent' && item.subject.ownerUserId) userIds.add(item.subject.ownerUserId);
	}
	for (const actorId of actorIds) {
		const actor = await client.actors.byId(actorId);
		await byUsername(actor.name, actorId);
	}
	for (const userId of userIds) {
		// A user Incydr no longer knows links nothing; its own item then fails on its own, not the whole run.
		const user = await client.users.get(userId).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)));
		if (user) identities.push({ userId: user.userId, username: user.username, actorId: null });
	}
	return identities;
}
