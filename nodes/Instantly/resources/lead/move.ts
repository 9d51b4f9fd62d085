import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import type { JobWording } from '../../shared/backgroundJob';
import { waitForCompletionOptions, waitForJob } from '../../shared/backgroundJob';
import type { Validator } from '../../shared/routing';
import type { InstantlyRequest } from '../../shared/transport';
import { fail, parameter, requireId } from '../../shared/validation';
import {
	campaignIdField,
	contactsFilterField,
	idsFilterField,
	leadFilterField,
	listIdField,
	rejectBlank,
	rejectEmptyList,
	searchFilterField,
} from './shared';
import { sendCampaign, sendLeadList } from '../../shared/resolve';

const showOnlyForMove = { resource: ['lead'], operation: ['move'] };

export const leadMoveDescription: INodeProperties[] = [
	{
		displayName: 'Move To',
		name: 'moveTo',
		type: 'options',
		default: 'campaign',
		description: 'Where the selected leads go',
		displayOptions: { show: showOnlyForMove },
		options: [
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'List', value: 'list' },
		],
	},
	{
		...campaignIdField,
		displayName: 'Destination Campaign',
		name: 'toCampaignId',
		description: 'The campaign the leads are moved (or copied) to',
		displayOptions: { show: { ...showOnlyForMove, moveTo: ['campaign'] } },
		routing: sendCampaign('to_campaign_id'),
	},
	{
		...listIdField,
		displayName: 'Destination List',
		name: 'toListId',
		description: 'The list the leads are moved (or copied) to',
		displayOptions: { show: { ...showOnlyForMove, moveTo: ['list'] } },
		routing: sendLeadList('to_list_id'),
	},
	{
		displayName: 'Leads to Move',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Which leads to move. Add at least one filter; leads must match all of them.',
		displayOptions: { show: showOnlyForMove },
		options: [
			// An object literal, not a bare name, first: n8n's collection lint rules read the first option as one.
			{ ...contactsFilterField },
			{
				...idsFilterField,
				description: 'Only the leads with these IDs (separated by commas). Needs a Source Campaign or Source List too.',
			},
			{
				displayName: 'Max Leads to Move',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				routing: { send: { type: 'body', property: 'limit' } },
			},
			searchFilterField,
			{
				...campaignIdField,
				displayName: 'Source Campaign',
				required: false,
				description: 'Only leads now in this campaign',
				// The source is `campaign`, the destination `to_campaign_id`.
				routing: sendCampaign('campaign'),
			},
			{
				...listIdField,
				displayName: 'Source List',
				required: false,
				description: 'Only leads now in this list',
				routing: sendLeadList('list_id'),
			},
			leadFilterField,
		],
	},
	collectionField('options', showOnlyForMove, [
		{
			displayName: 'Check Duplicates in Campaigns',
			name: 'checkDuplicatesInCampaigns',
			type: 'boolean',
			default: false,
			description: 'Whether to skip leads that already are in any campaign',
			routing: { send: { type: 'body', property: 'check_duplicates_in_campaigns' } },
		},
		{
			displayName: 'Check Duplicates in Destination',
			name: 'checkDuplicates',
			type: 'boolean',
			default: false,
			description: 'Whether to skip leads whose email already is in the destination',
			routing: { send: { type: 'body', property: 'check_duplicates' } },
		},
		{
			displayName: 'Copy Instead of Move',
			name: 'copyLeads',
			type: 'boolean',
			default: false,
			description: 'Whether to copy the leads, leaving them where they are too',
			routing: { send: { type: 'body', property: 'copy_leads' } },
		},
		{
			displayName: 'Reset Interest Status',
			name: 'resetInterestStatus',
			type: 'boolean',
			default: false,
			description: 'Whether to clear the leads’ interest status in the destination',
			routing: { send: { type: 'body', property: 'reset_interest_status' } },
		},
		{
			displayName: 'Skip Leads Being Verified',
			name: 'skipLeadsInVerification',
			type: 'boolean',
			default: false,
			description: 'Whether to leave out leads whose email verification is still running',
			routing: { send: { type: 'body', property: 'skip_leads_in_verification' } },
		},
		...waitForCompletionOptions('moving the leads', 'move'),
	]),
];

const SELECTION = ['ids', 'campaignId', 'listId', 'search', 'filter', 'contacts'];

export const validateMove: Validator = function (itemIndex) {
	const moveTo = parameter.call(this, 'moveTo', itemIndex, 'campaign');
	requireId.call(this, moveTo === 'list' ? 'toListId' : 'toCampaignId', itemIndex);
	const filters = parameter.call(this, 'filters', itemIndex, {}) as IDataObject;
	if (!SELECTION.some((key) => key in filters)) {
		fail(
			this,
			itemIndex,
			'Choose which leads to move: add a filter under "Leads to Move"',
			'For example a Source Campaign, Lead IDs or Emails. Without one, Instantly would move leads from the whole workspace.',
		);
	}
	rejectBlank(this, itemIndex, 'filters', 'campaignId', 'Filter "Source Campaign"');
	rejectBlank(this, itemIndex, 'filters', 'listId', 'Filter "Source List"');
	rejectBlank(this, itemIndex, 'filters', 'search', 'Filter "Search"');
	rejectEmptyList(this, itemIndex, 'filters', 'ids', 'Filter "Lead IDs"');
	rejectEmptyList(this, itemIndex, 'filters', 'contacts', 'Filter "Emails"');
	if ('ids' in filters && !('campaignId' in filters) && !('listId' in filters)) {
		fail(
			this,
			itemIndex,
			'Lead IDs need a source: add "Source Campaign" or "Source List" under "Leads to Move"',
			'Instantly selects leads by ID only within the campaign or list they are in now.',
		);
	}
	if ('limit' in filters) wholeNumber(this, itemIndex, filters.limit, '"Max Leads to Move"');
	const options = parameter.call(this, 'options', itemIndex, {}) as IDataObject;
	if ('waitTimeLimit' in options) wholeNumber(this, itemIndex, options.waitTimeLimit, '"Wait Time Limit"');
};

function wholeNumber(ctx: ThisParameterType<Validator>, itemIndex: number, value: unknown, what: string): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		fail(ctx, itemIndex, `${what} must be a whole number of at least 1 (got ${String(value)})`);
	}
}

const MOVE_JOB: JobWording = {
	what: 'move',
	records: 'the leads',
	failed: 'Instantly could not move the leads: the move job failed',
	fix: 'Check the destination and the filters, then run the node again.',
};

/** With "Wait for Completion", waits for the move's background job and outputs the finished job. */
export async function waitForMoveJob(
	this: IExecuteSingleFunctions,
	job: IDataObject,
	request: InstantlyRequest,
): Promise<IDataObject[]> {
	return [await waitForJob(this, job, request.itemIndex ?? this.getItemIndex(), MOVE_JOB, request.signal)];
}
