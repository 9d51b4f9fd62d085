import { runNode, type Credentials } from './engine';
import type { Sandbox } from './sandbox';
import { blockListEntries } from './sandbox/routes/blockListEntries';
import { useSandbox } from './support/useSandbox';

// Without "On Error → Continue" n8n fails the whole node on the first failed item and discards every
// other item's result: requests still queued behind the limiter must then not be sent, or a re-run
// of the workflow would create those records a second time.
let sandbox: Sandbox;
let credentials: Credentials;

useSandbox((s, c) => {
	sandbox = s;
	credentials = c;
});

const items = Array.from({ length: 150 }, (_, i) => ({ value: `stop-${i}.com` }));
const parameters = { resource: 'blockListEntry', operation: 'create', blValue: '={{ $json.value }}' };
const rejectFirst = () =>
	sandbox.inject({
		fault: { kind: 'status', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'body/bl_value is reserved' } },
		method: 'POST',
		times: 1,
	});

it('stops sending queued items once one has failed, and reports that item', async () => {
	rejectFirst();
	const { error, items: output } = await runNode({ parameters, items, credentials });
	expect(error?.message).toBe('Instantly answered 400: body/bl_value is reserved');
	expect(error?.context?.itemIndex).toBe(0);
	expect(output).toHaveLength(0);
	// The first second's budget (100) may already be on the wire; nothing queued after the failure is sent.
	expect(sandbox.requests.length).toBeLessThanOrEqual(100);
	expect(blockListEntries(sandbox.state).size).toBe(sandbox.requests.length - 1);
});

it('with On Error → Continue, sends every item and reports only the failed one', async () => {
	rejectFirst();
	const { items: output } = await runNode({ parameters, items, credentials, onError: 'continueRegularOutput' });
	expect(sandbox.requests).toHaveLength(150);
	expect(output).toHaveLength(150);
	expect(output.filter((i) => i.json.error)).toHaveLength(1);
	expect(output[0].json.error).toBe('Instantly answered 400: body/bl_value is reserved');
	expect(blockListEntries(sandbox.state).size).toBe(149);
});
