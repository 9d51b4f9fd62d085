// The editor check of `npm run test:e2e`: `n8n start`, then headless Chromium (Debian's package, driven by
// playwright-core; no browser download) logs in, adds the Instantly node and looks at its parameters.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
	N8N_BIN,
	N8N_MAJOR,
	NODE_BIN,
	OWNER,
	ROOT,
	checkLoaded,
	loadProblems,
	log,
	login,
	n8nEnv,
	ownerEnv,
	run,
	seconds,
	setupOwner,
	spawnService,
	stopService,
	userFolder,
	waitForN8n,
} from './lib.mjs';
import { CREDENTIALS } from './workflows.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

/** CI starts from a clean machine: install Debian's chromium when it is missing (as root, like CI). */
export async function ensureChromium() {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	const started = Date.now();
	log('Installing Chromium (apt-get install chromium; first run only, ~30 s)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], { env });
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env });
	if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} does not exist`);
	log(`Chromium installed (${seconds(started)}).`);
	return CHROMIUM;
}

export async function browserChecks({ test, port, chromium, profile, demo, agent, credentialTest }) {
	const logFile = path.join(userFolder(profile), 'n8n-start.log');
	await writeFile(logFile, '');
	let logText = '';
	const started = Date.now();
	log(`Starting n8n on http://127.0.0.1:${port} for the editor check…`);
	const n8n = spawnService(NODE_BIN, [N8N_BIN, 'start'], {
		cwd: userFolder(profile),
		env: n8nEnv(profile, { port, extra: await ownerEnv() }),
		onOutput: (chunk) => {
			logText += chunk.toString();
			void appendFile(logFile, chunk);
		},
	});
	try {
		await waitForN8n(n8n, port);
		if (N8N_MAJOR < 2) await setupOwner(port);
		log(`n8n is up (${seconds(started)}); log in ${path.relative(ROOT, logFile)}.`);
		await test('n8n start: the Instantly node and credential are loaded, with no load errors in the log', async () => {
			const { node, credential } = await checkLoaded(port);
			assert.ok(node, 'n8n-nodes-instantly-v2.instantly is not among n8n’s node types');
			assert.equal(node.displayName, 'Instantly');
			assert.ok(credential, 'instantlyV2Api is not among n8n’s credential types');
			assert.deepEqual(loadProblems(logText), []);
		});
		if (credentialTest) await credentialTestCheck({ test, port, ...credentialTest });
		if (agent) await agentChatCheck({ test, port, agent });
		await editorChecks({ test, port, chromium, demo, agent });
	} finally {
		await stopService(n8n);
	}
}

/**
 * The credential's "Test" button, through n8n's REST API as the editor calls it: a good key passes; a wrong key, a
 * key without the scope (a 403 from the sandbox) and a Base URL that is not Instantly's API get the wording of
 * shared/errors.ts (CREDENTIAL_TEST_MESSAGES) instead of n8n's bare "Unauthorized".
 */
async function credentialTestCheck({ test, port, sandbox, apiKey, wrongKey }) {
	await test('n8n start: the credential test says what is wrong and the fix (wrong key, missing scope, wrong Base URL)', async () => {
		const { CREDENTIAL_TEST_MESSAGES: expected } = createRequire(import.meta.url)(path.join(ROOT, 'dist/nodes/Instantly/shared/errors.js'));
		const rest = await login(port);
		const check = async (data) => {
			const res = await rest('/rest/credentials/test', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ credentials: { ...CREDENTIALS.sandbox, type: 'instantlyV2Api', data } }),
			});
			const body = await res.json();
			assert.ok(res.ok, `POST /rest/credentials/test answered ${res.status}: ${JSON.stringify(body)}`);
			return body.data ?? body;
		};
		const { url } = sandbox;
		assert.deepEqual(await check({ apiKey, baseUrl: url }), { status: 'OK', message: 'Connection successful!' });
		assert.deepEqual(await check({ apiKey: wrongKey, baseUrl: url }), { status: 'Error', message: expected[401] });
		await sandbox.fault({ fault: { kind: 'status', status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'Missing scope leads:read' } }, path: '/api/v2/leads/list', times: 1 });
		assert.deepEqual(await check({ apiKey, baseUrl: url }), { status: 'Error', message: expected[403] });
		assert.deepEqual(await check({ apiKey, baseUrl: `${url}/api/v2` }), { status: 'Error', message: expected[404] });
		// Nothing answers there: n8n reports the network error's code, which no rule can word.
		log(`  credential test, Base URL with nothing listening: ${JSON.stringify(await check({ apiKey, baseUrl: 'http://127.0.0.1:9' }))}`);
		await sandbox.reset('keep');
	});
}

/**
 * The agent demo of `npm run dev` is published: its Chat Trigger answers on its public chat endpoint, the agent
 * calls an Instantly tool through the scripted model, and the answer comes back as the chat reply.
 */
async function agentChatCheck({ test, port, agent }) {
	await test('n8n start: the published agent demo answers a chat message through its Chat Trigger, using an Instantly tool', async () => {
		await agent.sandbox.reset('keep');
		const url = `http://127.0.0.1:${port}/webhook/${agent.webhookId}/chat`;
		// n8n reports ready before it has registered the published workflows' webhooks: until then it answers 404.
		await waitForWebhook(url);
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId: 'e2e-chat', chatInput: 'Block competitor-five.com' }),
		});
		const text = await res.text();
		assert.equal(res.status, 200, text);
		assert.deepEqual(JSON.parse(text), { output: 'Blocked competitor-five.com in every campaign.' });
		const requests = await agent.sandbox.requests();
		assert.deepEqual(requests.map((r) => [r.method, r.path, r.body]), [['POST', '/api/v2/block-lists-entries', { bl_value: 'competitor-five.com' }]]);
		assert.deepEqual((await agent.sandbox.modelCalls()).map((c) => [c.script, c.step]), [['demo: block', 0], ['demo: block', 1]]);
	});
}

/** Waits (up to a minute) until n8n serves a production webhook: a GET of the chat page stops answering 404. */
async function waitForWebhook(url) {
	for (let tries = 0; ; tries++) {
		const res = await fetch(url);
		await res.arrayBuffer();
		if (res.status !== 404) return;
		if (tries === 120) throw new Error(`n8n never registered the webhook ${url}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function editorChecks({ test, port, chromium, demo, agent }) {
	const { chromium: playwright, selectors } = await import('playwright-core');
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute
	await rm(SCREENSHOTS, { recursive: true, force: true });
	await mkdir(SCREENSHOTS, { recursive: true });
	const browser = await playwright.launch({
		executablePath: chromium,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const base = `http://127.0.0.1:${port}`;
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		// Upper bounds, not expectations: on a loaded 2-core machine the editor took 13 s to log in.
		page.setDefaultTimeout(60000);
		const shot = async (name) => {
			const file = path.join(SCREENSHOTS, `${name}.png`);
			await page.screenshot({ path: file });
			return file;
		};
		let loggedIn = false;
		await test('editor: the owner logs in', async () => {
			await signIn(page, base);
			if (N8N_MAJOR >= 2) await page.getByTestId('project-home-menu-item').waitFor({ state: 'visible' });
			else await page.getByText(/workflows/i).first().waitFor({ state: 'visible' });
			await shot('01-signed-in');
			loggedIn = true;
		});
		if (!loggedIn) return;

		if (demo) {
			await test('editor: the demo workflow of `npm run dev` runs from the editor, every node green, every edge with its item count', async () => {
				await page.goto(`${base}/workflow/${demo.id}`);
				await page.getByTestId('execute-workflow-button').click();
				await page.getByText('Workflow executed successfully').first().waitFor();
				// The toast comes as the run ends; the canvas catches up a moment later (the last node's check mark,
				// the item counts on the edges, the Execute button's spinner): wait for the finished picture.
				const finished = await page
					.waitForFunction(
						({ nodes, edges }) => {
							const green = document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length;
							const counted = [...document.querySelectorAll('[data-test-id="edge-label"][data-target-node-name]')].filter((label) => /\d+ items?/.test(label.textContent ?? '')).length;
							const button = document.querySelector('[data-test-id="execute-workflow-button"]');
							// Running, it shows a spinner alone (2.x) or "Executing workflow" (1.x).
							const idle = /(Execute|Test) workflow/.test(button?.textContent ?? '');
							return green === nodes && counted === edges && idle;
						},
						{ nodes: demo.nodes, edges: demo.edges },
						{ timeout: 60000 },
					)
					.then(() => true, () => false);
				const succeeded = await page.getByTestId('canvas-node-status-success').count();
				const counted = await page.locator('[data-test-id="edge-label"][data-target-node-name]').filter({ hasText: /\d+ items?/ }).count();
				await closeNotifications(page);
				await page.getByTestId('zoom-to-fit').click();
				await page.mouse.move(0, 0);
				const file = await shot('00-demo-workflow');
				assert.equal(succeeded, demo.nodes, `${succeeded} of ${demo.nodes} nodes succeeded`);
				assert.equal(counted, demo.edges, `${counted} of ${demo.edges} edges show an item count`);
				assert.ok(finished, 'the Execute button still shows the run in progress');
				// `E2E_DOCS_SCREENSHOT=1 npm run test:e2e` refreshes the README's picture with this finished canvas.
				if (process.env.E2E_DOCS_SCREENSHOT === '1') await copyFile(file, path.join(ROOT, 'docs', 'demo-workflow.png'));
			});
		}

		if (agent) {
			await test('editor: the agent demo answers in the editor’s chat, and its Instantly tool runs', async () => {
				await page.goto(`${base}/workflow/${agent.id}`);
				await page.getByTestId('canvas-node').first().waitFor();
				await page.getByTestId('workflow-chat-button').click();
				const input = page.getByTestId('canvas-chat').locator('textarea').first();
				await input.fill(agent.message);
				await input.press('Enter');
				await page.getByTestId('canvas-chat').getByText(agent.answer).waitFor();
				await page.getByText('Workflow executed successfully').waitFor();
				// The toast would hide the tools in the screenshot.
				await page.locator('.el-notification__closeBtn').first().click().catch(() => {});
				await page.waitForTimeout(500);
				await shot('06-agent-chat');
				const tool = page.getByTestId('canvas-node').filter({ hasText: agent.tool });
				assert.equal(await tool.getByTestId('canvas-node-status-success').count(), 1, `"${agent.tool}" did not run successfully`);
			});
		}

		let added = false;
		await test('editor: Lead → Add Many shows the destination, lead fields and options', async () => {
			await page.goto(`${base}/workflow/new`);
			await addInstantlyNode(page, 'Create a block list entry');
			added = true;
			await selectOption(page, 'resource', 'Lead');
			await selectOption(page, 'operation', 'Add Many');
			const parameters = page.getByTestId('node-parameters');
			for (const name of ['addTo', 'campaignId', 'email']) {
				await parameters.getByTestId(`parameter-input-${name}`).waitFor({ state: 'visible' });
			}
			for (const label of ['Add To', 'Email', 'Lead Fields', 'Options']) {
				await parameters.getByText(label, { exact: true }).first().waitFor({ state: 'visible' });
			}
			assert.deepEqual(await dropdownOptions(page, parameters.getByTestId('parameter-input-addTo')), ['Campaign', 'List']);
			await shot('02-lead-add-many');
			const fields = await dropdownOptions(page, parameters.getByPlaceholder('Add Field').first(), 'lead-add-many-fields');
			for (const field of ['First Name', 'Last Name', 'Company Name', 'Custom Variables']) assert.ok(fields.includes(field), `Lead Fields has no "${field}": ${fields.join(', ')}`);
			const options = await dropdownOptions(page, parameters.getByPlaceholder('Add Option').first());
			for (const option of ['Batch Size', 'Skip If in Workspace']) assert.ok(options.includes(option), `Options has no "${option}": ${options.join(', ')}`);
		});
		if (!added) {
			await shot('02-failed');
			return;
		}
		await test('editor: Block List Entry → Get Many shows Return All and Limit; Limit hides with Return All on', async () => {
			await selectOption(page, 'resource', 'Block List Entry');
			await selectOption(page, 'operation', 'Get Many');
			const parameters = page.getByTestId('node-parameters');
			for (const label of ['Return All', 'Limit', 'Filters']) {
				await parameters.getByText(label, { exact: true }).first().waitFor({ state: 'visible' });
			}
			await shot('04-block-list-get-many');
			await parameters.getByTestId('parameter-input-returnAll').locator('.el-switch').click();
			await parameters.getByText('Limit', { exact: true }).waitFor({ state: 'hidden' });
			await shot('05-block-list-get-many-return-all');
		});
		await test('editor: on an empty canvas Instantly offers its trigger events; "On email reply received" adds the Instantly Trigger on replies', async () => {
			await page.goto(`${base}/workflow/new`);
			await page.getByTestId('canvas-add-button').click();
			await page.getByTestId('node-creator-search-bar').fill('Instantly');
			await page.getByTestId('node-creator-item-name').filter({ hasText: /^Instantly$/ }).first().click();
			await page.getByText('On email reply received', { exact: true }).click();
			const parameters = page.getByTestId('node-parameters');
			for (const name of ['events', 'leadLabels', 'campaignId']) {
				await parameters.getByTestId(`parameter-input-${name}`).waitFor({ state: 'visible' });
			}
			await parameters.getByTestId('parameter-input-events').getByText('Email: Reply Received', { exact: true }).waitFor();
			await shot('06-instantly-trigger');
		});
	} finally {
		await browser.close();
	}
}

/** Closes n8n's toasts (they would cover the canvas in a screenshot) and waits until they are gone. */
async function closeNotifications(page) {
	const toasts = page.locator('.el-notification');
	for (let left = await toasts.count(); left > 0; left = await toasts.count()) {
		await toasts.first().locator('.el-notification__closeBtn').click().catch(() => undefined);
		await toasts.first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
		if (left === (await toasts.count())) break;
	}
}

/** Opens the node creator on an empty canvas, finds "Instantly" and adds it with one of its actions. */
async function addInstantlyNode(page, action) {
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Instantly');
	await page.getByTestId('node-creator-item-name').filter({ hasText: /^Instantly$/ }).first().click();
	// On an empty canvas n8n lists the Instantly Trigger's events first and folds the actions away.
	const item = page.getByText(action, { exact: true });
	const actions = page.getByTestId('node-creator-category-item').filter({ hasText: /^Actions/ });
	await page.getByTestId('node-creator-category-item').first().waitFor();
	if (!(await item.isVisible()) && (await actions.count())) await actions.first().click();
	await item.click();
	await page.getByTestId('node-parameters').waitFor({ state: 'visible' });
}

/** The options of one dropdown: its input names its list (aria-controls), so a closing one is not mixed in. */
async function optionsOf(page, trigger) {
	const input = (await trigger.evaluate((el) => el.tagName)) === 'INPUT' ? trigger : trigger.locator('input').first();
	const list = await input.getAttribute('aria-controls');
	return page.locator(`[id="${list}"] .el-select-dropdown__item`);
}

/** Picks an option of a dropdown parameter (by parameter name) in the open node panel. */
async function selectOption(page, name, option) {
	const input = page.getByTestId('node-parameters').getByTestId(`parameter-input-${name}`);
	const options = await optionsOf(page, input);
	await input.click();
	// An option shows its description under its name: match the element holding just the name.
	await options.filter({ has: page.getByText(option, { exact: true }) }).first().click();
	await options.first().waitFor({ state: 'hidden' });
	const field = input.locator('input').first();
	for (let tries = 0; (await field.inputValue()) !== option; tries++) {
		if (tries === 50) throw new Error(`"${name}" shows "${await field.inputValue()}", not "${option}"`);
		await page.waitForTimeout(100);
	}
}

/** Opens a dropdown, returns its option names (and takes a screenshot of it open when named), closes it. */
async function dropdownOptions(page, trigger, screenshot) {
	const options = await optionsOf(page, trigger);
	await trigger.click();
	await options.first().waitFor();
	const names = (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	if (screenshot) await page.screenshot({ path: path.join(SCREENSHOTS, `03-${screenshot}.png`) });
	await page.keyboard.press('Escape');
	await options.first().waitFor({ state: 'hidden' });
	return names;
}

/**
 * Signs the owner in and screenshots one page of the editor (e.g. a finished execution), for the README:
 * `E2E_DOCS_SCREENSHOT=1` runs call it.
 */
export async function screenshotPage({ port, pathname, file }) {
	const { chromium: playwright, selectors } = await import('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	const browser = await playwright.launch({
		executablePath: await ensureChromium(),
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(60000);
		const base = `http://127.0.0.1:${port}`;
		await signIn(page, base);
		await page.goto(`${base}${pathname}`);
		// An execution's canvas is shown in a frame of the executions view.
		await page.frameLocator('iframe').first().getByTestId('canvas-node').first().waitFor().catch(() => page.getByTestId('canvas-node').first().waitFor());
		await page.waitForTimeout(2000);
		await closeNotifications(page);
		await page.mouse.move(0, 0);
		await page.screenshot({ path: file });
	} finally {
		await browser.close();
	}
}

/** The owner signs in on n8n's sign-in page. */
async function signIn(page, base) {
	await page.goto(`${base}/signin`);
	// n8n 1.x does not tie the labels to the inputs.
	await page.getByLabel(/email/i).or(page.locator('input[type="email"], input[name="email"]')).first().fill(OWNER.email);
	await page.getByLabel(/password/i).or(page.locator('input[type="password"]')).first().fill(OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
