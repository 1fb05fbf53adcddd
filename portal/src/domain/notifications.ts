/**
 * Notification texts. They carry counts, the request title and a link only: never subject names, evidence or
 * anything from the plan's reasons, because mail leaves the portal's access control.
 */
import type { StageRole } from './stages.js';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

const STAGE_NAMES: Record<StageRole, string> = { hr: 'HR', legal: 'Legal' };

export function stagePendingMail(to: string[], stage: StageRole, title: string, itemCount: number, link: string): MailMessage {
  return {
    to,
    subject: `Incydr Health: ${itemCount} item${itemCount === 1 ? '' : 's'} wait for ${STAGE_NAMES[stage]} review`,
    text: `The request "${title}" has ${itemCount} item${itemCount === 1 ? '' : 's'} waiting for the ${STAGE_NAMES[stage]} stage.\n\nReview it here: ${link}\n`,
  };
}

export function reminderMail(to: string[], stage: StageRole, title: string, itemCount: number, days: number, link: string): MailMessage {
  return {
    to,
    subject: `Reminder: ${itemCount} item${itemCount === 1 ? '' : 's'} still wait for ${STAGE_NAMES[stage]} review`,
    text: `The request "${title}" has waited ${days} day${days === 1 ? '' : 's'} for the ${STAGE_NAMES[stage]} stage; ${itemCount} item${itemCount === 1 ? '' : 's'} are still undecided.\n\nReview it here: ${link}\n`,
  };
}

export function resolvedMail(to: string[], title: string, outcome: 'decided' | 'expired', approved: number, rejected: number, link: string): MailMessage {
  const summary =
    outcome === 'expired'
      ? `expired before every stage decided; nothing will be executed from it.`
      : `was decided: ${approved} approved, ${rejected} rejected.`;
  return {
    to,
    subject: `Incydr Health: request "${title}" ${outcome === 'expired' ? 'expired' : 'decided'}`,
    text: `The request "${title}" ${summary}\n\nDetails: ${link}\n`,
  };
}
