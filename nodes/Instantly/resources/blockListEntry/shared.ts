import type { INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/routing';
import { requireEmailOrDomain } from '../../shared/validation';

export const blockListEntryIdField: INodeProperties = {
	displayName: 'Block List Entry ID',
	name: 'blockListEntryId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 01959271-1f7d-7e35-b36c-e00ffc0a23d7',
	description: 'The ID of the block list entry (the "ID" field of Create or Get Many)',
};

export const validateBlValue: Validator = function (itemIndex) {
	requireEmailOrDomain.call(this, 'blValue', itemIndex);
};
