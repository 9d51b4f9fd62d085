import { describeText, redact, rejectedField } from '../nodes/Instantly/shared/errors';
import { backoff, RETRY, retryAfterMs } from '../nodes/Instantly/shared/transport';

describe('Retry-After', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');

	it.each([
		['2', 2000],
		['0', 0],
		['1.5', 1500],
		[' 3 ', 3000],
		['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
		['Wed, 31 Dec 2025 23:59:00 GMT', 0],
	])('reads %j as %i ms', (value, ms) => {
		expect(retryAfterMs({ 'retry-after': value }, now)).toBe(ms);
	});

	it.each([[undefined], [''], ['soon'], ['-1']])('ignores %j (then backoff applies)', (value) => {
		expect(retryAfterMs(value === undefined ? {} : { 'retry-after': value }, now)).toBeUndefined();
	});

	it('caps a very long Retry-After', () => {
		expect(retryAfterMs({ 'retry-after': '86400' }, now)).toBe(RETRY.maxRetryAfterMs);
	});
});

describe('backoff', () => {
	it('doubles with each attempt, between half and all of its ceiling, up to the maximum', () => {
		for (let attempt = 1; attempt <= 10; attempt++) {
			const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
			for (let i = 0; i < 50; i++) {
				const wait = backoff(attempt);
				expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
				expect(wait).toBeLessThanOrEqual(ceiling);
			}
		}
	});

	it('is jittered, so callers that failed together do not come back together', () => {
		expect(new Set(Array.from({ length: 20 }, () => backoff(3))).size).toBeGreaterThan(5);
	});
});

describe('error wording', () => {
	it.each([
		["body must have required property 'bl_value'", 'bl_value'],
		['body/email must match format "email"', 'email'],
		['body/custom_variables/score must be string,number,boolean,null', 'custom_variables.score'],
		['querystring/limit must be <= 100', 'limit'],
		['body must NOT have additional properties', undefined],
		['Invalid campaign', undefined],
	])('finds the field a 400 names in %j', (message, field) => {
		expect(rejectedField(message)).toBe(field);
	});

	it('describes a gateway’s HTML page instead of showing it', () => {
		expect(describeText('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>…</body></html>')).toBe(
			'an HTML page (“502 Bad Gateway”) instead of JSON',
		);
		expect(describeText('x'.repeat(400))).toHaveLength(301);
	});

	it('redacts the key wherever it occurs', () => {
		expect(redact('Bearer sk-123456 rejected; sk-123456 is revoked', 'sk-123456')).toBe('Bearer *** rejected; *** is revoked');
		expect(redact('nothing to hide', '')).toBe('nothing to hide');
	});
});
