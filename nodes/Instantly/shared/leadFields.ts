import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { collectionHeader } from './descriptions';
import { interestStatusField } from './interestStatus';
import { isEmail, UUID } from './validation';

/**
 * The one table from the node's lead parameters to Instantly's lead fields, wherever a lead is
 * written (Add Many, Create, Update). Keys missing here are never sent: Instantly rejects unknown ones.
 */
export const LEAD_FIELD_NAMES = {
	assignedTo: 'assigned_to',
	companyName: 'company_name',
	customVariables: 'custom_variables',
	firstName: 'first_name',
	jobTitle: 'job_title',
	lastName: 'last_name',
	ltInterestStatus: 'lt_interest_status',
	personalization: 'personalization',
	phone: 'phone',
	plValueLead: 'pl_value_lead',
	website: 'website',
} as const;

export type LeadFieldName = keyof typeof LEAD_FIELD_NAMES;


export const leadFieldOptions: INodeProperties[] = [
	{
		displayName: 'Assigned To',
		name: 'assignedTo',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0199f36c-d715-7d47-bf95-f163e8f9fc46',
		description: 'ID of the workspace member who owns this lead',
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Acme Inc.',
	},
	{
		displayName: 'Custom Variables',
		name: 'customVariables',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Variable',
		default: {},
		description:
			'Extra data for this lead, usable in email templates as {{name}}. Values may be text, numbers or true/false.',
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Name',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. favouriteProduct',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.product }}',
					},
				],
			},
		],
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Jane',
	},
	{
		...interestStatusField,
		displayName: 'Interest Status Name or ID',
		name: 'ltInterestStatus',
	},
	{
		displayName: 'Job Title',
		name: 'jobTitle',
		type: 'string',
		default: '',
		placeholder: 'e.g. Head of Growth',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Doe',
	},
	{
		displayName: 'Personalization',
		name: 'personalization',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'A personal opening line, usable in email templates as {{personalization}}',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. +1 555 0100',
	},
	{
		displayName: 'Potential Value',
		name: 'plValueLead',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5000',
		description: 'What this lead could be worth to you',
	},
	{
		displayName: 'Website',
		name: 'website',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://acme.com',
	},
];

/** The lead fields of Add Many and Create: spread it and add `displayOptions`. */
export const leadFieldsCollection: INodeProperties = {
	displayName: 'Lead Fields',
	name: 'leadFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: leadFieldOptions,
	routing: { send: { preSend: [sendLeadFields('leadFields')] } },
};

/** The fields Update changes: the same table, under the contract's name. */
export const updateFieldsCollection: INodeProperties = {
	...collectionHeader('updateFields'),
	options: leadFieldOptions,
	routing: { send: { preSend: [sendLeadFields('updateFields')] } },
};

export interface LeadFieldProblem {
	message: string;
	description: string;
}

export interface MappedLeadFields {
	/** The API fields to send; empty values are left out. */
	fields: IDataObject;
	/** The first value that cannot be sent as it is; nothing should be sent while there is one. */
	problem?: LeadFieldProblem;
}

const DISPLAY_NAMES: Record<string, string> = Object.fromEntries(
	leadFieldOptions.map((option) => [option.name, option.displayName.replace(/ Name or ID$/, '')]),
);

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Turns a lead-fields collection (as n8n resolved it for one item) into Instantly's fields.
 * Never throws, so a preSend can use it; validators report `problem` before anything is sent.
 */
export function mapLeadFields(values: IDataObject | undefined, collection = 'Lead Fields'): MappedLeadFields {
	const fields: IDataObject = {};
	let problem: LeadFieldProblem | undefined;
	const report = (name: string, message: string, description: string) => {
		problem ??= { message: `${collection} → ${DISPLAY_NAMES[name] ?? name}: ${message}`, description };
	};
	for (const [name, value] of Object.entries(values ?? {})) {
		if (!(name in LEAD_FIELD_NAMES)) continue;
		const apiName = LEAD_FIELD_NAMES[name as LeadFieldName];
		if (name === 'customVariables') {
			const variables = mapCustomVariables(value, (message, description) =>
				report(name, message, description),
			);
			if (Object.keys(variables).length) fields[apiName] = variables;
			continue;
		}
		if (isBlank(value)) continue;
		if (name === 'ltInterestStatus') {
			const status = Number(value);
			if (typeof value === 'boolean' || !Number.isInteger(status)) {
				report(name, `"${String(value)}" is not an interest status`, 'Choose a status from the list, or map a whole number such as 1 (Interested) or -1 (Not Interested).');
				continue;
			}
			fields[apiName] = status;
			continue;
		}
		if (typeof value === 'object') {
			report(name, 'must be text, not a list or an object', 'Map a single value, e.g. {{ $json.company }}.');
			continue;
		}
		// Sheets hand over phone numbers and values as numbers; Instantly stores them as text.
		const text = String(value).trim();
		if (name === 'assignedTo' && !UUID.test(text)) {
			report(name, `"${text}" is not a workspace member ID`, 'Enter the ID (a UUID such as 0199f36c-d715-7d47-bf95-f163e8f9fc46) of a member of the Instantly workspace.');
			continue;
		}
		fields[apiName] = text;
	}
	return problem ? { fields, problem } : { fields };
}

/** `{variable: [{key, value}]}` → `{key: value}`; blank names and values are left out, later names win. */
function mapCustomVariables(
	value: unknown,
	report: (message: string, description: string) => void,
): IDataObject {
	const variables: IDataObject = {};
	const entries = (value as { variable?: unknown } | undefined)?.variable;
	if (!Array.isArray(entries)) return variables;
	for (const entry of entries as Array<{ key?: unknown; value?: unknown }>) {
		const key = typeof entry?.key === 'string' ? entry.key.trim() : '';
		const item = entry?.value;
		if (isBlank(item)) continue;
		if (!key) {
			report('a variable has a value but no name', 'Give every custom variable a name, or remove it.');
			continue;
		}
		if (typeof item === 'string') variables[key] = item.trim();
		else if (typeof item === 'number' || typeof item === 'boolean') variables[key] = item;
		else report(`"${key}" must be text, a number or true/false`, 'Map a single value to the variable, not a list or an object.');
	}
	return variables;
}

/** The lead's email as it is sent: trimmed, or left out when blank. */
export function mapEmail(value: unknown): { email?: string; problem?: LeadFieldProblem } {
	if (isBlank(value)) return {};
	const email = typeof value === 'string' ? value.trim() : String(value);
	if (typeof value === 'object' || !isEmail(email)) {
		return {
			email,
			problem: {
				message: `"${email}" in "Email" is not a valid email address`,
				description: 'Map the column that holds the email address (name@example.com), e.g. {{ $json.email }}.',
			},
		};
	}
	return { email };
}

/** The preSend of a lead-fields collection: adds its mapped fields to the JSON body. */
export function sendLeadFields(collection: 'leadFields' | 'updateFields') {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const values = this.getNodeParameter(collection, {}) as IDataObject;
		const { fields } = mapLeadFields(values);
		requestOptions.body = { ...((requestOptions.body as IDataObject) ?? {}), ...fields };
		return requestOptions;
	};
}
