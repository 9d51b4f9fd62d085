// Talks to a sandbox process: its Instantly API (with its key) and its /__sandbox/* control API.
export function sandboxClient(url, apiKey) {
	const call = async (method, pathname, body, headers = {}) => {
		const res = await fetch(`${url}${pathname}`, {
			method,
			headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		const json = text ? JSON.parse(text) : undefined;
		if (!res.ok) throw new Error(`${method} ${pathname} answered ${res.status}: ${text}`);
		return json;
	};
	return {
		url,
		/** Every request received since the last reset, oldest first. */
		requests: () => call('GET', '/__sandbox/requests'),
		/**
		 * 'keep' forgets requests and faults only; 'demo' also reseeds the demo data; 'empty' empties it.
		 * `clear` names collections to empty as well (e.g. ['blockListEntries']).
		 */
		reset: (data = 'keep', clear) => call('POST', '/__sandbox/reset', { data, ...(clear ? { clear } : {}) }),
		/** Every request since the last reset without headers or bodies, the 429 count and each collection's size. */
		summary: () => call('GET', '/__sandbox/summary'),
		state: () => call('GET', '/__sandbox/state'),
		/** Seeds `count` emails into the Unibox (threads of two); resolves with {emails: how many it holds}. */
		seedEmails: (count) => call('POST', '/__sandbox/seed/emails', { count }),
		fault: (rule) => call('POST', '/__sandbox/faults', rule),
		/** Scripts for the scripted model (test/sandbox/model.ts), tried before its demo scripts until the next reset. */
		modelScripts: (scripts) => call('POST', '/__sandbox/model/scripts', scripts),
		/** Every chat request the scripted model answered since the last reset: what it received and answered. */
		modelCalls: () => call('GET', '/__sandbox/model/calls'),
		/**
		 * Fires a webhook event as Instantly would: `{event_type, lead_email?, campaign_id?, payload?}` or
		 * `{label, …}` for a custom label. Resolves with `{payload, deliveries: [{webhook_id, status_code, …}]}`.
		 */
		fire: (event) => call('POST', '/__sandbox/events', event),
		/** The webhooks registered in the sandbox's workspace, oldest first. */
		webhooks: async () => (await call('GET', '/__sandbox/state')).webhooks ?? [],
		/** Every delivery the sandbox made, oldest first. */
		deliveries: async () => (await call('GET', '/__sandbox/state')).webhookDeliveries ?? [],
		/** A call to the Instantly API itself, with the sandbox's key: for seeding data. */
		api: (method, pathname, body) => call(method, pathname, body, { authorization: `Bearer ${apiKey}` }),
	};
}
