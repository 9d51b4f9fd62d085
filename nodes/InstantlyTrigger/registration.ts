import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { instantlyApiRequest } from '../Instantly/shared/transport';
import { subscriptionsFor, type Subscription } from './events';

const WEBHOOKS = '/api/v2/webhooks';
/** Sent by Instantly with every delivery (the webhook's `headers`); Node's HTTP server lowercases names. */
export const CHECK_HEADER = 'x-n8n-instantly-secret';
export const SUBSCRIPTION_HEADER = 'x-n8n-instantly-subscription';

/** What the node keeps between activation and deactivation (n8n saves it with the workflow). */
export interface RegistrationData {
	webhooks?: Array<{ id: string; subscription: string }>;
	secret?: string;
	url?: string;
	campaign?: string | null;
	/**
	 * Webhooks of earlier activations that could not be deleted (Instantly down, a network error): deleting them
	 * is tried again at every activation and deactivation until it works, so none is forgotten in Instantly.
	 */
	orphans?: Array<{ id: string; subscription: string }>;
}

export interface Choice {
	events: string[];
	labels: number[];
	campaign: string | null;
	onlyFirst: boolean;
}

type ParameterContext = IHookFunctions | IWebhookFunctions;

export function readChoice(ctx: ParameterContext): Choice {
	const events = (ctx.getNodeParameter('events', []) as string[]).filter(Boolean);
	const labels = (ctx.getNodeParameter('leadLabels', []) as Array<number | string>)
		.map(Number)
		.filter((value) => Number.isInteger(value));
	const campaignValue = ctx.getNodeParameter('campaignId', '', { extractValue: true });
	const campaign = typeof campaignValue === 'string' && campaignValue.trim() ? campaignValue.trim() : null;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return { events, labels, campaign, onlyFirst: options.onlyFirst === true };
}

function wanted(ctx: IHookFunctions, choice: Choice): Subscription[] {
	const subscriptions = subscriptionsFor(choice.events, choice.labels);
	if (!subscriptions.length) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event or lead label', {
			description: 'The trigger has nothing to listen for: pick one or more Events (e.g. "Email: Reply Received") or Lead Labels, then activate the workflow again.',
		});
	}
	return subscriptions;
}

function data(ctx: IHookFunctions): RegistrationData {
	return ctx.getWorkflowStaticData('node') as RegistrationData;
}

function forget(store: RegistrationData): void {
	delete store.webhooks;
	delete store.secret;
	delete store.url;
	delete store.campaign;
}

function webhookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n has no webhook URL for this node');
	return url;
}

const status = (error: unknown) => (error instanceof NodeApiError ? Number(error.httpCode) : undefined);

/** The same error as the action node's, with what webhooks in particular need. */
function explained(error: unknown): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const code = status(error);
	const need =
		code === 402 || code === 403
			? 'Webhooks need an Instantly plan that includes them (Hypergrowth or above) and an API key with the webhook scopes (webhooks:all, or webhooks:read, webhooks:create, webhooks:update and webhooks:delete).'
			: code === 401
				? 'Check the API key in the "Instantly API v2" credential and that it has the webhook scopes (webhooks:all, or webhooks:read, webhooks:create, webhooks:update and webhooks:delete).'
				: undefined;
	if (need) error.description = `${need} ${(error.description ?? '').replace(/^[^(]*(?=\()/, '')}`.trim();
	return error;
}

/** With `missingOk`, a 404 ("no such webhook") is an answer, not an error: undefined. */
async function request<T = IDataObject>(
	ctx: IHookFunctions,
	options: Parameters<typeof instantlyApiRequest>[0],
	missingOk = false,
): Promise<T | undefined> {
	try {
		return (await instantlyApiRequest.call(ctx, options)) as T;
	} catch (error) {
		if (missingOk && status(error) === 404) return undefined;
		throw explained(error);
	}
}

/** Deletes Instantly webhooks; one already gone (404) counts as deleted. Returns those that could not be deleted. */
async function remove(ctx: IHookFunctions, webhooks: NonNullable<RegistrationData['webhooks']>) {
	const left: typeof webhooks = [];
	for (const webhook of webhooks) {
		try {
			await request(ctx, { method: 'DELETE', url: `${WEBHOOKS}/${encodeURIComponent(webhook.id)}` }, true);
		} catch (error) {
			ctx.logger.warn(`Instantly Trigger: could not delete Instantly webhook ${webhook.id}: ${(error as Error).message}`);
			left.push(webhook);
		}
	}
	return left;
}

/**
 * Deletes `webhooks` and every orphan of earlier tries; what still cannot be deleted is kept as the orphans.
 * Returns those.
 */
async function retire(ctx: IHookFunctions, store: RegistrationData, webhooks: NonNullable<RegistrationData['webhooks']>) {
	const orphans = store.orphans ?? [];
	const left = await remove(ctx, [...orphans, ...webhooks.filter((w) => !orphans.some((o) => o.id === w.id))]);
	if (left.length) store.orphans = left;
	else delete store.orphans;
	return left;
}

function header(webhook: IDataObject, name: string): string | undefined {
	const headers = (webhook.headers ?? {}) as IDataObject;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key === undefined ? undefined : String(headers[key]);
}

/**
 * Whether every webhook registered at activation still exists in Instantly as registered, pointing at
 * this URL. Instantly turns a webhook off after failed deliveries (status -1): it is resumed. Any other
 * difference (deleted or edited in Instantly's app, the choice or URL changed) removes what is left and
 * answers false, so `create` registers a complete, fresh set.
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const choice = readChoice(this);
	const subscriptions = wanted(this, choice);
	const store = data(this);
	if (!store.secret || !store.webhooks?.length) return false;
	const url = webhookUrl(this);
	const sameChoice =
		store.url === url &&
		(store.campaign ?? null) === choice.campaign &&
		subscriptions.map((s) => s.key).sort().join() === store.webhooks.map((w) => w.subscription).sort().join();
	let intact = sameChoice;
	for (const webhook of sameChoice ? store.webhooks : []) {
		const found = await request(this, { method: 'GET', url: `${WEBHOOKS}/${encodeURIComponent(webhook.id)}` }, true);
		if (!found) {
			intact = false;
			break;
		}
		const subscription = subscriptions.find((s) => s.key === webhook.subscription)!;
		const asRegistered =
			found.target_hook_url === url &&
			(found.campaign ?? null) === choice.campaign &&
			(found.event_type ?? null) === subscription.event_type &&
			(subscription.custom_interest_value === undefined || found.custom_interest_value === subscription.custom_interest_value) &&
			header(found, CHECK_HEADER) === store.secret;
		if (!asRegistered) {
			intact = false;
			break;
		}
		if (Number(found.status) === -1) {
			this.logger.info(`Instantly Trigger: resuming Instantly webhook ${webhook.id}, disabled after failed deliveries`);
			const resumed = await request(this, { method: 'POST', url: `${WEBHOOKS}/${encodeURIComponent(webhook.id)}/resume` }, true);
			if (!resumed) {
				intact = false;
				break;
			}
		}
	}
	if (intact) return true;
	await retire(this, store, store.webhooks);
	forget(store);
	return false;
}

/**
 * Registers one Instantly webhook per subscription, all with a fresh random secret in their headers.
 * If one fails, the ones already created are deleted again, so nothing half-registered is left behind.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const choice = readChoice(this);
	const subscriptions = wanted(this, choice);
	const store = data(this);
	const url = webhookUrl(this);
	await retire(this, store, store.webhooks ?? []);
	forget(store);
	const secret = randomBytes(32).toString('hex');
	const test = this.getMode() === 'manual';
	const name = `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id} / ${this.getNode().name}${test ? ' (test)' : ''}`;
	const created: NonNullable<RegistrationData['webhooks']> = [];
	let complete = false;
	try {
		for (const subscription of subscriptions) {
			const body: IDataObject = {
				target_hook_url: url,
				event_type: subscription.event_type,
				campaign: choice.campaign,
				name,
				headers: { [CHECK_HEADER]: secret, [SUBSCRIPTION_HEADER]: subscription.key },
			};
			if (subscription.custom_interest_value !== undefined) body.custom_interest_value = subscription.custom_interest_value;
			const webhook = (await request(this, { method: 'POST', url: WEBHOOKS, body }))!;
			created.push({ id: String(webhook.id), subscription: subscription.key });
		}
		complete = true;
	} finally {
		if (!complete) await retire(this, store, created);
	}
	Object.assign(store, { webhooks: created, secret, url, campaign: choice.campaign });
	return true;
}

/** Deletes this node's Instantly webhooks; those that could not be deleted stay recorded (orphans) for the next try. */
export async function deleteWebhooks(this: IHookFunctions): Promise<boolean> {
	const store = data(this);
	const left = await retire(this, store, store.webhooks ?? []);
	forget(store);
	return left.length === 0;
}

/** Compares in constant time; hashing first makes the lengths equal, so the length leaks nothing either. */
export function secretMatches(expected: string | undefined, given: unknown): boolean {
	if (!expected || typeof given !== 'string' || !given) return false;
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(expected), digest(given));
}
