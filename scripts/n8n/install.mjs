// Installs n8n's Node and n8n (pinned, or N8N_VERSION) into ~/.cache/n8n-nodes-instantly-v2/ once (shared by every clone); later runs reuse it.
// Each step writes a marker file only after it finished, so a half-finished install is redone from scratch.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE, N8N_BIN, RUNTIME, N8N_DIR, N8N_MAJOR, N8N_VERSION, NODE_BIN, NODE_DIR, NODE_MAJOR, NODE_VERSION, log, run, runtimeNpm, seconds } from './lib.mjs';

const MARKER = '.installed.json';
const NATIVE_ADDONS = ['sqlite3', 'isolated-vm'];

async function done(dir, expected) {
	try {
		return JSON.stringify(JSON.parse(await readFile(path.join(dir, MARKER), 'utf8'))) === JSON.stringify(expected);
	} catch {
		return false;
	}
}

/**
 * Dependencies n8n fetches from outside the npm registry, replaced by their last release on it: n8n 1.x takes
 * `xlsx` (the Spreadsheet File node's) from cdn.sheetjs.com. Nothing of this package's tests uses them.
 */
const REGISTRY_OVERRIDES = { xlsx: '0.18.5' };

async function fresh(dir, manifest = {}) {
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	// Its own package.json makes this folder npm's prefix, so the repository's settings stay out of it.
	await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, ...manifest })}\n`);
}

async function installNode() {
	const expected = { node: NODE_VERSION };
	if ((await done(NODE_DIR, expected)) && existsSync(NODE_BIN)) return;
	const started = Date.now();
	log(`Installing Node ${NODE_VERSION} from the npm registry into ${path.relative(process.cwd(), NODE_DIR)} (first run only, ~10 s)…`);
	await fresh(NODE_DIR);
	// The binary package that `npm install node@24` fetches in its postinstall, taken directly (no install script).
	await run('npm', ['install', `node-${process.platform}-${process.arch}@${NODE_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: NODE_DIR,
	});
	const version = (await run(NODE_BIN, ['--version'])).trim();
	if (version !== `v${NODE_VERSION}`) throw new Error(`Expected Node v${NODE_VERSION}, got ${version}`);
	await writeFile(path.join(NODE_DIR, MARKER), JSON.stringify(expected));
	log(`Node ${version} ready (${seconds(started)}).`);
}

async function installN8n() {
	const expected = { n8n: N8N_VERSION, node: NODE_VERSION };
	if ((await done(N8N_DIR, expected)) && existsSync(N8N_BIN)) return;
	let started = Date.now();
	log(`Installing n8n ${N8N_VERSION} into ${path.relative(process.cwd(), N8N_DIR)} (first run only: ~4 min, ~2.7 GB)…`);
	await fresh(N8N_DIR, N8N_MAJOR < 2 ? { overrides: REGISTRY_OVERRIDES } : {});
	// No install scripts: one of them (a Kafka client's) downloads from outside; the native addons n8n needs
	// are built just below, against its Node's headers.
	await runtimeNpm(['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: N8N_DIR });
	// sqlite3 in every n8n; isolated-vm (the expression engine's sandbox) only since n8n 2.
	const addons = NATIVE_ADDONS.filter((name) => existsSync(path.join(N8N_DIR, 'node_modules', name, 'package.json')));
	log(`n8n downloaded (${seconds(started)}). Building its native addons (${addons.join(', ')}) for Node ${NODE_MAJOR}…`);
	started = Date.now();
	await runtimeNpm(['rebuild', ...addons, '--ignore-scripts=false', '--foreground-scripts=false'], { cwd: N8N_DIR });
	// A rebuild that silently built nothing would only show later, as n8n failing to open its database.
	await run(NODE_BIN, ['-e', addons.map((name) => `require('${name}');`).join(' ')], { cwd: N8N_DIR });
	const version = (await run(NODE_BIN, [N8N_BIN, '--version'], { cwd: N8N_DIR })).trim().split('\n').pop();
	if (version !== N8N_VERSION) throw new Error(`Expected n8n ${N8N_VERSION}, got ${version}`);
	await writeFile(path.join(N8N_DIR, MARKER), JSON.stringify(expected));
	log(`n8n ${version} ready (${seconds(started)}).`);
}

/** Makes sure n8n and its Node are in the cache; fast when they already are. */
export async function ensureRuntime() {
	await mkdir(CACHE, { recursive: true });
	await mkdir(RUNTIME, { recursive: true });
	await installNode();
	await installN8n();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'node') {
	// `node scripts/n8n/install.mjs node`: Node alone, its bin folder on the last line (.ci/run puts it on PATH).
	mkdir(RUNTIME, { recursive: true })
		.then(installNode)
		.then(
			() => process.stdout.write(`${path.dirname(NODE_BIN)}\n`),
			(error) => {
				console.error(error.message);
				process.exit(1);
			},
		);
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const started = Date.now();
	ensureRuntime().then(
		() => log(`Runtime ready in ${RUNTIME} (${seconds(started)}).`),
		(error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
