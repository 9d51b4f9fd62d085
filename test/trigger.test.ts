import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import type { Sandbox } from './sandbox';
import { addCampaign, campaigns } from './sandbox/routes/campaigns';
import { addLeadLabel } from './sandbox/routes/leadLabels';
import { addLead } from './sandbox/routes/leads';
import { deliveries, fireEvent, webhooks, type Webhook } from './sandbox/routes/webhooks';
import type { Credentials } from './engine';
import { TriggerWorkflow, WORKFLOW } from './trigger';
import { useSandbox } from './support/useSandbox';

const HOOKS = '/api/v2/webhooks';
const SECRET = 'x-n8n-instantly-secret';
const SUBSCRIPTION = 'x-n8n-instantly-subscription';

let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

const stored = () => [...webhooks(sandbox.state).values()];
const trigger = (parameters: INodeParameters, baseUrl?: string) => new TriggerWorkflow(parameters, credentials, baseUrl);
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const calls = () => sandbox.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`);

async function rejection(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string; httpCode?: string };
	}
	throw new Error('expected a rejection');
}

describe('Instantly Trigger → activation (webhookMethods.default)', () => {
	it('registers one webhook per event and per lead label with n8n’s URL, a readable name and one fresh secret, and keeps ids and secret', async () => {
		const hot = addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' });
		const campaign = addCampaign(sandbox.state, 'Q3');
		const wf = trigger({ events: ['reply_received', 'lead_interested'], leadLabels: [hot.interest_status], campaignId: byId(campaign.id) });
		await wf.activate();

		expect(calls()).toEqual(['POST /api/v2/webhooks', 'POST /api/v2/webhooks', 'POST /api/v2/webhooks']);
		const bodies = sandbox.requests.map((r) => r.body as Record<string, unknown>);
		const secret = (bodies[0].headers as Record<string, string>)[SECRET];
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		const common = { target_hook_url: wf.webhookUrl(), campaign: campaign.id, name: `n8n: ${WORKFLOW.name} / Instantly Trigger` };
		expect(bodies).toEqual([
			{ ...common, event_type: 'reply_received', headers: { [SECRET]: secret, [SUBSCRIPTION]: 'reply_received' } },
			{ ...common, event_type: 'lead_interested', headers: { [SECRET]: secret, [SUBSCRIPTION]: 'lead_interested' } },
			{ ...common, event_type: null, custom_interest_value: 5, headers: { [SECRET]: secret, [SUBSCRIPTION]: 'label:5' } },
		]);
		expect(wf.staticData).toEqual({
			webhooks: stored().map((w, i) => ({ id: w.id, subscription: ['reply_received', 'lead_interested', 'label:5'][i] })),
			secret,
			url: wf.webhookUrl(),
			campaign: campaign.id,
		});
		sandbox.requests.forEach((r) => expect(r.headers.authorization).toBe(`Bearer ${sandbox.apiKey}`));

		// n8n restarts: every webhook is still there as registered, so nothing is created again.
		sandbox.resetLog();
		expect(await wf.hook('checkExists')).toBe(true);
		expect(calls()).toEqual(['GET /api/v2/webhooks/:id', 'GET /api/v2/webhooks/:id', 'GET /api/v2/webhooks/:id']);
	});

	it('without a campaign subscribes the whole workspace (campaign null); a campaign By URL is read from the address', async () => {
		await trigger({ events: ['email_bounced'], campaignId: { __rl: true, mode: 'list', value: '' } }).activate();
		expect(sandbox.requests[0].body).toMatchObject({ event_type: 'email_bounced', campaign: null });
		const campaign = addCampaign(sandbox.state, 'Webinar');
		sandbox.resetLog();
		await trigger({
			events: ['email_bounced'],
			campaignId: { __rl: true, mode: 'url', value: `https://app.instantly.ai/app/campaign/${campaign.id}/analytics` },
		}).activate();
		expect(sandbox.requests[0].body).toMatchObject({ campaign: campaign.id });
	});

	it('refuses to activate with no event and no label, before sending anything', async () => {
		const wf = trigger({ events: [], leadLabels: [] });
		const error = await rejection(wf.activate());
		expect(error.message).toBe('Choose at least one event or lead label');
		expect(error.description).toMatch(/Events.*Lead Labels/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('"All Events" is one all_events webhook; "Auto-Reply" needs all_events too, while labels keep their own webhooks', async () => {
		const label = addLeadLabel(sandbox.state, { label: 'Not Now', interest_status_label: 'neutral' });
		await trigger({ events: ['all_events', 'reply_received'], leadLabels: [label.interest_status] }).activate();
		expect(stored().map((w) => [w.event_type, w.custom_interest_value])).toEqual([['all_events', null]]);
		sandbox.reset();
		const again = addLeadLabel(sandbox.state, { label: 'Not Now', interest_status_label: 'neutral' });
		await trigger({ events: ['auto_reply_received', 'reply_received'], leadLabels: [again.interest_status] }).activate();
		expect(stored().map((w) => [w.event_type, w.custom_interest_value])).toEqual([
			['all_events', null],
			[null, again.interest_status],
		]);
	});

	it('resumes a webhook Instantly disabled after failed deliveries (status -1) instead of creating another', async () => {
		const wf = trigger({ events: ['reply_received', 'lead_interested'] });
		await wf.activate();
		const [first, second] = stored();
		second.status = -1;
		second.timestamp_error = new Date(0).toISOString();
		sandbox.resetLog();

		await wf.activate();
		expect(calls()).toEqual(['GET /api/v2/webhooks/:id', 'GET /api/v2/webhooks/:id', 'POST /api/v2/webhooks/:id/resume']);
		expect(sandbox.requests[2].path).toBe(`${HOOKS}/${second.id}/resume`);
		expect(stored().map((w) => [w.id, w.status, w.timestamp_error])).toEqual([
			[first.id, 1, null],
			[second.id, 1, null],
		]);
	});

	it('re-registers a complete set when a webhook was deleted in Instantly’s app: the rest is removed, a new secret issued', async () => {
		const wf = trigger({ events: ['reply_received', 'lead_interested'] });
		await wf.activate();
		const oldSecret = wf.staticData.secret;
		const [gone, kept] = stored();
		webhooks(sandbox.state).delete(gone.id);
		sandbox.resetLog();

		await wf.activate();
		expect(calls()).toEqual(['GET /api/v2/webhooks/:id', 'DELETE /api/v2/webhooks/:id', 'DELETE /api/v2/webhooks/:id', 'POST /api/v2/webhooks', 'POST /api/v2/webhooks']);
		expect(sandbox.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([404, 200]);
		expect(stored().map((w) => w.event_type)).toEqual(['reply_received', 'lead_interested']);
		expect(stored().some((w) => w.id === kept.id)).toBe(false);
		expect(wf.staticData.secret).not.toBe(oldSecret);
		expect(stored().every((w) => w.headers?.[SECRET] === wf.staticData.secret)).toBe(true);
	});

	it('re-registers when a webhook was pointed elsewhere or the events changed since activation', async () => {
		const wf = trigger({ events: ['reply_received'] });
		await wf.activate();
		stored()[0].target_hook_url = 'https://elsewhere.example/hook';
		sandbox.resetLog();
		await wf.activate();
		expect(calls()).toEqual(['GET /api/v2/webhooks/:id', 'DELETE /api/v2/webhooks/:id', 'POST /api/v2/webhooks']);
		expect(stored().map((w) => w.target_hook_url)).toEqual([wf.webhookUrl()]);

		const changed = new TriggerWorkflow({ events: ['email_bounced'] }, credentials);
		Object.assign(changed.staticData, JSON.parse(JSON.stringify(wf.staticData)));
		sandbox.resetLog();
		await changed.activate();
		expect(calls()).toEqual(['DELETE /api/v2/webhooks/:id', 'POST /api/v2/webhooks']);
		expect(stored().map((w) => w.event_type)).toEqual(['email_bounced']);
	});

	it('deactivation deletes every webhook; one already deleted in Instantly (404) counts as gone', async () => {
		const wf = trigger({ events: ['reply_received', 'email_bounced'] });
		await wf.activate();
		webhooks(sandbox.state).delete(stored()[0].id);
		sandbox.resetLog();
		expect(await wf.hook('delete')).toBe(true);
		expect(sandbox.requests.map((r) => [r.method, r.status])).toEqual([
			['DELETE', 404],
			['DELETE', 200],
		]);
		expect(stored()).toEqual([]);
		expect(wf.staticData).toEqual({});
	});

	it('a webhook that could not be deleted (Instantly down) stays recorded, and delete answers false', async () => {
		const wf = trigger({ events: ['reply_received'] });
		await wf.activate();
		sandbox.inject({ fault: { kind: 'status', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'nope' } }, method: 'DELETE' });
		expect(await wf.hook('delete')).toBe(false);
		expect(wf.staticData).toEqual({ orphans: [{ id: stored()[0].id, subscription: 'reply_received' }] });
	});

	it('webhooks that could not be deleted are remembered and deleted at the next activation', async () => {
		const wf = trigger({ events: ['reply_received'] });
		await wf.activate();
		const [old] = stored();
		sandbox.inject({ fault: { kind: 'status', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'nope' } }, method: 'DELETE', times: 1 });
		expect(await wf.hook('delete')).toBe(false);
		sandbox.resetLog();

		await wf.activate();
		expect(calls()).toEqual(['DELETE /api/v2/webhooks/:id', 'POST /api/v2/webhooks']);
		expect(stored().map((w) => w.id)).not.toContain(old.id);
		expect(stored()).toHaveLength(1);
		expect(wf.staticData.orphans).toBeUndefined();
	});

	it('a webhook that could not be deleted while re-registering is not forgotten: the next deactivation deletes it too', async () => {
		const wf = trigger({ events: ['reply_received'] });
		await wf.activate();
		const [old] = stored();
		const changed = new TriggerWorkflow({ events: ['email_bounced'] }, credentials);
		Object.assign(changed.staticData, JSON.parse(JSON.stringify(wf.staticData)));
		// Both tries of this activation fail (the check's, and the registration's before it creates).
		sandbox.inject({ fault: { kind: 'status', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'nope' } }, method: 'DELETE', times: 2 });
		await changed.activate();
		expect(changed.staticData.orphans).toEqual([{ id: old.id, subscription: 'reply_received' }]);
		expect(stored().map((w) => w.event_type).sort()).toEqual(['email_bounced', 'reply_received']);
		sandbox.resetLog();

		expect(await changed.hook('delete')).toBe(true);
		expect(calls()).toEqual(['DELETE /api/v2/webhooks/:id', 'DELETE /api/v2/webhooks/:id']);
		expect(stored()).toEqual([]);
		expect(changed.staticData).toEqual({});
	});

	it('a 403 says webhooks need a plan and key scopes, with Instantly’s message and status, never the key; nothing is left half-registered', async () => {
		const wf = trigger({ events: ['reply_received', 'lead_interested'] });
		sandbox.inject({
			fault: { kind: 'status', status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'Webhooks are not available on your plan' } },
			method: 'POST',
			path: HOOKS,
			times: 1,
		});
		const error = await rejection(wf.activate());
		expect(error.message).toBe('Instantly answered 403: Webhooks are not available on your plan');
		expect(error.httpCode).toBe('403');
		expect(error.description).toMatch(/plan that includes them.*webhooks:all/);
		expect(error.description).toContain('(POST /api/v2/webhooks)');
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(sandbox.apiKey);
		expect(stored()).toEqual([]);
		expect(wf.staticData).toEqual({});
	});

	it('when a later create fails, the webhooks already created are deleted again', async () => {
		const wf = trigger({ events: ['reply_received', 'lead_interested'] });
		// The first create goes through (a no-op fault uses up the first POST), the second is refused.
		sandbox.inject({ fault: { kind: 'delay', ms: 0 }, method: 'POST', path: HOOKS, times: 1 });
		sandbox.inject({
			fault: { kind: 'status', status: 402, body: { statusCode: 402, error: 'Payment Required', message: 'No active paid plan' } },
			method: 'POST',
			path: HOOKS,
			times: 1,
		});
		const error = await rejection(wf.activate());
		expect(error.message).toBe('Instantly answered 402: No active paid plan');
		expect(error.description).toMatch(/Hypergrowth/);
		expect(calls()).toEqual(['POST /api/v2/webhooks', 'POST /api/v2/webhooks', 'DELETE /api/v2/webhooks/:id']);
		expect(stored()).toEqual([]);
	});

	it('"Listen for test event" registers the test URL (named "… (test)") and removes it afterwards', async () => {
		const wf = trigger({ events: ['reply_received'] });
		await wf.activate({ test: true });
		expect(stored().map((w) => [w.target_hook_url, w.name])).toEqual([
			[wf.webhookUrl(true), `n8n: ${WORKFLOW.name} / Instantly Trigger (test)`],
		]);
		expect(wf.webhookUrl(true)).toContain('/webhook-test/');
		expect(await wf.hook('delete', { test: true })).toBe(true);
		expect(stored()).toEqual([]);
	});

	it('Lead Labels lists the workspace’s custom labels by name, valued by interest_status', async () => {
		addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive', description: 'Asked for pricing' });
		addLeadLabel(sandbox.state, { label: 'Competitor', interest_status_label: 'negative' });
		const options = await trigger({}).loadOptions('getLeadLabels');
		expect(options.map((o) => [o.name, o.value])).toEqual([
			['Competitor (custom label, negative)', -6],
			['Hot Lead (custom label, positive)', 5],
		]);
	});
});

describe('Instantly Trigger → receiving (webhook())', () => {
	const reply = { timestamp: '2026-01-05T10:00:00.000Z', event_type: 'reply_received', workspace: 'w', campaign_id: 'c', lead_email: 'jane@northwind.io', reply_text: 'Yes!' };

	async function activated(parameters: INodeParameters) {
		const wf = trigger(parameters);
		await wf.activate();
		const secret = String(wf.staticData.secret);
		return { wf, secret };
	}

	it('a delivery with the secret becomes one item holding the payload as Instantly sent it', async () => {
		const { wf, secret } = await activated({ events: ['reply_received'] });
		const { result } = await wf.receive(reply, { [SECRET]: secret, [SUBSCRIPTION]: 'reply_received' });
		expect(result).toEqual({ workflowData: [[{ json: reply }]] });
	});

	it('a wrong, missing or stale secret is answered 401 and starts nothing', async () => {
		const { wf, secret } = await activated({ events: ['reply_received'] });
		const attempts: Array<Record<string, string>> = [{}, { [SECRET]: 'guess' }, { [SECRET]: `${secret}0` }, { [SECRET]: secret.slice(0, -1) }];
		for (const headers of attempts) {
			const { result, response } = await wf.receive(reply, headers);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(401);
			expect(JSON.stringify(response.body)).not.toContain(secret);
		}
		// After re-activation the old secret no longer works.
		await wf.hook('delete');
		await wf.activate();
		const { response } = await wf.receive(reply, { [SECRET]: secret });
		expect(response.statusCode).toBe(401);
	});

	it('a node that registered nothing accepts no call at all', async () => {
		const wf = trigger({ events: ['reply_received'] });
		const { response } = await wf.receive(reply, { [SECRET]: '' });
		expect(response.statusCode).toBe(401);
	});

	it('ignores events it was not asked for (answered 200, no run); a click arrives as email_link_clicked or link_clicked', async () => {
		const { wf, secret } = await activated({ events: ['reply_received', 'email_link_clicked'] });
		const send = (payload: object, subscription?: string) =>
			wf.receive(payload, { [SECRET]: secret, ...(subscription ? { [SUBSCRIPTION]: subscription } : {}) });
		const opened = await send({ ...reply, event_type: 'email_opened' });
		expect(opened.result).toEqual({ webhookResponse: { received: true, ignored: 'event "email_opened" was not chosen' } });
		expect(opened.response.ended).toBe(false);
		for (const event_type of ['email_link_clicked', 'link_clicked']) {
			const { result } = await send({ ...reply, event_type }, 'email_link_clicked');
			expect(result.workflowData?.[0][0].json.event_type).toBe(event_type);
		}
		// A custom label's event (its own name as event_type) only counts when it came through a label webhook.
		expect((await send({ ...reply, event_type: 'Hot Lead' }, 'reply_received')).result.workflowData).toBeUndefined();
	});

	it('custom labels: a label event (event_type = the label as-is) from the label’s webhook starts a run', async () => {
		const hot = addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' });
		const { wf, secret } = await activated({ events: [], leadLabels: [hot.interest_status] });
		const event = { ...reply, event_type: 'Hot Lead' };
		const { result } = await wf.receive(event, { [SECRET]: secret, [SUBSCRIPTION]: `label:${hot.interest_status}` });
		expect(result).toEqual({ workflowData: [[{ json: event }]] });
		// Built-in events were not chosen.
		expect((await wf.receive(reply, { [SECRET]: secret, [SUBSCRIPTION]: 'reply_received' })).result.workflowData).toBeUndefined();
	});

	it('All Events accepts every event, custom labels and auto-replies included', async () => {
		const { wf, secret } = await activated({ events: ['all_events'] });
		for (const event_type of ['email_sent', 'auto_reply_received', 'Some Custom Label']) {
			const { result } = await wf.receive({ ...reply, event_type }, { [SECRET]: secret, [SUBSCRIPTION]: 'all_events' });
			expect(result.workflowData?.[0]).toHaveLength(1);
		}
	});

	it('options: Only First Event per Lead drops repeats (is_first false); another campaign’s event is dropped', async () => {
		const campaign = addCampaign(sandbox.state, 'Q3');
		const { wf, secret } = await activated({ events: ['reply_received'], campaignId: byId(campaign.id), options: { onlyFirst: true } });
		const send = (payload: object) => wf.receive(payload, { [SECRET]: secret, [SUBSCRIPTION]: 'reply_received' });
		const mine = { ...reply, campaign_id: campaign.id };
		expect((await send({ ...mine, is_first: true })).result.workflowData).toHaveLength(1);
		expect((await send(mine)).result.workflowData).toHaveLength(1);
		expect((await send({ ...mine, is_first: false })).result).toEqual({
			webhookResponse: { received: true, ignored: 'not the first event of its kind for this lead' },
		});
		expect((await send({ ...reply, campaign_id: 'another' })).result).toEqual({
			webhookResponse: { received: true, ignored: 'the event belongs to another campaign' },
		});
	});
});

describe('Instantly Trigger ↔ sandbox deliveries', () => {
	let server: Server;
	let wf: TriggerWorkflow;
	let answered: number[];

	/** Plays n8n's webhook server: hands each delivery to webhook() and answers as n8n would. */
	beforeEach(async () => {
		answered = [];
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', async () => {
				const { result, response } = await wf.receive(JSON.parse(Buffer.concat(chunks).toString()), req.headers as Record<string, string>);
				const status = response.ended ? response.statusCode : 200;
				answered.push(status);
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(result.workflowData ? { message: 'Workflow was started', items: result.workflowData[0] } : (response.body ?? result.webhookResponse)));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	});
	afterEach(async () => await new Promise<void>((resolve) => server.close(() => resolve())));

	const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	it('fires reply, Interested and a custom label to the matching webhooks with their stored headers; each starts one run', async () => {
		const hot = addLeadLabel(sandbox.state, { label: 'Hot Lead', interest_status_label: 'positive' });
		const campaign = addCampaign(sandbox.state, 'Q3 Outreach');
		addLead(sandbox.state, { email: 'jane@northwind.io', first_name: 'Jane', company_name: 'Northwind', custom_variables: { plan: 'Pro' } }, { campaign: campaign.id });
		wf = trigger({ events: ['reply_received', 'lead_interested'], leadLabels: [hot.interest_status] }, base());
		await wf.activate();

		const replyFired = await fireEvent(sandbox.state, { event_type: 'reply_received', lead_email: 'jane@northwind.io' });
		expect(replyFired.deliveries.map((d) => [d.status_code, d.headers[SUBSCRIPTION]])).toEqual([[200, 'reply_received']]);
		expect(replyFired.payload).toMatchObject({
			event_type: 'reply_received',
			campaign_id: campaign.id,
			campaign_name: 'Q3 Outreach',
			lead_email: 'jane@northwind.io',
			first_name: 'Jane',
			company_name: 'Northwind',
			plan: 'Pro',
			reply_text_snippet: expect.any(String),
			unibox_url: expect.stringContaining('unibox'),
		});
		const started = JSON.parse(replyFired.deliveries[0].response_body);
		expect(started.items).toEqual([{ json: replyFired.payload }]);

		const interested = await fireEvent(sandbox.state, { event_type: 'lead_interested', lead_email: 'jane@northwind.io' });
		expect(interested.deliveries.map((d) => d.status_code)).toEqual([200]);
		const labelled = await fireEvent(sandbox.state, { label: 'Hot Lead', lead_email: 'jane@northwind.io' });
		expect(labelled.payload.event_type).toBe('Hot Lead');
		expect(labelled.deliveries.map((d) => [d.status_code, d.headers[SUBSCRIPTION]])).toEqual([[200, `label:${hot.interest_status}`]]);
		expect(JSON.parse(labelled.deliveries[0].response_body).items).toHaveLength(1);

		// Nobody subscribed to bounces; a forged delivery without the secret is refused.
		expect((await fireEvent(sandbox.state, { event_type: 'email_bounced', lead_email: 'jane@northwind.io' })).deliveries).toEqual([]);
		const forged = await fetch(stored()[0].target_hook_url, { method: 'POST', headers: { 'content-type': 'application/json', [SECRET]: 'guess' }, body: JSON.stringify(replyFired.payload) });
		expect(forged.status).toBe(401);
		expect(answered).toEqual([200, 200, 200, 401]);
		expect(deliveries(sandbox.state).size).toBe(3);
	});

	it('a campaign’s webhook gets only that campaign’s events; the sandbox disables a webhook after failed deliveries', async () => {
		const [q3, other] = [addCampaign(sandbox.state, 'Q3'), addCampaign(sandbox.state, 'Other')];
		wf = trigger({ events: ['reply_received'], campaignId: byId(q3.id) }, base());
		await wf.activate();
		expect((await fireEvent(sandbox.state, { event_type: 'reply_received', campaign_id: other.id })).deliveries).toEqual([]);
		expect((await fireEvent(sandbox.state, { event_type: 'reply_received', campaign_id: q3.id })).deliveries).toHaveLength(1);

		// The secret is rotated behind Instantly's back: deliveries fail (401) until Instantly turns the webhook off.
		const hook = stored()[0] as Webhook;
		hook.headers = { ...hook.headers, [SECRET]: 'rotated' };
		for (let i = 0; i < 3; i++) await fireEvent(sandbox.state, { event_type: 'reply_received', campaign_id: q3.id });
		expect(hook.status).toBe(-1);
		expect((await fireEvent(sandbox.state, { event_type: 'reply_received', campaign_id: q3.id })).deliveries).toEqual([]);
		expect(campaigns(sandbox.state).size).toBe(2);
	});
});

describe('sandbox: webhook endpoints validate like Instantly', () => {
	const api = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${sandbox.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: res.status, body: (await res.json()) as Record<string, any> };
	};

	it('create, list (paged, filtered), get, patch, resume, delete, event-types, test', async () => {
		// Nothing listens on port 9: the test delivery fails.
		const created = await api('POST', HOOKS, { target_hook_url: 'http://127.0.0.1:9/webhook/x', event_type: 'reply_received', name: 'Mine' });
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({ status: 1, campaign: null, custom_interest_value: null, headers: null, timestamp_error: null });
		await api('POST', HOOKS, { target_hook_url: 'https://n8n.example/webhook/y', event_type: 'email_opened' });
		const page = await api('GET', `${HOOKS}?limit=1`);
		expect(page.body.items).toHaveLength(1);
		expect(page.body.next_starting_after).toBe(created.body.id);
		expect((await api('GET', `${HOOKS}?event_type=email_opened`)).body.items.map((w: Webhook) => w.event_type)).toEqual(['email_opened']);
		expect((await api('GET', `${HOOKS}?event_type=lead_no_show`)).status).toBe(400);
		expect((await api('GET', `${HOOKS}/${created.body.id}`)).body.name).toBe('Mine');
		expect((await api('PATCH', `${HOOKS}/${created.body.id}`, { name: 'Renamed' })).body.name).toBe('Renamed');
		expect((await api('PATCH', `${HOOKS}/${created.body.id}`, {})).status).toBe(400);
		expect((await api('POST', `${HOOKS}/${created.body.id}/resume`)).body.status).toBe(1);
		expect((await api('GET', `${HOOKS}/event-types`)).body.event_types).toContain('lead_no_show');
		const test = await api('POST', `${HOOKS}/${created.body.id}/test`);
		expect(test.body).toMatchObject({ success: false, status_code: 0, message: 'Test webhook failed' });
		expect([...deliveries(sandbox.state).values()].map((d) => [d.webhook_id, d.event_type])).toEqual([[created.body.id, 'reply_received']]);
		expect((await api('DELETE', `${HOOKS}/${created.body.id}`)).body.id).toBe(created.body.id);
		expect((await api('DELETE', `${HOOKS}/${created.body.id}`)).status).toBe(404);
		expect((await api('GET', `${HOOKS}/${created.body.id}`)).status).toBe(404);
	});

	it.each([
		[{}, "body must have required property 'target_hook_url'"],
		[{ target_hook_url: 'ftp://x' }, 'body/target_hook_url must match pattern "^https?://"'],
		[{ target_hook_url: 'https://x', event_type: 'lead_replied' }, 'body/event_type must be equal to one of the allowed values'],
		[{ target_hook_url: 'https://x', event_type: 'reply_received', campaign: 'abc' }, 'body/campaign must match format "uuid"'],
		[{ target_hook_url: 'https://x', event_type: 'reply_received', headers: { a: 1 } }, 'body/headers/a must be string'],
		[{ target_hook_url: 'https://x', event_type: 'reply_received', extra: 1 }, 'body must NOT have additional properties'],
		[{ target_hook_url: 'https://x' }, 'body must have event_type, or custom_interest_value for a custom label webhook'],
		[{ target_hook_url: 'https://x', event_type: null, custom_interest_value: 99 }, 'custom_interest_value 99 is not an interest status of this workspace'],
	])('rejects %j', async (body, message) => {
		const res = await api('POST', HOOKS, body);
		expect(res).toEqual({ status: 400, body: { statusCode: 400, error: 'Bad Request', message } });
		expect(stored()).toEqual([]);
	});
});
