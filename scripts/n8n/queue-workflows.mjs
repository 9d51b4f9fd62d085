// Workflows for queue mode (`npm run dev:queue`, `npm run test:queue`): each starts at a production webhook,
// so a POST to the main is enqueued in Redis and run by whichever worker takes the job.
import { byId, instantly, repliesWorkflow, workflow } from './workflows.mjs';

/** A Webhook trigger that answers at once ("Workflow was started"); the run goes to the queue. */
export const webhook = (name, webhookPath) => ({
	name,
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `instantly-${webhookPath}`,
	parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
});

/** One item per element of an array in the webhook's JSON body. */
export const splitOut = (name, field) => ({
	name,
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: field, include: 'noOtherFields', options: {} },
});

export const QUEUE_WEBHOOKS = { leads: 'instantly-add-leads', blockList: 'instantly-block-list' };

/** POST {"leads": [{"email", "first_name"}, …]} → Lead → Add Many into the campaign, `batchSize` leads a request. */
export function addLeadsWorkflow(campaignId, { batchSize = 1000 } = {}) {
	return workflow('queueAddLeads', 'Queue: add leads (webhook)', {
		start: webhook('Leads arrive', QUEUE_WEBHOOKS.leads),
		branches: [
			[
				splitOut('One item per lead', 'body.leads'),
				instantly('Add leads', {
					resource: 'lead',
					operation: 'addMany',
					addTo: 'campaign',
					campaignId: byId(campaignId),
					email: '={{ $json.email }}',
					leadFields: { firstName: '={{ $json.first_name }}' },
					options: { batchSize },
				}),
			],
		],
	});
}

/** POST {"values": [{"value": "domain or email"}, …]} → Block List Entry → Create, one request per item. */
export function blockListWorkflow() {
	return workflow('queueBlockList', 'Queue: block list (webhook)', {
		start: webhook('Values arrive', QUEUE_WEBHOOKS.blockList),
		branches: [
			[
				splitOut('One item per value', 'body.values'),
				instantly('Block', { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' }),
			],
		],
	});
}

export const QUEUE_TRIGGER = { id: 'queueReplies', webhookId: '9a1d4c7e-2f3b-4e8a-b6d5-71c0e9f2a348' };

/** Instantly Trigger (reply, Interested) → Set: the main receives Instantly's delivery, a worker runs it. */
export function repliesQueueWorkflow() {
	return repliesWorkflow({ id: QUEUE_TRIGGER.id, name: 'Queue: Instantly replies (trigger)', webhookId: QUEUE_TRIGGER.webhookId });
}
