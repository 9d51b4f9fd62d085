/**
 * Runs the Instantly node through n8n-core's real execution engine (WorkflowExecute, the request helpers,
 * n8n's node settings and the credential's authentication) against a sandbox URL.
 */
import { DirectoryLoader, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { InstantlyV2Api } from '../credentials/InstantlyV2Api.credentials';
import { Instantly } from '../nodes/Instantly/Instantly.node';

export const NODE_TYPE = 'n8n-nodes-instantly-v2.instantly';
export const NODE_NAME = 'Instantly';

const credentialType = new InstantlyV2Api();
const nodeType: INodeType = new Instantly();
// As n8n's loader does for every declarative node: adds the Request Options (Batching, Proxy, Timeout, Ignore SSL).
DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);

class NodeTypes implements INodeTypes {
	getByName(): INodeType {
		return nodeType;
	}

	getByNameAndVersion(): INodeType {
		return nodeType;
	}

	getKnownTypes() {
		return {};
	}
}

export interface Credentials {
	apiKey: string;
	baseUrl: string;
	requestsPerSecond?: number;
}

export function additionalData(credentials: Credentials): IWorkflowExecuteAdditionalData {
	const credentialsHelper = {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async () => ({ ...credentials }) as ICredentialDataDecryptedObject,
		getCredentials: async () => {
			throw new Error('not used');
		},
		// As n8n's CredentialsHelper: a credential whose `authenticate` is a function is called with the decrypted data.
		authenticate: async (data: ICredentialDataDecryptedObject, _type: string, requestOptions: IHttpRequestOptions) =>
			await credentialType.authenticate(data, requestOptions),
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
		getCredentialsProperties: () => credentialType.properties,
	};
	return {
		credentialsHelper,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** n8n's node settings (the "Settings" tab): On Error, Retry On Fail. */
export type NodeSettings = Pick<INode, 'onError' | 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;

function makeNode(parameters: INodeParameters, settings: NodeSettings = {}, type = NODE_TYPE): INode {
	return {
		id: 'instantly-node',
		name: NODE_NAME,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { instantlyV2Api: { id: 'cred-1', name: 'Instantly (sandbox)' } },
		...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
	};
}

function makeWorkflow(node: INode): Workflow {
	return new Workflow({
		id: 'wf-test',
		name: 'Instantly test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new NodeTypes(),
		settings: { executionOrder: 'v1' },
	});
}

export interface RunOptions {
	parameters: INodeParameters;
	/** Input items (plain JSON objects); one empty item when absent. */
	items?: IDataObject[];
	credentials: Credentials;
	/** "On Error": continue with error items in the regular output, or in a second output. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	/** Settings → Retry On Fail, with Max Tries (2–5) and Wait Between Tries (ms). */
	retry?: { maxTries: number; waitBetweenTries?: number };
	mode?: WorkflowExecuteMode;
	/** The node's type: `…instantlyTool` runs it as n8n runs an AI Agent's tool (same node, the tool's type name). */
	type?: string;
	/** Aborting it stops the execution as n8n's "Stop" does (the node sees its execution cancel signal abort). */
	signal?: AbortSignal;
}


export interface RunResult {
	/** The node's (first) output. */
	items: INodeExecutionData[];
	/** The error output, with onError 'continueErrorOutput'. */
	errorItems: INodeExecutionData[];
	/** The node's error when it failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const node = makeNode(options.parameters, {
		onError: options.onError,
		retryOnFail: options.retry ? true : undefined,
		maxTries: options.retry?.maxTries,
		waitBetweenTries: options.retry ? (options.retry.waitBetweenTries ?? 0) : undefined,
	}, options.type);
	const workflow = makeWorkflow(node);
	const inputItems: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [inputItems] }, source: null }],
		},
	});
	const mode = options.mode ?? 'manual';
	const data = additionalData(options.credentials);
	data.hooks = new ExecutionLifecycleHooks(mode, 'exec-test', {
		id: 'wf-test',
		name: 'Instantly test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const execute = new WorkflowExecute(data, mode, runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	options.signal?.addEventListener('abort', () => running.cancel(), { once: true });
	const run = await running;
	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	const main = taskData?.data?.main ?? [];
	return {
		items: main[0] ?? [],
		errorItems: main[1] ?? [],
		error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'],
		run,
	};
}

/** Calls one of the node's `methods.loadOptions` as the editor does. */
export async function loadOptions(
	method: string,
	parameters: INodeParameters,
	credentials: Credentials,
): Promise<INodePropertyOptions[]> {
	const context = loadOptionsContext(parameters, credentials);
	const fn = nodeType.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`no loadOptions method ${method}`);
	return await fn.call(context);
}

/** Calls one of the node's `methods.listSearch` as the editor's resource locator does. */
export async function listSearch(
	method: string,
	parameters: INodeParameters,
	credentials: Credentials,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const context = loadOptionsContext(parameters, credentials);
	const fn = nodeType.methods?.listSearch?.[method];
	if (!fn) throw new Error(`no listSearch method ${method}`);
	return await fn.call(context, filter, paginationToken);
}

function loadOptionsContext(parameters: INodeParameters, credentials: Credentials) {
	const node = makeNode(parameters);
	const data = additionalData(credentials);
	data.currentNodeParameters = parameters;
	return new LoadOptionsContext(makeWorkflow(node), node, data, '');
}
