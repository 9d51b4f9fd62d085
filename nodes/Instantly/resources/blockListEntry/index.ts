import type { INodeProperties } from 'n8n-workflow';

import { findBySearch } from '../../shared/recover';
import { route } from '../../shared/routing';
import { blockListEntryCreateDescription } from './create';
import { blockListEntryDeleteDescription } from './delete';
import { blockListEntryGetDescription } from './get';
import { blockListEntryGetManyDescription } from './getAll';
import { validateBlValue } from './shared';
import { blockListEntryUpdateDescription } from './update';

const showOnlyForBlockListEntries = { resource: ['blockListEntry'] };
const ENTRIES = '/api/v2/block-lists-entries';
const ENTRY = `${ENTRIES}/{blockListEntryId}`;

export const blockListEntryDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForBlockListEntries },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a block list entry',
				description: 'Block an email address or a whole domain from all campaigns',
				routing: route('POST', ENTRIES, { validate: validateBlValue, recover: findBySearch(ENTRIES, 'bl_value') }),
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a block list entry',
				description: 'Remove an email address or domain from the block list',
				routing: route('DELETE', ENTRY),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a block list entry',
				description: 'Get one block list entry by its ID',
				routing: route('GET', ENTRY),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many block list entries',
				description: 'List the entries of the block list, optionally filtered',
				routing: route('GET', ENTRIES, { list: 'qs' }),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a block list entry',
				description: 'Change the email address or domain of an entry',
				routing: route('PATCH', ENTRY, { validate: validateBlValue }),
			},
		],
		default: 'create',
	},
	...blockListEntryCreateDescription,
	...blockListEntryDeleteDescription,
	...blockListEntryGetDescription,
	...blockListEntryGetManyDescription,
	...blockListEntryUpdateDescription,
];
