import type { IDataObject, IExecuteSingleFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { accountEmailLocator } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import type { Validator } from '../../shared/routing';
import { fail, isEmail, parameter } from '../../shared/validation';

export const accountEmailField: INodeProperties = accountEmailLocator({
	name: 'accountEmail',
	displayName: 'Account',
	description: 'The sending account. Search by email or name, or type or map its email address (e.g. the trigger’s "email_account").',
});

/** Instantly takes at most this many accounts per warmup analytics request. */
export const MAX_ANALYTICS_EMAILS = 100;

/** One or many accounts by email: comma-separated text, or a list mapped from a previous node. */
export const accountEmailsField: INodeProperties = {
	displayName: 'Account Emails',
	name: 'accountEmails',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. alex@outreach-demo.io, sam@outreach-demo.io',
	description:
		'The email addresses of the sending accounts, separated by commas, or a list of them mapped from a previous node',
	routing: sendAs('emails', transforms.list),
};

/** `status` of a sending account. */
export const ACCOUNT_STATUSES: INodePropertyOptions[] = [
	{ name: 'Active', value: 1 },
	{ name: 'Connection Error', value: -1 },
	{ name: 'Paused', value: 2 },
	{ name: 'Sending Error', value: -3 },
	{ name: 'Soft Bounce Error', value: -2 },
];

/** `warmup_status` of a sending account. */
export const WARMUP_STATUSES: INodePropertyOptions[] = [
	{ name: 'Active', value: 1 },
	{ name: 'Banned', value: -1 },
	{ name: 'Paused', value: 0 },
	{ name: 'Permanent Suspension', value: -3 },
	{ name: 'Spam Folder Unknown', value: -2 },
];

/** `provider_code` of a sending account. */
export const PROVIDERS: INodePropertyOptions[] = [
	{ name: 'AWS', value: 4 },
	{ name: 'Custom IMAP/SMTP', value: 1 },
	{ name: 'Google', value: 2 },
	{ name: 'Microsoft', value: 3 },
];

function nameOf(options: INodePropertyOptions[], value: unknown): string | undefined {
	return options.find((option) => option.value === value)?.name;
}

/**
 * An account as Instantly answered it, with the name of each numeric status beside its number
 * (`status_name`, `warmup_status_name`). Every field Instantly sent stays as it is, and a field Instantly
 * sends itself is never overwritten: the names are an addition for IF nodes and sheets, not a rewrite.
 */
export function withStatusNames(account: IDataObject): IDataObject {
	const named: IDataObject = { ...account };
	const status = nameOf(ACCOUNT_STATUSES, account.status);
	const warmup = nameOf(WARMUP_STATUSES, account.warmup_status);
	if (status && !('status_name' in account)) named.status_name = status;
	if (warmup && !('warmup_status_name' in account)) named.warmup_status_name = warmup;
	return named;
}

export async function outputAccount(this: IExecuteSingleFunctions, account: IDataObject): Promise<IDataObject[]> {
	return [withStatusNames(account)];
}

export const validateAccountEmail: Validator = function (itemIndex) {
	const value = String(parameter.call(this, 'accountEmail', itemIndex, '') ?? '').trim();
	if (!value) {
		fail(this, itemIndex, 'The parameter "Account" is empty', 'Pick the account from the list, or enter its email address.');
	}
	if (!isEmail(value)) {
		fail(this, itemIndex, `"${value}" in "Account" is not an email address`, 'Sending accounts are named by their email address, e.g. alex@outreach-demo.io.');
	}
};

/** The emails `accountEmails` sends: at least one, each a valid address, at most `max`. */
export function checkAccountEmails(ctx: IExecuteSingleFunctions, itemIndex: number, max = Infinity): void {
	const emails = transforms.list(parameter.call(ctx, 'accountEmails', itemIndex, ''));
	if (!emails.length) {
		fail(ctx, itemIndex, 'The parameter "Account Emails" is empty', 'Enter the sending accounts’ email addresses, separated by commas, or map a list of them.');
	}
	const invalid = emails.filter((email) => !isEmail(email));
	if (invalid.length) {
		fail(ctx, itemIndex, `"${invalid[0]}" in "Account Emails" is not an email address`, 'Enter email addresses separated by commas, e.g. alex@outreach-demo.io, sam@outreach-demo.io.');
	}
	if (emails.length > max) {
		fail(ctx, itemIndex, `"Account Emails" holds ${emails.length} accounts; Instantly takes at most ${max} per request`, `Split them over several items of up to ${max} accounts each.`);
	}
}
