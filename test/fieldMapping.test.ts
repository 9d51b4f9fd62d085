/**
 * A field dragged in from the input (`{{ $json.email }}`) is read straight from the item instead of through
 * n8n's expression engine: it must give exactly what n8n's own evaluation gives, and anything else must be
 * left to n8n.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { mappedDirectly } from '../nodes/Instantly/shared/itemContext';
import { runNode, type Credentials } from './engine';
import type { Sandbox } from './sandbox';
import { addCampaign, type Campaign } from './sandbox/routes/campaigns';
import { useSandbox } from './support/useSandbox';

let sandbox: Sandbox;
let credentials: Credentials;
let campaign: Campaign;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});
beforeEach(() => {
	campaign = addCampaign(sandbox.state, 'Spring launch');
});

const rows: IDataObject[] = [
	{ Email: ' jane@acme.com ', 'First Name': 'Jane', Company: { name: 'Acme' }, Tier: 3, VIP: true, Note: null, 'Last Name': 'Doe' },
	{ Email: 'joe@acme.com', 'First Name': 'Jöe “JJ”', Company: { name: 'Ünïcode' }, Tier: 0, VIP: false, Note: '=not an expression', 'Last Name': '' },
];

/** Lead → Create with every field mapped; `wrap` turns `$json…` into an expression n8n must evaluate itself. */
function createWith(wrap: (path: string) => string): INodeParameters {
	return {
		resource: 'lead',
		operation: 'create',
		addTo: 'campaign',
		campaignId: campaign.id,
		email: wrap('$json.Email'),
		leadFields: {
			firstName: wrap('$json["First Name"]'),
			lastName: wrap("$json['Last Name']"),
			companyName: wrap('$json.Company.name'),
			customVariables: {
				variable: [
					{ key: 'tier', value: wrap('$json.Tier') },
					{ key: 'vip', value: wrap('$json.VIP') },
					{ key: 'note', value: wrap('$json.Note') },
				],
			},
		},
	};
}

test('a mapped field gives the same request as n8n evaluating the expression itself', async () => {
	const direct = await runNode({ parameters: createWith((p) => `={{ ${p} }}`), items: rows, credentials });
	const directBodies = sandbox.requests.map((r) => r.body);
	sandbox.reset();
	campaign = addCampaign(sandbox.state, 'Spring launch');
	// `(…)` is still the same value, but no longer a plain field reference: n8n's engine evaluates it.
	const evaluated = await runNode({
		parameters: { ...createWith((p) => `={{ (${p}) }}`), campaignId: campaign.id },
		items: rows,
		credentials,
	});
	const evaluatedBodies = sandbox.requests.map((r) => r.body);

	expect([direct.error, evaluated.error]).toEqual([undefined, undefined]);
	expect(directBodies).toHaveLength(2);
	const withoutCampaign = (bodies: unknown[]) => bodies.map((b) => ({ ...(b as IDataObject), campaign: undefined }));
	expect(withoutCampaign(directBodies)).toEqual(withoutCampaign(evaluatedBodies));
	expect(directBodies[0]).toMatchObject({
		email: 'jane@acme.com',
		first_name: 'Jane',
		last_name: 'Doe',
		company_name: 'Acme',
		custom_variables: { tier: 3, vip: true },
	});
});

describe('mappedDirectly', () => {
	const json = { a: { b: 'deep' }, 'First Name': 'Jane', list: ['x', 'y'], n: 0, t: false, z: null, o: { k: 1 } };

	test.each([
		['={{ $json.a.b }}', 'deep'],
		['={{$json["First Name"]}}', 'Jane'],
		["={{ $json['First Name'] }}", 'Jane'],
		['={{ $json.list[1] }}', 'y'],
		['={{ $json.n }}', 0],
		['={{ $json.t }}', false],
		['={{ $json.z }}', null],
		['plain text', 'plain text'],
	])('reads %s from the item', (raw, value) => {
		expect(mappedDirectly(raw, json)).toEqual({ value });
	});

	test.each([
		['an object', '={{ $json.o }}'],
		['an array', '={{ $json.list }}'],
		['a missing field', '={{ $json.missing }}'],
		['a path through text', '={{ $json.a.b.length }}'],
		['text around the expression', '=Hi {{ $json.a.b }}'],
		['two expressions', '={{ $json.n }}{{ $json.n }}'],
		['a method call', '={{ $json.a.b.toUpperCase() }}'],
		['another node', "={{ $('Sheet').item.json.a }}"],
		['an inherited property', '={{ $json.constructor }}'],
		['an escaped quote', '={{ $json["a\\"b"] }}'],
	])('leaves %s to n8n', (_, raw) => {
		expect(mappedDirectly(raw, json)).toBeUndefined();
	});

	test('walks collections, and leaves the whole one to n8n when one value needs it', () => {
		expect(mappedDirectly({ first: '={{ $json.a.b }}', fixed: 1, list: [{ v: '={{ $json.n }}' }] }, json)).toEqual({
			value: { first: 'deep', fixed: 1, list: [{ v: 0 }] },
		});
		expect(mappedDirectly({ first: '={{ $json.a.b }}', other: '={{ $json.o }}' }, json)).toBeUndefined();
		expect(mappedDirectly({ __rl: true, mode: 'id', value: 'x' }, json)).toBeUndefined();
	});
});
