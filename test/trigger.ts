/**
 * Runs the Instantly Trigger's webhook methods and webhook() through n8n-core's own HookContext and
 * WebhookContext (what n8n's WebhookService and webhook helpers construct), against a sandbox URL.
 */
import { HookContext, LoadOptionsContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookResponseData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { InstantlyTrigger } from '../nodes/InstantlyTrigger/InstantlyTrigger.node';
import { additionalData, type Credentials } from './engine';

export const TRIGGER_TYPE = 'n8n-nodes-instantly-v2.instantlyTrigger';
export const TRIGGER_NAME = 'Instantly Trigger';
export const WEBHOOK_ID = '5f2b6c1e-8a47-4d0b-9c3e-2a1f7e6d4b90';
export const WORKFLOW = { id: 'wf-trigger', name: 'Replies to CRM' };

const trigger = new InstantlyTrigger();

class NodeTypes implements INodeTypes {
	getByName(): INodeType {
		return trigger;
	}

	getByNameAndVersion(): INodeType {
		return trigger;
	}

	getKnownTypes() {
		return {};
	}
}

/** One workflow with the trigger; its static data lives as long as this object, as n8n keeps it between calls. */
export class TriggerWorkflow {
	readonly node: INode;

	readonly workflow: Workflow;

	constructor(
		parameters: INodeParameters,
		private readonly credentials: Credentials,
		/** n8n's base URL (WEBHOOK_URL): where Instantly is told to deliver. */
		private readonly baseUrl = 'http://127.0.0.1:5678',
	) {
		this.node = {
			id: 'trigger-node',
			name: TRIGGER_NAME,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters,
			credentials: { instantlyV2Api: { id: 'cred-1', name: 'Instantly (sandbox)' } },
		};
		this.workflow = new Workflow({
			...WORKFLOW,
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new NodeTypes(),
			staticData: {},
			settings: { executionOrder: 'v1' },
		});
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	private webhookData(test: boolean): IWebhookData {
		const data = additionalData(this.credentials);
		data.webhookBaseUrl = `${this.baseUrl}/webhook`;
		data.webhookTestBaseUrl = `${this.baseUrl}/webhook-test`;
		return {
			httpMethod: 'POST',
			node: TRIGGER_NAME,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription: trigger.description.webhooks![0],
			workflowId: WORKFLOW.id,
			workflowExecuteAdditionalData: data,
			webhookId: WEBHOOK_ID,
			isTest: test,
		};
	}

	/** A webhook method as n8n's WebhookService runs it: activation ('trigger') or "Listen for test event" ('manual'). */
	async hook(method: 'checkExists' | 'create' | 'delete', { test = false } = {}): Promise<boolean | undefined> {
		const webhookData = this.webhookData(test);
		const mode: WorkflowExecuteMode = test ? 'manual' : 'trigger';
		const activation: WorkflowActivateMode = test ? 'manual' : 'activate';
		const context = new HookContext(this.workflow, this.node, webhookData.workflowExecuteAdditionalData, mode, activation, webhookData);
		return await trigger.webhookMethods.default[method].call(context);
	}

	/** One of the trigger's `methods.loadOptions`, as the editor calls it. */
	async loadOptions(method: string) {
		const data = additionalData(this.credentials);
		data.currentNodeParameters = this.node.parameters;
		const context = new LoadOptionsContext(this.workflow, this.node, data, '');
		return await trigger.methods.loadOptions[method as keyof typeof trigger.methods.loadOptions].call(context);
	}

	/** n8n's createWebhookIfNotExists: checkExists, then create when it answered false. */
	async activate(options: { test?: boolean } = {}): Promise<void> {
		if (!(await this.hook('checkExists', options))) await this.hook('create', options);
	}

	webhookUrl(test = false): string {
		return `${this.baseUrl}/${test ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/webhook`;
	}

	/** Calls webhook() with a request as n8n's webhook server hands it over; returns its result and what it answered. */
	async receive(body: unknown, headers: Record<string, string>, { test = false } = {}) {
		const webhookData = this.webhookData(test);
		const response = new FakeResponse();
		const data = webhookData.workflowExecuteAdditionalData;
		const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
		data.httpRequest = { method: 'POST', headers: lowered, body, query: {}, params: {} } as never;
		data.httpResponse = response as never;
		const context = new WebhookContext(this.workflow, this.node, data, test ? 'manual' : 'webhook', webhookData, [], null);
		const result: IWebhookResponseData = await trigger.webhook.call(context);
		return { result, response };
	}
}

/** The few Express response methods a node uses. */
export class FakeResponse {
	statusCode = 200;

	body: unknown;

	ended = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	json(body: unknown) {
		this.body = body;
		this.ended = true;
		return this;
	}

	send(body: unknown) {
		return this.json(body);
	}

	end() {
		this.ended = true;
		return this;
	}
}
