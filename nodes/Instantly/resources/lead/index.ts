import type { INodeProperties } from 'n8n-workflow';

import { findCreatedLead } from '../../shared/recover';
import { resendAfterUncertain, route } from '../../shared/routing';
import { leadAddManyDescription } from './addMany/description';
import { leadCreateDescription, validateCreate } from './create';
import { leadDeleteDescription } from './delete';
import { leadDeleteManyDescription, validateDeleteMany } from './deleteMany';
import { leadGetDescription } from './get';
import { leadGetManyDescription, validateGetMany } from './getAll';
import { leadMergeDescription, validateMerge } from './merge';
import { leadMoveDescription, validateMove, waitForMoveJob } from './move';
import { leadUpdateDescription, validateUpdate } from './update';
import {
	interestStatusOutput,
	leadUpdateInterestStatusDescription,
	validateUpdateInterestStatus,
} from './updateInterestStatus';

const showOnlyForLeads = { resource: ['lead'] };
const LEADS = '/api/v2/leads';
const LEAD = `${LEADS}/{leadId}`;

export const leadDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForLeads },
		options: [
			{
				// Runs as the node's customOperations.lead.addMany: it batches all input items.
				name: 'Add Many',
				value: 'addMany',
				action: 'Add many leads',
				description: 'Add leads in bulk to a campaign or list, up to 1,000 per request',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a lead in a campaign or list',
				description: 'Create one lead, in a campaign, a list or neither',
				routing: route('POST', LEADS, { validate: validateCreate, recover: findCreatedLead }),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a lead by its ID',
				description: 'Delete one lead by its ID',
				routing: route('DELETE', LEAD),
			},
			{
				name: 'Delete Many',
				value: 'deleteMany',
				action: 'Delete many leads',
				description: 'Delete leads of a campaign or list, optionally filtered, up to a maximum',
				routing: route('DELETE', LEADS, { validate: validateDeleteMany }),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a lead by its ID',
				description: 'Get one lead by its ID',
				routing: route('GET', LEAD),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many leads',
				description: 'List leads, optionally filtered by campaign, list, status, search or IDs',
				routing: route('POST', `${LEADS}/list`, { validate: validateGetMany, list: 'body' }),
			},
			{
				name: 'Merge',
				value: 'merge',
				action: 'Merge two leads',
				description: 'Merge one lead into another; the first one no longer exists afterwards',
				// Merged once, the lead to merge no longer exists: Instantly refuses a second merge (404), never does it twice.
				routing: route('POST', `${LEADS}/merge`, { validate: validateMerge, recover: resendAfterUncertain }),
			},
			{
				name: 'Move',
				value: 'move',
				action: 'Move leads',
				description: 'Move or copy leads to another campaign or list, optionally waiting until it is done',
				// No `recover`: a move whose answer was lost cannot be told from an older one (Instantly's jobs do not
				// say what they moved), and a copy done twice copies twice: it is not resent. A move Instantly accepted
				// keeps its job in the ledger: a retry after Wait for Completion ran out polls that job again.
				routing: route('POST', `${LEADS}/move`, { validate: validateMove, output: waitForMoveJob }),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a lead by its ID',
				description: 'Change fields of one lead by its ID',
				routing: route('PATCH', LEAD, { validate: validateUpdate }),
			},
			{
				name: 'Update Interest Status',
				value: 'updateInterestStatus',
				action: 'Update the interest status of a lead by email',
				description: 'Set a lead’s interest status by its email: a built-in status (e.g. Interested) or one of your lead labels',
				routing: route('POST', `${LEADS}/update-interest-status`, {
					validate: validateUpdateInterestStatus,
					output: interestStatusOutput,
					// It sets a status: setting it twice is setting it once.
					recover: resendAfterUncertain,
				}),
			},
		],
		default: 'addMany',
	},
	...leadAddManyDescription,
	...leadCreateDescription,
	...leadDeleteDescription,
	...leadDeleteManyDescription,
	...leadGetDescription,
	...leadGetManyDescription,
	...leadMergeDescription,
	...leadMoveDescription,
	...leadUpdateDescription,
	...leadUpdateInterestStatusDescription,
];
