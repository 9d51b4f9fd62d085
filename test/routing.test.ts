/**
 * The node's routing looks declarative but is read by its own interpreter (shared/request.ts, routing.ts,
 * execute.ts), which honours only part of what n8n's declarative routing offers. This walks EVERY operation and
 * field of the node's description — resources added later included — and fails on anything the interpreter
 * would silently ignore. What is supported is written at the top of shared/request.ts.
 */
import type { IDataObject, IExecuteSingleFunctions, INodeProperties, INodePropertyOptions, INodePropertyRouting } from 'n8n-workflow';

import { Instantly } from '../nodes/Instantly/Instantly.node';
import { LIST_PAGING } from '../nodes/Instantly/shared/pagination';
import { buildRequest, sendAs, setProperty } from '../nodes/Instantly/shared/request';
import { route, routedOperations } from '../nodes/Instantly/shared/routing';

const node = new Instantly();
const properties = node.description.properties;

const SEND_KEYS = new Set(['type', 'property', 'preSend']);

/** Everything wrong with one routing object, in words. */
function problemsOf(routing: INodePropertyRouting, where: string, allowRequest: boolean): string[] {
	const problems: string[] = [];
	for (const key of Object.keys(routing)) {
		if (key === 'send') continue;
		if (key === 'request' && allowRequest) continue;
		problems.push(`${where}: routing.${key} is not supported (see the top of shared/request.ts)`);
	}
	const send = routing.send as IDataObject | undefined;
	if (!send) return problems;
	for (const key of Object.keys(send)) {
		if (!SEND_KEYS.has(key)) problems.push(`${where}: routing.send.${key} is ignored (use sendAs with a transform, or a preSend)`);
	}
	if (send.property !== undefined) {
		if (typeof send.property !== 'string' || send.property.split('.').some((part) => part === '')) {
			problems.push(`${where}: routing.send.property must name a property (dots for nested ones): ${String(send.property)}`);
		}
		if (send.type !== 'body' && send.type !== 'query') problems.push(`${where}: routing.send.type must be 'body' or 'query'`);
	}
	if (send.preSend !== undefined && (!Array.isArray(send.preSend) || !send.preSend.every((f) => typeof f === 'function'))) {
		problems.push(`${where}: routing.send.preSend must be a list of functions`);
	}
	return problems;
}

/** Every field with its path, the nested options of collections and fixedCollections included. */
function* fieldsOf(fields: INodeProperties[], path: string, inFixed: boolean): Generator<{ field: INodeProperties; path: string; inFixed: boolean; nested: boolean }> {
	for (const field of fields) {
		const here = `${path}${field.name}`;
		yield { field, path: here, inFixed, nested: path !== '' };
		if (field.type === 'collection') {
			yield* fieldsOf((field.options ?? []) as INodeProperties[], `${here}.`, inFixed);
		}
		if (field.type === 'fixedCollection') {
			for (const group of (field.options ?? []) as Array<{ name: string; values?: INodeProperties[] }>) {
				yield* fieldsOf(group.values ?? [], `${here}.${group.name}.`, true);
			}
		}
	}
}

function problemsOfNode(props: INodeProperties[], customOperations: IDataObject): string[] {
	const problems: string[] = [];
	for (const dropdown of props) {
		if (dropdown.name !== 'operation') continue;
		for (const resource of (dropdown.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of (dropdown.options ?? []) as INodePropertyOptions[]) {
				const where = `${resource} → ${String(option.value)}`;
				if (!(customOperations[resource] as IDataObject | undefined)?.[String(option.value)]) {
					problems.push(`${where}: nothing runs it (write its routing with route(), or hand it to customOperationsFor)`);
				}
				if (option.routing) {
					const request = option.routing.request as IDataObject | undefined;
					problems.push(...problemsOf(option.routing, where, true));
					if (request && Object.keys(request).some((key) => key !== 'method' && key !== 'url')) {
						problems.push(`${where}: routing.request may only hold method and url (written by route()); qs/body there are ignored`);
					}
				}
			}
		}
	}
	const routed = routedOperations(props);
	for (const { resource, operation, route: { list }, fields } of routed) {
		if (list === undefined) continue;
		const where = `${resource} → ${operation}`;
		if (!LIST_PAGING.includes(list)) {
			problems.push(`${where}: list: ${JSON.stringify(list)} is not a paging pagination.ts knows (${LIST_PAGING.join(', ')})`);
			continue;
		}
		const names = new Set(fields.map((field) => field.name));
		if (!names.has('returnAll') || !names.has('limit')) problems.push(`${where}: a list needs the Return All and Limit fields (returnAllAndLimit)`);
		const paging = list === 'offset' ? ['limit', 'offset'] : ['limit', 'starting_after'];
		for (const { field, path } of fieldsOf(fields, '', false)) {
			const property = field.routing?.send?.property;
			if (typeof property === 'string' && paging.includes(property)) {
				problems.push(`field ${path}: sends ${property}, which the paginator of ${where} sets`);
			}
		}
	}
	const routedIn = new Set(routed.map(({ resource, operation }) => `${resource}.${operation}`));
	for (const { field, path, inFixed, nested } of fieldsOf(props, '', false)) {
		if (field.name === 'operation' || !field.routing) continue;
		const where = `field ${path}`;
		problems.push(...problemsOf(field.routing, where, false));
		if (inFixed) problems.push(`${where}: routing inside a fixedCollection is not read; give the fixedCollection a preSend`);
		if (nested && field.displayOptions) problems.push(`${where}: displayOptions on a collection option are not honoured by the interpreter`);
		if (!nested) {
			const show = field.displayOptions?.show ?? {};
			const resources = (show.resource ?? []) as string[];
			const operations = (show.operation ?? []) as string[];
			if (!resources.length || !operations.length) {
				problems.push(`${where}: a field with routing needs displayOptions.show.resource and .operation (only those pick the fields of an operation)`);
			} else if (!resources.some((r) => operations.some((o) => routedIn.has(`${r}.${o}`) || (customOperations[r] as IDataObject | undefined)?.[o]))) {
				problems.push(`${where}: shown for no operation that exists`);
			}
		}
	}
	return problems;
}

describe('every operation’s routing is something the interpreter honours', () => {
	test('the node as it is: no problems', () => {
		expect(problemsOfNode(properties, node.customOperations as unknown as IDataObject)).toEqual([]);
	});

	test('it covers every operation of every resource', () => {
		const routed = routedOperations(properties).map(({ resource, operation }) => `${resource}.${operation}`);
		for (const [resource, byName] of Object.entries(node.customOperations ?? {})) {
			for (const operation of Object.keys(byName)) {
				expect(routed.includes(`${resource}.${operation}`) || operation === 'addMany').toBe(true);
			}
		}
		expect(routed.length).toBeGreaterThan(10);
	});

	test('it catches what n8n’s docs teach and the interpreter ignores', () => {
		const show = { resource: ['thing'], operation: ['create'] };
		const broken: INodeProperties[] = [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				default: 'create',
				displayOptions: { show: { resource: ['thing'] } },
				options: [
					{ name: 'Create', value: 'create', routing: { request: { method: 'POST', url: '/x', qs: { a: 1 } }, output: { postReceive: [] } } },
					{ name: 'Get Many', value: 'getAll', routing: { ...route('GET', '/x', { list: 'qs' }), operations: { pagination: { type: 'generic', properties: { continue: '', request: {} } } } } },
					{ name: 'Get Pages', value: 'getPages', routing: route('GET', '/pages', { list: 'page' as never }) },
					{ name: 'Get History', value: 'getHistory', routing: route('GET', '/history', { list: 'offset' }) },
				],
			},
			{ displayName: 'Offset', name: 'offset', type: 'number', default: 0, displayOptions: { show: { resource: ['thing'], operation: ['getHistory'] } }, routing: { send: { type: 'query', property: 'offset' } } },
			{ displayName: 'A', name: 'a', type: 'string', default: '', displayOptions: { show }, routing: { send: { type: 'body', property: 'a', value: '={{ $value.trim() }}' } } },
			{ displayName: 'B', name: 'b', type: 'string', default: '', displayOptions: { show }, routing: { send: { property: 'b' } } },
			{ displayName: 'C', name: 'c', type: 'string', default: '', displayOptions: { show: { resource: ['thing'] } }, routing: { send: { type: 'body', property: 'c' } } },
			{
				displayName: 'D',
				name: 'd',
				type: 'fixedCollection',
				default: {},
				displayOptions: { show },
				options: [{ displayName: 'Row', name: 'row', values: [{ displayName: 'E', name: 'e', type: 'string', default: '', routing: { send: { type: 'body', property: 'e' } } }] }],
			},
			{
				displayName: 'F',
				name: 'f',
				type: 'collection',
				default: {},
				displayOptions: { show },
				options: [{ displayName: 'G', name: 'g', type: 'string', default: '', routing: { send: { type: 'body', property: 'g..h', paginate: true } } }],
			},
		];
		const problems = problemsOfNode(broken, { thing: { getAll: () => [], getPages: () => [], getHistory: () => [] } });
		expect(problems).toEqual([
			'thing → create: nothing runs it (write its routing with route(), or hand it to customOperationsFor)',
			'thing → create: routing.output is not supported (see the top of shared/request.ts)',
			'thing → create: routing.request may only hold method and url (written by route()); qs/body there are ignored',
			'thing → getAll: routing.operations is not supported (see the top of shared/request.ts)',
			'thing → getPages: list: "page" is not a paging pagination.ts knows (qs, body, offset)',
			'thing → getHistory: a list needs the Return All and Limit fields (returnAllAndLimit)',
			'field offset: sends offset, which the paginator of thing → getHistory sets',
			'field a: routing.send.value is ignored (use sendAs with a transform, or a preSend)',
			'field a: shown for no operation that exists',
			"field b: routing.send.type must be 'body' or 'query'",
			'field b: shown for no operation that exists',
			'field c: a field with routing needs displayOptions.show.resource and .operation (only those pick the fields of an operation)',
			'field d.row.e: routing inside a fixedCollection is not read; give the fixedCollection a preSend',
			'field f.g: routing.send.paginate is ignored (use sendAs with a transform, or a preSend)',
			'field f.g: routing.send.property must name a property (dots for nested ones): g..h',
		]);
	});
});

describe('dot notation in send.property', () => {
	test('setProperty creates the objects on the way and keeps what is there', () => {
		const body: IDataObject = { campaign_schedule: { timezone: 'Etc/GMT+12' } };
		setProperty(body, 'campaign_schedule.schedules', [{ name: 'Weekdays' }]);
		setProperty(body, 'a.b.c', 1);
		expect(body).toEqual({ campaign_schedule: { timezone: 'Etc/GMT+12', schedules: [{ name: 'Weekdays' }] }, a: { b: { c: 1 } } });
	});

	test('a field and a collection option with dotted properties, one with a transform, build a nested body', async () => {
		const show = { resource: ['campaign'], operation: ['create'] };
		const fields: INodeProperties[] = [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', displayOptions: { show }, routing: sendAs('campaign_schedule.name', (v) => String(v).trim()) },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				displayOptions: { show },
				options: [
					{ displayName: 'Timezone', name: 'timezone', type: 'string', default: '', routing: { send: { type: 'body', property: 'campaign_schedule.timezone' } } },
					{ displayName: 'Limit', name: 'limit', type: 'number', default: 0, routing: sendAs('daily.limit', Number, 'query') },
				],
			},
		];
		const parameters: IDataObject = { resource: 'campaign', operation: 'create', name: '  Spring ', options: { timezone: 'Etc/GMT+12', limit: '30' } };
		const ctx = {
			getNode: () => ({ parameters, name: 'Instantly', type: 'instantly', typeVersion: 1, position: [0, 0], id: 'x' }),
			getNodeParameter: (path: string) => path.split('.').reduce<unknown>((value, key) => (value as IDataObject)?.[key], parameters),
		} as unknown as IExecuteSingleFunctions;

		const request = await buildRequest(ctx, 0, { method: 'POST', url: '/api/v2/campaigns' }, fields);

		expect(request).toEqual({
			method: 'POST',
			url: '/api/v2/campaigns',
			itemIndex: 0,
			body: { campaign_schedule: { name: 'Spring', timezone: 'Etc/GMT+12' } },
			qs: { daily: { limit: 30 } },
		});
	});
});
