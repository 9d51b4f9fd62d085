import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getAccountEmails, getCampaigns } from './loadOptions/getCampaigns';
import { getInterestStatuses } from './loadOptions/getInterestStatuses';
import {
	searchAccounts,
	searchBlockListEntries,
	searchCampaigns,
	searchLeadLabels,
	searchLeadLists,
	searchLeads,
} from './listSearch';
import { accountDescription } from './resources/account';
import { analyticsDescription } from './resources/analytics';
import { blockListEntryDescription } from './resources/blockListEntry';
import { campaignDescription } from './resources/campaign';
import { emailDescription } from './resources/email';
import { leadDescription } from './resources/lead';
import { addManyLeads } from './resources/lead/addMany/execute';
import { leadLabelDescription } from './resources/leadLabel';
import { leadListDescription } from './resources/leadList';
import { superSearchEnrichmentDescription } from './resources/superSearchEnrichment';
import { customOperationsFor } from './shared/execute';

export class Instantly implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instantly',
		name: 'instantly',
		icon: { light: 'file:../../icons/instantly.svg', dark: 'file:../../icons/instantly.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Add and manage leads, lead lists, lead labels, block list entries and sending accounts, enrich leads with SuperSearch, and reply to emails in Instantly.ai',
		defaults: { name: 'Instantly' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'instantlyV2Api', required: true }],
		// The credential's Base URL is what requests go to (read once per execution by the transport); no
		// expression here, because n8n would evaluate it for every item.
		requestDefaults: {
			baseURL: 'https://api.instantly.ai',
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Analytics', value: 'analytics' },
					{ name: 'Block List Entry', value: 'blockListEntry' },
					{ name: 'Campaign', value: 'campaign' },
					{ name: 'Email', value: 'email' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Lead Label', value: 'leadLabel' },
					{ name: 'Lead List', value: 'leadList' },
					{ name: 'SuperSearch Enrichment', value: 'superSearchEnrichment' },
				],
				default: 'lead',
			},
			...accountDescription,
			...analyticsDescription,
			...blockListEntryDescription,
			...campaignDescription,
			...emailDescription,
			...leadDescription,
			...leadLabelDescription,
			...leadListDescription,
			...superSearchEnrichmentDescription,
		],
	};

	// Every operation runs through the node's own executor (shared/execute.ts), from the routing written on the
	// operations and fields; Add Many batches all input items into few requests.
	customOperations = customOperationsFor(this.description.properties, { lead: { addMany: addManyLeads } });

	methods = {
		loadOptions: { getAccountEmails, getCampaigns, getInterestStatuses },
		listSearch: { searchAccounts, searchBlockListEntries, searchCampaigns, searchLeadLabels, searchLeadLists, searchLeads },
	};
}
