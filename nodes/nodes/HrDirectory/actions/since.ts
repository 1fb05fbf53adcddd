import { InvalidParameterError } from './parameters.js';

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

/** Milliseconds the zone's wall clock is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The "Changed Since" value as a zoned ISO timestamp the connectors accept. n8n's date picker yields wall-clock
 * times without a zone; those are read in the workflow's time zone, as the editor showed them. Expressions may
 * hand over a Date or a Luxon DateTime.
 */
export function normalizeSince(value: unknown, timeZone: string): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new InvalidParameterError('Changed Since is not a valid date');
		return value.toISOString();
	}
	if (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function') {
		const iso = (value as { toISO: () => unknown }).toISO();
		if (typeof iso === 'string') return normalizeSince(iso, timeZone);
	}
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new InvalidParameterError('Changed Since is empty; pick a date or use an expression such as {{ $now.minus({ days: 1 }) }}');
	if (ZONED.test(text) && !Number.isNaN(Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))) return text;
	const local = LOCAL.exec(text);
	if (!local) {
		throw new InvalidParameterError(`Changed Since must be a date (YYYY-MM-DD) or a date and time such as 2026-11-01T08:00:00, got "${text}"`);
	}
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0'] = local;
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(fraction.slice(0, 3).padEnd(3, '0')));
	const check = new Date(wall);
	if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) {
		throw new InvalidParameterError(`Changed Since "${text}" is not a calendar date`);
	}
	// Two passes settle instants next to a daylight-saving change, where the offset at the guess differs.
	let instant = wall - zoneOffsetMs(wall, timeZone);
	instant = wall - zoneOffsetMs(instant, timeZone);
	return new Date(instant).toISOString();
}
