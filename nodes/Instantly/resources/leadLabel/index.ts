import type { INodeProperties } from 'n8n-workflow';

import { findBySearch } from '../../shared/recover';
import { route } from '../../shared/routing';
import { leadLabelCreateDescription } from './create';
import { leadLabelDeleteDescription } from './delete';
import { leadLabelGetDescription } from './get';
import { leadLabelGetManyDescription } from './getAll';
import { validateCreate, validateDelete, validateGetMany, validateUpdate } from './shared';
import { leadLabelUpdateDescription } from './update';

const showOnlyForLeadLabels = { resource: ['leadLabel'] };
const LABELS = '/api/v2/lead-labels';
const LABEL = `${LABELS}/{leadLabelId}`;

export const leadLabelDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForLeadLabels },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a lead label',
				description: 'Create a custom label to mark leads with, such as "Hot Lead"',
				routing: route('POST', LABELS, { validate: validateCreate, recover: findBySearch(LABELS, 'label') }),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a lead label',
				description: 'Delete a custom label and move its leads to another interest status',
				routing: route('DELETE', LABEL, { validate: validateDelete }),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a lead label',
				description: 'Get one custom label by its ID, with its sentiment and the interest status number leads get from it',
				routing: route('GET', LABEL),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many lead labels',
				description: 'List the workspace’s custom labels, optionally filtered',
				routing: route('GET', LABELS, { list: 'qs', validate: validateGetMany }),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a lead label',
				description: 'Rename a custom label or change its sentiment, description or AI setting',
				routing: route('PATCH', LABEL, { validate: validateUpdate }),
			},
		],
		default: 'create',
	},
	...leadLabelCreateDescription,
	...leadLabelDeleteDescription,
	...leadLabelGetDescription,
	...leadLabelGetManyDescription,
	...leadLabelUpdateDescription,
];
