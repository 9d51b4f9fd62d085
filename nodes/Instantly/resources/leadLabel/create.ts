import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { INTEREST_STATUS_LABELS } from './shared';
import { sendAs, transforms } from '../../shared/request';

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
		routing: sendAs('label', transforms.trimmed),
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
	collectionField('additionalFields', showOnlyForCreate, [
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			placeholder: 'e.g. Asked for a demo or pricing',
			description: 'What the label means, for your team',
			routing: sendAs('description', transforms.emptyAsNull),
		},
		{
			displayName: 'Use With AI',
			name: 'useWithAi',
			type: 'boolean',
			default: false,
			description: 'Whether Instantly’s AI may apply this label to leads automatically',
			routing: { send: { type: 'body', property: 'use_with_ai' } },
		},
	]),
];
