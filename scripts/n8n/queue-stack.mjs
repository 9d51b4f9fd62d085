// n8n in queue mode on one machine, for `npm run dev:queue` and `npm run test:queue`: Redis and PostgreSQL
// (Debian's packages, installed with apt-get when missing) with their data in a throwaway folder, an n8n main
// (`EXECUTIONS_MODE=queue`) and `n8n worker`s, each with this package installed in a user folder of its own,
// as on separate machines. Everything listens on 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chown, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	CACHE,
	N8N_BIN,
	NODE_BIN,
	freePort,
	importIntoN8n,
	log,
	n8nEnv,
	ownerEnv,
	run,
	spawnService,
	stopService,
	userFolder,
	waitForN8n,
} from './lib.mjs';

/** Debian's packages, by the program we run from each. */
const PACKAGES = { 'redis-server': 'redis-server', postgres: 'postgresql' };

function onPath(program) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/sbin'])) {
		const candidate = path.join(dir, program);
		if (dir && existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** Debian keeps PostgreSQL's server programs off PATH, in /usr/lib/postgresql/<version>/bin; the newest wins. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const [newest] = readdirSync(root)
		.filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return newest ? path.join(root, newest, 'bin') : undefined;
}

/**
 * Installs Debian's `redis-server` and `postgresql` when missing (needs root, as on CI; otherwise it says
 * what to run). The packages would start system-wide services on the default ports; this stack runs its
 * own, so when the machine has no policy of its own the install is told not to start them.
 */
export async function ensureQueueServices() {
	const found = () => ({ redis: onPath('redis-server'), pgBin: postgresBinDir() });
	let programs = found();
	const missing = Object.entries({ 'redis-server': programs.redis, postgres: programs.pgBin })
		.filter(([, where]) => !where)
		.map(([program]) => PACKAGES[program]);
	if (!missing.length) return programs;
	const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
	if (process.getuid?.() !== 0) {
		throw new Error(`Queue mode needs Debian's ${missing.join(' and ')}. Install them once with:\n  sudo ${command}`);
	}
	const started = Date.now();
	log(`Installing ${missing.join(' and ')} with apt-get (first run only, about a minute)…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !existsSync(policy);
	if (ownPolicy) await writeFile(policy, '#!/bin/sh\n# Written by scripts/n8n/queue-stack.mjs while it installs; removed after.\nexit 101\n', { mode: 0o755 });
	try {
		await run('apt-get', ['update'], { env });
		await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	} finally {
		if (ownPolicy) await rm(policy, { force: true });
	}
	programs = found();
	if (!programs.redis || !programs.pgBin) throw new Error(`apt-get installed ${missing.join(' and ')}, but redis-server or initdb is still missing`);
	log(`Installed ${missing.join(' and ')} (${((Date.now() - started) / 1000).toFixed(1)} s).`);
	return programs;
}

/** Resolves when a line of the service's output matches `pattern`; rejects if it exits first or after `timeoutMs`. */
function waitForOutput(child, pattern, what, timeoutMs = 60000) {
	return new Promise((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s:\n${buffer.slice(-3000)}`)), timeoutMs);
		const onData = (chunk) => {
			buffer += chunk.toString();
			if (pattern.test(buffer)) {
				clearTimeout(timer);
				child.stdout.off('data', onData);
				child.stderr.off('data', onData);
				resolve();
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`${what} exited (${signal ?? `code ${code}`}) while starting:\n${buffer.slice(-3000)}`));
		});
	});
}

async function userIds(name) {
	const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
	return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * PostgreSQL refuses to run as root: as root it runs as Debian's `postgres` account, which needs to reach
 * the data folder. When it cannot (a checkout under /root), the data goes to a folder of the system's temp.
 */
async function postgresDataDir(preferred, owner) {
	await mkdir(preferred, { recursive: true });
	if (!owner) return preferred;
	await chown(preferred, owner.uid, owner.gid);
	try {
		await run('test', ['-w', preferred, '-a', '-x', preferred], owner);
		return preferred;
	} catch {
		await rm(preferred, { recursive: true, force: true });
		const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-queue-postgres-'));
		await chown(dir, owner.uid, owner.gid);
		return dir;
	}
}

/**
 * The whole stack. `name` picks its folders: `.cache/n8n-runtime/<name>-data/` (PostgreSQL and Redis data and
 * every log, emptied at each start) and the user folders `user-<name>-main`, `user-<name>-worker<N>`.
 */
export class QueueStack {
	constructor({ name, mainPort, workers = 2, concurrency = 10, echo } = {}) {
		this.name = name;
		this.mainPort = mainPort;
		this.workerCount = workers;
		this.concurrency = concurrency;
		/** Called with (service, line) for every line a service prints. */
		this.echo = echo;
		this.dataDir = path.join(CACHE, `${name}-data`);
		this.logDir = path.join(this.dataDir, 'logs');
		this.mainProfile = `${name}-main`;
		this.workerProfiles = Array.from({ length: workers }, (_, i) => `${name}-worker${i + 1}`);
		this.encryptionKey = randomBytes(24).toString('hex');
		/** In start order; stopped in reverse. */
		this.services = [];
		/** Everything each service printed, by service name. */
		this.logs = {};
		this.workers = [];
	}

	get profiles() {
		return [this.mainProfile, ...this.workerProfiles];
	}

	/** Empties the data folder and every user folder of this stack (the database goes with them). */
	async clean() {
		await this.stopLeftovers();
		await rm(this.dataDir, { recursive: true, force: true });
		for (const profile of this.profiles) await rm(userFolder(profile), { recursive: true, force: true });
		await mkdir(this.logDir, { recursive: true });
	}

	spawn(service, command, args, options = {}) {
		const file = path.join(this.logDir, `${service}.log`);
		this.logs[service] = '';
		let partial = '';
		const child = spawnService(command, args, {
			...options,
			onOutput: (chunk) => {
				const text = chunk.toString();
				this.logs[service] += text;
				void appendFile(file, chunk);
				if (!this.echo) return;
				const lines = (partial + text).split('\n');
				partial = lines.pop();
				for (const line of lines) this.echo(service, line);
			},
		});
		child.service = service;
		child.logFile = file;
		return this.adopt(service, child);
	}

	/** A service started elsewhere (the sandbox), stopped with the stack. */
	adopt(service, child) {
		child.service = service;
		this.services.push(child);
		this.writePids();
		return child;
	}

	/** The services' process groups, so that a run killed outright (kill -9, a closed terminal) is cleaned up by the next. */
	get pidFile() {
		return path.join(CACHE, `${this.name}.pids.json`);
	}

	/** Rewrites the pid file, one write after the other. */
	writePids() {
		this.pidsWritten = (this.pidsWritten ?? Promise.resolve()).then(async () => {
			const pids = await Promise.all(
				this.services.map(async (s) => ({ pid: s.pid, args: await commandLine(s.pid) })),
			);
			await writeFile(this.pidFile, JSON.stringify(pids));
		}).catch(() => undefined);
		return this.pidsWritten;
	}

	/** Stops what a previous run of this stack left running (same pid and command line, so never a stranger). */
	async stopLeftovers() {
		let previous = [];
		try {
			previous = JSON.parse(await readFile(this.pidFile, 'utf8'));
		} catch {
			return;
		}
		const running = new Map((await processes()).map((r) => [r.pid, r.args]));
		const left = previous.filter(({ pid, args }) => args && running.get(pid) === args);
		// In reverse start order, as `stop` does: n8n exits promptly only while its database and queue still run.
		for (const { pid, args } of left.reverse()) {
			log(`Stopping ${args.slice(0, 80)} (pid ${pid}), left running by an earlier run…`);
			const signal = (name) => {
				try {
					process.kill(-pid, name);
				} catch {
					// already gone
				}
			};
			signal('SIGTERM');
			for (let waited = 0; waited < 15_000 && (await isRunning(pid)); waited += 250) {
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			signal('SIGKILL');
		}
		await rm(this.pidFile, { force: true });
	}

	async startRedis(redisBin) {
		this.redisPort = await freePort();
		const dir = path.join(this.dataDir, 'redis');
		await mkdir(dir, { recursive: true });
		const child = this.spawn('redis', redisBin, [
			'--bind', '127.0.0.1', '--port', String(this.redisPort), '--protected-mode', 'yes',
			// Throwaway: no snapshots, no append-only file.
			'--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no',
		]);
		await waitForOutput(child, /Ready to accept connections/, 'Redis');
	}

	async startPostgres(pgBin) {
		this.postgresPort = await freePort();
		const owner = process.getuid?.() === 0 ? await userIds('postgres') : undefined;
		const dir = await postgresDataDir(path.join(this.dataDir, 'postgres'), owner);
		this.postgresDir = dir;
		const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
		await run(path.join(pgBin, 'initdb'), ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
			cwd: dir,
			env,
			...owner,
		});
		const child = this.spawn(
			'postgres',
			path.join(pgBin, 'postgres'),
			[
				'-D', dir, '-p', String(this.postgresPort),
				'-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
				// Throwaway data: durability traded for speed.
				'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
			],
			{ cwd: dir, env, ...owner },
		);
		await waitForOutput(child, /ready to accept connections/, 'PostgreSQL');
		await run(path.join(pgBin, 'createdb'), ['-h', '127.0.0.1', '-p', String(this.postgresPort), '-U', 'postgres', 'n8n'], { env });
	}

	/**
	 * Imports credentials and workflows into the stack's database (before the main starts) and publishes
	 * the ones listed in `publish`, so the main registers their production webhooks when it starts.
	 */
	async importData({ credentials, workflows, publish = [] }) {
		const cli = (args) => this.cli(args);
		const output = [await importIntoN8n({ dir: path.join(this.dataDir, 'import'), cli, credentials, workflows })];
		for (const id of publish) output.push(await cli(['publish:workflow', `--id=${id}`]));
		return output.join('\n');
	}

	/** What every n8n process and command of the stack shares: the database, the queue and the key. */
	sharedEnv() {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgresPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			// The editor's "Execute workflow" runs on a worker too, as production executions do.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
	}

	/** An n8n CLI command (import, publish) against the stack's database, from the main's user folder. */
	cli(args) {
		return run(NODE_BIN, [N8N_BIN, ...args], {
			cwd: userFolder(this.mainProfile),
			env: n8nEnv(this.mainProfile, { port: this.mainPort, extra: this.sharedEnv() }),
		});
	}

	async startMain() {
		const child = this.spawn('main', NODE_BIN, [N8N_BIN, 'start'], {
			cwd: userFolder(this.mainProfile),
			env: n8nEnv(this.mainProfile, { port: this.mainPort, extra: { ...this.sharedEnv(), ...(await ownerEnv()) } }),
		});
		this.main = child;
		await waitForN8n(child, this.mainPort, 180000);
		return child;
	}

	/** Starts the workers together; each answers /healthz/readiness on a port of its own once it takes jobs. */
	async startWorkers() {
		const started = [];
		for (const [i, profile] of this.workerProfiles.entries()) {
			const port = await freePort(2);
			const child = this.spawn(`worker-${i + 1}`, NODE_BIN, [N8N_BIN, 'worker', `--concurrency=${this.concurrency}`], {
				cwd: userFolder(profile),
				env: n8nEnv(profile, {
					port,
					extra: {
						...this.sharedEnv(),
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(port),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					},
				}),
			});
			child.healthPort = port;
			this.workers.push(child);
			started.push(waitForN8n(child, port, 180000));
		}
		await Promise.all(started);
	}

	/** Stops the workers (together), then everything else in reverse start order; removes the throwaway data. */
	async stop() {
		// PostgreSQL's backends and n8n's task runners live in process groups of their own: remember them all.
		this.started = await this.processTree();
		const services = [...this.services].reverse();
		const workers = services.filter((s) => s.service.startsWith('worker-'));
		await Promise.all(workers.map((w) => stopService(w, 30000)));
		for (const service of services.filter((s) => !workers.includes(s))) await stopService(service, 20000);
		for (const dir of [path.join(this.dataDir, 'postgres'), path.join(this.dataDir, 'redis'), this.postgresDir]) {
			if (dir) await rm(dir, { recursive: true, force: true });
		}
		await this.pidsWritten;
		await rm(this.pidFile, { force: true });
	}

	/** Every process the services started, and theirs: `pid command` lines. */
	async processTree() {
		const rows = await processes();
		const roots = new Set(this.services.map((s) => s.pid));
		const mine = new Set(rows.filter((r) => roots.has(r.pid) || roots.has(r.pgid)).map((r) => r.pid));
		for (let grew = true; grew; ) {
			grew = false;
			for (const r of rows) {
				if (!mine.has(r.pid) && mine.has(r.ppid)) {
					mine.add(r.pid);
					grew = true;
				}
			}
		}
		return rows.filter((r) => mine.has(r.pid)).map((r) => `${r.pid} ${r.args}`);
	}

	/** Processes seen just before `stop` that still run after it (there should be none). */
	async leftovers() {
		const now = new Set((await processes()).map((r) => `${r.pid} ${r.args}`));
		return (this.started ?? []).filter((line) => now.has(line));
	}
}

/** Lists every execution through the main's REST API (what the editor's Executions tab shows). */
export async function listExecutions(get) {
	const all = [];
	let lastId;
	for (;;) {
		const query = new URLSearchParams({ limit: '100', ...(lastId ? { lastId } : {}) });
		const res = await get(`/rest/executions?${query}`);
		if (!res.ok) throw new Error(`GET /rest/executions answered ${res.status}: ${await res.text()}`);
		const { results: page } = (await res.json()).data;
		all.push(...page);
		if (page.length < 100) return all;
		lastId = page[page.length - 1].id;
	}
}

/** Whether the process runs (an exited child nobody has reaped yet, a zombie, does not). */
async function isRunning(pid) {
	try {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

async function commandLine(pid) {
	return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
}

/** Every process of the machine, from /proc (slim images have no `ps`): pid, parent, group, command line. */
async function processes() {
	const rows = [];
	if (!existsSync('/proc/self/stat')) return rows; // not Linux: nothing to check
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
			// "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses; the last ")" ends it.
			const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const args = await commandLine(entry);
			rows.push({ pid: Number(entry), ppid: Number(ppid), pgid: Number(pgid), args });
		} catch {
			// ended meanwhile
		}
	}
	return rows;
}
