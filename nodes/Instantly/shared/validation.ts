import type { IExecuteFunctions, IExecuteSingleFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type ParameterContext = IExecuteSingleFunctions | IExecuteFunctions;

// Deliberately permissive: the same shape Instantly accepts (local@domain.tld), no quoting rules.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}$/i;
/** An Instantly ID (campaigns, lists, leads, members…): a UUID. Anything else is a name or a mistake. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}$/i;

export function isEmail(value: string): boolean {
	return EMAIL.test(value);
}

export function isDomain(value: string): boolean {
	return DOMAIN.test(value);
}

/** Reads a parameter as it would be sent, for the item at hand, whatever the context's signature. */
export function parameter(this: ParameterContext, name: string, itemIndex: number, fallback?: unknown): unknown {
	const options = { extractValue: true };
	return 'getItemIndex' in this
		? (this as IExecuteSingleFunctions).getNodeParameter(name, fallback, options)
		: (this as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback, options);
}

export function fail(ctx: ParameterContext, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

/** An ID that goes into a URL: present and not blank. */
export function requireId(this: ParameterContext, name: string, itemIndex: number): string {
	const value = parameter.call(this, name, itemIndex, '');
	const id = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!id) {
		fail(this, itemIndex, `The parameter "${label(name)}" is empty`, 'Enter the ID of the record, or map it from a previous node.');
	}
	return id;
}

/** A whole number within [min, max]; an expression may give it as text ("25"). */
export function isWholeNumberIn(value: unknown, min: number, max: number): boolean {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max;
}

/** Return All → no limit; otherwise a whole number of at least 1 (larger than 100 is fetched page by page). */
export function resolveLimit(this: ParameterContext, itemIndex: number): number {
	if (parameter.call(this, 'returnAll', itemIndex, false) === true) return Infinity;
	const limit = Number(parameter.call(this, 'limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		fail(this, itemIndex, `Limit must be a whole number of at least 1 (got ${String(limit)})`, 'Set Limit to how many records to return, or turn on Return All.');
	}
	return limit;
}

/** Email or domain, for block list entries. */
export function requireEmailOrDomain(this: ParameterContext, name: string, itemIndex: number): string {
	const raw = parameter.call(this, name, itemIndex, '');
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value) fail(this, itemIndex, `The parameter "${label(name)}" is empty`, 'Enter an email address (name@example.com) or a domain (example.com).');
	if (!isEmail(value) && !isDomain(value)) {
		fail(this, itemIndex, `"${value}" in "${label(name)}" is neither an email address nor a domain`, 'Enter an email address (name@example.com) or a domain (example.com), without "http://" or "@" in front.');
	}
	return value;
}

/** Turns a parameter name into the words the user sees in the node ("blValue" → "Bl Value" is not good enough, hence the table). */
const LABELS: Record<string, string> = {
	blValue: 'Email or Domain',
	blockListEntryId: 'Block List Entry',
	leadLabelId: 'Lead Label',
	leadListId: 'Lead List',
	accountEmail: 'Account',
	leadId: 'Lead',
	destinationLeadId: 'Destination Lead',
	campaignId: 'Campaign',
	listId: 'List',
	toCampaignId: 'Destination Campaign',
	toListId: 'Destination List',
	leadEmail: 'Lead Email',
	email: 'Email',
};

export function label(name: string): string {
	return LABELS[name] ?? name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}
