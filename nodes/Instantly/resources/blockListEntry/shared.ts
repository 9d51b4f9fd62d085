import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import { requireEmailOrDomain } from '../../shared/validation';
import { sendAs, transforms } from '../../shared/request';

// No "By URL": Instantly's app shows the block list as one settings page, with no address per entry.
export const blockListEntryIdField: INodeProperties = idLocator({
	name: 'blockListEntryId',
	displayName: 'Block List Entry',
	description: 'The blocked email address or domain. Search for it by its text, or map its ID from a previous node.',
	searchListMethod: 'searchBlockListEntries',
});

export const validateBlValue: Validator = function (itemIndex) {
	requireEmailOrDomain.call(this, 'blValue', itemIndex);
};

/** The email or domain of Create and Update; the validator above checks it, the routing trims it. */
export const blValueField: INodeProperties = {
	displayName: 'Email or Domain',
	name: 'blValue',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. competitor.com or name@example.com',
	routing: sendAs('bl_value', transforms.trimmed),
};
