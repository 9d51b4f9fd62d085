import type { INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { fail, requireId } from '../../shared/validation';
import { leadIdField, sendId } from './shared';

const showOnlyForMerge = { resource: ['lead'], operation: ['merge'] };

export const leadMergeDescription: INodeProperties[] = [
	{
		...leadIdField,
		displayName: 'Lead ID (Merged Away)',
		description: 'The lead whose data is merged into the destination lead; it no longer exists afterwards',
		displayOptions: { show: showOnlyForMerge },
		routing: sendId('lead_id'),
	},
	{
		...leadIdField,
		displayName: 'Destination Lead ID',
		name: 'destinationLeadId',
		description: 'The lead that remains and receives the data',
		displayOptions: { show: showOnlyForMerge },
		routing: sendId('destination_lead_id'),
	},
];

export const validateMerge: Validator = function (itemIndex) {
	const source = requireId.call(this, 'leadId', itemIndex);
	const destination = requireId.call(this, 'destinationLeadId', itemIndex);
	if (source === destination) {
		fail(this, itemIndex, 'A lead cannot be merged into itself', 'Enter two different lead IDs.');
	}
};
