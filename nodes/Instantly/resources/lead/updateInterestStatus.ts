import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { interestStatusField } from '../../shared/interestStatus';
import type { RouteOptions, Validator } from '../../shared/routing';
import { fail, isEmail, parameter } from '../../shared/validation';
import { campaignIdField, listIdField, rejectBlank } from './shared';
import { sendAs, transforms } from '../../shared/request';
import { isInterestValue, sendCampaign, sendInterestValue, sendLeadList } from '../../shared/resolve';

const showOnlyForUpdateInterestStatus = { resource: ['lead'], operation: ['updateInterestStatus'] };

export const leadUpdateInterestStatusDescription: INodeProperties[] = [
	{
		displayName: 'Lead Email',
		name: 'leadEmail',
		type: 'string',
		required: true,
		placeholder: 'e.g. jane@acme.com',
		default: '',
		description: 'The email address of the lead whose interest status changes, e.g. jane@acme.com',
		displayOptions: { show: showOnlyForUpdateInterestStatus },
		routing: sendAs('lead_email', transforms.trimmed),
	},
	{
		...interestStatusField,
		displayName: 'Interest Status Name or ID',
		name: 'interestValue',
		required: true,
		description:
			'Choose from the list, or give with an <a href="https://docs.n8n.io/code/expressions/">expression</a> a status number (1 Interested, -1 Not Interested…), a status or lead label by its name (e.g. "Meeting Booked", "Hot Lead"), or null to reset the lead to plain "Lead"',
		displayOptions: { show: showOnlyForUpdateInterestStatus },
		// An expression may give the number as text ("-1") or a name (an AI Agent knows labels by name); null resets it.
		routing: sendInterestValue('interest_value'),
	},
	collectionField('additionalFields', showOnlyForUpdateInterestStatus, [
		{
			displayName: 'AI Interest Value',
			name: 'aiInterestValue',
			type: 'number',
			default: 1,
			description: 'The interest value to record as the AI’s assessment',
			routing: { send: { type: 'body', property: 'ai_interest_value' } },
		},
		{
			...campaignIdField,
			required: false,
			description: 'Change the status only for the lead in this campaign',
			routing: sendCampaign('campaign_id'),
		},
		{
			displayName: 'Disable Auto Interest',
			name: 'disableAutoInterest',
			type: 'boolean',
			default: false,
			description: 'Whether to stop Instantly from changing this lead’s interest status automatically afterwards',
			routing: { send: { type: 'body', property: 'disable_auto_interest' } },
		},
		{
			...listIdField,
			required: false,
			description: 'Change the status only for the lead in this list',
			routing: sendLeadList('list_id'),
		},
	]),
];

export const validateUpdateInterestStatus: Validator = function (itemIndex) {
	const raw = parameter.call(this, 'leadEmail', itemIndex, '');
	const email = typeof raw === 'string' ? raw.trim() : '';
	if (!email) fail(this, itemIndex, 'The parameter "Lead Email" is empty', 'Enter the email address of the lead, or map it from a previous node.');
	if (!isEmail(email)) fail(this, itemIndex, `"${email}" in "Lead Email" is not a valid email address`, 'Enter the lead’s email address, e.g. jane@acme.com.');
	const value = parameter.call(this, 'interestValue', itemIndex, null);
	if (!isInterestValue(value)) {
		fail(
			this,
			itemIndex,
			`"${String(value)}" in "Interest Status" is not an interest status`,
			'Give a status or lead label by its name (e.g. Interested, Hot Lead) or its number (1 Interested, -1 Not Interested); null resets it.',
		);
	}
	rejectBlank(this, itemIndex, 'additionalFields', 'campaignId', '"Campaign"');
	rejectBlank(this, itemIndex, 'additionalFields', 'listId', '"List"');
};

/** Instantly answers 202 with only a message: say what was asked, and that it happens in the background. */
export const interestStatusOutput: RouteOptions['output'] = (response, request) => {
	const body = (request.body ?? {}) as IDataObject;
	return [
		{
			status: 'accepted',
			lead_email: body.lead_email,
			interest_value: body.interest_value,
			message: response.message ?? 'Instantly accepted the change and applies it in the background',
		},
	];
};
