import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Instantly's built-in lead interest statuses (the `lt_interest_status` / `interest_value` numbers). */
export const BUILT_IN_INTEREST_STATUSES: INodePropertyOptions[] = [
	{ name: 'Interested', value: 1 },
	{ name: 'Meeting Booked', value: 2 },
	{ name: 'Meeting Completed', value: 3 },
	{ name: 'Won', value: 4 },
	{ name: 'Out of Office', value: 0 },
	{ name: 'Not Interested', value: -1 },
	{ name: 'Wrong Person', value: -2 },
	{ name: 'Lost', value: -3 },
	{ name: 'No Show', value: -4 },
];

/**
 * An interest-status dropdown: the built-in statuses and the workspace's own lead labels, loaded
 * live (see loadOptions/getInterestStatuses). Spread it and add name, displayName, displayOptions, routing.
 */
export const interestStatusField: Omit<INodeProperties, 'name' | 'displayName'> = {
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getInterestStatuses' },
	default: 1,
	description:
		'Choose from the list, or specify a status number using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. Custom lead labels of your workspace are listed too.',
};
