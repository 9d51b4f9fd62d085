import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { sendAs, transforms } from '../../shared/request';
import { fail, isEmail, parameter } from '../../shared/validation';

export const EMAILS = '/api/v2/emails';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_PLACEHOLDER = 'e.g. 0199f36c-d715-7d47-bf95-f1626b43ea03';

/**
 * An email by its ID. A plain text field, not a searchable list: listing emails costs one of the 20 requests
 * a minute Instantly allows `GET /emails`, and the ID always comes from a previous node (the trigger's
 * `email_id`, Get Many's `id`).
 */
export function emailIdField(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: UUID_PLACEHOLDER,
		description,
	};
}

export const emailIdDescription =
	'The ID of the email (a UUID): the "id" of an email from Get Many, or the "email_id" of an Instantly Trigger event';

type Collection = Record<string, unknown>;

export function collection(ctx: IExecuteSingleFunctions, name: string, itemIndex: number): Collection {
	const value = parameter.call(ctx, name, itemIndex, {});
	return value && typeof value === 'object' ? (value as Collection) : {};
}

/** A UUID that goes into a path or a body: present, and shaped like an ID (not an email or a name). */
export function checkUuid(ctx: IExecuteSingleFunctions, itemIndex: number, value: unknown, field: string): void {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) fail(ctx, itemIndex, `The parameter "${field}" is empty`, `Enter the ${field} (a UUID), or map it from a previous node.`);
	if (!UUID.test(text)) {
		fail(ctx, itemIndex, `"${text}" in "${field}" is not an ID`, `${field} takes a UUID such as ${UUID_PLACEHOLDER.slice(5)}.`);
	}
}

export function requireUuidParameter(ctx: IExecuteSingleFunctions, itemIndex: number, name: string, field: string): void {
	checkUuid(ctx, itemIndex, parameter.call(ctx, name, itemIndex, ''), field);
}

/** Every address of a comma-separated text or a list is a valid email address. */
export function checkEmails(ctx: IExecuteSingleFunctions, itemIndex: number, value: unknown, field: string, atLeastOne = false) {
	const addresses = transforms.list(value);
	if (atLeastOne && !addresses.length) {
		fail(ctx, itemIndex, `The parameter "${field}" is empty`, 'Enter an email address such as name@example.com.');
	}
	const bad = addresses.find((address) => !isEmail(address));
	if (bad !== undefined) {
		fail(ctx, itemIndex, `"${bad}" in "${field}" is not a valid email address`, 'Enter email addresses such as name@example.com, separated by commas.');
	}
}

/** An n8n date (ISO text, a Luxon DateTime from an expression, or epoch milliseconds) as the ISO text Instantly takes. */
export function isoDate(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const raw = typeof value === 'object' && 'toISO' in value ? (value as { toISO(): string }).toISO() : value;
	const date = new Date(typeof raw === 'number' ? raw : String(raw));
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function checkDate(ctx: IExecuteSingleFunctions, itemIndex: number, value: unknown, field: string): void {
	if (isoDate(value) === undefined) {
		fail(ctx, itemIndex, `"${String(value ?? '')}" in "${field}" is not a date`, 'Pick a date and time, or map an ISO 8601 date such as 2026-12-04T09:30:00Z.');
	}
}

/** A date option, sent as ISO text. */
export const sendDate = (property: string, type: 'body' | 'query' = 'body') => sendAs(property, isoDate, type);

/** Comma-separated addresses, or a list mapped in: sent as the comma-separated text Instantly takes. */
export const sendAddresses = (property: string, type: 'body' | 'query' = 'body') =>
	sendAs(property, (value) => transforms.list(value).join(',') || undefined, type);

