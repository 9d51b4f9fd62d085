// The real-n8n suites read n8n's free-form output (scripts/n8n/run-logs.cjs): a load failure of the package must
// be found, an execution's expected error or n8n's noise around a crash must not. Samples: what n8n 2.41.1 printed
// (test/fixtures/n8n-logs/*.txt), for runs that fail on purpose and for a deliberately broken install of the package.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { devTerminalLine, judgeRun, loadProblems } from '../scripts/n8n/run-logs.cjs';

const sample = (name: string) => readFileSync(path.join(__dirname, 'fixtures', 'n8n-logs', name), 'utf8');
const problems = (text: string) => loadProblems(text, { packageName: 'n8n-nodes-instantly-v2', names: ['instantlyV2Api'] });

describe('loadProblems', () => {
	test.each(['execute-401.txt', 'execute-404.txt', 'execute-agent-404.txt', 'execute-401-cut-mid-line.txt'])(
		'an execution that fails on purpose, and what n8n prints around it, is no load problem (%s)',
		(name) => {
			expect(problems(sample(name))).toEqual([]);
		},
	);

	test('the line CI flagged: a tail of the run data cut mid-line, a piece of the 401’s stack at the margin', () => {
		// What the old check (the package's name and "error" on a line at the margin) took for a load problem.
		const [first] = sample('execute-401-cut-mid-line.txt').split('\n');
		expect(first).toMatch(/^: Instantly answered 401: Invalid API key\\n {4}at nodeApiError \(.*n8n-nodes-instantly-v2/);
		expect(problems(first)).toEqual([]);
	});

	test('an expected 401 whose stack runs through the package’s files, on one line', () => {
		const line =
			'Error: Instantly answered 401: Invalid API key\\n    at nodeApiError (/root/.cache/n8n-runtime/user-e2e/.n8n/nodes/node_modules/n8n-nodes-instantly-v2/nodes/Instantly/shared/errors.ts:159:16)\\n    at toNodeApiError (…/n8n-nodes-instantly-v2/dist/nodes/Instantly/shared/errors.js:54:12)';
		expect(problems(line)).toEqual([]);
	});

	test.each([
		['load-syntax.txt', /dist\/nodes\/Instantly\/Instantly\.node\.js:60/],
		['load-class-name.txt', /Failed to load package "n8n-nodes-instantly-v2"/],
		['load-missing-credential.txt', /Cannot find module '.*\/dist\/credentials\/InstantlyV2Api\.credentials\.js'/],
		['load-missing-require.txt', /Cannot find module '\.\/no-such-module'\nRequire stack:\n- .*n8n-nodes-instantly-v2\/dist\//],
	])('a broken install is found (%s)', (name, names) => {
		const found = problems(sample(name));
		expect(found.length).toBeGreaterThan(0);
		expect(found.join('\n')).toMatch(names);
	});

	test('loader messages about another package are not this package’s problem', () => {
		expect(problems('Failed to load package "n8n-nodes-other"\nSkipping package "n8n-nodes-other": it requires node API version 2')).toEqual([]);
		expect(problems('Skipping package "n8n-nodes-instantly-v2": it requires node API version 2, but this n8n version supports up to 1.')).toHaveLength(1);
		expect(problems('Unrecognized credential type: instantlyV2Api')).toHaveLength(1);
	});
});

describe('judgeRun', () => {
	const run = (runData: Record<string, unknown[]>, extra: Record<string, unknown> = {}) => ({
		status: 'success',
		...extra,
		data: { resultData: { runData, lastNodeExecuted: Object.keys(runData).pop(), ...((extra.resultData as object) ?? {}) } },
	});

	test('a run whose tool node fails on purpose (the agent reports the 404) passes when the case names that node', () => {
		const data = run({ 'When chat message received': [{}], 'Get lead': [{ executionStatus: 'error', error: { message: '404' } }], 'AI Agent': [{}] }, { status: 'error' });
		expect(judgeRun(data).ok).toBe(false);
		expect(judgeRun(data, { failingNodes: ['Get lead'] })).toEqual({ ok: true, failedNodes: ['Get lead'], toleratedNodes: ['Get lead'] });
	});

	test('a failure of another node, or of the run itself, still fails it', () => {
		const other = run({ 'Get lead': [{ error: { message: '404' } }], 'Set': [{ executionStatus: 'error' }] });
		expect(judgeRun(other, { failingNodes: ['Get lead'] })).toMatchObject({ ok: false, reason: 'node(s) failed: Set' });
		const runError = run({ 'Get lead': [{ error: { message: '404' } }] }, { resultData: { error: { message: 'Instantly answered 404' } } });
		expect(judgeRun(runError, { failingNodes: ['Get lead'] })).toMatchObject({ ok: false, reason: 'the run failed: Instantly answered 404' });
		expect(judgeRun(run({ A: [{}] }, { status: 'crashed' }))).toMatchObject({ ok: false });
		expect(judgeRun(undefined)).toMatchObject({ ok: false, reason: 'n8n printed no run data' });
	});
});

describe('devTerminalLine (npm run dev)', () => {
	// Not a recorded sample: the lines the issue reported from `npm run dev`, in the layout n8n 2.41.1 logs an error
	// with (message, error, stack; as in load-*.txt), worded as in n8n's workflow-runner.js and active-executions.js.
	test('n8n’s lines around a failed execution become one calm note; stack frames and routine lines are not shown', () => {
		const options = { seen: new Set<string>(), logFile: '.cache/n8n-runtime/user-dev/n8n.log' };
		const shown = sample('dev-failed-execution.txt')
			.split('\n')
			.map((line) => devTerminalLine(line, options))
			.filter(Boolean);
		expect(shown.filter((line) => line?.startsWith('An execution ended with an error'))).toHaveLength(1);
		expect(shown.join('\n')).not.toMatch(/No active execution found|post-execution promise|^\s+at /m);
	});

	test('other warnings and errors still show', () => {
		expect(devTerminalLine('Failed to load package "n8n-nodes-instantly-v2"')).toBe('Failed to load package "n8n-nodes-instantly-v2"');
		expect(devTerminalLine('Editor is now accessible via:')).toBeUndefined();
	});
});
