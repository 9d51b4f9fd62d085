// How the real-n8n suites read what n8n printed: pure functions over text and run data, unit-tested in
// test/runLogs.test.ts on samples of n8n 2.41.1's output (test/fixtures/n8n-logs/*.txt). CommonJS so that both the
// scripts (ES modules) and jest can load it without a build.
'use strict';

/** n8n's log lines start at the margin; stack frames and the run data it prints (indented JSON) do not. */
const atMargin = (line) => !/^[\s{}\]]/.test(line);

/**
 * n8n's log without the run data it printed (megabytes of items, and cut anywhere in the output's tail).
 */
function logWithoutRunData(output) {
	return output.split('\n').filter(atMargin).join('\n').trim();
}

/**
 * Whether a run succeeded, by n8n's own execution data rather than by `n8n execute`'s exit code: the run's
 * error, each node's execution status and error, and the node it ran last. `failingNodes`: nodes that may fail on
 * purpose (an agent's tool answering a 404 the agent then reports); their failure alone does not fail the run, as
 * long as the run itself carries no error.
 */
function judgeRun(data, { failingNodes = [] } = {}) {
	const resultData = data && data.data && data.data.resultData;
	if (!resultData) return { ok: false, reason: 'n8n printed no run data', failedNodes: [], toleratedNodes: [] };
	const failed = Object.entries(resultData.runData || {})
		.filter(([, runs]) => runs.some((r) => r.executionStatus === 'error' || r.error))
		.map(([node]) => node);
	const toleratedNodes = failed.filter((node) => failingNodes.includes(node));
	const untolerated = failed.filter((node) => !failingNodes.includes(node));
	const verdict = (ok, reason) => ({ ok, ...(reason ? { reason } : {}), failedNodes: failed, toleratedNodes });
	if (resultData.error) {
		const { message = '', description = '' } = resultData.error;
		return verdict(false, `the run failed: ${message} ${description || ''}`.trim());
	}
	if (untolerated.length) return verdict(false, `node(s) failed: ${untolerated.join(', ')}`);
	if (!resultData.lastNodeExecuted) return verdict(false, 'no node ran');
	// n8n 1.x prints the run before it stores its final status ("running"): only a failed status counts, and
	// "error" not when it comes from a node that fails on purpose.
	const failedStatus = ['error', 'crashed', 'canceled'].includes(data.status);
	if (failedStatus && !(data.status === 'error' && toleratedNodes.length)) return verdict(false, `the run's status is "${data.status}"`);
	return verdict(true);
}

/**
 * What n8n's node loader says when it cannot load a package (n8n-core's nodes-loader and the CLI's
 * LoadNodesAndCredentials, 1.85–2.41): these messages name the package, or (class not found) come from the
 * loader alone.
 */
const LOADER_MESSAGES = [
	/Failed to load package/i,
	/Skipping package/i,
	/Unrecognized (node|credential) type/i,
	/is already (loaded|registered)/i,
	/Hot reload failed/i,
	/Failed to load Custom API options/i,
	/Error loading package/i,
];
/** Node's own errors when a required file is missing or not valid JavaScript. */
const REQUIRE_ERRORS = /SyntaxError|Cannot find module|ERR_REQUIRE_ESM|ERR_MODULE_NOT_FOUND|ERR_PACKAGE_PATH_NOT_EXPORTED/;

/**
 * A log as entries: a line at the margin starts one; indented lines (stack frames, JSON) and the "Require stack:"
 * list of a require error (`- /path/file.js`) belong to the entry above them.
 */
function logEntries(logText) {
	const entries = [];
	for (const line of logText.split('\n')) {
		const continues = !atMargin(line) || /^(- \/|Require stack:)/.test(line);
		if (continues && entries.length) entries[entries.length - 1] += `\n${line}`;
		else entries.push(line);
	}
	return entries;
}

/**
 * The entries of an n8n log that say n8n could not load this package: the loader's messages about it (failed to
 * load or import the package, a node or credential type it does not know, a class not found) and require/syntax
 * errors naming the package's files. Not an execution's error (a NodeApiError with a stack through the package's
 * files, printed by `n8n execute` for a workflow that fails on purpose), and nothing n8n prints around a crash
 * on exit ("No active execution found", "error in the post-execution promise").
 * `names`: what identifies the package in a message: its npm name, its node and credential type names.
 */
function loadProblems(logText, { packageName, names = [] }) {
	const ours = [packageName, ...names];
	const namesOurs = (text) => ours.some((name) => text.includes(name));
	return logEntries(logText)
		.filter((entry) => {
			const [first] = entry.split('\n');
			if (!atMargin(first) || !first.trim()) return false;
			if (/Class could not be found/.test(first)) return true;
			if (LOADER_MESSAGES.some((message) => message.test(first))) return namesOurs(first);
			// A require of a missing or broken file of ours: the message (or its Require stack / first frame) names it;
			// for a syntax error Node first prints the file and line (`/…/dist/nodes/X.node.js:60`).
			const ourFile = new RegExp(`${escape(packageName)}/dist/`);
			if (new RegExp(`^/\\S*${escape(packageName)}/dist/\\S+\\.js:\\d+$`).test(first)) return true;
			return REQUIRE_ERRORS.test(first) && ourFile.test(entry);
		})
		.map((entry) => entry.split('\n').slice(0, 6).join('\n'));
}

/**
 * What `npm run dev` shows in its terminal for one line of n8n's log (the whole log goes to a file): n8n's warnings,
 * errors and loader messages at the margin, except what n8n 2.x logs around every execution that ends in an error ("There was an
 * error in the post-execution promise", "No active execution found", and the error's stack frames): the editor
 * shows that error, and a failed run is no crash. The first such line becomes one calm note; the rest are dropped.
 * Returns the text to print, or undefined. `seen`: kept across lines, for the note printed once.
 */
function devTerminalLine(line, { seen = new Set(), logFile = 'its log file' } = {}) {
	if (!atMargin(line) || !line.trim()) return undefined;
	if (/There was an error in the post-execution promise|No active execution found/.test(line)) {
		if (seen.has('execution-error')) return undefined;
		seen.add('execution-error');
		return 'An execution ended with an error (a node’s error, such as a wrong key or a 404: n8n logs it with a stack). ' +
			`Its message is in the editor and under Executions; n8n’s full log: ${logFile}. Not repeated here.`;
	}
	// n8n's loader says "Failed to load package …" without the word error.
	return /\b(error|warn)/i.test(line) || LOADER_MESSAGES.some((message) => message.test(line)) ? line : undefined;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = { devTerminalLine, judgeRun, loadProblems, logWithoutRunData };
