import type { IDataObject } from 'n8n-workflow';

import { notResentError } from './errors';
import { paginate } from './pagination';
import type { RouteOptions } from './routing';
import type { InstantlyRequest } from './transport';

/**
 * `recover` hooks (see RouteOptions.recover): how a create whose earlier try got no clear answer is looked up in
 * Instantly before it is sent again. A record that matches what was sent counts as the one created, even if it
 * was there before: either way it now exists once, which is what the item asked for.
 */
type Recover = NonNullable<RouteOptions['recover']>;

const same = (a: unknown, b: string) => typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase();

function sentText(request: InstantlyRequest, property: string): string | undefined {
	const value = request.body?.[property];
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function cannotLook(ctx: ThisParameterType<Recover>, request: InstantlyRequest): never {
	throw notResentError(ctx.getNode(), { method: request.method, path: request.url, itemIndex: request.itemIndex });
}

/** A record of a GET list with `search` whose `property` equals what the create sent (block list entries, lead labels). */
export function findBySearch(listUrl: string, property: string): Recover {
	return async function (request) {
		const value = sentText(request, property) ?? cannotLook(this, request);
		const records = await paginate.call(
			this,
			{ method: 'GET', url: listUrl, qs: { search: value }, itemIndex: request.itemIndex },
			'qs',
			100,
		);
		const found = records.find((record) => same(record[property], value));
		return found ? [found] : undefined;
	};
}

/**
 * Lead → Create: the lead with the email sent, where it was sent (the campaign, the list, or neither). A lead
 * without an email (a list lead with a name only) cannot be told apart: it is not sent again.
 */
export const findCreatedLead: Recover = async function (request) {
	const email = sentText(request, 'email') ?? cannotLook(this, request);
	const body = request.body ?? {};
	const where: IDataObject = body.campaign
		? { campaign: body.campaign }
		: body.list_id
			? { list_id: body.list_id }
			: { in_campaign: false, in_list: false };
	const records = await paginate.call(
		this,
		{ method: 'POST', url: '/api/v2/leads/list', body: { ...where, contacts: [email] }, itemIndex: request.itemIndex },
		'body',
		100,
	);
	const found = records.find((lead) => same(lead.email, email));
	return found ? [found] : undefined;
};
