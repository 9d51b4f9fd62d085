import type { IDisplayOptions, INodeProperties, INodePropertyMode } from 'n8n-workflow';

/** Return All / Limit for every list operation. The paginator reads both; neither is sent as is. */
export function returnAllAndLimit(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

const COLLECTIONS = {
	filters: { displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' },
	updateFields: { displayName: 'Update Fields', name: 'updateFields', placeholder: 'Add Field' },
	options: { displayName: 'Options', name: 'options', placeholder: 'Add Option' },
	additionalFields: { displayName: 'Additional Fields', name: 'additionalFields', placeholder: 'Add Field' },
} as const;

export type CollectionKind = keyof typeof COLLECTIONS;

/** The head of one of the usual collections: its names, its "Add …" placeholder and an empty default. */
export function collectionHeader(kind: CollectionKind) {
	const { displayName, name, placeholder } = COLLECTIONS[kind];
	return { displayName, name, type: 'collection' as const, placeholder, default: {} };
}

/**
 * A Filters / Update Fields / Options / Additional Fields collection shown for `show`. `options` is
 * used as is, never copied: routing objects are keyed by identity (see routing.ts).
 */
export function collectionField(
	kind: CollectionKind,
	show: NonNullable<IDisplayOptions['show']>,
	options: INodeProperties['options'],
): INodeProperties {
	return { ...collectionHeader(kind), displayOptions: { show }, options };
}

export interface LocatorOptions {
	name: string;
	displayName: string;
	description: string;
	/** A `methods.listSearch` name (see listSearch/index.ts). */
	searchListMethod: string;
	/** An Instantly app URL pattern whose first group is the ID, where the record has a page in the app. */
	url?: { regex: string; placeholder: string };
	/** The mode for a value typed or mapped by hand: "By ID" (a UUID) unless the record is keyed otherwise. */
	typed?: Pick<INodePropertyMode, 'displayName' | 'name' | 'placeholder'>;
}

const UUID_PLACEHOLDER = 'e.g. 0199f36c-d715-7d47-bf95-f1626b43ea03';

/**
 * An ID the user picks by name ("From List", searched in Instantly), pastes ("By ID") or copies from
 * the app's address bar ("By URL"). Operations read it with `extractValue`, so plain strings saved by
 * older workflows keep working.
 */
export function idLocator(options: LocatorOptions): INodeProperties {
	const { url, typed = { displayName: 'By ID', name: 'id', placeholder: UUID_PLACEHOLDER } } = options;
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{ displayName: typed.displayName, name: typed.name, type: 'string', placeholder: typed.placeholder },
			...(url
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: url.placeholder,
							extractValue: { type: 'regex' as const, regex: url.regex },
							validation: [
								{
									type: 'regex' as const,
									properties: { regex: url.regex, errorMessage: 'Not an Instantly URL of this kind' },
								},
							],
						},
					]
				: []),
		],
	};
}

/**
 * A sending account, which Instantly keys by its email address: picked from the workspace's accounts
 * ("From List", searched in Instantly) or typed / mapped ("By Email", e.g. the trigger's `email_account`).
 */
export function accountEmailLocator(options: Omit<LocatorOptions, 'searchListMethod' | 'url' | 'typed'>): INodeProperties {
	return idLocator({
		...options,
		searchListMethod: 'searchAccounts',
		typed: { displayName: 'By Email', name: 'email', placeholder: 'e.g. alex@outreach-demo.io' },
	});
}
