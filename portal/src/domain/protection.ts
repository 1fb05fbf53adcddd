/**
 * Whether a plan item's subject is protected (a manual preservation hold, or a run that marked it preserved after
 * the request was made). A protected item may be rejected but never approved.
 */
export interface ProtectableItem {
  subjectType: string;
  subjectId: string;
  ownerUserId: string | null;
}

export interface ActiveHold {
  subjectType: string;
  subjectId: string;
  reason: string;
}

export interface PreservationMark {
  subjectType: string;
  subjectId: string;
  reason: string | null;
  recordedAt: number;
}

function touches(item: ProtectableItem, subjectType: string, subjectId: string): boolean {
  if (item.subjectType === subjectType && item.subjectId === subjectId) return true;
  // A hold on a person covers the devices they own.
  return subjectType === 'user' && item.ownerUserId === subjectId;
}

/** The reason an item cannot be approved, or null. */
export function protectionReason(
  item: ProtectableItem,
  requestCreatedAt: number,
  holds: readonly ActiveHold[],
  marks: readonly PreservationMark[],
): string | null {
  const hold = holds.find((h) => touches(item, h.subjectType, h.subjectId));
  if (hold) return `Protected by a manual preservation hold: ${hold.reason}`;
  const mark = marks.find((m) => m.recordedAt > requestCreatedAt && touches(item, m.subjectType, m.subjectId));
  if (mark) return `Marked for preservation by a later run${mark.reason ? `: ${mark.reason}` : ''}`;
  return null;
}
