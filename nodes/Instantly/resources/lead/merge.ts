import type { INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { fail, requireId } from '../../shared/validation';
import { leadIdField, sendId } from './shared';

const showOnlyForMerge = { resource: ['lead'], operation: ['merge'] };

export const leadMergeDescription: INodeProperties[] = [
	{
		...leadIdField,
		displayName: 'Lead to Merge',
		description: 'The lead whose data goes into the destination lead. It no longer exists afterwards.',
		displayOptions: { show: showOnlyForMerge },
		routing: sendId('lead_id'),
	},
	{
		...leadIdField,
		displayName: 'Destination Lead',
		name: 'destinationLeadId',
		description: 'The lead that remains and receives the data. Search by email, name or company, or map its ID.',
		displayOptions: { show: showOnlyForMerge },
		routing: sendId('destination_lead_id'),
	},
];

export const validateMerge: Validator = function (itemIndex) {
	const source = requireId.call(this, 'leadId', itemIndex);
	const destination = requireId.call(this, 'destinationLeadId', itemIndex);
	if (source === destination) {
		fail(this, itemIndex, 'A lead cannot be merged into itself', 'Pick two different leads.');
	}
};
