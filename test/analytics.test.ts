import { DateTime } from 'luxon';

import { runNode, type Credentials } from './engine';
import { toDay } from '../nodes/Instantly/resources/analytics/shared';
import { logActivity, type ActivityType } from './sandbox/routes/analytics';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { addLead } from './sandbox/routes/leads';
import type { Sandbox } from './sandbox';
import { useSandbox } from './support/useSandbox';

const ANALYTICS = '/api/v2/campaigns/analytics';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: { resource: 'analytics', ...parameters }, credentials, ...extra });

/** A campaign with `leads` leads and the given activity (type, lead number, day, step, variant). */
function seed(name: string, leads: number, log: Array<[ActivityType, number, string, number?, number?]>): Campaign {
	const campaign = addCampaign(sandbox.state, name);
	for (let n = 0; n < leads; n++) addLead(sandbox.state, { email: `l${n}@${name.toLowerCase()}.io` }, { campaign: campaign.id });
	for (const [type, lead, day, step = 0, variant = 0] of log) {
		logActivity(sandbox.state, { campaign_id: campaign.id, lead_email: `l${lead}@${name.toLowerCase()}.io`, type, step, variant, timestamp: `${day}T10:00:00.000Z` });
	}
	return campaign;
}

function twoCampaigns() {
	const a = seed('Alpha', 4, [
		['sent', 0, '2026-11-02'], ['sent', 1, '2026-11-02'], ['sent', 2, '2026-11-03'], ['sent', 3, '2026-11-03'],
		['opened', 0, '2026-11-02'], ['opened', 0, '2026-11-03'], ['opened', 1, '2026-11-03'], ['replied', 1, '2026-11-04'],
		['bounced', 3, '2026-11-03'], ['sent', 0, '2026-11-05', 1, 1], ['clicked', 0, '2026-11-05', 1, 1],
	]);
	const b = seed('Beta', 2, [['sent', 0, '2026-11-03'], ['sent', 1, '2026-11-10'], ['bounced', 1, '2026-11-10']]);
	return { a, b };
}

describe('Analytics → Campaign Summary', () => {
	it('one item per campaign, numbers as numbers, with open, reply and bounce rates; empty campaigns = all', async () => {
		const { a, b } = twoCampaigns();
		const { items, error } = await run({ operation: 'campaignSummary', campaignIds: [] });
		expect(error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.path, r.query])).toEqual([[ANALYTICS, {}]]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(items[0].json).toMatchObject({
			campaign_id: a.id,
			campaign_name: 'Alpha',
			leads_count: 4,
			contacted_count: 4,
			emails_sent_count: 5,
			open_count: 3,
			open_count_unique: 2,
			reply_count: 1,
			bounced_count: 1,
			link_click_count: 1,
			open_rate: 50,
			reply_rate: 25,
			bounce_rate: 20,
		});
		expect(items[1].json).toMatchObject({ campaign_id: b.id, emails_sent_count: 2, bounced_count: 1, bounce_rate: 50 });
	});

	it('campaigns by pick (IDs), by exact name (an agent), as comma text; dates from n8n date values', async () => {
		const { a, b } = twoCampaigns();
		const { items, error } = await run({
			operation: 'campaignSummary',
			campaignIds: '={{ $json.campaigns }}',
			startDate: '={{ DateTime.fromISO("2026-11-03") }}',
			endDate: '2026-11-04T23:30:00.000+02:00',
			options: { excludeTotalLeadsCount: true },
		}, { items: [{ campaigns: `Beta, ${a.id}` }] });
		expect(error).toBeUndefined();
		const summary = sandbox.requests.at(-1)!;
		expect(summary.query).toEqual({ ids: [b.id, a.id], start_date: '2026-11-03', end_date: '2026-11-04', exclude_total_leads_count: 'true' });
		expect(items.map((i) => [i.json.campaign_name, i.json.emails_sent_count, i.json.leads_count])).toEqual([
			['Alpha', 2, undefined],
			['Beta', 1, undefined],
		]);
	});
});

describe('Analytics → Overview, Daily, Steps', () => {
	it('Overview: one item of totals over the chosen campaigns', async () => {
		const { a } = twoCampaigns();
		const { items } = await run({ operation: 'overview', campaignIds: [a.id], options: { campaignStatus: 1 } });
		expect(sandbox.requests[0].query).toEqual({ ids: a.id, campaign_status: '1' });
		expect(items).toEqual([{ json: expect.objectContaining({ emails_sent_count: 5, bounced_count: 1, reply_count: 1 }), pairedItem: { item: 0 } }]);
		sandbox.resetLog();
		const all = await run({ operation: 'overview' });
		expect(all.items).toHaveLength(1);
		expect(all.items[0].json).toMatchObject({ emails_sent_count: 7, bounced_count: 2 });
	});

	it('Daily: one item per day for one campaign, in the date range', async () => {
		const { a } = twoCampaigns();
		const { items } = await run({ operation: 'daily', campaignId: { __rl: true, mode: 'list', value: a.id }, startDate: '2026-11-03', endDate: '2026-11-05' });
		expect(sandbox.requests[0].query).toEqual({ campaign_id: a.id, start_date: '2026-11-03', end_date: '2026-11-05' });
		expect(items.map((i) => [i.json.date, i.json.sent, i.json.opened, i.json.replies, i.pairedItem])).toEqual([
			['2026-11-03', 2, 2, 0, { item: 0 }],
			['2026-11-04', 0, 0, 1, { item: 0 }],
			['2026-11-05', 1, 0, 0, { item: 0 }],
		]);
		// Per day adds up to the summary of the same range.
		const summary = await run({ operation: 'campaignSummary', campaignIds: [a.id], startDate: '2026-11-03', endDate: '2026-11-05' });
		expect(summary.items[0].json.emails_sent_count).toBe(items.reduce((sum, i) => sum + (i.json.sent as number), 0));
	});

	it('Steps: one item per step and variant, step and variant as numbers; a campaign by name', async () => {
		twoCampaigns();
		const { items, error } = await run({ operation: 'steps', campaignId: 'Alpha' });
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.step, i.json.variant, i.json.sent, i.json.clicks])).toEqual([
			[0, 0, 4, 0],
			[1, 1, 1, 1],
		]);
	});

	it('numeric strings from Instantly come out as numbers; IDs, names and dates stay text', async () => {
		const { a } = twoCampaigns();
		sandbox.inject({
			fault: { kind: 'status', status: 200, body: [{ campaign_id: '123', campaign_name: '2026', date: '2026-11-03', emails_sent_count: '12', bounced_count: '3' }] },
			path: ANALYTICS,
			times: 1,
		});
		const { items } = await run({ operation: 'campaignSummary', campaignIds: [a.id] });
		expect(items[0].json).toEqual({ campaign_id: '123', campaign_name: '2026', date: '2026-11-03', emails_sent_count: 12, bounced_count: 3, open_rate: 0, reply_rate: 0, bounce_rate: 25 });
	});
});

describe('Dates and failures', () => {
	it('turns every n8n date form into YYYY-MM-DD, keeping the calendar day as written', () => {
		expect(toDay(DateTime.fromISO('2026-11-27T00:30:00', { zone: 'Europe/Berlin' }))).toBe('2026-11-27');
		expect(toDay('2026-11-27T00:30:00.000+01:00')).toBe('2026-11-27');
		expect(toDay(new Date(Date.UTC(2026, 10, 27, 12)))).toBe('2026-11-27');
		expect(toDay('2026-11-27')).toBe('2026-11-27');
		expect(toDay('')).toBeUndefined();
		expect(toDay('2026-02-30')).toBeUndefined();
		expect(toDay('last week')).toBeUndefined();
	});

	it('takes {{ $today.minus(7, "days") }} and {{ $today }} as the range', async () => {
		await run({ operation: 'overview', startDate: '={{ $today.minus(7, "days") }}', endDate: '={{ $today }}' });
		const { start_date, end_date } = sandbox.requests[0].query as Record<string, string>;
		expect(start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(end_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect((Date.parse(end_date) - Date.parse(start_date)) / 86_400_000).toBe(7);
	});

	it.each([
		[{ startDate: 'yesterday' }, '"yesterday" in "Start Date" is not a date'],
		[{ startDate: '2026-11-10', endDate: '2026-11-01' }, 'The start date (2026-11-10) is after the end date (2026-11-01)'],
	])('refuses %j before sending anything', async (dates, message) => {
		const { error, items } = await run({ operation: 'overview', ...dates });
		expect(sandbox.requests).toHaveLength(0);
		expect(items).toHaveLength(0);
		expect([error?.name, error?.message]).toEqual(['NodeOperationError', message]);
	});

	it('a campaign that does not exist is a 404, an unknown name says so, and a bad key is a 401', async () => {
		const missing = await run({ operation: 'daily', campaignId: '019a0000-0000-7000-8000-00000000dead' });
		expect([missing.error?.name, missing.error?.httpCode]).toEqual(['NodeApiError', '404']);
		const unknown = await run({ operation: 'steps', campaignId: 'Nope' });
		expect(unknown.error?.message).toBe('No campaign is named "Nope"');
		const denied = await runNode({ parameters: { resource: 'analytics', operation: 'overview' }, credentials: { ...credentials, apiKey: 'wrong-key' } });
		expect([denied.error?.name, denied.error?.httpCode]).toEqual(['NodeApiError', '401']);
	});
});
