/*
 * Account → Create: a sending account with its own IMAP/SMTP sign-in.
 *
 * Facts relied on (Instantly API v2, developer.instantly.ai; as harvested in the OpenAPI file
 * github.com/api-evangelist/instantly-ai openapi/_original/instantly-ai-api-v2-openapi.json, commit d813d01):
 * - `POST /api/v2/accounts` (createAccount), scope `accounts:create` (or `accounts:all`, `all:create`, `all:all`).
 *   Required: email, first_name, last_name, provider_code, imap_username, imap_password, imap_host, imap_port,
 *   smtp_username, smtp_password, smtp_host, smtp_port. Optional: daily_limit, sending_gap (0–1440 minutes),
 *   enable_slow_ramp, tracking_domain_name, tracking_domain_status, inbox_placement_test_limit (≥ 0), signature,
 *   reply_to, skip_cname_check, warmup_custom_ftag, warmup {…}. No other property (additionalProperties: false).
 *   provider_code: 1 Custom IMAP/SMTP, 2 Google, 3 Microsoft, 4 AWS (also 8 AirMail, 11 Airmail Instant, not
 *   offered here). Answers the Account (no passwords in its schema); 400 for a bad body.
 * - `PATCH /api/v2/accounts/{email}` (patchAccount), scope `accounts:update`: first_name, last_name, daily_limit,
 *   sending_gap, enable_slow_ramp, tracking_domain_name, tracking_domain_status, inbox_placement_test_limit,
 *   signature, reply_to, skip_cname_check, remove_tracking_domain, warmup {…}; none required. 404 if unknown.
 * - `DELETE /api/v2/accounts/{email}` (deleteAccount), scope `accounts:delete`: answers the deleted Account; 404.
 * - Instantly's own n8n node (github.com/Instantly-ai/n8n-nodes-instantly, 925f1e3) offers Create / Update /
 *   Delete Account (AccountOperations.ts) with the same three endpoints.
 * Instantly does not document the answer to a second create of the same email; the sandbox answers 400.
 */
import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { findBySearch } from '../../shared/recover';
import { sendAs, transforms } from '../../shared/request';
import type { RouteOptions, Validator } from '../../shared/routing';
import type { InstantlyRequest } from '../../shared/transport';
import { parameter } from '../../shared/validation';
import { accountSettings, checks, checkSettings, outputAccount, PROVIDERS } from './shared';

const showOnlyForCreate = { resource: ['account'], operation: ['create'] };

const settings = accountSettings('create');

function text(displayName: string, name: string, property: string, placeholder: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder,
		description,
		displayOptions: { show: showOnlyForCreate },
		routing: sendAs(property, transforms.trimmed),
	};
}

function password(displayName: string, name: string, property: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description,
		displayOptions: { show: showOnlyForCreate },
		// Sent exactly as entered: a password may begin or end with a space.
		routing: { send: { type: 'body', property } },
	};
}

function port(displayName: string, name: string, property: string, byDefault: number, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 65535 },
		required: true,
		default: byDefault,
		description,
		displayOptions: { show: showOnlyForCreate },
		routing: sendAs(property, transforms.number),
	};
}

export const accountCreateDescription: INodeProperties[] = [
	text('Email', 'email', 'email', 'e.g. alex@outreach-demo.io', 'The email address of the sending account'),
	text('First Name', 'firstName', 'first_name', 'e.g. Alex', 'The sender’s first name'),
	text('Last Name', 'lastName', 'last_name', 'e.g. Rivera', 'The sender’s last name'),
	{
		displayName: 'Provider',
		name: 'providerCode',
		type: 'options',
		options: PROVIDERS,
		required: true,
		default: 1,
		description: 'The account’s email provider. It must be the right one, or the account will not work in Instantly.',
		displayOptions: { show: showOnlyForCreate },
		routing: sendAs('provider_code', transforms.number),
	},
	text('IMAP Username', 'imapUsername', 'imap_username', 'e.g. alex@outreach-demo.io', 'The user name Instantly signs in to the IMAP server with, usually the email address'),
	password('IMAP Password', 'imapPassword', 'imap_password', 'The IMAP password (or app password). Never part of the node’s output.'),
	text('IMAP Host', 'imapHost', 'imap_host', 'e.g. imap.gmail.com', 'The IMAP server’s host name'),
	port('IMAP Port', 'imapPort', 'imap_port', 993, 'The IMAP server’s port, usually 993 (SSL)'),
	text('SMTP Username', 'smtpUsername', 'smtp_username', 'e.g. alex@outreach-demo.io', 'The user name Instantly signs in to the SMTP server with, usually the email address'),
	password('SMTP Password', 'smtpPassword', 'smtp_password', 'The SMTP password (or app password). Never part of the node’s output.'),
	text('SMTP Host', 'smtpHost', 'smtp_host', 'e.g. smtp.gmail.com', 'The SMTP server’s host name'),
	port('SMTP Port', 'smtpPort', 'smtp_port', 587, 'The SMTP server’s port, usually 587 (STARTTLS) or 465 (SSL)'),
	collectionField('additionalFields', showOnlyForCreate, settings.map(({ field }) => field)),
];

/** Every required field present and well formed, and every additional field in range, before anything is sent. */
export const validateCreate: Validator = function (itemIndex) {
	const value = (name: string) => parameter.call(this, name, itemIndex, '');
	checks.email(this, itemIndex, value('email'), 'Email');
	checks.notBlank(this, itemIndex, value('firstName'), 'First Name');
	checks.notBlank(this, itemIndex, value('lastName'), 'Last Name');
	checks.provider(this, itemIndex, value('providerCode'), 'Provider');
	for (const server of ['IMAP', 'SMTP'] as const) {
		const prefix = server.toLowerCase();
		checks.notBlank(this, itemIndex, value(`${prefix}Username`), `${server} Username`);
		checks.secret(this, itemIndex, value(`${prefix}Password`), `${server} Password`);
		checks.host(this, itemIndex, value(`${prefix}Host`), `${server} Host`);
		checks.port(this, itemIndex, value(`${prefix}Port`), `${server} Port`);
	}
	checkSettings(this, itemIndex, 'additionalFields', 'Additional Fields', settings);
};

const findAccountByEmail = findBySearch('/api/v2/accounts', 'email');

/**
 * Retry On Fail after a create whose answer was lost: the account is looked up by its email (Get Many's search)
 * and output as the create would have; only if it is not there is the create sent again. Instantly keys
 * accounts by email, so an account with that email is the one asked for.
 */
export const findCreatedAccount: NonNullable<RouteOptions['recover']> = async function (
	this: IExecuteSingleFunctions,
	request: InstantlyRequest,
) {
	const found = await findAccountByEmail.call(this, request);
	if (!found) return undefined;
	const records: IDataObject[] = [];
	for (const account of found) records.push(...(await outputAccount.call(this, account)));
	return records;
};
