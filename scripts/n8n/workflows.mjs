// Builds n8n workflow JSON (the format `n8n import:workflow` reads) for the demo and the e2e tests.
import { PACKAGE } from './lib.mjs';

export const INSTANTLY = `${PACKAGE.name}.instantly`;

/** Credentials the scripts import, by fixed id so re-imports update them in place. */
export const CREDENTIALS = {
	sandbox: { id: 'instantlySandbox1', name: 'Instantly (sandbox)' },
	real: { id: 'instantlyRealApi1', name: 'Instantly' },
	wrongKey: { id: 'instantlyWrongKey', name: 'Instantly (wrong key)' },
	tls: { id: 'instantlyTlsFront', name: 'Instantly (sandbox over TLS)' },
};

export function credentialRecord(which, data) {
	return { ...CREDENTIALS[which], type: 'instantlyV2Api', data };
}

/** A resource locator value "By ID", as the editor stores it. */
export const byId = (value) => ({ __rl: true, mode: 'id', value });

export const trigger = (name = 'Start') => ({
	name,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
});

/** A Code node that returns the items built by `body` (JavaScript, run in n8n's task runner). */
export const code = (name, body) => ({
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode: body },
});

/** An Instantly node; `settings` holds node settings such as onError or executeOnce. */
export function instantly(name, parameters, { credential = 'sandbox', ...settings } = {}) {
	return {
		name,
		type: INSTANTLY,
		typeVersion: 1,
		parameters,
		credentials: { instantlyV2Api: { ...CREDENTIALS[credential] } },
		...settings,
	};
}

export const sticky = (name, content, { width = 380, height = 200 } = {}) => ({
	name,
	type: 'n8n-nodes-base.stickyNote',
	typeVersion: 1,
	parameters: { content, width, height },
});

/**
 * A workflow: `start` (a trigger) feeds each branch, a list of nodes connected left to right.
 * Branches run top to bottom, one after the other (execution order v1).
 */
export function workflow(id, name, { start = trigger(), branches, notes = [] }) {
	const nodes = [{ ...start, id: `${id}-0`, position: [0, 0] }];
	const connections = {};
	const connect = (from, to) => {
		connections[from.name] ??= { main: [[]] };
		connections[from.name].main[0].push({ node: to.name, type: 'main', index: 0 });
	};
	branches.forEach((branch, row) => {
		let previous = start;
		branch.forEach((node, column) => {
			nodes.push({ ...node, id: `${id}-${nodes.length}`, position: [(column + 1) * 240, row * 220] });
			connect(previous, node);
			previous = node;
		});
	});
	notes.forEach((note, i) => nodes.push({ ...note, id: `${id}-n${i}`, position: [-440, i * 260 - 60] }));
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const DEMO_NOTE = `## Instantly demo
Runs against the **Instantly sandbox** that \`npm run dev\` started on 127.0.0.1: a fake workspace with a campaign, lists, leads, labels and block list entries. Nothing leaves this machine.

Click **Execute workflow**, then open any node to see its output. See what the sandbox received: the \`/__sandbox/requests\` address printed by \`npm run dev\`.`;

const REAL_NOTE = `## Instantly demo (real API, read-only)
Uses the credential **Instantly** made from \`INSTANTLY_API_KEY\`. These nodes only read (10 records each); add your own nodes to write.`;

/** The demo `npm run dev` imports: every resource, against the sandbox's demo workspace. */
export function demoWorkflow(state) {
	const campaign = state.campaigns?.[0];
	const list = state.leadLists?.[0];
	const sample = [
		{ email: 'ada@analytical.example', first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines' },
		{ email: 'grace@cobol.example', first_name: 'Grace', last_name: 'Hopper', company: 'COBOL Inc.' },
		{ email: 'alan@turing.example', first_name: 'Alan', last_name: 'Turing', company: 'Bletchley Labs' },
	];
	return workflow('instantlyDemo', 'Instantly demo (sandbox)', {
		notes: [sticky('About this demo', DEMO_NOTE, { width: 400, height: 260 })],
		branches: [
			[
				code('Sample leads', `return ${JSON.stringify(sample.map((json) => ({ json })), null, 2)};`),
				instantly('Add leads to campaign', {
					resource: 'lead',
					operation: 'addMany',
					addTo: 'campaign',
					campaignId: byId(campaign?.id ?? ''),
					email: '={{ $json.email }}',
					leadFields: { firstName: '={{ $json.first_name }}', lastName: '={{ $json.last_name }}', companyName: '={{ $json.company }}' },
				}),
			],
			[
				instantly('Get leads of the campaign', {
					resource: 'lead',
					operation: 'getAll',
					returnAll: false,
					limit: 10,
					filters: { campaignId: byId(campaign?.id ?? '') },
				}),
			],
			[instantly('Get leads of a list', { resource: 'lead', operation: 'getAll', limit: 10, filters: { listId: byId(list?.id ?? '') } })],
			[instantly('Get lead labels', { resource: 'leadLabel', operation: 'getAll', returnAll: true })],
			[
				instantly('Block a domain', { resource: 'blockListEntry', operation: 'create', blValue: 'competitor-two.com' }),
				instantly('Get the block list', { resource: 'blockListEntry', operation: 'getAll', returnAll: true }, { executeOnce: true }),
			],
		],
	});
}

/** With INSTANTLY_API_KEY: a demo that only reads from the user's real workspace. */
export function realApiDemoWorkflow() {
	const read = (name, resource) => instantly(name, { resource, operation: 'getAll', returnAll: false, limit: 10 }, { credential: 'real' });
	return workflow('instantlyDemoReal', 'Instantly demo (real API, read-only)', {
		notes: [sticky('About this demo', REAL_NOTE, { width: 400, height: 200 })],
		branches: [[read('Get leads', 'lead')], [read('Get lead labels', 'leadLabel')], [read('Get block list entries', 'blockListEntry')]],
	});
}
