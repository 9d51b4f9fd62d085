/**
 * In an AI Agent's in-process tool path, n8n (n8n-core 2.41: getInputConnectionData → makeHandleToolInvocation)
 * gives every call of every tool node connected to the agent the AGENT's execute data. These contexts are built
 * the same way — two Instantly tools, two credentials, one shared execute data object, the same Get twice — and
 * show that the per-run caches keep them apart.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ledgerFor } from '../nodes/Instantly/shared/ledger';
import { connect } from '../nodes/Instantly/shared/transport';

const TOOL = 'n8n-nodes-instantly-v2.instantlyTool';

function context(executeData: object, name: string, credentialId: string, apiKey: string, type = TOOL): IExecuteFunctions {
	return {
		getExecuteData: () => executeData,
		getNode: () => ({ id: name, name, type, typeVersion: 1, position: [0, 0], parameters: {}, credentials: { instantlyV2Api: { id: credentialId, name } } }),
		getCredentials: async () => ({ apiKey, baseUrl: 'https://api.instantly.ai', requestsPerSecond: 100 }),
		getInputData: () => [{ json: {} }],
		getNodeParameter: () => ({}),
	} as unknown as IExecuteFunctions;
}

const output = (id: string): INodeExecutionData[] => [{ json: { id }, pairedItem: { item: 0 } }];

describe('one agent run, two Instantly tools with their own credentials, sharing the agent’s execute data', () => {
	test('each tool gets its own connection (its own key); calls of one tool share theirs', async () => {
		const agentRun = {};
		const workspaceA = context(agentRun, 'Instantly A', 'cred-a', 'key-of-workspace-a');
		const workspaceB = context(agentRun, 'Instantly B', 'cred-b', 'key-of-workspace-b');

		const [a, b, aAgain] = [await connect(workspaceA), await connect(workspaceB), await connect(context(agentRun, 'Instantly A', 'cred-a', 'key-of-workspace-a'))];

		expect(a.secret).toBe('key-of-workspace-a');
		expect(b.secret).toBe('key-of-workspace-b');
		expect(a.limiter).not.toBe(b.limiter);
		expect(aAgain).toBe(a);
	});

	test('the same Get twice in one agent run is not answered from the first call’s ledger', () => {
		const agentRun = {};
		const first = ledgerFor(context(agentRun, 'Instantly A', 'cred-a', 'k'));
		first.complete('GET /api/v2/leads/1', output('first answer'));

		const second = ledgerFor(context(agentRun, 'Instantly A', 'cred-a', 'k'));

		expect(second.completed('GET /api/v2/leads/1')).toBeUndefined();
		expect(second.entry('GET /api/v2/leads/1')).toBeUndefined();
	});

	test('a tool call’s uncertain create is still known to its retry (a later call of the same tool), which then looks first', () => {
		const agentRun = {};
		ledgerFor(context(agentRun, 'Instantly A', 'cred-a', 'k')).uncertain('POST /api/v2/lead-labels');

		expect(ledgerFor(context(agentRun, 'Instantly A', 'cred-a', 'k')).entry('POST /api/v2/lead-labels')).toEqual({ state: 'uncertain' });
		expect(ledgerFor(context(agentRun, 'Instantly B', 'cred-b', 'k')).entry('POST /api/v2/lead-labels')).toBeUndefined();
	});

	test('outside the tool path, the tries of one node run share one ledger; two nodes of a run do not', () => {
		const run = {};
		const node = (name: string) => context(run, name, 'cred-a', 'k', 'n8n-nodes-instantly-v2.instantly');
		ledgerFor(node('Instantly')).complete('POST /x', output('created'));

		expect(ledgerFor(node('Instantly')).completed('POST /x')).toEqual(output('created'));
		expect(ledgerFor(node('Instantly 2')).completed('POST /x')).toBeUndefined();
	});
});
