import type { IDataObject, IExecuteSingleFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { accountEmailLocator } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import type { Validator } from '../../shared/routing';
import { fail, isDomain, isEmail, isWholeNumberIn, parameter } from '../../shared/validation';

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

/** Credentials Instantly must never be seen to hand back: left out of every output item, even if it echoes them. */
const SECRET_FIELDS = ['imap_password', 'smtp_password', 'password'];

export function withoutPasswords(account: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(account).filter(([key]) => !SECRET_FIELDS.includes(key)));
}

export async function outputAccount(this: IExecuteSingleFunctions, account: IDataObject): Promise<IDataObject[]> {
	return [withStatusNames(withoutPasswords(account))];
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

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A mail server's host name (imap.example.com) or IPv4 address, without a scheme, port or path. */
export function isHost(value: string): boolean {
	return isDomain(value) || IPV4.test(value);
}

/** One field's value checked for the request; `where` is how the user finds it ("IMAP Host", "Update Fields → Reply To"). */
type Check = (ctx: ThisParameterType<Validator>, itemIndex: number, value: unknown, where: string) => void;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));

export const checks = {
	notBlank: ((ctx, itemIndex, value, where) => {
		if (!text(value)) fail(ctx, itemIndex, `The parameter "${where}" is empty`, `Enter a value for "${where}".`);
	}) as Check,
	/** A password is never repeated in a message: only whether it is there. */
	secret: ((ctx, itemIndex, value, where) => {
		if (typeof value !== 'string' || value === '') {
			fail(ctx, itemIndex, `The parameter "${where}" is empty`, 'Enter the mailbox password (or app password) Instantly signs in with.');
		}
	}) as Check,
	email: ((ctx, itemIndex, value, where) => {
		const email = text(value);
		if (!email) fail(ctx, itemIndex, `The parameter "${where}" is empty`, 'Enter an email address, e.g. alex@outreach-demo.io.');
		if (!isEmail(email)) fail(ctx, itemIndex, `"${email}" in "${where}" is not an email address`, 'Enter an email address, e.g. alex@outreach-demo.io.');
	}) as Check,
	host: ((ctx, itemIndex, value, where) => {
		const host = text(value);
		if (!host) fail(ctx, itemIndex, `The parameter "${where}" is empty`, 'Enter the mail server’s host name, e.g. imap.gmail.com or smtp.gmail.com.');
		if (!isHost(host)) {
			fail(ctx, itemIndex, `"${host}" in "${where}" is not a host name`, 'Enter the server’s host name or IP address only, without "https://", a port or a path, e.g. smtp.gmail.com.');
		}
	}) as Check,
	port: ((ctx, itemIndex, value, where) => {
		if (!isWholeNumberIn(value, 1, 65535)) {
			fail(ctx, itemIndex, `"${where}" must be a port number from 1 to 65535 (got ${String(value)})`, 'IMAP is usually 993 (SSL), SMTP 587 (STARTTLS) or 465 (SSL).');
		}
	}) as Check,
	provider: ((ctx, itemIndex, value, where) => {
		if (!PROVIDERS.some((option) => option.value === Number(value))) {
			fail(ctx, itemIndex, `"${String(value)}" in "${where}" is not a provider Instantly knows`, `Use one of: ${PROVIDERS.map((o) => `${o.name} (${String(o.value)})`).join(', ')}.`);
		}
	}) as Check,
	domain: ((ctx, itemIndex, value, where) => {
		const domain = text(value);
		if (!isDomain(domain)) fail(ctx, itemIndex, `"${domain}" in "${where}" is not a domain`, 'Enter a domain name without "https://", e.g. track.outreach-demo.io.');
	}) as Check,
	range: (min: number, max: number, unit: string): Check =>
		(ctx, itemIndex, value, where) => {
			if (!isWholeNumberIn(value, min, max)) {
				fail(ctx, itemIndex, `"${where}" must be a whole number from ${min} to ${max}${unit} (got ${String(value)})`, 'Enter a whole number in that range, or remove the field.');
			}
		},
};

/**
 * The settings Create (Additional Fields) and Update (Update Fields) send, as Instantly's create and patch bodies
 * name them (developer.instantly.ai, CreateAccount / PatchAccount). Update also changes the names and can remove
 * the tracking domain. Each entry: the field, and the check its value passes before anything is sent.
 */
export function accountSettings(operation: 'create' | 'update'): Array<{ field: INodeProperties; check?: Check }> {
	const settings: Array<{ field: INodeProperties; check?: Check; only?: 'update' }> = [
		{
			field: {
				displayName: 'Daily Limit',
				name: 'dailyLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'How many campaign emails the account sends a day at most',
				routing: sendAs('daily_limit', transforms.number),
			},
			check: checks.range(0, 1_000_000, ''),
		},
		{
			field: {
				displayName: 'Enable Slow Ramp',
				name: 'enableSlowRamp',
				type: 'boolean',
				default: true,
				description: 'Whether Instantly raises the account’s sending volume gradually up to the daily limit',
				routing: { send: { type: 'body', property: 'enable_slow_ramp' } },
			},
		},
		{
			only: 'update',
			field: {
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Alex',
				description: 'The sender’s first name',
				routing: sendAs('first_name', transforms.trimmed),
			},
			check: checks.notBlank,
		},
		{
			field: {
				displayName: 'Inbox Placement Test Limit',
				name: 'inboxPlacementTestLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description: 'How many inbox placement tests the account may send',
				routing: sendAs('inbox_placement_test_limit', transforms.number),
			},
			check: checks.range(0, 1_000_000, ''),
		},
		{
			only: 'update',
			field: {
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Rivera',
				description: 'The sender’s last name',
				routing: sendAs('last_name', transforms.trimmed),
			},
			check: checks.notBlank,
		},
		{
			only: 'update',
			field: {
				displayName: 'Remove Tracking Domain',
				name: 'removeTrackingDomain',
				type: 'boolean',
				default: true,
				description: 'Whether to remove the account’s custom tracking domain',
				routing: { send: { type: 'body', property: 'remove_tracking_domain' } },
			},
		},
		{
			field: {
				displayName: 'Reply To',
				name: 'replyTo',
				type: 'string',
				default: '',
				placeholder: 'e.g. replies@outreach-demo.io',
				description: 'The address replies go to, when not the account itself',
				routing: sendAs('reply_to', transforms.trimmed),
			},
			check: checks.email,
		},
		{
			field: {
				displayName: 'Sending Gap (Minutes)',
				name: 'sendingGap',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1440 },
				default: 10,
				description: 'The minimum wait between two emails from this account, across campaigns (0 to 1,440 minutes)',
				routing: sendAs('sending_gap', transforms.number),
			},
			check: checks.range(0, 1440, ' minutes'),
		},
		{
			field: {
				displayName: 'Signature',
				name: 'signature',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				placeholder: 'e.g. Best regards, Alex',
				description: 'The signature added to the account’s emails',
				routing: { send: { type: 'body', property: 'signature' } },
			},
		},
		{
			field: {
				displayName: 'Skip CNAME Check',
				name: 'skipCnameCheck',
				type: 'boolean',
				default: false,
				description: 'Whether Instantly skips checking the tracking domain’s CNAME record',
				routing: { send: { type: 'body', property: 'skip_cname_check' } },
			},
		},
		{
			field: {
				displayName: 'Tracking Domain',
				name: 'trackingDomainName',
				type: 'string',
				default: '',
				placeholder: 'e.g. track.outreach-demo.io',
				description: 'The custom domain for open and click tracking links',
				routing: sendAs('tracking_domain_name', transforms.trimmed),
			},
			check: checks.domain,
		},
	];
	return settings.filter((setting) => operation === 'update' || setting.only !== 'update');
}

/** Checks the settings added to `collection` ("additionalFields" / "updateFields"), naming each as the user sees it. */
export function checkSettings(
	ctx: ThisParameterType<Validator>,
	itemIndex: number,
	collection: string,
	label: string,
	settings: ReturnType<typeof accountSettings>,
): IDataObject {
	const values = (parameter.call(ctx, collection, itemIndex, {}) ?? {}) as IDataObject;
	for (const { field, check } of settings) {
		if (check && field.name in values) check(ctx, itemIndex, values[field.name], `${label} → ${field.displayName}`);
	}
	return values;
}
