import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { BUILT_IN_INTEREST_STATUSES } from '../shared/interestStatus';
import { paginate } from '../shared/pagination';

/** Built-in statuses first, then every custom lead label of the workspace (all pages), by name. */
export async function getInterestStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const labels = await paginate.call(this, { method: 'GET', url: '/api/v2/lead-labels' }, 'qs');
	const custom = labels
		.filter((label: IDataObject) => typeof label.interest_status === 'number')
		.map((label: IDataObject) => ({
			name: `${String(label.label)} (custom, ${String(label.interest_status_label ?? '')})`,
			value: label.interest_status as number,
			description: typeof label.description === 'string' ? label.description : undefined,
		}));
	return [...BUILT_IN_INTEREST_STATUSES, ...custom];
}
