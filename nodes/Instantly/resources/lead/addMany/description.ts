import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../../shared/descriptions';
import { leadFieldsCollection } from '../../../shared/leadFields';
import { campaignIdField, importOptions, listIdField, sendId } from '../shared';

const showOnlyForAddMany = { resource: ['lead'], operation: ['addMany'] };

/** Instantly's most leads per bulk request. */
export const MAX_BATCH = 1000;

/**
 * The options that become body fields of every request. n8n does not route a custom operation's
 * fields; their `routing.send.property` here names the body field, as it does for Create.
 */
export const bodyOptions: INodeProperties[] = [
	{
		// Instantly's bulk endpoint takes an owner for the whole request (this) and one per lead (Lead Fields →
		// Assigned To); both stay, named so that a user can tell them apart.
		displayName: 'Assign All Leads To',
		name: 'assignedTo',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f163e8f9fc46',
		description:
			'ID of the workspace member who owns every lead of the run. By default: the campaign’s owner, or you for a list. To give leads different owners, map Lead Fields → Assigned To instead.',
		routing: sendId('assigned_to'),
	},
	...importOptions,
];

/** Options of the run as a whole, taken from the first item. */
const runOptions: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_BATCH },
		default: MAX_BATCH,
		description: 'Leads per request to Instantly (1–1,000). Lower it only if requests time out.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'lead',
		options: [
			{
				name: 'One Item per Lead',
				value: 'lead',
				description: 'Each input item gets an output item with its lead’s ID, or why it was not added',
			},
			{
				name: 'One Summary per Batch',
				value: 'batch',
				description: 'One item per request to Instantly, with its counts and the result of each lead',
			},
		],
	},
];

export const leadAddManyDescription: INodeProperties[] = [
	{
		displayName:
			'All input items are sent together, up to 1,000 leads per request (Options → Batch Size), so 2,500 rows take 3 requests. A lead already in the campaign or list, or on the block list, is not added again; the "Skip If" options also leave out leads that exist elsewhere in the workspace. Each output item says whether its lead was created (with its ID) or why not.',
		name: 'addManyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForAddMany },
	},
	{
		displayName: 'Add To',
		name: 'addTo',
		type: 'options',
		default: 'campaign',
		description: 'Where the leads go',
		displayOptions: { show: showOnlyForAddMany },
		options: [
			{ name: 'Campaign', value: 'campaign', description: 'Add the leads to a campaign (each lead needs an email)' },
			{ name: 'List', value: 'list', description: 'Add the leads to a lead list (each lead needs an email or a name)' },
		],
	},
	// By ID only: one run sends thousands of leads, and an ID cannot turn out to name the wrong campaign.
	{
		...campaignIdField,
		description: 'The campaign. Search by name, paste the campaign’s address from Instantly’s app, or map its ID (a UUID).',
		displayOptions: { show: { ...showOnlyForAddMany, addTo: ['campaign'] } },
	},
	{
		...listIdField,
		description: 'The lead list. Search by name, or map its ID (a UUID) from a previous node.',
		displayOptions: { show: { ...showOnlyForAddMany, addTo: ['list'] } },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. {{ $json.email }}',
		default: '',
		description:
			'The lead’s email address: drag in the input field that holds it. Required for a campaign; a list lead needs an email or a name.',
		displayOptions: { show: showOnlyForAddMany },
	},
	{ ...leadFieldsCollection, displayOptions: { show: showOnlyForAddMany } },
	// Sorted by name like every option list, the body options among them.
	collectionField(
		'options',
		showOnlyForAddMany,
		[...bodyOptions, ...runOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	),
];

