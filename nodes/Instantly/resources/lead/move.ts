import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requestClock } from '../../shared/limiterRegistry';
import { sleepUnlessAborted } from '../../shared/sleep';
import type { Validator } from '../../shared/routing';
import type { InstantlyRequest } from '../../shared/transport';
import { instantlyApiRequest } from '../../shared/transport';
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

/** How often a background job is asked about: soon at first (small moves finish in seconds), then less often. */
export const JOB_POLL = { firstDelayMs: 500, maxDelayMs: 10_000 };
export const DEFAULT_WAIT_SECONDS = 300;

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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: showOnlyForMove },
		options: [
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
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description:
					'Whether to wait until Instantly has finished moving the leads and output the finished job. Otherwise the node outputs the job as soon as Instantly has accepted it.',
			},
			{
				displayName: 'Wait Time Limit (Seconds)',
				name: 'waitTimeLimit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_WAIT_SECONDS,
				description:
					'With Wait for Completion: how long to wait before the node fails. The move itself goes on in Instantly.',
			},
		],
	},
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

const FINISHED = new Set(['success', 'failed']);

/**
 * With "Wait for Completion", polls the move's background job (backing off) until it succeeds or
 * fails, and outputs the finished job; fails on a failed job or when the time limit is up.
 */
export async function waitForMoveJob(
	this: IExecuteSingleFunctions,
	job: IDataObject,
	request: InstantlyRequest,
): Promise<IDataObject[]> {
	const itemIndex = request.itemIndex ?? this.getItemIndex();
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (options.waitForCompletion !== true) return [job];
	const id = typeof job.id === 'string' ? job.id : '';
	if (!id) {
		throw new NodeOperationError(this.getNode(), 'Instantly accepted the move but sent no job ID to wait for', {
			itemIndex,
			description: 'Turn off "Wait for Completion" and check the leads in Instantly.',
		});
	}
	const limitSeconds = Number(options.waitTimeLimit ?? DEFAULT_WAIT_SECONDS);
	// The clock the requests wait on: tests hand in a virtual one.
	const clock = requestClock();
	const deadline = clock.now() + limitSeconds * 1000;
	let current = job;
	let delay = JOB_POLL.firstDelayMs;
	while (!FINISHED.has(String(current.status))) {
		const remaining = deadline - clock.now();
		if (remaining <= 0) {
			const progress = typeof current.progress === 'number' ? `, ${current.progress}% done` : '';
			throw new NodeOperationError(this.getNode(), `The move did not finish within ${limitSeconds} seconds`, {
				itemIndex,
				description: `Instantly goes on with it (background job ${id}, status "${String(current.status)}"${progress}). Raise "Wait Time Limit", or turn off "Wait for Completion" and check the leads later. Retry On Fail waits for this same job again; running the workflow again would start a second move.`,
			});
		}
		// A stopped execution ends the wait; the next poll then is not sent (the transport sees the signal).
		await sleepUnlessAborted(clock, Math.min(delay, remaining), request.signal ?? this.getExecutionCancelSignal());
		current = (await instantlyApiRequest.call(this, {
			method: 'GET',
			url: `/api/v2/background-jobs/${encodeURIComponent(id)}`,
			itemIndex,
			signal: request.signal,
		})) as IDataObject;
		delay = Math.min(delay * 2, JOB_POLL.maxDelayMs);
	}
	if (current.status === 'failed') {
		const reason = jobFailure(current);
		throw new NodeOperationError(this.getNode(), 'Instantly could not move the leads: the move job failed', {
			itemIndex,
			description: `Background job ${id}${reason ? `: ${reason}` : ''}. Check the destination and the filters, then run the node again.`,
		});
	}
	return [current];
}

/** Instantly does not document where a failed job says why; look where such reasons usually are. */
function jobFailure(job: IDataObject): string {
	const data = (job.data ?? {}) as IDataObject;
	for (const value of [job.error, job.message, data.error, data.message]) {
		if (typeof value === 'string' && value) return value;
	}
	return '';
}
