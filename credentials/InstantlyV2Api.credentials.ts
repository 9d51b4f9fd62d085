import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_MESSAGES, CREDENTIAL_TEST_PATH } from '../nodes/Instantly/shared/errors';

export class InstantlyV2Api implements ICredentialType {
	name = 'instantlyV2Api';

	displayName = 'Instantly V2 API';

	icon: Icon = { light: 'file:../icons/instantly.svg', dark: 'file:../icons/instantly.dark.svg' };

	documentationUrl = 'https://developer.instantly.ai/api/v2';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'An API v2 key from Instantly: Settings → Integrations → API Keys → Create API Key. Give it the scopes of the operations you use (for example leads:all, lead-labels:all, block_list_entries:all), or all:all.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.instantly.ai',
			description:
				'Leave as is for Instantly. Change it only to reach a proxy, Instantly’s mock server or a local sandbox.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 100,
			hint: 'Set to 100 ÷ number of n8n workers or tools sharing this key',
			description:
				'Most requests per second this n8n process sends with this key (1–100; Instantly allows 100 per workspace). The node starts at this rate and slows down by itself when Instantly answers “too many requests”, then speeds up again.',
		},
	];

	// Plain code, not a `Bearer {{$credentials.apiKey}}` expression: n8n 2.x evaluates each expression in an
	// isolated VM (1–2 ms), and this runs for every request the node sends.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey ?? '')}` },
		};
	}

	// Listing one lead proves the key and the base URL with the scope nearly every user grants (leads:read).
	// The rules word each failure like the node's errors (n8n would show only "Unauthorized").
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: CREDENTIAL_TEST_PATH,
			method: 'POST',
			body: { limit: 1 },
		},
		rules: Object.entries(CREDENTIAL_TEST_MESSAGES).map(([status, message]) => ({
			type: 'responseCode' as const,
			properties: { value: Number(status), message },
		})),
	};
}
