import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchCampaigns } from '../Instantly/listSearch';
import { getLeadLabels } from '../Instantly/loadOptions/getInterestStatuses';
import { campaignIdField } from '../Instantly/resources/lead/shared';
import { EVENT_OPTIONS, ignoredBecause } from './events';
import {
	checkExists,
	create,
	deleteWebhooks,
	readChoice,
	secretMatches,
	CHECK_HEADER,
	SUBSCRIPTION_HEADER,
	type RegistrationData,
} from './registration';

export class InstantlyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instantly Trigger',
		name: 'instantlyTrigger',
		icon: { light: 'file:../../icons/instantly.svg', dark: 'file:../../icons/instantly.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when a lead replies, is marked interested, bounces, gets a custom label, and more',
		defaults: { name: 'Instantly Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'instantlyV2Api', required: true }],
		// 'noData': Instantly needs only the 200; n8n would otherwise answer the literal text "firstEntryJson".
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }],
		properties: [
			{
				displayName:
					'On activation the node registers its webhooks in Instantly (Settings → Integrations → Webhooks shows them as "n8n: …") and removes them on deactivation. Instantly must reach this n8n over the internet, and the workspace plan must include webhooks.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_OPTIONS,
				default: ['reply_received'],
				description: 'The Instantly events that start the workflow, one run per event',
			},
			{
				displayName: 'Lead Label Names or IDs',
				name: 'leadLabels',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getLeadLabels' },
				default: [],
				description:
					'Start the workflow when a lead gets one of these custom lead labels of your workspace. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				...campaignIdField,
				required: false,
				description: 'Only events of this campaign. Leave empty for every campaign of the workspace.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Only First Event per Lead',
						name: 'onlyFirst',
						type: 'boolean',
						default: false,
						description:
							'Whether to start the workflow only for the first event of its kind for a lead (e.g. the first reply or the first open), as Instantly marks it',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: { getLeadLabels },
		listSearch: { searchCampaigns },
	};

	webhookMethods = {
		default: {
			checkExists: async function (this: IHookFunctions) {
				return await checkExists.call(this);
			},
			create: async function (this: IHookFunctions) {
				return await create.call(this);
			},
			delete: async function (this: IHookFunctions) {
				return await deleteWebhooks.call(this);
			},
		},
	};

	/**
	 * Answers at once (Instantly retries slow deliveries): a call without this activation's secret gets a
	 * 401 and starts nothing; an event the node was not asked for gets a 200 and starts nothing.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const store = this.getWorkflowStaticData('node') as RegistrationData;
		const headers = this.getHeaderData();
		if (!secretMatches(store.secret, headers[CHECK_HEADER])) {
			this.getResponseObject().status(401).json({ message: 'Unauthorized: this call does not come from this workflow’s Instantly webhook' });
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData();
		const payload: IDataObject = body && typeof body === 'object' && !Array.isArray(body) ? body : { body };
		const subscription = headers[SUBSCRIPTION_HEADER];
		const ignored = ignoredBecause(payload, readChoice(this), typeof subscription === 'string' ? subscription : undefined);
		if (ignored) return { webhookResponse: { received: true, ignored } };
		return { workflowData: [[{ json: payload }]] };
	}
}
