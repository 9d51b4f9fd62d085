import type { INodeProperties } from 'n8n-workflow';

import { INTEREST_STATUS_LABELS } from './shared';

const showOnlyForCreate = { resource: ['leadLabel'], operation: ['create'] };

export const leadLabelCreateDescription: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Hot Lead',
		description: 'The name of the label, as it appears on leads in Instantly',
		displayOptions: { show: showOnlyForCreate },
		routing: { send: { type: 'body', property: 'label', value: '={{ String($value).trim() }}' } },
	},
	{
		displayName: 'Sentiment',
		name: 'interestStatusLabel',
		type: 'options',
		required: true,
		options: INTEREST_STATUS_LABELS,
		default: 'positive',
		description:
			'Whether leads with this label count as positive, negative or neutral. Instantly gives the label its own interest status number.',
		displayOptions: { show: showOnlyForCreate },
		routing: { send: { type: 'body', property: 'interest_status_label' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showOnlyForCreate },
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				placeholder: 'e.g. Asked for a demo or pricing',
				description: 'What the label means, for your team',
				routing: { send: { type: 'body', property: 'description', value: '={{ $value === "" ? null : $value }}' } },
			},
			{
				displayName: 'Use With AI',
				name: 'useWithAi',
				type: 'boolean',
				default: false,
				description: 'Whether Instantly’s AI may apply this label to leads automatically',
				routing: { send: { type: 'body', property: 'use_with_ai' } },
			},
		],
	},
];
