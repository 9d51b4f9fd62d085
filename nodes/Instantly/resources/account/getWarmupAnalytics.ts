import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import type { InstantlyRequest } from '../../shared/transport';
import { accountEmailsField, checkAccountEmails, MAX_ANALYTICS_EMAILS } from './shared';

export const accountWarmupAnalyticsDescription: INodeProperties[] = [
	{ ...accountEmailsField, displayOptions: { show: { resource: ['account'], operation: ['getWarmupAnalytics'] } } },
];

export const validateWarmupAnalytics: Validator = function (itemIndex) {
	checkAccountEmails(this, itemIndex, MAX_ANALYTICS_EMAILS);
};

const asNumber = (value: unknown) => (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value);

/**
 * One item per account: its totals from `aggregate_data` (sent, landed_inbox, landed_spam, received, health_score,
 * health_score_label), numbers as numbers, and its day-by-day figures from `email_date_data` as Instantly sent them.
 */
export async function warmupAnalyticsPerAccount(
	this: IExecuteSingleFunctions,
	response: IDataObject,
	request: InstantlyRequest,
): Promise<IDataObject[]> {
	const aggregate = (response.aggregate_data ?? {}) as Record<string, IDataObject>;
	const daily = (response.email_date_data ?? {}) as Record<string, IDataObject>;
	const asked = ((request.body?.emails ?? []) as string[]).map((email) => email.toLowerCase());
	// The accounts in the order they were asked for, then any other Instantly answered with.
	const keys = Object.keys(aggregate);
	const ordered = [
		...asked.flatMap((email) => keys.filter((key) => key.toLowerCase() === email)),
		...keys.filter((key) => !asked.includes(key.toLowerCase())),
	];
	return [...new Set(ordered)].map((email) => {
		const totals = Object.fromEntries(Object.entries(aggregate[email] ?? {}).map(([key, value]) => [key, asNumber(value)]));
		return { email, ...totals, email_date_data: daily[email] ?? {} };
	});
}
