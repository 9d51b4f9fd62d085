import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { BUILT_IN_INTEREST_STATUSES } from '../shared/interestStatus';
import { paginate } from '../shared/pagination';

/**
 * Built-in statuses first, in Instantly's own order, then every custom lead label of the workspace.
 * A failure to list the labels is reported, not hidden: a dropdown silently missing the workspace's
 * labels would look complete.
 */
export async function getInterestStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [...BUILT_IN_INTEREST_STATUSES, ...(await getLeadLabels.call(this))];
}

/**
 * Every custom lead label of the workspace (all pages), by name, with its generated `interest_status`
 * as the value: what leads carry and what webhooks subscribe to (`custom_interest_value`).
 */
export async function getLeadLabels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const labels = await paginate.call(this, { method: 'GET', url: '/api/v2/lead-labels' }, 'qs');
	return labels
		.filter((label: IDataObject) => typeof label.interest_status === 'number')
		.map((label: IDataObject) => {
			const sentiment = typeof label.interest_status_label === 'string' ? `, ${label.interest_status_label}` : '';
			return {
				name: `${String(label.label)} (custom label${sentiment})`,
				value: label.interest_status as number,
				description:
					typeof label.description === 'string' && label.description
						? label.description
						: `Custom lead label, interest status ${String(label.interest_status)}`,
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}
