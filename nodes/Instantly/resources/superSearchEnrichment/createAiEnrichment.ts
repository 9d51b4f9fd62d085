import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { collectionField } from '../../shared/descriptions';
import { sendAs, transforms } from '../../shared/request';
import type { Validator } from '../../shared/routing';
import { fail, parameter } from '../../shared/validation';
import { sendList } from '../lead/shared';
import { RESOURCE, requireResource, wholeNumberIn } from './shared';

const showOnlyForAi = { resource: [RESOURCE], operation: ['createAiEnrichment'] };

/** `model_version` values of `POST /api/v2/supersearch-enrichment/ai` (a subset of Instantly's list, see index.ts). */
export const AI_MODELS = [
	{ name: 'Claude 3.7 Sonnet', value: 'claude-3.7-sonnet' },
	{ name: 'Claude 4.5 Sonnet', value: 'claude-4.5-sonnet' },
	{ name: 'Gemini 2.0 Flash', value: 'gemini-2.0-flash' },
	{ name: 'GPT-4.1', value: 'gpt-4.1' },
	{ name: 'GPT-4.1 Mini', value: 'gpt-4.1-mini' },
	{ name: 'GPT-4o', value: 'gpt-4o' },
	{ name: 'GPT-5', value: 'gpt-5' },
	{ name: 'GPT-5 Mini', value: 'gpt-5-mini' },
	{ name: 'GPT-5 Nano', value: 'gpt-5-nano' },
	{ name: 'O3', value: 'o3' },
];

export const superSearchEnrichmentCreateAiEnrichmentDescription: INodeProperties[] = [
	{
		displayName: 'Output Column',
		name: 'outputColumn',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. icebreaker',
		description: 'The lead column the AI writes its answer into',
		displayOptions: { show: showOnlyForAi },
		routing: sendAs('output_column', transforms.trimmed),
	},
	{
		displayName: 'Model',
		name: 'modelVersion',
		type: 'options',
		required: true,
		default: 'gpt-4o',
		description: 'The AI model Instantly runs the prompt with. Models differ in cost and quality.',
		displayOptions: { show: showOnlyForAi },
		options: AI_MODELS,
		routing: { send: { type: 'body', property: 'model_version' } },
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. Write a one-line icebreaker for {{first_name}} at {{company_name}}',
		description:
			'What the AI is asked for each lead; Instantly fills in {{variables}} from the lead. Leave empty when a Template ID is given under Options.',
		displayOptions: { show: showOnlyForAi },
		routing: sendAs('prompt', transforms.trimmedOrLeftOut),
	},
	collectionField('options', showOnlyForAi, [
		{
			displayName: 'Auto Update',
			name: 'autoUpdate',
			type: 'boolean',
			default: false,
			description: 'Whether leads added to the resource later are enriched automatically',
			routing: { send: { type: 'body', property: 'auto_update' } },
		},
		{
			displayName: 'Input Columns',
			name: 'inputColumns',
			type: 'string',
			default: '',
			placeholder: 'e.g. first_name, company_name, job_title',
			description: 'The lead columns the AI gets (separated by commas)',
			routing: sendList('input_columns'),
		},
		{
			displayName: 'Max Leads to Enrich',
			name: 'maxLeads',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'Enrich at most this many leads',
			routing: { send: { type: 'body', property: 'limit' } },
		},
		{
			displayName: 'Overwrite',
			name: 'overwrite',
			type: 'boolean',
			default: false,
			description: 'Whether to replace values already in the output column',
			routing: { send: { type: 'body', property: 'overwrite' } },
		},
		{
			displayName: 'Skip Leads Without Email',
			name: 'skipLeadsWithoutEmail',
			type: 'boolean',
			default: true,
			description: 'Whether to leave out leads that have no email',
			routing: { send: { type: 'body', property: 'skip_leads_without_email' } },
		},
		{
			displayName: 'Template ID',
			name: 'templateId',
			type: 'number',
			default: 0,
			description: 'A prompt template of your workspace (its number) to use instead of the Prompt',
			routing: { send: { type: 'body', property: 'template_id' } },
		},
		{
			displayName: 'Use Instantly Account',
			name: 'useInstantlyAccount',
			type: 'boolean',
			default: true,
			description: 'Whether to run the model on Instantly’s AI account (credits) rather than your own API key',
			routing: { send: { type: 'body', property: 'use_instantly_account' } },
		},
	]),
];

export const validateCreateAiEnrichment: Validator = function (itemIndex) {
	requireResource(this, itemIndex);
	if (!String(parameter.call(this, 'outputColumn', itemIndex, '') ?? '').trim()) {
		fail(this, itemIndex, 'The parameter "Output Column" is empty', 'Enter the name of the lead column the AI writes into, e.g. "icebreaker".');
	}
	const model = parameter.call(this, 'modelVersion', itemIndex, '');
	if (!AI_MODELS.some((m) => m.value === model)) {
		fail(this, itemIndex, `"${String(model)}" is not a model this node offers`, `Choose one of: ${AI_MODELS.map((m) => m.value).join(', ')}.`);
	}
	const options = parameter.call(this, 'options', itemIndex, {}) as IDataObject;
	const prompt = String(parameter.call(this, 'prompt', itemIndex, '') ?? '').trim();
	if (!prompt && !('templateId' in options)) {
		fail(this, itemIndex, 'Give a Prompt or a Template ID', 'Write what the AI is asked for each lead in "Prompt", or add Options → Template ID.');
	}
	if ('templateId' in options) wholeNumberIn(this, itemIndex, options.templateId, '"Template ID"', 1, Infinity);
	if ('maxLeads' in options) wholeNumberIn(this, itemIndex, options.maxLeads, '"Max Leads to Enrich"', 1, Infinity);
};
