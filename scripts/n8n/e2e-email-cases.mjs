// The Email (Unibox) cases of `npm run test:e2e`: every Email operation in one chain, against the demo workspace's
// threads (test/sandbox/demo.ts). The reply loop (trigger → agent → reply) runs in e2e-trigger.mjs, under `n8n start`.
import assert from 'node:assert/strict';
import { byId, instantly, workflow } from './workflows.mjs';

const EMAILS = '/api/v2/emails';

export function addEmailCases(ctx, add) {
	const { sandbox } = ctx;
	add({
		name: 'Email: Get Unread Count → Get Many (unread replies) → Get → Reply → Mark Thread as Read → Update → Delete',
		workflow: workflow('e2eEmail', 'e2e: email (Unibox)', {
			branches: [
				[
					instantly('Unread', { resource: 'email', operation: 'getUnreadCount' }),
					instantly('Unread replies', {
						resource: 'email',
						operation: 'getAll',
						limit: 1,
						filters: { emailType: 'received', isUnread: true, eaccount: 'alex@outreach-demo.io', campaignId: byId(ctx.state.campaigns[0].id) },
					}),
					instantly('Get', { resource: 'email', operation: 'get', emailId: '={{ $json.id }}' }),
					instantly('Reply', {
						resource: 'email',
						operation: 'reply',
						replyToEmailId: '={{ $json.id }}',
						eaccount: { __rl: true, mode: 'email', value: '={{ $json.eaccount }}' },
						subject: '={{ $json.subject }}',
						bodyText: 'Happy to! Pricing is attached.',
						options: { cc: 'ops@northwind.io', bodyHtml: '<p>Happy to! Pricing is attached.</p>' },
					}),
					instantly('Mark thread as read', { resource: 'email', operation: 'markThreadAsRead', threadId: '={{ $json.thread_id }}' }),
					instantly('Update', {
						resource: 'email',
						operation: 'update',
						emailId: "={{ $('Reply').item.json.id }}",
						updateFields: { reminderTs: '2030-01-15T09:00:00.000Z' },
					}),
					instantly('Delete', { resource: 'email', operation: 'delete', emailId: "={{ $('Reply').item.json.id }}" }),
				],
			],
		}),
		async check(run) {
			const received = run.items('Unread replies');
			assert.equal(received.length, 1);
			const answered = received[0].json;
			assert.equal(answered.ue_type, 2);
			assert.equal(run.items('Unread')[0].json.count >= 1, true);
			const [reply] = run.items('Reply');
			assert.equal(run.items('Reply').length, 1);
			assert.deepEqual(
				[reply.json.thread_id, reply.json.eaccount, reply.json.lead, reply.json.ue_type, reply.json.cc_address_email_list],
				[answered.thread_id, 'alex@outreach-demo.io', answered.lead, 3, 'ops@northwind.io'],
			);
			assert.equal(run.items('Update')[0].json.reminder_ts, '2030-01-15T09:00:00.000Z');
			assert.equal(run.items('Delete')[0].json.id, reply.json.id);
			for (const node of ['Unread', 'Unread replies', 'Get', 'Reply', 'Mark thread as read', 'Update', 'Delete']) {
				for (const item of run.items(node)) assert.deepEqual(item.pairedItem, { item: 0 }, `${node}: not paired`);
			}
			assert.deepEqual(
				run.requests.map((r) => `${r.method} ${r.path}`),
				[
					`GET ${EMAILS}/unread/count`,
					`GET ${EMAILS}`,
					`GET ${EMAILS}/${answered.id}`,
					`POST ${EMAILS}/reply`,
					`POST ${EMAILS}/threads/${answered.thread_id}/mark-as-read`,
					`PATCH ${EMAILS}/${reply.json.id}`,
					`DELETE ${EMAILS}/${reply.json.id}`,
				],
			);
			assert.deepEqual(run.requests[1].query, {
				email_type: 'received',
				is_unread: 'true',
				eaccount: 'alex@outreach-demo.io',
				campaign_id: ctx.state.campaigns[0].id,
				limit: '1',
			});
			assert.deepEqual(run.requests[3].body, {
				reply_to_uuid: answered.id,
				eaccount: 'alex@outreach-demo.io',
				subject: answered.subject,
				body: { text: 'Happy to! Pricing is attached.', html: '<p>Happy to! Pricing is attached.</p>' },
				cc_address_email_list: 'ops@northwind.io',
			});
			const { emails } = await sandbox.state();
			assert.ok(!emails.some((e) => e.id === reply.json.id), 'the reply still exists after Delete');
			assert.ok(emails.filter((e) => e.thread_id === answered.thread_id).every((e) => !e.is_unread), 'the thread is still unread');
		},
	});
}
