// Shared paths and process helpers for the real-n8n scripts (dev, e2e). Plain Node (20+), no dependencies.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProblems as classifyLoadProblems } from './run-logs.cjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKAGE = JSON.parse(
	await (await import('node:fs/promises')).readFile(path.join(ROOT, 'package.json'), 'utf8'),
);

/**
 * The oldest n8n release the e2e suite runs on (`npm run test:e2e:min`): the package needs n8n 1.85.0 or later
 * (package.json `engines.n8n`; n8n-workflow exports NodeConnectionTypes since n8n 1.85.0), and 1.85.3 is the
 * oldest 1.85 release this registry has.
 */
export const N8N_MIN_VERSION = '1.85.3';
/**
 * Pinned so every machine runs the same n8n; 2.41.3 does not resolve on this registry. `N8N_VERSION=…` runs the
 * real-n8n scripts on another release, `N8N_VERSION=min` on N8N_MIN_VERSION (`npm run test:e2e:min`).
 */
export const N8N_VERSION = process.env.N8N_VERSION === 'min' ? N8N_MIN_VERSION : process.env.N8N_VERSION || '2.41.1';
export const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
/**
 * The Node each n8n line asks for (its `engines`): n8n 2.x needs Node >= 24, n8n 1.x runs on 18.17–22. The
 * binary comes from the npm registry (the package `node@24` installs), so the machine's own Node is left alone.
 */
export const NODE_VERSION = N8N_MAJOR >= 2 ? '24.21.0' : '22.22.0';
export const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);

/** This checkout's n8n user folders, packed tarball and throwaway data. */
export const CACHE = path.join(ROOT, '.cache', 'n8n-runtime');
/**
 * Node 24 and n8n themselves (~2.7 GB, ~5 min to install) are shared by every checkout of this user, one folder per
 * version, like npm's own cache: a fresh clone reuses them. `INSTANTLY_N8N_RUNTIME` puts them elsewhere.
 */
export const RUNTIME = process.env.INSTANTLY_N8N_RUNTIME || path.join(os.homedir(), '.cache', 'n8n-nodes-instantly-v2');
export const NODE_DIR = path.join(RUNTIME, `node-${NODE_VERSION}`);
export const N8N_DIR = path.join(RUNTIME, `n8n-${N8N_VERSION}`);
export const NODE_PKG_DIR = path.join(NODE_DIR, 'node_modules', `node-${process.platform}-${process.arch}`);
export const NODE_BIN = path.join(NODE_PKG_DIR, 'bin', 'node');
export const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** npm of the Node running this script; run under n8n's Node (NODE_BIN) so native addons build for it. */
export const NPM_CLI = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

export const log = (message) => process.stdout.write(`[n8n] ${message}\n`);

export function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Env for anything run under n8n's Node (NODE_BIN): its `node` first on PATH and its headers for native builds. */
export function nodeEnv(extra = {}) {
	// `npm run …` exports this repository's npm settings as npm_config_* (ignore-scripts=true among them):
	// inherited, they would stop n8n's own native addons (sqlite3, isolated-vm) from being built.
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name)),
	);
	return {
		...inherited,
		PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: NODE_PKG_DIR,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		...extra,
	};
}

/**
 * The end of `text`, at most `max` characters, from the start of a line: a tail cut mid-line began with a piece of
 * the run data's JSON at the margin (`: Instantly answered 401…\n    at nodeApiError (…)` out of an error's
 * "stack"), which looked like a log line.
 */
function lastLines(text, max) {
	if (text.length <= max) return text;
	const cut = text.slice(-max);
	return cut.slice(cut.indexOf('\n') + 1);
}

/**
 * Runs a command to completion and resolves with how it ended, whatever that was: `{ code, signal, stdout,
 * output }` (`output` = the tail of stdout and stderr interleaved, as a terminal would show them).
 */
export function runSettled(command, args, { cwd = ROOT, env = process.env, quiet = true, uid, gid, stdoutFile } = {}) {
	return new Promise((resolve, reject) => {
		// A process that prints megabytes and exits at once (`n8n execute --rawOutput` ends with process.exit())
		// loses what a busy pipe had not taken yet; written to a file, nothing is lost.
		const fd = stdoutFile ? openSync(stdoutFile, 'w') : undefined;
		const child = spawn(command, args, { cwd, env, uid, gid, stdio: quiet ? ['ignore', fd ?? 'pipe', 'pipe'] : 'inherit' });
		if (fd !== undefined) closeSync(fd);
		const stdout = [];
		let tail = '';
		const keep = (chunk) => {
			tail = lastLines(tail + chunk.toString(), 20000);
		};
		child.stdout?.on('data', (chunk) => {
			stdout.push(chunk);
			keep(chunk);
		});
		child.stderr?.on('data', keep);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			let text = Buffer.concat(stdout).toString('utf8');
			if (stdoutFile) {
				text = readFileSync(stdoutFile, 'utf8');
				rmSync(stdoutFile, { force: true });
				tail = lastLines(`${lastLines(text, 10000)}${tail}`, 20000);
			}
			resolve({ code, signal, stdout: text, output: tail });
		});
	});
}

/**
 * Runs a command to completion and resolves with its stdout; rejects on a non-zero exit with the
 * tail of its combined output, and with `stdout` on the error for callers that want it anyway.
 */
export async function run(command, args, options = {}) {
	const { code, signal, stdout, output } = await runSettled(command, args, options);
	if (code === 0) return stdout;
	const error = new Error(`${path.basename(command)} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${output.slice(-4000)}`);
	error.stdout = stdout;
	error.output = output;
	throw error;
}

/** npm run under n8n's Node (falls back to the npm on PATH when this Node has no bundled npm-cli.js). */
export function runtimeNpm(args, options = {}) {
	if (existsSync(NPM_CLI)) return run(NODE_BIN, [NPM_CLI, ...args], { env: nodeEnv(), ...options });
	return run('npm', args, { env: nodeEnv(), ...options });
}

/** The n8n user folder of one profile (`dev`, `e2e`): n8n keeps its database, key and nodes in `<it>/.n8n`. */
export const userFolder = (profile) => path.join(CACHE, `user-${profile}`);

/**
 * Environment for every n8n command of one profile. Local-only and quiet: bound to 127.0.0.1, nothing
 * phoning home (diagnostics, version checks, templates, the verified-packages list), and the sandbox on
 * 127.0.0.1 reachable even where SSRF protection is switched on (it is off by default in 2.41).
 */
export function n8nEnv(profile, { port = 5678, extra = {} } = {}) {
	const env = nodeEnv({
		N8N_USER_FOLDER: userFolder(profile),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// Its registry refresh calls api.n8n.io at start (unreachable here, and unasked for in a dev sandbox).
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.0/8',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		DB_SQLITE_POOL_SIZE: '2',
		...extra,
	});
	// A developer's own n8n settings (another user folder, queue mode…) must not leak into these runs.
	// N8N_VERSION picks the release these scripts run; n8n would hand it on to its task runners as its own.
	for (const name of ['N8N_CONFIG_FILES', 'EXECUTIONS_MODE', 'DB_TYPE', 'N8N_ENCRYPTION_KEY', 'N8N_VERSION']) {
		if (!(name in extra)) delete env[name];
	}
	return env;
}

/**
 * `n8n execute --rawOutput` prints the run as pretty JSON, after a line or two of runner notices: the first
 * top-level object that holds `data.resultData` (a notice printed as JSON of its own is passed over).
 */
export function parseRun(output) {
	const opening = /^\{$/gm;
	let first;
	for (let match; (match = opening.exec(output)); ) {
		const end = output.slice(match.index).search(/^\}$/m);
		if (end === -1) break;
		try {
			const value = JSON.parse(output.slice(match.index, match.index + end + 1));
			if (value?.data?.resultData) return value;
			first ??= value;
		} catch {
			// not JSON after all
		}
	}
	return first;
}

/**
 * Imports credentials and workflows with n8n's CLI (`cli(args)` runs one n8n command) through files in `dir`,
 * removed after: the credential file holds keys in clear. Resolves with the commands' output.
 */
export async function importIntoN8n({ dir, cli, credentials, workflows }) {
	await rm(dir, { recursive: true, force: true });
	await mkdir(path.join(dir, 'workflows'), { recursive: true });
	try {
		await writeFile(path.join(dir, 'credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
		for (const w of workflows) await writeFile(path.join(dir, 'workflows', `${w.id}.json`), JSON.stringify(w));
		return [
			await cli(['import:credentials', `--input=${path.join(dir, 'credentials.json')}`]),
			await cli(['import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`]),
		].join('\n');
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** Runs one n8n CLI command of a profile to completion and returns its output. */
export function n8nCli(profile, args, options = {}) {
	return run(NODE_BIN, [N8N_BIN, ...args], { cwd: userFolder(profile), env: n8nEnv(profile, options), quiet: true });
}

/** The same, resolving with how the command ended (see runSettled) instead of rejecting on a non-zero exit. */
let outputFiles = 0;

export function n8nCliSettled(profile, args, options = {}) {
	const stdoutFile = path.join(userFolder(profile), `.stdout-${process.pid}-${++outputFiles}`);
	return runSettled(NODE_BIN, [N8N_BIN, ...args], { cwd: userFolder(profile), env: n8nEnv(profile, options), quiet: true, stdoutFile });
}

/**
 * Long-running children (sandbox, n8n) get a process group of their own, so stopping one also stops
 * what it started (n8n's task runner) and a terminal's Ctrl-C reaches only us: we stop them in order.
 */
const children = new Set();

/**
 * `stdout`: a file descriptor to write the child's standard output to instead of a pipe. A process that prints
 * megabytes and exits at once (`n8n execute --rawOutput`) loses what a busy pipe had not taken yet; a file does not.
 */
export function spawnService(command, args, { cwd = ROOT, env = process.env, onOutput, uid, gid, stdout = 'pipe' } = {}) {
	const child = spawn(command, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', stdout, 'pipe'] });
	children.add(child);
	child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	child.exited.then(() => children.delete(child));
	if (onOutput) {
		child.stdout?.on('data', onOutput);
		child.stderr.on('data', onOutput);
	}
	return child;
}

function signalGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

/** SIGTERM to the child's whole group, SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopService(child, graceMs = 15000) {
	if (!children.has(child)) return;
	signalGroup(child, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
	await child.exited;
	clearTimeout(timer);
	// n8n's task runner may outlive its parent by a moment; the group signal reaches it too.
	signalGroup(child, 'SIGKILL');
}

/** Last resort when this process exits without the orderly stop (an uncaught error). */
process.on('exit', () => {
	for (const child of children) signalGroup(child, 'SIGKILL');
});

/** Whether nothing listens on `port` of 127.0.0.1. */
export function portFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** Linux's range for the local side of outgoing connections (any connection on the machine may take one). */
function ephemeralPorts() {
	try {
		const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
		if (low > 0 && high >= low) return { low, high };
	} catch {
		// not Linux
	}
	return { low: 32768, high: 60999 };
}

/**
 * A free loopback port whose next `span - 1` ports are free too (an n8n process also takes its port + 1
 * for its task runners). Picked at random below the ephemeral range: a port the kernel hands out (`listen(0)`)
 * can be taken by any outgoing connection of the machine before n8n binds it, which made runs fail now and then.
 */
export async function freePort(span = 1) {
	const from = 20000;
	const to = Math.min(ephemeralPorts().low, 65536) - span;
	for (let attempt = 0; attempt < 200; attempt++) {
		const port = from + randomInt(Math.max(1, to - from));
		let free = true;
		for (let next = port; free && next < port + span; next++) free = await portFree(next);
		if (free) return port;
	}
	throw new Error(`No ${span} free consecutive ports on 127.0.0.1 between ${from} and ${to}`);
}

/** Starts `build/test/sandbox/cli.js` (run `npm run build:tools` first); resolves with {child, url, apiKey}. */
export function startSandbox(args = ['--demo']) {
	return new Promise((resolve, reject) => {
		let buffer = '';
		const child = spawnService(process.execPath, [path.join(ROOT, 'build/test/sandbox/cli.js'), ...args], {
			onOutput: (chunk) => {
				buffer += chunk.toString();
				const line = buffer.split('\n').find((l) => l.startsWith('{'));
				if (line) resolve({ child, ...JSON.parse(line) });
			},
		});
		child.exited.then(({ code }) => reject(new Error(`The sandbox exited (code ${code}) before listening:\n${buffer}`)));
	});
}

/** Resolves once n8n answers on its readiness endpoint; rejects if the process exits first. */
export async function waitForN8n(child, port, timeoutMs = 120000) {
	const until = Date.now() + timeoutMs;
	let exited = false;
	child.exited.then(() => (exited = true));
	while (Date.now() < until) {
		if (exited) throw new Error('n8n exited while starting');
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n did not become ready on port ${port} within ${timeoutMs / 1000} s`);
}

/** A bcrypt hash for N8N_INSTANCE_OWNER_PASSWORD_HASH, made with n8n's own bcryptjs. */
export async function bcryptHash(password) {
	const { createRequire } = await import('node:module');
	const bcrypt = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))('bcryptjs');
	return bcrypt.hashSync(password, 10);
}

/** The login `npm run dev` prepares; n8n's rules: 8+ characters, a number and a capital letter. */
export const OWNER = { email: 'owner@example.com', password: 'Instantly-dev-1', firstName: 'Dev', lastName: 'Owner' };

/** n8n sets up (and keeps) this owner account at start: the supported way since n8n 2.x, no REST call. */
export async function ownerEnv(owner = OWNER) {
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: await bcryptHash(owner.password),
	};
}

/**
 * n8n 1.x has no owner settings in the environment (ownerEnv): its first user is set up through the REST API,
 * as the editor's setup screen does. Resolves once the owner can log in.
 */
export async function setupOwner(port, owner = OWNER, timeoutMs = 120000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(`http://127.0.0.1:${port}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (res.ok) return;
		// n8n 1.x answers /healthz/readiness before it has registered its REST routes.
		if (res.status !== 404 || Date.now() > until) {
			throw new Error(`Setting up the owner ${owner.email} failed: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Logs in through n8n's REST API; resolves with a fetch that carries the session cookie. */
export async function login(port, owner = OWNER) {
	const base = `http://127.0.0.1:${port}`;
	const res = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		// n8n 2.x reads emailOrLdapLoginId, 1.x email.
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
	});
	if (!res.ok) throw new Error(`Login as ${owner.email} failed: HTTP ${res.status} ${await res.text()}`);
	const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	return (url, init = {}) => fetch(`${base}${url}`, { ...init, headers: { ...init.headers, cookie } });
}

/** Proves n8n loaded this package: its node and credential types are in n8n's type lists. */
export async function checkLoaded(port) {
	const get = await login(port);
	const nodes = await (await get('/types/nodes.json')).json();
	const credentials = await (await get('/types/credentials.json')).json();
	const node = nodes.find((n) => n.name === `${PACKAGE.name}.instantly`);
	const credential = credentials.find((c) => c.name === 'instantlyV2Api');
	return { node, credential };
}

/** The entries of an n8n log that say n8n could not load this package (run-logs.cjs, unit-tested). */
export function loadProblems(logText) {
	return classifyLoadProblems(logText, { packageName: PACKAGE.name, names: ['instantlyV2Api'] });
}

/**
 * The tiny test runner of the e2e and queue-mode suites: `test(name, fn)` logs ✔/✘ and goes on after a failure;
 * `finish(summary)` prints the failures and the closing `N passed, M failed` line CI reads, and sets the exit code;
 * `crash(error)` reports a suite that could not go on as one more failure.
 */
export function createSuite({ only } = {}) {
	// `only`: substrings of test names, separated by "|" (E2E_ONLY='agent|logs in').
	const results = [];
	const failures = () => results.filter((r) => !r.ok);
	return {
		async test(name, fn) {
			if (only && !only.toLowerCase().split('|').some((part) => name.toLowerCase().includes(part))) return;
			const started = Date.now();
			try {
				await fn();
				results.push({ name, ok: true });
				log(`✔ ${name} (${seconds(started)})`);
			} catch (error) {
				results.push({ name, ok: false });
				const detail = String(error?.stack ?? error).split('\n').slice(0, 40).map((line) => `    ${line}`).join('\n');
				log(`✘ ${name} (${seconds(started)})\n${detail}`);
			}
		},
		finish(summary) {
			const failed = failures().length;
			log(summary);
			if (failed) log(`Failed:\n${failures().map((r) => `  - ${r.name}`).join('\n')}`);
			process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
			process.exitCode = failed || !results.length ? 1 : 0;
		},
		crash(error) {
			console.error(error?.stack ?? error);
			const failed = failures().length + 1;
			process.stdout.write(`${results.length + 1 - failed} passed, ${failed} failed\n`);
			process.exit(1);
		},
	};
}
