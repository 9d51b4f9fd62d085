import type { INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { interestStatusField } from '../../shared/interestStatus';
import { leadLabelIdField } from './shared';
import { sendAs, transforms } from '../../shared/request';

const showOnlyForDelete = { resource: ['leadLabel'], operation: ['delete'] };

export const leadLabelDeleteDescription: INodeProperties[] = [
	{ ...leadLabelIdField, displayOptions: { show: showOnlyForDelete } },
	{
		displayName:
			'Deleting a label cannot be undone. Leads and emails that carry it get another interest status: choose which under Options → Reassign Leads To.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForDelete },
	},
	collectionField('options', showOnlyForDelete, [
		{
			...interestStatusField,
			displayName: 'Reassign Leads To',
			name: 'reassignedStatus',
			description:
				'The interest status that leads and emails with this label get instead. Choose from the list (built-in statuses and your other labels), or specify a status number using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			// Sent only when the option is added; an expression may give the number as text.
			routing: sendAs('reassigned_status', transforms.number),
		},
	]),
];
