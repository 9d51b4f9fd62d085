import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { paginate } from '../shared/pagination';

/** Every campaign of the workspace (all pages) by name, for multi-selects (Analytics → Campaigns). */
export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const campaigns = await paginate.call(this, { method: 'GET', url: '/api/v2/campaigns' }, 'qs');
	return campaigns
		.map((c) => ({ name: typeof c.name === 'string' && c.name.trim() ? c.name.trim() : String(c.id), value: String(c.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every sending account of the workspace (all pages), for multi-selects (Campaign → Sending Accounts). */
export async function getAccountEmails(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const accounts = await paginate.call(this, { method: 'GET', url: '/api/v2/accounts' }, 'qs');
	return accounts
		.filter((a) => typeof a.email === 'string')
		.map((a) => ({ name: String(a.email), value: String(a.email) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
