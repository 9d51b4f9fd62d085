import type { INodeProperties } from 'n8n-workflow';

import { route } from '../../shared/routing';
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
				action: 'Create a lead',
				description: 'Create one lead, in a campaign, a list or neither',
				routing: route('POST', LEADS, { validate: validateCreate }),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a lead',
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
				action: 'Get a lead',
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
				routing: route('POST', `${LEADS}/merge`, { validate: validateMerge }),
			},
			{
				name: 'Move',
				value: 'move',
				action: 'Move leads',
				description: 'Move or copy leads to another campaign or list, optionally waiting until it is done',
				routing: route('POST', `${LEADS}/move`, { validate: validateMove, output: waitForMoveJob }),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a lead',
				description: 'Change fields of one lead by its ID',
				routing: route('PATCH', LEAD, { validate: validateUpdate }),
			},
			{
				name: 'Update Interest Status',
				value: 'updateInterestStatus',
				action: 'Update the interest status of a lead',
				description: 'Set a lead’s interest status (e.g. Interested, Meeting Booked) by its email',
				routing: route('POST', `${LEADS}/update-interest-status`, {
					validate: validateUpdateInterestStatus,
					output: interestStatusOutput,
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
