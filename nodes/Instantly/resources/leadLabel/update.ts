import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { INTEREST_STATUS_LABELS, leadLabelIdField } from './shared';
import { sendAs, transforms } from '../../shared/request';

const showOnlyForUpdate = { resource: ['leadLabel'], operation: ['update'] };

export const leadLabelUpdateDescription: INodeProperties[] = [
	{ ...leadLabelIdField, displayOptions: { show: showOnlyForUpdate } },
	collectionField('updateFields', showOnlyForUpdate, [
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			placeholder: 'e.g. Asked for a demo or pricing',
			description: 'What the label means, for your team. Leave empty to remove the description.',
			routing: sendAs('description', transforms.emptyAsNull),
		},
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'e.g. Hot Lead',
			description: 'The new name of the label',
			routing: sendAs('label', transforms.trimmed),
		},
		{
			displayName: 'Sentiment',
			name: 'interestStatusLabel',
			type: 'options',
			options: INTEREST_STATUS_LABELS,
			default: 'positive',
			description: 'Whether leads with this label count as positive, negative or neutral',
			routing: { send: { type: 'body', property: 'interest_status_label' } },
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
