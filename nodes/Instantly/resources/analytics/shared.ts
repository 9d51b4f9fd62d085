import type { IDataObject, IDisplayOptions, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

type Show = NonNullable<IDisplayOptions['show']>;

import { transforms } from '../../shared/request';
import { resolveCampaign, sendCampaign } from '../../shared/resolve';
import type { Validator } from '../../shared/routing';
import { fail, parameter } from '../../shared/validation';
import { campaignIdField } from '../lead/shared';

/**
 * A day as Instantly's analytics want it (YYYY-MM-DD), from what n8n hands over: the date picker's ISO text, an
 * expression's Luxon DateTime (`{{ $today.minus(7, 'days') }}`) or JS Date, epoch milliseconds, or typed text.
 * The calendar day is kept as written (a "2026-12-01T00:00:00+01:00" is the 1st, not the 30th in UTC).
 */
export function toDay(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'object') {
		const luxon = value as { toISODate?: () => string | null; isValid?: boolean };
		if (typeof luxon.toISODate === 'function') return luxon.isValid === false ? undefined : (luxon.toISODate() ?? undefined);
		if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
		return undefined;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? new Date(value).toISOString().slice(0, 10) : undefined;
	const text = String(value).trim();
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	if (!match) return undefined;
	const [, y, m, d] = match.map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	// Rejects 2026-02-30 and the like, which Date would roll over.
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? match[0].slice(0, 10) : undefined;
}

const dateField = (name: string, displayName: string, description: string, show: Show): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description,
	displayOptions: { show },
	routing: {
		send: {
			type: 'query',
			property: name === 'startDate' ? 'start_date' : 'end_date',
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					const qs = options.qs as IDataObject;
					const property = name === 'startDate' ? 'start_date' : 'end_date';
					const day = toDay(qs[property]);
					if (day === undefined) delete qs[property];
					else qs[property] = day;
					return options;
				},
			],
		},
	},
});

export function dateRange(show: Show): INodeProperties[] {
	return [
		dateField('startDate', 'Start Date', 'The first day counted (empty: from the start). A date, or an expression such as {{ $today.minus(7, "days") }}.', show),
		dateField('endDate', 'End Date', 'The last day counted (empty: up to today). A date, or an expression such as {{ $today }}.', show),
	];
}

/** Start and end: valid days if given, the start not after the end. */
export const validateDates: Validator = function (itemIndex) {
	const days: Record<string, string | undefined> = {};
	for (const [name, label] of [['startDate', 'Start Date'], ['endDate', 'End Date']] as const) {
		const value = parameter.call(this, name, itemIndex, '');
		days[name] = toDay(value);
		if (value !== '' && value !== undefined && value !== null && days[name] === undefined) {
			fail(this, itemIndex, `"${String(value)}" in "${label}" is not a date`, 'Pick a date, give it as YYYY-MM-DD, or use an expression such as {{ $today.minus(7, "days") }}.');
		}
	}
	if (days.startDate && days.endDate && days.startDate > days.endDate) {
		fail(this, itemIndex, `The start date (${days.startDate}) is after the end date (${days.endDate})`, 'Swap the dates, or move Start Date before End Date.');
	}
};

/** The campaign of Daily and Steps: the lead resource's locator, sent as `campaign_id`; a name is looked up (agents). */
export const campaignQueryField: INodeProperties = { ...campaignIdField, routing: sendCampaign('campaign_id', 'query') };

/**
 * Campaigns for Campaign Summary and Overview: picked from the list, or IDs / exact names as a list or separated by
 * commas (an expression, an AI Agent); empty means every campaign. Sent as `ids`.
 */
export const campaignIdsField: INodeProperties = {
	displayName: 'Campaign Names or IDs',
	name: 'campaignIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getCampaigns' },
	default: [],
	description:
		'The campaigns to report on; none chosen means all of them. An expression may give IDs or exact names, as a list or separated by commas. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	routing: {
		send: {
			type: 'query',
			property: 'ids',
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					const qs = options.qs as IDataObject;
					const given = transforms.list(qs.ids);
					if (!given.length) delete qs.ids;
					else qs.ids = await Promise.all(given.map(async (value) => await resolveCampaign(this, value)));
					return options;
				},
			],
		},
	},
};

const TEXT_KEYS = /(^|_)(id|ids|name|date|email|timestamp.*)$/;

/** Numbers as numbers (Instantly sends some counts as text), so a sheet or an IF node can compare them. */
export function numeric(record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		out[key] =
			typeof value === 'string' && !TEXT_KEYS.test(key) && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
	}
	return out;
}

/** The records of an answer that is a list (or, tolerantly, `{items: [...]}` or one object). */
export function records(response: unknown): IDataObject[] {
	if (Array.isArray(response)) return response as IDataObject[];
	const items = (response as IDataObject | undefined)?.items;
	if (Array.isArray(items)) return items as IDataObject[];
	return response && typeof response === 'object' ? [response as IDataObject] : [];
}

const rate = (part: unknown, whole: unknown) => {
	const p = Number(part);
	const w = Number(whole);
	return Number.isFinite(p) && Number.isFinite(w) && w > 0 ? Math.round((p / w) * 10000) / 100 : 0;
};

/** Campaign Summary's records with the rates a report or an IF node wants, in percent of the emails sent. */
export function withRates(record: IDataObject): IDataObject {
	const r = numeric(record);
	return {
		...r,
		open_rate: rate(r.open_count_unique ?? r.open_count, r.contacted_count ?? r.emails_sent_count),
		reply_rate: rate(r.reply_count_unique ?? r.reply_count, r.contacted_count ?? r.emails_sent_count),
		bounce_rate: rate(r.bounced_count, r.emails_sent_count),
	};
}
