/**
 * The limiter in virtual time: exact start times, whatever the machine is doing. A request holds a
 * slot of each window from its start until one window after its answer (issue 14), so Instantly,
 * counting a request at any moment in between, never sees more than the limit.
 */
import {
	DEFAULT_LIMITER_SETTINGS,
	INSTANTLY_RATE_LIMITS,
	RateLimitCancelledError,
	RateLimiter,
	type LimiterOptions,
	type RateTicket,
} from '../nodes/Instantly/shared/rateLimiter';
import { busiest, SimulatedInstantly, VirtualClock } from './virtualTime';

/** A fixed rate, so these tests are about the windows alone (the adaptive rate has its own tests). */
function limiter(clock: VirtualClock, options: LimiterOptions = {}): RateLimiter {
	return new RateLimiter({ clock, ...options, adaptive: { enabled: false, ...options.adaptive } });
}

/** `count` requests queued at once; each is answered `latencyMs` after its start. Resolves to the start times, in order. */
async function run(clock: VirtualClock, l: RateLimiter, count: number, latencyMs = 0): Promise<number[]> {
	const starts: number[] = [];
	await clock.run(
		Promise.all(
			Array.from({ length: count }, async () => {
				const ticket = await l.acquire();
				starts.push(ticket.startedAt);
				if (latencyMs) await clock.sleep(latencyMs);
				l.answered(ticket);
			}),
		),
	);
	return starts;
}

/** Deterministic pseudo-random numbers (mulberry32), so a scenario is the same on every run. */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('RateLimiter', () => {
	it('is configured with Instantly’s budget: 100 per second and 6,000 per minute, and the defaults cannot be changed', () => {
		expect(INSTANTLY_RATE_LIMITS).toEqual([
			{ limit: 100, ms: 1000 },
			{ limit: 6000, ms: 60_000 },
		]);
		expect(Object.isFrozen(DEFAULT_LIMITER_SETTINGS)).toBe(true);
		expect(Object.isFrozen(DEFAULT_LIMITER_SETTINGS.adaptive)).toBe(true);
		expect(Object.isFrozen(DEFAULT_LIMITER_SETTINGS.retry)).toBe(true);
		expect(Object.isFrozen(INSTANTLY_RATE_LIMITS[0])).toBe(true);
		expect(() => Object.assign(DEFAULT_LIMITER_SETTINGS.retry, { maxAttempts: 1 })).toThrow(TypeError);
	});

	it('a request holds its slot from its start until one window after its answer', async () => {
		const clock = new VirtualClock();
		// 4 slots per second; spacing 0.25 × 250 ms: starts at least 62.5 ms apart. Each answer takes 100 ms.
		const l = limiter(clock, { windows: [{ limit: 4, ms: 1000 }] });
		const starts = await run(clock, l, 6, 100);
		// The 5th waits for the 1st slot: answered at 100, free at 1100; the 6th for the 2nd: 162.5 + 1000.
		expect(starts).toEqual([0, 62.5, 125, 187.5, 1100, 1162.5]);
		// At 1262.5 (the last answer) the slots answered at 287.5, 1200 and 1262.5 are still held.
		expect(clock.now()).toBe(1262.5);
		expect(l.inFlight).toBe(0);
		expect(l.held(1000)).toBe(3);
		await clock.advance(1000);
		expect(l.held(1000)).toBe(0);
	});

	it('never lets more start than each window allows, with every window at once', async () => {
		const clock = new VirtualClock();
		// 8 per 200 ms and 20 per 1,000 ms; answered at once. Spacing: 0.25 × 25 ms.
		const l = limiter(clock, {
			windows: [
				{ limit: 8, ms: 200 },
				{ limit: 20, ms: 1000 },
			],
		});
		const starts = await run(clock, l, 30);
		// Start k waits for the gap after k−1, for the slot of k−8 (200 ms) and for the slot of k−20 (1,000 ms).
		const expected: number[] = [];
		for (let k = 0; k < 30; k++) {
			expected.push(Math.max(k ? expected[k - 1] + 6.25 : 0, k >= 8 ? expected[k - 8] + 200 : 0, k >= 20 ? expected[k - 20] + 1000 : 0));
		}
		expect(starts).toEqual(expected);
		expect(starts[8]).toBe(200);
		expect(starts[20]).toBe(1000);
		expect(busiest(starts, 200)).toBe(8);
		expect(busiest(starts, 1000)).toBe(20);
	});

	it('while every slot is held by a request in flight, the next waits for an answer, however long it takes', async () => {
		const clock = new VirtualClock();
		const l = limiter(clock, { windows: [{ limit: 2, ms: 1000 }], spacing: 0 });
		const [a, b] = await clock.run(Promise.all([l.acquire(), l.acquire()]));
		let third: RateTicket | undefined;
		void l.acquire().then((ticket) => (third = ticket));
		await clock.advance(5000);
		expect(third).toBeUndefined();
		expect(l.waiting).toBe(1);
		l.answered(a);
		await clock.advance(999);
		expect(third).toBeUndefined();
		await clock.advance(1);
		expect(third?.startedAt).toBe(6000);
		l.answered(b);
		l.answered(third!);
	});

	it('a 429 or a request never sent frees its slot at once; one without an answer holds it like an answered one', async () => {
		const clock = new VirtualClock();
		const l = limiter(clock, { windows: [{ limit: 1, ms: 1000 }], spacing: 0 });
		const starts: number[] = [];
		await clock.run(
			(async () => {
				const refused = await l.acquire();
				starts.push(refused.startedAt);
				expect(l.limited(refused, 0, false)).toBe(0); // Instantly did not count it
				const dropped = await l.acquire();
				starts.push(dropped.startedAt);
				l.failed(dropped); // a reset or a timeout: it may have been counted
				const abandoned = await l.acquire();
				starts.push(abandoned.startedAt);
				l.failed(abandoned, false); // never sent
				const answered = await l.acquire();
				starts.push(answered.startedAt);
				l.answered(answered);
				starts.push((await l.acquire()).startedAt);
			})(),
		);
		expect(starts).toEqual([0, 0, 1000, 1000, 2000]);
	});

	it('a ticket settled twice frees nothing twice', async () => {
		const clock = new VirtualClock();
		const l = limiter(clock, { windows: [{ limit: 2, ms: 1000 }], spacing: 0 });
		const ticket = await clock.run(l.acquire());
		l.answered(ticket);
		l.answered(ticket);
		l.failed(ticket, false);
		expect(l.limited(ticket, 300, true)).toBe(300); // not paused: already settled
		expect(l.inFlight).toBe(0);
		expect(l.held(1000)).toBe(1);
		expect(l.nextStart(clock.now())).toBe(0);
	});

	it('a pause holds back requests that were already waiting', async () => {
		const clock = new VirtualClock();
		const l = limiter(clock);
		await clock.run(l.acquire().then((ticket) => l.answered(ticket)));
		l.pause(300);
		// Then at the spacing of 0.25 × 10 ms.
		expect(await run(clock, l, 3)).toEqual([300, 302.5, 305]);
	});

	it('serves in order, and a retry (`first`) ahead of those still waiting', async () => {
		const clock = new VirtualClock();
		const l = limiter(clock, { windows: [{ limit: 1, ms: 50 }] });
		const order: string[] = [];
		const take = async (name: string, first = false) => {
			const ticket = await l.acquire({ first });
			order.push(`${name}@${ticket.startedAt}`);
			l.answered(ticket);
		};
		await clock.run(
			(async () => {
				const head = await l.acquire(); // takes the only slot: everyone below has to queue
				const waiting = [take('a'), take('b'), take('c'), take('retry', true)];
				l.answered(head);
				await Promise.all(waiting);
			})(),
		);
		expect(order).toEqual(['retry@50', 'a@100', 'b@150', 'c@200']);
	});

	it('a cancelled execution leaves the queue without taking a turn', async () => {
		const clock = new VirtualClock();
		const l = limiter(clock, { windows: [{ limit: 1, ms: 100 }] });
		l.answered(await clock.run(l.acquire()));
		const controller = new AbortController();
		const cancelled = l.acquire({ signal: controller.signal });
		const next = l.acquire();
		expect(l.waiting).toBe(2);
		controller.abort();
		await expect(cancelled).rejects.toBeInstanceOf(RateLimitCancelledError);
		expect(l.waiting).toBe(1);
		// It took the turn the cancelled request would have had: when the first slot frees.
		expect((await clock.run(next)).startedAt).toBe(100);
		await expect(l.acquire({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(RateLimitCancelledError);
	});
	it('an execution’s many waiting requests share one listener on its cancel signal, and all leave on cancel', async () => {
		const clock = new VirtualClock();
		const l = limiter(clock, { windows: [{ limit: 1, ms: 1000 }] });
		l.answered(await clock.run(l.acquire()));
		const controller = new AbortController();
		const add = jest.spyOn(controller.signal, 'addEventListener');
		const remove = jest.spyOn(controller.signal, 'removeEventListener');
		const waiting = Array.from({ length: 50 }, async () => await l.acquire({ signal: controller.signal }).catch((error: Error) => error));
		expect(add).toHaveBeenCalledTimes(1);
		controller.abort();
		const results = await Promise.all(waiting);
		expect(results.every((r) => r instanceof RateLimitCancelledError)).toBe(true);
		expect(l.waiting).toBe(0);

		// Served ones let go of it: the listener goes with the last.
		const other = new AbortController();
		const removeOther = jest.spyOn(other.signal, 'removeEventListener');
		const take = async () => {
			const ticket = await l.acquire({ signal: other.signal });
			l.answered(ticket);
			return ticket.startedAt;
		};
		expect(await clock.run(Promise.all([take(), take()]))).toEqual([1000, 2000]);
		expect(removeOther).toHaveBeenCalledTimes(1);
		expect(remove).not.toHaveBeenCalled();
	});
});

describe('pacing that holds when the event loop stalls (issue 14)', () => {
	const WINDOW = 1000;
	const LIMIT = 100;
	/**
	 * 1,500 requests through Instantly's windows, each with its own time on the wire each way (1–250 ms),
	 * and three stalls of n8n's event loop (0.6 s, 0.5 s, 0.7 s) during which nothing leaves or is read:
	 * whatever was due then happens at the stall's end, all together.
	 */
	function scenario(clock: VirtualClock, api: SimulatedInstantly) {
		const next = random(14);
		const latencies = Array.from({ length: 3000 }, () => ({ up: 1 + Math.floor(next() * 250), down: 1 + Math.floor(next() * 250) }));
		api.latency = (i) => latencies[i % latencies.length];
		clock.stall(300, 900);
		clock.stall(2100, 2600);
		clock.stall(5200, 5900);
	}

	it('Instantly, counting each request when it arrives, never sees more than 100 in a second: no 429', async () => {
		const clock = new VirtualClock();
		const api = new SimulatedInstantly(clock);
		scenario(clock, api);
		const l = new RateLimiter({ clock });
		const held: Array<{ start: number; end: number }> = [];
		await clock.run(
			Promise.all(
				Array.from({ length: 1500 }, async (_, i) => {
					const ticket = await l.acquire();
					const response = await api.send({ method: 'POST', url: `/item/${i}` });
					held.push({ start: ticket.startedAt, end: clock.now() });
					if (response.statusCode === 429) l.limited(ticket, 100, false);
					else l.answered(ticket);
				}),
			),
		);

		expect(api.limited).toBe(0);
		expect(busiest(api.counted, WINDOW)).toBeLessThanOrEqual(LIMIT);
		expect(api.counted).toHaveLength(1500);
		// Whatever moment between its start and its answer Instantly counts a request at: the most
		// requests that could all be counted within one window is the most [start, answer + 1 s)
		// spans that overlap, and that never exceeds 100.
		const events = held.flatMap(({ start, end }) => [
			{ at: start, step: 1 },
			{ at: end + WINDOW, step: -1 },
		]);
		events.sort((a, b) => a.at - b.at || a.step - b.step);
		let open = 0;
		let most = 0;
		for (const { step } of events) most = Math.max(most, (open += step));
		expect(most).toBeLessThanOrEqual(LIMIT);
		expect(most).toBeGreaterThan(LIMIT - 5); // and it uses the budget
		expect(l.inFlight).toBe(0);
	});

	it('counting starts in a sliding window instead (the rule before) lets the stalls through as bursts: 429s', async () => {
		// The same scenario with starts paced 100 per sliding second, as before: the test above can fail.
		const clock = new VirtualClock();
		const api = new SimulatedInstantly(clock);
		scenario(clock, api);
		const starts: number[] = [];
		let queue = Promise.resolve();
		const acquire = async () => {
			const turn = queue.then(async () => {
				for (;;) {
					const recent = starts.filter((t) => t > clock.now() - WINDOW);
					if (recent.length < LIMIT) break;
					await clock.sleep(recent[0] + WINDOW - clock.now());
				}
				starts.push(clock.now());
			});
			queue = turn;
			await turn;
		};
		await clock.run(
			Promise.all(
				Array.from({ length: 1500 }, async (_, i) => {
					await acquire();
					await api.send({ method: 'POST', url: `/item/${i}` });
				}),
			),
		);
		expect(busiest(starts, WINDOW)).toBeLessThanOrEqual(LIMIT);
		expect(api.limited).toBeGreaterThan(0);
	});
});
