import type { IDataObject } from 'n8n-workflow';

// What Instantly's answer to one batch means for each lead of it: the per-lead results of Add Many.

export type AddTo = 'campaign' | 'list';

export interface Entry {
	itemIndex: number;
	lead: IDataObject;
}

export interface Batch {
	addTo: AddTo;
	/** The destination and options: the body of the request without `leads`. */
	body: IDataObject;
	/** The leads of one destination across batches, by lower-case email, with the item that created them. */
	createdInRun: Map<string, number>;
	entries: Entry[];
}


export function destinationOf(batch: Batch): IDataObject {
	return batch.addTo === 'campaign' ? { campaign_id: batch.body.campaign_id } : { list_id: batch.body.list_id };
}

/** The response's summary fields (everything but the per-lead list). */
export function counts(response: IDataObject): IDataObject {
	const { created_leads: _created, status: _status, ...summary } = response;
	return summary;
}

function count(value: unknown): number {
	return typeof value === 'number' && value > 0 ? value : 0;
}

type NotCreated =
	| 'alreadyInCampaign'
	| 'alreadyInList'
	| 'blocklisted'
	| 'skipped'
	| 'invalidEmail'
	| 'incomplete'
	| 'duplicateInInput';

const WHY: Record<NotCreated, { one: string; many: string }> = {
	alreadyInCampaign: { one: 'the lead is already in this campaign', many: 'already in the campaign' },
	alreadyInList: { one: 'the lead is already in this list', many: 'already in the list' },
	blocklisted: { one: 'the email or its domain is on the block list', many: 'on the block list' },
	skipped: { one: 'the lead already exists in the workspace and a "Skip If" option is on', many: 'skipped by a "Skip If" option' },
	invalidEmail: { one: 'Instantly considers the email address invalid', many: 'with an email Instantly considers invalid' },
	incomplete: { one: 'the lead has neither an email nor a name', many: 'with neither an email nor a name' },
	duplicateInInput: { one: 'the same email is on an earlier item of this batch', many: 'repeating an email of the batch' },
};

/**
 * One result per lead of the batch, in order. `created_leads[].index` (the position in the
 * request) gives each created lead's ID. For the others Instantly gives only counts, so a reason
 * is named per lead where it can be known: a repeated email within the batch, an email this run
 * just added, or a batch whose skipped leads all share one reason. Otherwise the counts are quoted.
 */
export function describeBatch(response: IDataObject, batch: Batch): IDataObject[] {
	const created = new Map<number, IDataObject>();
	for (const lead of (Array.isArray(response.created_leads) ? response.created_leads : []) as IDataObject[]) {
		if (typeof lead.index === 'number') created.set(lead.index, lead);
	}
	const emailAt = batch.entries.map(({ lead }) => (typeof lead.email === 'string' ? lead.email.toLowerCase() : undefined));
	const firstAt = new Map<string, number>();
	emailAt.forEach((email, position) => {
		if (email !== undefined && !firstAt.has(email)) firstAt.set(email, position);
	});
	const remaining: Record<NotCreated, number> = {
		alreadyInCampaign: batch.addTo === 'campaign' ? count(response.duplicated_leads) : 0,
		alreadyInList: batch.addTo === 'list' ? count(response.duplicated_leads) : 0,
		blocklisted: count(response.in_blocklist),
		skipped: count(response.skipped_count),
		invalidEmail: count(response.invalid_email_count),
		incomplete: count(response.incomplete_count),
		duplicateInInput: count(response.duplicate_email_count),
	};
	const already: NotCreated = batch.addTo === 'campaign' ? 'alreadyInCampaign' : 'alreadyInList';

	const results: IDataObject[] = new Array(batch.entries.length);
	const unexplained: number[] = [];
	batch.entries.forEach(({ lead }, position) => {
		const email = emailAt[position];
		const createdLead = created.get(position);
		if (createdLead) {
			results[position] = { status: 'created', id: createdLead.id, ...pick(lead) };
			if (email !== undefined && !batch.createdInRun.has(email)) batch.createdInRun.set(email, batch.entries[position].itemIndex);
			return;
		}
		const sent = pick(lead);
		const first = email === undefined ? undefined : firstAt.get(email);
		if (first !== undefined && first !== position && remaining.duplicateInInput > 0) {
			remaining.duplicateInInput--;
			results[position] = {
				status: 'duplicateInInput',
				...sent,
				reason: `Not added: the same email is on item ${batch.entries[first].itemIndex}, earlier in this batch`,
			};
			return;
		}
		const earlier = email === undefined ? undefined : batch.createdInRun.get(email);
		if (earlier !== undefined && remaining[already] > 0) {
			remaining[already]--;
			results[position] = {
				status: already,
				...sent,
				reason: `Not added: ${WHY[already].one} (item ${earlier} of this run added it)`,
			};
			return;
		}
		results[position] = sent;
		unexplained.push(position);
	});

	const reasons = (Object.keys(remaining) as NotCreated[]).filter((reason) => remaining[reason] > 0);
	for (const position of unexplained) {
		if (reasons.length === 1 && remaining[reasons[0]] >= unexplained.length) {
			results[position] = { status: reasons[0], ...results[position], reason: `Not added: ${WHY[reasons[0]].one}` };
		} else {
			const quoted = reasons.map((reason) => `${remaining[reason]} ${WHY[reason].many}`).join(', ');
			results[position] = {
				status: 'notCreated',
				...results[position],
				reason: quoted
					? `Not added. Instantly does not say which lead was left out for which reason; in this batch: ${quoted}`
					: 'Not added, and Instantly gave no reason',
			};
		}
	}
	return results;
}

/** What identifies a lead to the user: its email, or its name when it has none (a list lead). */
function pick(lead: IDataObject): IDataObject {
	const keys = lead.email !== undefined ? ['email'] : ['first_name', 'last_name'];
	const sent: IDataObject = {};
	for (const key of keys) if (lead[key] !== undefined) sent[key] = lead[key];
	return sent;
}
