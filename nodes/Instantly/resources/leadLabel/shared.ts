import type { IExecuteSingleFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { idLocator } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import { fail, parameter } from '../../shared/validation';

// No "By URL": lead labels live on one settings page of Instantly's app, with no address per label.
export const leadLabelIdField: INodeProperties = idLocator({
	name: 'leadLabelId',
	displayName: 'Lead Label',
	description: 'The custom label. Search for it by name, or map its ID (a UUID) from a previous node.',
	searchListMethod: 'searchLeadLabels',
});

/** The `interest_status_label` values: which side of the funnel a custom label counts on. */
export const INTEREST_STATUS_LABELS: INodePropertyOptions[] = [
	{ name: 'Negative', value: 'negative', description: 'The lead is not a fit or said no' },
	{ name: 'Neutral', value: 'neutral', description: 'Neither a yes nor a no, e.g. "ask again later"' },
	{ name: 'Positive', value: 'positive', description: 'The lead shows interest' },
];

const ALLOWED = INTEREST_STATUS_LABELS.map((option) => String(option.value));

type Collection = Record<string, unknown>;

function collection(this: IExecuteSingleFunctions, name: string, itemIndex: number): Collection {
	const value = parameter.call(this, name, itemIndex, {});
	return value && typeof value === 'object' ? (value as Collection) : {};
}

/** An expression can bypass the dropdown, so the value is checked before Instantly has to reject it. */
function checkSentiment(ctx: IExecuteSingleFunctions, value: unknown, field: string, itemIndex: number) {
	if (!ALLOWED.includes(String(value))) {
		fail(
			ctx,
			itemIndex,
			`"${String(value)}" in "${field}" is not a sentiment Instantly knows`,
			`Use one of: ${ALLOWED.join(', ')}.`,
		);
	}
}

function checkLabelText(ctx: IExecuteSingleFunctions, value: unknown, field: string, itemIndex: number) {
	if (value === undefined || value === null || !String(value).trim()) {
		fail(ctx, itemIndex, `The parameter "${field}" is empty`, 'Enter the name the label shows in Instantly, e.g. "Hot Lead".');
	}
}

export const validateCreate: Validator = function (itemIndex) {
	checkLabelText(this, parameter.call(this, 'label', itemIndex, ''), 'Label', itemIndex);
	checkSentiment(this, parameter.call(this, 'interestStatusLabel', itemIndex, ''), 'Sentiment', itemIndex);
};

export const validateUpdate: Validator = function (itemIndex) {
	const fields = collection.call(this, 'updateFields', itemIndex);
	if (!Object.keys(fields).length) {
		fail(
			this,
			itemIndex,
			'Nothing to update: add at least one field to update',
			'Under "Update Fields", add the label, sentiment, description or AI setting to change.',
		);
	}
	if ('label' in fields) checkLabelText(this, fields.label, 'Update Fields → Label', itemIndex);
	if ('interestStatusLabel' in fields) {
		checkSentiment(this, fields.interestStatusLabel, 'Update Fields → Sentiment', itemIndex);
	}
};

export const validateGetMany: Validator = function (itemIndex) {
	const filters = collection.call(this, 'filters', itemIndex);
	if ('interestStatus' in filters) {
		checkSentiment(this, filters.interestStatus, 'Filters → Sentiment', itemIndex);
	}
};

/** Instantly takes a whole number here; an empty value must not turn into 0 ("Out of Office"). */
export const validateDelete: Validator = function (itemIndex) {
	const options = collection.call(this, 'options', itemIndex);
	if (!('reassignedStatus' in options)) return;
	const value = options.reassignedStatus;
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number)) {
		fail(
			this,
			itemIndex,
			`"${String(value ?? '')}" in "Options → Reassign Leads To" is not an interest status`,
			'Choose a status from the list, or remove the option to let Instantly keep its default.',
		);
	}
};
