import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import { campaignField, campaignSettings } from './shared';

const showOnlyForUpdate = { resource: ['campaign'], operation: ['update'] };

export const campaignUpdateDescription: INodeProperties[] = [
	{ ...campaignField, displayOptions: { show: showOnlyForUpdate } },
	collectionField('updateFields', showOnlyForUpdate, [
		...campaignSettings.slice(0, 2),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Q3 Outreach — SaaS Founders',
			description: 'The new name of the campaign',
			routing: sendAs('name', transforms.trimmed),
		},
		...campaignSettings.slice(2),
	]),
];
