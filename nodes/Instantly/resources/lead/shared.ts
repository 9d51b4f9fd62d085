import type { IDataObject, IExecuteFunctions, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { idLocator } from '../../shared/descriptions';
import type { LeadFieldProblem } from '../../shared/leadFields';
import { mapEmail, mapLeadFields } from '../../shared/leadFields';
import { sendAs, transforms } from '../../shared/request';
import { fail, parameter } from '../../shared/validation';

type Context = IExecuteSingleFunctions | IExecuteFunctions;

// By URL only for campaigns: their app pages carry the ID (…/app/campaign/<id>/analytics). Leads and
// lists have no address in the app that is documented or stable enough to parse. n8n checks the
// whole URL against the pattern, hence the optional tail (any page of the campaign, a query).
const CAMPAIGN_URL = {
	regex: 'https?://app\\.instantly\\.ai/app/campaign/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[/?#].*)?',
	placeholder: 'e.g. https://app.instantly.ai/app/campaign/0199f36c-d715-7d47-bf95-f1626b43ea03/analytics',
};

export const leadIdField: INodeProperties = idLocator({
	name: 'leadId',
	displayName: 'Lead',
	description: 'The lead. Search by email, name or company, or map its ID from a previous node (the "ID" field of Create, Add Many or Get Many).',
	searchListMethod: 'searchLeads',
});

export const campaignIdField: INodeProperties = idLocator({
	name: 'campaignId',
	displayName: 'Campaign',
	description: 'The campaign. Search by name, paste the campaign’s address from Instantly’s app, or map its ID.',
	searchListMethod: 'searchCampaigns',
	url: CAMPAIGN_URL,
});

export const listIdField: INodeProperties = idLocator({
	name: 'listId',
	displayName: 'List',
	description: 'The lead list. Search by name, or map its ID from a previous node.',
	searchListMethod: 'searchLeadLists',
});

/** An ID sent in the body: trimmed, as the URL placeholders are. */
export function sendId(property: string): INodeProperties['routing'] {
	return sendAs(property, transforms.trimmed);
}

/**
 * Sends comma-separated text, or a list mapped from a previous node, as an array of trimmed,
 * non-empty values (IDs, emails).
 */
export function sendList(property: string): INodeProperties['routing'] {
	return sendAs(property, transforms.list);
}

/** The values `sendList` sends, for validators. */
export function listValues(value: unknown): string[] {
	return transforms.list(value);
}

/** Selection filters that Get Many (`POST /leads/list`) and Move (`POST /leads/move`) take alike. */
export const contactsFilterField: INodeProperties = {
	displayName: 'Emails',
	name: 'contacts',
	type: 'string',
	default: '',
	placeholder: 'e.g. jane@acme.com, joe@acme.com',
	description: 'Only leads with these email addresses (separated by commas)',
	routing: sendList('contacts'),
};

export const idsFilterField: INodeProperties = {
	displayName: 'Lead IDs',
	name: 'ids',
	type: 'string',
	default: '',
	placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f164c0f957b1, 0199f36c-…',
	description: 'Only the leads with these IDs (separated by commas)',
	routing: sendList('ids'),
};

export const searchFilterField: INodeProperties = {
	displayName: 'Search',
	name: 'search',
	type: 'string',
	default: '',
	placeholder: 'e.g. acme',
	description: 'Only leads whose email or name contains this text',
	routing: { send: { type: 'body', property: 'search' } },
};

/** Instantly's `filter` values for listing and moving leads. */
export const leadFilterField: INodeProperties = {
	displayName: 'Status Filter',
	name: 'filter',
	type: 'options',
	default: 'FILTER_LEAD_INTERESTED',
	description: 'Only leads in this state',
	// Sorted by name, as n8n lists options.
	options: [
		{ name: 'Bounced', value: 'FILTER_VAL_BOUNCED' },
		{ name: 'Catch-All Email', value: 'FILTER_VAL_CATCH_ALL' },
		{ name: 'Closed', value: 'FILTER_LEAD_CLOSED' },
		{ name: 'Completed', value: 'FILTER_VAL_COMPLETED' },
		{ name: 'Completed Without Reply', value: 'FILTER_VAL_COMPLETED_NO_REPLY' },
		{ name: 'Contacted', value: 'FILTER_VAL_CONTACTED' },
		{ name: 'Custom Label (Negative)', value: 'FILTER_LEAD_CUSTOM_LABEL_NEGATIVE' },
		{ name: 'Custom Label (Positive)', value: 'FILTER_LEAD_CUSTOM_LABEL_POSITIVE' },
		{ name: 'In Active Campaign', value: 'FILTER_VAL_ACTIVE' },
		{ name: 'In Subsequence', value: 'FILTER_VAL_IN_SUBSEQUENCE' },
		{ name: 'Interested', value: 'FILTER_LEAD_INTERESTED' },
		{ name: 'Invalid Email', value: 'FILTER_VAL_INVALID' },
		{ name: 'Link Clicked', value: 'FILTER_VAL_LINK_CLICKED' },
		{ name: 'Lost', value: 'FILTER_LEAD_LOST' },
		{ name: 'Meeting Booked', value: 'FILTER_LEAD_MEETING_BOOKED' },
		{ name: 'Meeting Completed', value: 'FILTER_LEAD_MEETING_COMPLETED' },
		{ name: 'No Opens', value: 'FILTER_VAL_NO_OPENS' },
		{ name: 'No Show', value: 'FILTER_LEAD_NO_SHOW' },
		{ name: 'Not Contacted', value: 'FILTER_VAL_NOT_CONTACTED' },
		{ name: 'Not Interested', value: 'FILTER_LEAD_NOT_INTERESTED' },
		{ name: 'Not Verified', value: 'FILTER_VAL_NOT_VERIFIED' },
		{ name: 'Opened Without Reply', value: 'FILTER_VAL_OPENED_NO_REPLY' },
		{ name: 'Out of Office', value: 'FILTER_LEAD_OUT_OF_OFFICE' },
		{ name: 'Replied', value: 'FILTER_VAL_REPLIED' },
		{ name: 'Risky Email', value: 'FILTER_VAL_RISKY' },
		{ name: 'Skipped', value: 'FILTER_VAL_SKIPPED' },
		{ name: 'Unsubscribed', value: 'FILTER_VAL_UNSUBSCRIBED' },
		{ name: 'Valid Email', value: 'FILTER_VAL_VALID' },
		{ name: 'Wrong Person', value: 'FILTER_LEAD_WRONG_PERSON' },
	],
	routing: { send: { type: 'body', property: 'filter' } },
};

/**
 * The import options Create and Add Many share. Their `routing.send.property` is the body field
 * for both: Create sends them declaratively, Add Many reads the same property names.
 */
export const importOptions: INodeProperties[] = [
	{
		// A plain ID, not a resource locator: Instantly's API has no endpoint that lists block lists
		// (only their entries, which do not say which list they are on), so there is nothing to pick from.
		displayName: 'Block List ID',
		name: 'blocklistId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f164c0f957b1',
		description:
			'The ID of the block list to check the leads against, instead of the workspace’s default one. Leave this option out to use the default block list.',
		routing: sendId('blocklist_id'),
	},
	{
		displayName: 'Skip If in Any Campaign',
		name: 'skipIfInCampaign',
		type: 'boolean',
		default: false,
		description: 'Whether to skip a lead that already is in any campaign of the workspace',
		routing: { send: { type: 'body', property: 'skip_if_in_campaign' } },
	},
	{
		displayName: 'Skip If in Any List',
		name: 'skipIfInList',
		type: 'boolean',
		default: false,
		description: 'Whether to skip a lead that already is in any list of the workspace',
		routing: { send: { type: 'body', property: 'skip_if_in_list' } },
	},
	{
		displayName: 'Skip If in Workspace',
		name: 'skipIfInWorkspace',
		type: 'boolean',
		default: false,
		description:
			'Whether to skip a lead that already exists anywhere in the workspace (in any campaign or list). Overrides the other "Skip If" options.',
		routing: { send: { type: 'body', property: 'skip_if_in_workspace' } },
	},
	{
		displayName: 'Verify Leads on Import',
		name: 'verifyLeadsOnImport',
		type: 'boolean',
		default: false,
		description: 'Whether Instantly verifies the email addresses after the import (uses verification credits)',
		routing: { send: { type: 'body', property: 'verify_leads_on_import' } },
	},
];

export type Destination = 'campaign' | 'list' | 'none';

export interface CheckedLead {
	/** The lead as Instantly receives it: email (when given) and the mapped lead fields. */
	lead: IDataObject;
	problem?: LeadFieldProblem;
}

/**
 * The one check of a lead before it is written: a well-formed email when one is given, lead
 * fields that can be sent, an email for a campaign, an email or a name otherwise. Never throws.
 */
export function checkLead(destination: Destination, emailValue: unknown, fieldValues: unknown): CheckedLead {
	const { email, problem: emailProblem } = mapEmail(emailValue);
	const { fields, problem: fieldProblem } = mapLeadFields(fieldValues as IDataObject);
	const lead: IDataObject = email === undefined ? { ...fields } : { email, ...fields };
	const problem = emailProblem ?? fieldProblem;
	if (problem) return { lead, problem };
	if (destination === 'campaign' && email === undefined) {
		return {
			lead,
			problem: {
				message: 'The parameter "Email" is empty: a lead added to a campaign needs an email address',
				description: 'Map the column that holds the email address, e.g. {{ $json.email }}.',
			},
		};
	}
	if (email === undefined && fields.first_name === undefined && fields.last_name === undefined) {
		return {
			lead,
			problem: {
				message: 'The lead has neither an email nor a name',
				description: 'Enter the email, or under Lead Fields a first or last name (a list lead needs at least one of them).',
			},
		};
	}
	return { lead };
}

/** Whether the user added `key` to the collection `collection` (n8n keeps only added options). */
function added(ctx: Context, itemIndex: number, collection: string, key: string): boolean {
	const values = parameter.call(ctx, collection, itemIndex, {}) as IDataObject;
	return values !== null && typeof values === 'object' && key in values;
}

/** Fails when an optional text parameter was added to a collection but left blank (e.g. an empty ID). */
export function rejectBlank(ctx: Context, itemIndex: number, collection: string, key: string, what: string): void {
	if (!added(ctx, itemIndex, collection, key)) return;
	const value = parameter.call(ctx, `${collection}.${key}`, itemIndex, '');
	if (value === null || String(value).trim() === '') {
		fail(ctx, itemIndex, `${what} is empty`, `Enter a value, or remove "${what}" from the node.`);
	}
}

/** Fails when a comma-separated list was added to a collection but holds no value (it would select nothing, or everything). */
export function rejectEmptyList(ctx: Context, itemIndex: number, collection: string, key: string, what: string): void {
	if (!added(ctx, itemIndex, collection, key)) return;
	if (!listValues(parameter.call(ctx, `${collection}.${key}`, itemIndex, '')).length) {
		fail(ctx, itemIndex, `${what} is empty`, `Enter one or more values separated by commas, or remove "${what}" from the node.`);
	}
}
