// The Campaign and Analytics demos of `npm run dev` (and e2e): a weekly report and an automatic pause on bounces.
import { byId, instantly, sticky, workflow } from './workflows.mjs';

const scheduleTrigger = (name, interval) => ({
	name,
	type: 'n8n-nodes-base.scheduleTrigger',
	typeVersion: 1.2,
	parameters: { rule: { interval: [interval] } },
});

/** An Edit Fields (Set) node whose fields keep their types: numbers stay numbers for Sheets. */
const tidy = (name, fields) => ({
	name,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: {
		mode: 'manual',
		assignments: {
			assignments: fields.map(([field, value, type = 'number'], i) => ({ id: `${name}-${i}`, name: field, value, type })),
		},
		options: {},
	},
});

const LAST_7_DAYS = { startDate: '={{ $today.minus(7, "days") }}', endDate: '={{ $today }}' };

const REPORT_NOTE = `## Weekly campaign report
Every Monday at 08:00: the last 7 days of every campaign (**Analytics → Campaign Summary**, one item per campaign), tidied into the columns a report needs. Numbers stay numbers: connect Google Sheets (Append Row) or Slack after **Report table**.

Click **Execute workflow** to run it now against the sandbox's two weeks of demo activity.`;

/** `start`: the trigger; e2e hands in a manual one, as `n8n execute` cannot start from a Schedule Trigger. */
export function weeklyReportWorkflow({ start = scheduleTrigger('Every Monday 08:00', { field: 'weeks', weeksInterval: 1, triggerAtDay: [1], triggerAtHour: 8 }) } = {}) {
	return workflow('instantlyWeeklyReport', 'Weekly campaign report (sandbox)', {
		start,
		notes: [sticky('About this workflow', REPORT_NOTE, { width: 400, height: 240 })],
		branches: [
			[
				instantly('Last 7 days per campaign', { resource: 'analytics', operation: 'campaignSummary', campaignIds: [], ...LAST_7_DAYS }),
				tidy('Report table', [
					['Campaign', '={{ $json.campaign_name }}', 'string'],
					['Sent', '={{ $json.emails_sent_count }}'],
					['Leads contacted', '={{ $json.contacted_count }}'],
					['Opened', '={{ $json.open_count_unique }}'],
					['Replied', '={{ $json.reply_count_unique }}'],
					['Bounced', '={{ $json.bounced_count }}'],
					['Open rate %', '={{ $json.open_rate }}'],
					['Reply rate %', '={{ $json.reply_rate }}'],
					['Bounce rate %', '={{ $json.bounce_rate }}'],
					['Opportunities', '={{ $json.total_opportunities }}'],
				]),
			],
		],
	});
}

/** Pause a campaign when more than this share of the last week's emails bounced. */
export const BOUNCE_LIMIT_PERCENT = 10;

const BOUNCE_NOTE = `## Pause on bounces
Every hour: each **active** campaign whose bounce rate over the last 7 days is above ${BOUNCE_LIMIT_PERCENT}% is paused (**Campaign → Pause**), before the bounces hurt the sending accounts' reputation.

In the sandbox, "Agency Partners — Cold" has a bounce spike: run the workflow and watch it get paused (status 2).`;

export function pauseOnBouncesWorkflow({ start = scheduleTrigger('Every hour', { field: 'hours', hoursInterval: 1 }) } = {}) {
	return workflow('instantlyPauseOnBounces', 'Pause on bounces (sandbox)', {
		start,
		notes: [sticky('About this workflow', BOUNCE_NOTE, { width: 400, height: 240 })],
		branches: [
			[
				instantly('Bounce rates, last 7 days', { resource: 'analytics', operation: 'campaignSummary', campaignIds: [], ...LAST_7_DAYS }),
				{
					name: `Active and bouncing over ${BOUNCE_LIMIT_PERCENT}%?`,
					type: 'n8n-nodes-base.if',
					typeVersion: 2.2,
					parameters: {
						conditions: {
							options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
							conditions: [
								{ id: 'active', leftValue: '={{ $json.campaign_status }}', rightValue: 1, operator: { type: 'number', operation: 'equals' } },
								{ id: 'bouncing', leftValue: '={{ $json.bounce_rate }}', rightValue: BOUNCE_LIMIT_PERCENT, operator: { type: 'number', operation: 'gt' } },
							],
							combinator: 'and',
						},
						options: {},
					},
				},
				instantly('Pause the campaign', { resource: 'campaign', operation: 'pause', campaignId: byId('={{ $json.campaign_id }}') }),
			],
		],
	});
}
