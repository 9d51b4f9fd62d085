// Reads the built node (dist/) to learn which operations exist and which ID fields are resource locators,
// so the e2e workflows store values the way the editor would.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './lib.mjs';

export function builtNode() {
	const require = createRequire(path.join(ROOT, 'package.json'));
	const { Instantly } = require('./dist/nodes/Instantly/Instantly.node.js');
	const { description } = new Instantly();
	const operations = {};
	for (const property of description.properties) {
		if (property.name !== 'operation') continue;
		for (const resource of property.displayOptions?.show?.resource ?? []) {
			operations[resource] = (property.options ?? []).map((o) => o.value);
		}
	}
	/** The type of a parameter ("filters.campaignId" looks inside a collection) as the operation shows it. */
	const typeOf = (resource, operation, name) => {
		const [top, nested] = name.split('.');
		const property = description.properties.find(
			(p) =>
				p.name === top &&
				(p.displayOptions?.show?.resource ?? [resource]).includes(resource) &&
				(p.displayOptions?.show?.operation ?? [operation]).includes(operation),
		);
		return nested ? property?.options?.find((o) => o.name === nested)?.type : property?.type;
	};
	/** An ID value as the editor stores it for that parameter: a resource locator "By ID", or plain text. */
	const idValue = (resource, operation, name, value) =>
		typeOf(resource, operation, name) === 'resourceLocator' ? { __rl: true, mode: 'id', value } : value;
	return { description, operations, typeOf, idValue };
}
