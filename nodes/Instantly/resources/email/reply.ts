import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { accountEmailLocator, collectionField } from '../../shared/descriptions';
import { paginate } from '../../shared/pagination';
import { sendAs, transforms } from '../../shared/request';
import type { Validator } from '../../shared/routing';
import type { InstantlyRequest } from '../../shared/transport';
import { instantlyApiRequest } from '../../shared/transport';
import { fail, isEmail, parameter } from '../../shared/validation';
import {
	checkDate,
	checkEmails,
	checkUuid,
	collection,
	EMAILS,
	emailIdDescription,
	emailIdField,
	sendAddresses,
	sendDate,
} from './shared';

const showOnlyForReply = { resource: ['email'], operation: ['reply'] };

/** `body: {text, html}` from the text field and the HTML option: Instantly needs at least one of them. */
async function sendBody(this: IExecuteSingleFunctions, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const text = String(this.getNodeParameter('bodyText', '') ?? '');
	const html = String(this.getNodeParameter('options.bodyHtml', '') ?? '');
	const body: IDataObject = {};
	if (text.trim()) body.text = text;
	if (html.trim()) body.html = html;
	(options.body as IDataObject).body = body;
	return options;
}

export const emailReplyDescription: INodeProperties[] = [
	{
		...emailIdField(
			'replyToEmailId',
			'Reply To Email ID',
			`The email to answer. ${emailIdDescription}: map the trigger's email_id here.`,
		),
		displayOptions: { show: showOnlyForReply },
		routing: sendAs('reply_to_uuid', transforms.trimmed),
	},
	{
		...accountEmailLocator({
			name: 'eaccount',
			displayName: 'From Account',
			description:
				"The sending account the reply goes out from, by its email address: normally the account the lead wrote to (the trigger's email_account)",
		}),
		displayOptions: { show: showOnlyForReply },
		routing: sendAs('eaccount', transforms.trimmed),
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Re: Quick question',
		description: 'The subject of the reply; keep the "Re: …" subject of the thread to stay in the same conversation',
		displayOptions: { show: showOnlyForReply },
		routing: sendAs('subject', transforms.trimmed),
	},
	{
		displayName: 'Text Body',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		placeholder: 'e.g. Thanks for getting back to me! Does Tuesday at 10am work?',
		description: 'The plain-text body of the reply. Required unless Options → HTML Body is set.',
		displayOptions: { show: showOnlyForReply },
		routing: { send: { preSend: [sendBody] } },
	},
	collectionField('options', showOnlyForReply, [
		{
			displayName: 'Assigned To',
			name: 'assignedTo',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f163e8f9fc46',
			description: 'The ID (a UUID) of the workspace member the thread is assigned to',
			routing: sendAs('assigned_to', transforms.trimmedOrLeftOut),
		},
		{
			displayName: 'BCC',
			name: 'bcc',
			type: 'string',
			default: '',
			placeholder: 'e.g. manager@example.com, crm@example.com',
			description: 'Email addresses to send a blind copy to, separated by commas (or a list mapped from a previous node)',
			routing: sendAddresses('bcc_address_email_list'),
		},
		{
			displayName: 'CC',
			name: 'cc',
			type: 'string',
			default: '',
			placeholder: 'e.g. colleague@example.com',
			description: 'Email addresses to send a copy to, separated by commas (or a list mapped from a previous node)',
			routing: sendAddresses('cc_address_email_list'),
		},
		{
			displayName: 'HTML Body',
			name: 'bodyHtml',
			type: 'string',
			typeOptions: { rows: 5 },
			default: '',
			placeholder: 'e.g. <p>Thanks for getting back to me!</p>',
			description: 'The HTML body of the reply, sent with the text body (or instead of it)',
		},
		{
			displayName: 'Reminder',
			name: 'reminderTs',
			type: 'dateTime',
			default: '',
			description: 'When Instantly should remind you of this thread',
			routing: sendDate('reminder_ts'),
		},
	]),
];

export const validateReply: Validator = function (itemIndex) {
	checkUuid(this, itemIndex, parameter.call(this, 'replyToEmailId', itemIndex, ''), 'Reply To Email ID');
	const account = String(parameter.call(this, 'eaccount', itemIndex, '') ?? '').trim();
	if (!account) {
		fail(this, itemIndex, 'The parameter "From Account" is empty', "Pick the sending account, or map the trigger's email_account.");
	}
	if (!isEmail(account)) {
		fail(this, itemIndex, `"${account}" in "From Account" is not an email address`, 'A sending account is given by its email address, e.g. alex@outreach-demo.io.');
	}
	if (!String(parameter.call(this, 'subject', itemIndex, '') ?? '').trim()) {
		fail(this, itemIndex, 'The parameter "Subject" is empty', 'Enter the subject of the reply, e.g. the thread\'s "Re: …" subject.');
	}
	const options = collection(this, 'options', itemIndex);
	const text = String(parameter.call(this, 'bodyText', itemIndex, '') ?? '');
	if (!text.trim() && !String(options.bodyHtml ?? '').trim()) {
		fail(this, itemIndex, 'The reply has no body', 'Enter the Text Body, or add Options → HTML Body.');
	}
	if ('cc' in options) checkEmails(this, itemIndex, options.cc, 'Options → CC');
	if ('bcc' in options) checkEmails(this, itemIndex, options.bcc, 'Options → BCC');
	if ('reminderTs' in options) checkDate(this, itemIndex, options.reminderTs, 'Options → Reminder');
	if ('assignedTo' in options && String(options.assignedTo ?? '').trim()) {
		checkUuid(this, itemIndex, options.assignedTo, 'Options → Assigned To');
	}
};

const plain = (value: unknown) =>
	String(value ?? '')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();

/**
 * Whether a reply whose answer was lost (a timeout, a reset, a 5xx after Instantly may have sent it) went out:
 * the thread of the email answered is searched for an email from the same account, after the email answered,
 * with the same subject and body. Found: that email is the output, and nothing is sent again. Not found:
 * `undefined`, and the reply is sent.
 */
export async function recoverReply(this: IExecuteSingleFunctions, request: InstantlyRequest): Promise<IDataObject[] | undefined> {
	const sent = request.body ?? {};
	const itemIndex = request.itemIndex;
	const answered = await instantlyApiRequest.call<IExecuteSingleFunctions, [InstantlyRequest], Promise<IDataObject>>(this, {
		method: 'GET',
		url: `${EMAILS}/${encodeURIComponent(String(sent.reply_to_uuid))}`,
		itemIndex,
	});
	if (typeof answered.thread_id !== 'string' || !answered.thread_id) return undefined;
	const account = String(sent.eaccount ?? '').toLowerCase();
	const body = (sent.body ?? {}) as IDataObject;
	const wanted = plain(body.text) || plain(body.html);
	const thread = await paginate.call(
		this,
		{ method: 'GET', url: EMAILS, qs: { search: `thread:${answered.thread_id}`, eaccount: account, sort_order: 'desc' }, itemIndex },
		'qs',
		100,
	);
	const after = String(answered.timestamp_created ?? '');
	const reply = thread.find((email) => {
		const stored = (email.body ?? {}) as IDataObject;
		return (
			email.id !== answered.id &&
			String(email.eaccount ?? '').toLowerCase() === account &&
			String(email.timestamp_created ?? '') >= after &&
			String(email.subject ?? '').trim() === String(sent.subject ?? '').trim() &&
			(plain(stored.text) + ' ' + plain(stored.html)).includes(wanted)
		);
	});
	return reply ? [reply] : undefined;
}
