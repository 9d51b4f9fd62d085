import type { INodeProperties } from 'n8n-workflow';

import { findBySearch } from '../../shared/recover';
import { route } from '../../shared/routing';
import { leadListCreateDescription } from './create';
import { leadListDeleteDescription } from './delete';
import { leadListGetDescription } from './get';
import { leadListGetManyDescription } from './getAll';
import { validateCreate, validateUpdate } from './shared';
import { leadListUpdateDescription } from './update';

const showOnlyForLeadLists = { resource: ['leadList'] };
const LISTS = '/api/v2/lead-lists';
const LIST = `${LISTS}/{leadListId}`;

export const leadListDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForLeadLists },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a lead list',
				description: 'Create a list to import leads into, e.g. this week’s prospects',
				routing: route('POST', LISTS, { validate: validateCreate, recover: findBySearch(LISTS, 'name') }),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a lead list',
				description: 'Delete a lead list; its leads may go with it',
				routing: route('DELETE', LIST),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a lead list',
				description: 'Get one lead list by its ID',
				routing: route('GET', LIST),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many lead lists',
				description: 'List the workspace’s lead lists, optionally filtered',
				routing: route('GET', LISTS, { list: 'qs' }),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a lead list',
				description: 'Rename a lead list or change its enrichment setting or owner',
				routing: route('PATCH', LIST, { validate: validateUpdate }),
			},
		],
		default: 'create',
	},
	...leadListCreateDescription,
	...leadListDeleteDescription,
	...leadListGetDescription,
	...leadListGetManyDescription,
	...leadListUpdateDescription,
];
