import type { IDataObject, IExecuteSingleFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { sendAs, transforms } from '../../shared/request';
import { campaignInPath } from '../../shared/resolve';
import type { Validator } from '../../shared/routing';
import { fail, isEmail, parameter } from '../../shared/validation';
import { campaignIdField } from '../lead/shared';
import { instantlyTimezone, TIMEZONES } from './timezones';

/** The campaign of Get, Update, Activate, Pause, Delete: the lead resource's locator; a name is looked up (agents). */
export const campaignField: INodeProperties = { ...campaignIdField, routing: campaignInPath('campaignId') };

/** Instantly's campaign status numbers, by name (sorted by name, as n8n lists options). */
export const CAMPAIGN_STATUSES: INodePropertyOptions[] = [
	{ name: 'Account Suspended', value: -99 },
	{ name: 'Accounts Unhealthy', value: -1 },
	{ name: 'Active', value: 1 },
	{ name: 'Bounce Protect', value: -2 },
	{ name: 'Completed', value: 3 },
	{ name: 'Draft', value: 0 },
	{ name: 'Paused', value: 2 },
	{ name: 'Running Subsequences', value: 4 },
];

/** A status by number, numeric text or name ("paused"): what an expression or an AI Agent may give. */
export function campaignStatus(value: unknown): number | undefined {
	const text = String(value ?? '').trim();
	if (/^-?\d+$/.test(text)) {
		const number = Number(text);
		return CAMPAIGN_STATUSES.some((s) => s.value === number) ? number : undefined;
	}
	const found = CAMPAIGN_STATUSES.find((s) => s.name.toLowerCase() === text.toLowerCase());
	return found ? (found.value as number) : undefined;
}

export const DAYS: INodePropertyOptions[] = [
	{ name: 'Sunday', value: '0' },
	{ name: 'Monday', value: '1' },
	{ name: 'Tuesday', value: '2' },
	{ name: 'Wednesday', value: '3' },
	{ name: 'Thursday', value: '4' },
	{ name: 'Friday', value: '5' },
	{ name: 'Saturday', value: '6' },
];

/** Days as the dropdown stores them ("1"), numbers, or names ("Mon", "monday"), in a list or comma-separated text. */
export function dayNumbers(value: unknown): { days: string[]; unknown: string[] } {
	const days: string[] = [];
	const unknown: string[] = [];
	for (const entry of transforms.list(value)) {
		const name = entry.toLowerCase();
		const day = DAYS.find((d) => d.value === entry || (name.length >= 3 && String(d.name).toLowerCase().startsWith(name)));
		if (day) days.push(day.value as string);
		else unknown.push(entry);
	}
	return { days, unknown };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "9:00" → "09:00": Instantly wants two-digit hours. */
function time(value: unknown): string {
	const text = String(value ?? '').trim();
	return /^\d:\d\d$/.test(text) ? `0${text}` : text;
}

/** The one sending schedule of Create as Instantly's `campaign_schedule`. */
export function toCampaignSchedule(value: unknown): IDataObject {
	const schedule = (value ?? {}) as IDataObject;
	const { days } = dayNumbers(schedule.days);
	return {
		schedules: [
			{
				name: 'Default schedule',
				timing: { from: time(schedule.from), to: time(schedule.to) },
				days: Object.fromEntries(DAYS.map((d) => [d.value as string, days.includes(d.value as string)])),
				timezone: instantlyTimezone(schedule.timezone) ?? String(schedule.timezone),
			},
		],
	};
}

interface Step {
	subject?: unknown;
	body?: unknown;
	delay?: unknown;
}

function stepList(value: unknown): Step[] {
	if (Array.isArray(value)) return value as Step[];
	const steps = (value as IDataObject | undefined)?.steps;
	return Array.isArray(steps) ? (steps as Step[]) : [];
}

/** Sequence steps (the editor's list, or a list mapped by an expression) as Instantly's one sequence; none → left out. */
export function toSequences(value: unknown): IDataObject[] | undefined {
	const steps = stepList(value);
	if (!steps.length) return undefined;
	return [
		{
			steps: steps.map((step) => ({
				type: 'email',
				delay: Number(step.delay ?? 0),
				variants: [{ subject: String(step.subject ?? ''), body: String(step.body ?? '') }],
			})),
		},
	];
}

/** The campaign settings Create (under Options) and Update (under Update Fields) share. */
export const campaignSettings: INodeProperties[] = [
	{
		displayName: 'Daily Limit',
		name: 'dailyLimit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'The most emails the campaign sends per day, over all its sending accounts',
		routing: sendAs('daily_limit', transforms.number),
	},
	{
		displayName: 'Link Tracking',
		name: 'linkTracking',
		type: 'boolean',
		default: false,
		description: 'Whether Instantly tracks clicks on links in the emails',
		routing: { send: { type: 'body', property: 'link_tracking' } },
	},
	{
		displayName: 'Open Tracking',
		name: 'openTracking',
		type: 'boolean',
		default: false,
		description: 'Whether Instantly tracks when the emails are opened',
		routing: { send: { type: 'body', property: 'open_tracking' } },
	},
	{
		displayName: 'Sending Account Names or IDs',
		name: 'emailList',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getAccountEmails' },
		default: [],
		description:
			'The sending accounts the campaign sends from (their email addresses are the IDs: an expression may give them as a list or separated by commas). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		routing: sendAs('email_list', transforms.list),
	},
	{
		displayName: 'Stop on Reply',
		name: 'stopOnReply',
		type: 'boolean',
		default: true,
		description: 'Whether a lead gets no further emails of the campaign once they reply',
		routing: { send: { type: 'body', property: 'stop_on_reply' } },
	},
	{
		displayName: 'Text Only',
		name: 'textOnly',
		type: 'boolean',
		default: false,
		description: 'Whether the emails are sent as plain text, without HTML',
		routing: { send: { type: 'body', property: 'text_only' } },
	},
];

type Collection = Record<string, unknown>;

function collection(ctx: IExecuteSingleFunctions, name: string): Collection {
	const value = parameter.call(ctx, name, ctx.getItemIndex(), {});
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Collection) : {};
}

function checkName(ctx: IExecuteSingleFunctions, value: unknown, field: string, itemIndex: number) {
	if (value === undefined || value === null || !String(value).trim()) {
		fail(ctx, itemIndex, `The parameter "${field}" is empty`, 'Enter the campaign’s name, e.g. "Q3 Outreach".');
	}
}

/** What Create and Update share: a daily limit that is a positive whole number, sending accounts that are emails. */
function checkSettings(ctx: IExecuteSingleFunctions, values: Collection, under: string, itemIndex: number) {
	if ('dailyLimit' in values) {
		const limit = Number(values.dailyLimit);
		if (!Number.isInteger(limit) || limit < 1) {
			fail(ctx, itemIndex, `"${String(values.dailyLimit)}" in "${under} → Daily Limit" is not a whole number of at least 1`, 'Enter how many emails the campaign may send per day, e.g. 50.');
		}
	}
	if ('emailList' in values) {
		const emails = transforms.list(values.emailList);
		const bad = emails.find((email) => !isEmail(email));
		if (bad !== undefined) {
			fail(ctx, itemIndex, `"${bad}" in "${under} → Sending Accounts" is not an email address`, 'Choose sending accounts from the list, or give their email addresses separated by commas.');
		}
		if (!emails.length) {
			fail(ctx, itemIndex, `"${under} → Sending Accounts" is empty`, 'Choose at least one sending account, or remove the option.');
		}
	}
}

export const validateCreate: Validator = function (itemIndex) {
	checkName(this, parameter.call(this, 'name', itemIndex, ''), 'Name', itemIndex);
	const schedule = collection(this, 'schedule');
	const zone = schedule.timezone;
	if (!instantlyTimezone(zone)) {
		fail(
			this,
			itemIndex,
			`"${String(zone ?? '')}" in "Schedule → Timezone" is not a time zone Instantly accepts`,
			`Instantly takes only the time zones of its list (e.g. ${TIMEZONES.slice(9, 14).join(', ')}); choose one from the dropdown. Common names such as America/New_York or Europe/London are translated to Instantly's.`,
		);
	}
	for (const key of ['from', 'to'] as const) {
		if (!TIME.test(time(schedule[key]))) {
			fail(this, itemIndex, `"${String(schedule[key] ?? '')}" in "Schedule → ${key === 'from' ? 'From' : 'To'}" is not a time`, 'Give the time as HH:MM on a 24-hour clock, e.g. 09:00 or 17:30.');
		}
	}
	if (time(schedule.from) >= time(schedule.to)) {
		fail(this, itemIndex, `The schedule ends (${time(schedule.to)}) before it starts (${time(schedule.from)})`, 'Set "From" to an earlier time than "To".');
	}
	const { days, unknown } = dayNumbers(schedule.days);
	if (unknown.length) {
		fail(this, itemIndex, `"${unknown[0]}" in "Schedule → Days" is not a day of the week`, 'Choose the days from the list, or give day names (Monday, Tue…) or numbers 0 (Sunday) to 6 (Saturday).');
	}
	if (!days.length) {
		fail(this, itemIndex, 'The schedule has no days to send on', 'Under "Schedule → Days", choose at least one day.');
	}
	stepList(parameter.call(this, 'sequenceSteps', itemIndex, {})).forEach((step, n) => {
		if (!String(step.subject ?? '').trim() && n === 0) {
			fail(this, itemIndex, 'The first sequence step has no subject', 'Enter a subject for step 1 (later steps may leave it empty to reply in the same thread).');
		}
		const delay = Number(step.delay ?? 0);
		if (!Number.isInteger(delay) || delay < 0) {
			fail(this, itemIndex, `"${String(step.delay)}" in "Sequence Steps → Step ${n + 1} → Delay" is not a number of days`, 'Enter a whole number of days (0 or more).');
		}
	});
	checkSettings(this, collection(this, 'options'), 'Options', itemIndex);
};

export const validateUpdate: Validator = function (itemIndex) {
	const fields = collection(this, 'updateFields');
	if (!Object.keys(fields).length) {
		fail(this, itemIndex, 'Nothing to update: add at least one field to update', 'Under "Update Fields", add the name, daily limit, sending accounts or a setting to change.');
	}
	if ('name' in fields) checkName(this, fields.name, 'Update Fields → Name', itemIndex);
	checkSettings(this, fields, 'Update Fields', itemIndex);
};

export const validateGetMany: Validator = function (itemIndex) {
	const filters = collection(this, 'filters');
	if ('status' in filters && campaignStatus(filters.status) === undefined) {
		fail(this, itemIndex, `"${String(filters.status)}" in "Filters → Status" is not a campaign status`, `Use one of: ${CAMPAIGN_STATUSES.map((s) => s.name).join(', ')}.`);
	}
};
