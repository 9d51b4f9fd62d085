// Installs Node 24 and n8n (pinned) into ~/.cache/n8n-nodes-instantly-v2/ once (shared by every clone); later runs reuse it.
// Each step writes a marker file only after it finished, so a half-finished install is redone from scratch.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE, N8N_BIN, RUNTIME, N8N_DIR, N8N_VERSION, NODE_BIN, NODE_DIR, NODE_VERSION, log, npm24, run, seconds } from './lib.mjs';

const MARKER = '.installed.json';

async function done(dir, expected) {
	try {
		return JSON.stringify(JSON.parse(await readFile(path.join(dir, MARKER), 'utf8'))) === JSON.stringify(expected);
	} catch {
		return false;
	}
}

async function fresh(dir) {
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	// Its own package.json makes this folder npm's prefix, so the repository's settings stay out of it.
	await writeFile(path.join(dir, 'package.json'), '{ "private": true }\n');
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
	await fresh(N8N_DIR);
	// No install scripts: one of them (a Kafka client's) downloads from outside; the two native addons n8n needs
	// are built just below, against Node 24's headers.
	await npm24(['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: N8N_DIR });
	log(`n8n downloaded (${seconds(started)}). Building its native addons (sqlite3, isolated-vm) for Node 24…`);
	started = Date.now();
	await npm24(['rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false', '--foreground-scripts=false'], { cwd: N8N_DIR });
	// A rebuild that silently built nothing would only show later, as n8n failing to open its database.
	await run(NODE_BIN, ['-e', "require('sqlite3'); require('isolated-vm')"], { cwd: N8N_DIR });
	const version = (await run(NODE_BIN, [N8N_BIN, '--version'], { cwd: N8N_DIR })).trim().split('\n').pop();
	if (version !== N8N_VERSION) throw new Error(`Expected n8n ${N8N_VERSION}, got ${version}`);
	await writeFile(path.join(N8N_DIR, MARKER), JSON.stringify(expected));
	log(`n8n ${version} ready (${seconds(started)}).`);
}

/** Makes sure Node 24 and n8n are in the cache; fast when they already are. */
export async function ensureRuntime() {
	await mkdir(CACHE, { recursive: true });
	await mkdir(RUNTIME, { recursive: true });
	await installNode();
	await installN8n();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const started = Date.now();
	ensureRuntime().then(
		() => log(`Runtime ready in ${RUNTIME} (${seconds(started)}).`),
		(error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
