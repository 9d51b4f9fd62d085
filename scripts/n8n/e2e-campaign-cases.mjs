// e2e cases of the Campaign and Analytics resources, and the two demos built on them.
import assert from 'node:assert/strict';
import { byId, instantly, trigger, workflow } from './workflows.mjs';
import { BOUNCE_LIMIT_PERCENT, pauseOnBouncesWorkflow, weeklyReportWorkflow } from './campaign-workflows.mjs';

const CAMPAIGNS = '/api/v2/campaigns';
const ANALYTICS = '/api/v2/campaigns/analytics';
const lines = (requests) => requests.map((r) => `${r.method} ${r.path}`);
const paired = (items) => items.every((i) => i.pairedItem?.item === 0);

export function addCampaignCases(ctx, add) {
	const { sandbox } = ctx;

	add({
		name: 'Campaign: Create → Get → Update → Activate → Pause → Delete, and Get Many by status',
		workflow: workflow('e2eCampaignCrud', 'e2e: campaign lifecycle', {
			branches: [
				[
					instantly('Create', {
						resource: 'campaign',
						operation: 'create',
						name: 'E2E Launch',
						schedule: { timezone: 'Europe/Isle_of_Man', days: ['1', '3', '5'], from: '08:30', to: '16:00' },
						sequenceSteps: { steps: [{ subject: 'Hello {{firstName}}', body: 'Hi!', delay: 2 }, { subject: '', body: 'Following up', delay: 0 }] },
						options: { dailyLimit: 30, emailList: ['alex@outreach-demo.io'], stopOnReply: true, openTracking: true },
					}),
					instantly('Get', { resource: 'campaign', operation: 'get', campaignId: byId('={{ $json.id }}') }),
					instantly('Update', { resource: 'campaign', operation: 'update', campaignId: byId('={{ $json.id }}'), updateFields: { name: 'E2E Launch v2', dailyLimit: 45 } }),
					instantly('Activate', { resource: 'campaign', operation: 'activate', campaignId: byId('={{ $json.id }}') }),
					instantly('Active ones', { resource: 'campaign', operation: 'getAll', returnAll: true, filters: { status: 1, search: 'E2E Launch' } }),
					instantly('Pause', { resource: 'campaign', operation: 'pause', campaignId: byId('={{ $json.id }}') }),
					instantly('Delete', { resource: 'campaign', operation: 'delete', campaignId: byId('={{ $json.id }}') }),
				],
			],
		}),
		async check(run) {
			const [created] = run.items('Create');
			const id = created.json.id;
			assert.equal(created.json.status, 0);
			assert.deepEqual(run.requests[0].body, {
				name: 'E2E Launch',
				campaign_schedule: {
					schedules: [
						{
							name: 'Default schedule',
							timing: { from: '08:30', to: '16:00' },
							days: { 0: false, 1: true, 2: false, 3: true, 4: false, 5: true, 6: false },
							timezone: 'Europe/Isle_of_Man',
						},
					],
				},
				sequences: [
					{
						steps: [
							{ type: 'email', delay: 2, variants: [{ subject: 'Hello {{firstName}}', body: 'Hi!' }] },
							{ type: 'email', delay: 0, variants: [{ subject: '', body: 'Following up' }] },
						],
					},
				],
				daily_limit: 30,
				email_list: ['alex@outreach-demo.io'],
				stop_on_reply: true,
				open_tracking: true,
			});
			assert.equal(run.items('Get')[0].json.id, id);
			assert.deepEqual(run.requests[2].body, { name: 'E2E Launch v2', daily_limit: 45 });
			assert.equal(run.items('Activate')[0].json.status, 1);
			assert.deepEqual(run.items('Active ones').map((i) => i.json.id), [id]);
			assert.equal(run.items('Pause')[0].json.status, 2);
			assert.equal(run.items('Delete')[0].json.id, id);
			for (const node of ['Create', 'Get', 'Update', 'Activate', 'Active ones', 'Pause', 'Delete']) assert.ok(paired(run.items(node)), `${node}: unpaired`);
			assert.deepEqual(lines(run.requests), [
				`POST ${CAMPAIGNS}`,
				`GET ${CAMPAIGNS}/${id}`,
				`PATCH ${CAMPAIGNS}/${id}`,
				`POST ${CAMPAIGNS}/${id}/activate`,
				`GET ${CAMPAIGNS}`,
				`POST ${CAMPAIGNS}/${id}/pause`,
				`DELETE ${CAMPAIGNS}/${id}`,
			]);
			assert.deepEqual(run.requests[4].query, { status: '1', search: 'E2E Launch', limit: '100' });
			assert.equal(run.requests[3].rawBody, '');
			assert.ok(!(await sandbox.state()).campaigns.some((c) => c.id === id), 'the campaign still exists after Delete');
		},
	});

	add({
		name: 'Analytics: Campaign Summary, Overview, Daily and Steps over the demo activity, dates from $today',
		workflow: workflow('e2eAnalytics', 'e2e: analytics', {
			branches: [
				[instantly('Summary', { resource: 'analytics', operation: 'campaignSummary', startDate: '={{ $today.minus(14, "days") }}', endDate: '={{ $today }}' })],
				[instantly('Overview', { resource: 'analytics', operation: 'overview', campaignIds: '={{ "Q3 Outreach — SaaS Founders" }}' })],
				[instantly('Daily', { resource: 'analytics', operation: 'daily', campaignId: byId('Agency Partners — Cold'), startDate: '={{ $today.minus(14, "days").toISO() }}' })],
				[instantly('Steps', { resource: 'analytics', operation: 'steps', campaignId: byId('Q3 Outreach — SaaS Founders') })],
			],
		}),
		async check(run) {
			const { campaigns } = await sandbox.state();
			const q3 = campaigns.find((c) => c.name === 'Q3 Outreach — SaaS Founders');
			const agencies = campaigns.find((c) => c.name === 'Agency Partners — Cold');
			const summary = run.items('Summary');
			assert.ok(summary.length >= 3, 'one item per campaign');
			const byName = Object.fromEntries(summary.map((i) => [i.json.campaign_name, i.json]));
			assert.equal(typeof byName[q3.name].emails_sent_count, 'number');
			assert.ok(byName[agencies.name].bounce_rate > BOUNCE_LIMIT_PERCENT, 'the demo bounce spike is missing');
			const [overview] = run.items('Overview');
			assert.equal(run.items('Overview').length, 1);
			assert.equal(overview.json.emails_sent_count, byName[q3.name].emails_sent_count);
			const daily = run.items('Daily');
			assert.ok(daily.length >= 5, 'one item per day of sending');
			assert.equal(daily.reduce((sum, i) => sum + i.json.sent, 0), byName[agencies.name].emails_sent_count);
			const steps = run.items('Steps');
			assert.ok(steps.length >= 2 && steps.every((i) => typeof i.json.step === 'number' && typeof i.json.variant === 'number'));
			const summaryRequest = run.requests.find((r) => r.path === ANALYTICS);
			assert.match(summaryRequest.query.start_date, /^\d{4}-\d{2}-\d{2}$/);
			assert.match(summaryRequest.query.end_date, /^\d{4}-\d{2}-\d{2}$/);
			assert.deepEqual(run.requests.find((r) => r.path === `${ANALYTICS}/overview`).query, { ids: q3.id });
			assert.equal(run.requests.find((r) => r.path === `${ANALYTICS}/daily`).query.campaign_id, agencies.id);
			assert.equal(run.requests.find((r) => r.path === `${ANALYTICS}/steps`).query.campaign_id, q3.id);
		},
	});

	add({
		name: 'The demo "Weekly campaign report" runs: one tidy row per campaign',
		// The same chain with a manual start: `n8n execute` cannot start from the demo's Schedule Trigger.
		workflow: weeklyReportWorkflow({ start: trigger() }),
		async check(run) {
			const rows = run.items('Report table');
			assert.ok(rows.length >= 3);
			const q3 = rows.find((r) => r.json.Campaign === 'Q3 Outreach — SaaS Founders');
			assert.ok(q3 && typeof q3.json.Sent === 'number' && q3.json.Sent > 0, 'no numbers in the report');
			assert.deepEqual(Object.keys(q3.json), ['Campaign', 'Sent', 'Leads contacted', 'Opened', 'Replied', 'Bounced', 'Open rate %', 'Reply rate %', 'Bounce rate %', 'Opportunities']);
		},
	});

	add({
		name: 'The demo "Pause on bounces" runs: only the bouncing active campaign is paused',
		workflow: pauseOnBouncesWorkflow({ start: trigger() }),
		async check(run) {
			const { campaigns } = await sandbox.state();
			const agencies = campaigns.find((c) => c.name === 'Agency Partners — Cold');
			const paused = run.items('Pause the campaign');
			// A repeated run finds it paused already (status 2): nothing left to pause.
			assert.ok(paused.length <= 1);
			if (paused.length) {
				assert.equal(paused[0].json.id, agencies.id);
				assert.deepEqual(lines(run.requests).filter((l) => l.startsWith('POST')), [`POST ${CAMPAIGNS}/${agencies.id}/pause`]);
			}
			assert.equal(agencies.status, 2);
			assert.ok(campaigns.some((c) => c.name === 'Q3 Outreach — SaaS Founders' && c.status === 1), 'a healthy campaign was paused');
		},
	});
}
