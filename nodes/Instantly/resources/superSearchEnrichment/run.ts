import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import type { Validator } from '../../shared/routing';
import { fail, parameter, UUID } from '../../shared/validation';
import { listValues, sendList } from '../lead/shared';
import { RESOURCE, requireResource, wholeNumberIn } from './shared';

const showOnlyForRun = { resource: [RESOURCE], operation: ['run'] };

export const RUN_LEAD_IDS_MAX = 10_000;

export const superSearchEnrichmentRunDescription: INodeProperties[] = [
	collectionField('options', showOnlyForRun, [
		{
			displayName: 'AI Column to Run',
			name: 'columnName',
			type: 'string',
			default: '',
			placeholder: 'e.g. email_subject',
			description: 'Run only this AI enrichment column (its Output Column) instead of every enrichment of the resource',
			routing: { send: { type: 'body', property: 'column_name' } },
		},
		{
			displayName: 'Lead IDs',
			name: 'leadIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f164c0f957b1, 0199f36c-…',
			description: 'Enrich only these leads (IDs separated by commas, up to 10,000). Without them Instantly enriches every lead not enriched yet.',
			routing: sendList('lead_ids'),
		},
		{
			displayName: 'Max Leads to Enrich',
			name: 'maxLeads',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'Enrich only the first this many leads',
			routing: { send: { type: 'body', property: 'limit' } },
		},
		{
			displayName: 'Overwrite AI Column',
			name: 'overwrite',
			type: 'boolean',
			default: false,
			description: 'Whether to run the AI column also for leads that already have a value in it (needs AI Column to Run)',
			routing: { send: { type: 'body', property: 'overwrite' } },
		},
	]),
];

export const validateRun: Validator = function (itemIndex) {
	requireResource(this, itemIndex);
	const options = parameter.call(this, 'options', itemIndex, {}) as IDataObject;
	if ('leadIds' in options) {
		const ids = listValues(options.leadIds);
		if (!ids.length) fail(this, itemIndex, 'Option "Lead IDs" is empty', 'Enter lead IDs separated by commas, or remove the option to enrich every lead not enriched yet.');
		if (ids.length > RUN_LEAD_IDS_MAX) fail(this, itemIndex, `Option "Lead IDs" has ${ids.length} IDs; Instantly takes up to 10,000 per run`, 'Split the IDs over several items, 10,000 at most each.');
		const bad = ids.find((id) => !UUID.test(id));
		if (bad !== undefined) fail(this, itemIndex, `"${bad}" in option "Lead IDs" is not a lead ID`, 'A lead ID is a UUID, the "id" of Lead → Get Many or Create.');
	}
	if ('maxLeads' in options) wholeNumberIn(this, itemIndex, options.maxLeads, '"Max Leads to Enrich"', 1, Infinity);
	if ('columnName' in options && !String(options.columnName ?? '').trim()) {
		fail(this, itemIndex, 'Option "AI Column to Run" is empty', 'Enter the Output Column of the AI enrichment to run, or remove the option.');
	}
	if (options.overwrite === true && !String(options.columnName ?? '').trim()) {
		fail(this, itemIndex, 'Option "Overwrite AI Column" needs "AI Column to Run"', 'Instantly overwrites values only when one AI column is named.');
	}
};
