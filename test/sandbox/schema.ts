/**
 * A small JSON-Schema checker for the subset Instantly's OpenAPI file uses, answering with
 * the same AJV-style messages Instantly's server (Fastify) sends, e.g.
 * "body must have required property 'bl_value'" or "body must NOT have additional properties".
 */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface Schema {
	type?: JsonType | JsonType[];
	properties?: Record<string, Schema>;
	required?: string[];
	additionalProperties?: boolean | Schema;
	items?: Schema;
	enum?: unknown[];
	minItems?: number;
	maxItems?: number;
	minimum?: number;
	maximum?: number;
	minLength?: number;
	/** A regular expression the string must match (JSON Schema / AJV `pattern`). */
	pattern?: string;
	minProperties?: number;
	format?: 'uuid' | 'email' | 'date-time';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function typeOf(value: unknown): JsonType {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value as JsonType;
}

function matchesType(value: unknown, type: JsonType): boolean {
	const actual = typeOf(value);
	return actual === type || (type === 'number' && actual === 'integer');
}

/** Returns the first violation as Instantly would word it, or undefined when the value is valid. */
export function validate(value: unknown, schema: Schema, path = 'body'): string | undefined {
	if (schema.type) {
		const types = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!types.some((t) => matchesType(value, t))) return `${path} must be ${types.join(',')}`;
	}
	if (schema.enum && !schema.enum.includes(value)) return `${path} must be equal to one of the allowed values`;
	if (typeof value === 'string') {
		if (schema.minLength !== undefined && value.length < schema.minLength)
			return `${path} must NOT have fewer than ${schema.minLength} characters`;
		if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
			return `${path} must match pattern "${schema.pattern}"`;
		if (schema.format === 'uuid' && !UUID.test(value)) return `${path} must match format "uuid"`;
		if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return `${path} must match format "date-time"`;
		if (schema.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return `${path} must match format "email"`;
	}
	if (typeof value === 'number') {
		if (schema.minimum !== undefined && value < schema.minimum) return `${path} must be >= ${schema.minimum}`;
		if (schema.maximum !== undefined && value > schema.maximum) return `${path} must be <= ${schema.maximum}`;
	}
	if (Array.isArray(value)) {
		if (schema.minItems !== undefined && value.length < schema.minItems)
			return `${path} must NOT have fewer than ${schema.minItems} items`;
		if (schema.maxItems !== undefined && value.length > schema.maxItems)
			return `${path} must NOT have more than ${schema.maxItems} items`;
		if (schema.items) {
			for (let i = 0; i < value.length; i++) {
				const error = validate(value[i], schema.items, `${path}/${i}`);
				if (error) return error;
			}
		}
	}
	if (typeOf(value) === 'object') {
		const object = value as Record<string, unknown>;
		if (schema.minProperties !== undefined && Object.keys(object).length < schema.minProperties)
			return `${path} must NOT have fewer than ${schema.minProperties} properties`;
		for (const key of schema.required ?? []) {
			if (!(key in object)) return `${path} must have required property '${key}'`;
		}
		for (const [key, child] of Object.entries(object)) {
			const childSchema = schema.properties?.[key];
			if (childSchema) {
				const error = validate(child, childSchema, `${path}/${key}`);
				if (error) return error;
			} else if (schema.additionalProperties === false) {
				return `${path} must NOT have additional properties`;
			} else if (typeof schema.additionalProperties === 'object') {
				const error = validate(child, schema.additionalProperties, `${path}/${key}`);
				if (error) return error;
			}
		}
	}
	return undefined;
}

/**
 * Query strings arrive as text; like Fastify, coerce them to the schema's types before validating
 * ("true" → true, "10" → 10) so that `limit=abc` is answered 400 and `limit=10` is a number.
 */
export function coerceQuery(query: Record<string, string | string[]>, schema: Schema): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, raw] of Object.entries(query)) {
		const prop = schema.properties?.[key];
		const types = prop?.type ? (Array.isArray(prop.type) ? prop.type : [prop.type]) : ['string'];
		if (types.includes('array')) {
			// One value of a list parameter is a list of one.
			out[key] = Array.isArray(raw) ? raw : [raw];
		} else if (Array.isArray(raw)) {
			out[key] = raw;
		} else if ((types.includes('integer') || types.includes('number')) && raw !== '' && !Number.isNaN(Number(raw))) {
			out[key] = Number(raw);
		} else if (types.includes('boolean') && (raw === 'true' || raw === 'false')) {
			out[key] = raw === 'true';
		} else {
			out[key] = raw;
		}
	}
	return out;
}
