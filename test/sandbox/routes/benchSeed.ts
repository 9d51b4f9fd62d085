import { ORGANIZATION_ID, type SandboxState } from '../state';

/**
 * Seeds the Unibox with `count` emails for `npm run bench:n8n` (control API: `POST /__sandbox/seed/emails
 * {"count": 6000}`), in the `emails` collection the Unibox routes read, shaped like Instantly's Email:
 * threads of two (the campaign's email, then the lead's reply), spread over a few sending accounts.
 * Nothing here serves a request: GET /api/v2/emails is the Unibox module's, paced by the sandbox's
 * endpoint limit.
 */
export function seedEmails(state: SandboxState, count: number): number {
	if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error('"count" must be a whole number within 1–100,000');
	const collection = state.collection<Record<string, unknown>>('emails');
	const start = Date.parse('2026-01-05T09:00:00.000Z');
	let thread = '';
	for (let i = 0; i < count; i++) {
		const id = state.newId();
		const received = i % 2 === 1;
		if (!received) thread = id;
		const lead = `lead${i >> 1}@bench.example`;
		const eaccount = `sender${(i >> 1) % 5}@acme-mail.example`;
		const text = received ? `Thanks, tell me more (${i >> 1}).` : `Hi, a quick question about your team (${i >> 1})…`;
		const at = new Date(start + i * 60_000).toISOString();
		collection.set(id, {
			id,
			timestamp_created: at,
			timestamp_email: at,
			organization_id: ORGANIZATION_ID,
			thread_id: thread,
			campaign_id: null,
			lead,
			eaccount,
			from_address_email: received ? lead : eaccount,
			to_address_email_list: received ? eaccount : lead,
			cc_address_email_list: null,
			bcc_address_email_list: null,
			subject: received ? `Re: Bench ${i >> 1}` : `Bench ${i >> 1}`,
			body: { text },
			content_preview: text,
			ue_type: received ? 2 : 1,
			is_unread: received,
			reminder_ts: null,
			assigned_to: null,
		});
	}
	return collection.size;
}
