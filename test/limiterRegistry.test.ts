import {
	createLimiterRegistry,
	rateLimiterFor,
	requestClock,
	useLimiterRegistry,
} from '../nodes/Instantly/shared/limiterRegistry';
import { DEFAULT_LIMITER_SETTINGS, REAL_CLOCK } from '../nodes/Instantly/shared/rateLimiter';
import { VirtualClock } from './virtualTime';

describe('limiter registry', () => {
	it('one limiter per base URL and key, whose ceiling follows the credential', () => {
		const registry = createLimiterRegistry();
		const a = registry.limiterFor('https://api.instantly.ai#aaaa', 50);
		expect(registry.limiterFor('https://api.instantly.ai#aaaa')).toBe(a);
		expect(a.rate.ceiling).toBe(50); // looking it up changes nothing
		expect(registry.limiterFor('https://api.instantly.ai#bbbb', 50)).not.toBe(a);
		expect(registry.limiterFor('http://127.0.0.1:1#aaaa', 50)).not.toBe(a);
		registry.limiterFor('https://api.instantly.ai#aaaa', 10);
		expect(a.rate.ceiling).toBe(10);
		expect(a.rate.perSecond).toBe(10);
		expect(registry.size).toBe(3);
	});

	it('hands its settings and clock to every limiter it makes; what is not given is the default', () => {
		const clock = new VirtualClock(5000);
		const registry = createLimiterRegistry({ clock, adaptive: { enabled: false }, retry: { maxAttempts: 3 } });
		const limiter = registry.limiterFor('k');
		expect(limiter.settings.clock).toBe(clock);
		expect(limiter.settings.adaptive).toEqual({ ...DEFAULT_LIMITER_SETTINGS.adaptive, enabled: false });
		expect(limiter.settings.retry).toEqual({ ...DEFAULT_LIMITER_SETTINGS.retry, maxAttempts: 3 });
		expect(limiter.settings.windows).toEqual(DEFAULT_LIMITER_SETTINGS.windows);
		expect(limiter.rate.enabled).toBe(false);
		// The defaults are untouched.
		expect(DEFAULT_LIMITER_SETTINGS.retry.maxAttempts).toBe(10);
		expect(DEFAULT_LIMITER_SETTINGS.adaptive.enabled).toBe(true);
	});

	it('lets a limiter go once it is idle: nothing waiting or in flight, no slot held, quiet for a minute', async () => {
		const clock = new VirtualClock();
		const registry = createLimiterRegistry({ clock });
		const used = registry.limiterFor('used');
		registry.limiterFor('never used');
		used.answered(await clock.run(used.acquire())); // its minute-window slot is held until 60,000
		const busy = registry.limiterFor('busy');
		const inFlight = await clock.run(busy.acquire()); // not answered yet
		const paused = registry.limiterFor('paused');
		paused.pause(90_000);

		await clock.advance(59_999);
		registry.limiterFor('other');
		expect(registry.size).toBe(5); // within the first minute nothing is looked at

		await clock.advance(1);
		registry.limiterFor('other');
		expect(registry.size).toBe(3); // 'used' and 'never used' are no longer kept
		expect(registry.limiterFor('busy')).toBe(busy);
		expect(registry.limiterFor('paused')).toBe(paused);

		busy.answered(inFlight); // at 60,000: its slot is held, and it is quiet, until 120,000
		expect(busy.idle(119_999, 60_000)).toBe(false);
		expect(busy.idle(120_000, 60_000)).toBe(true);
		expect(busy.idle(120_000, 60_001)).toBe(false);
		await clock.advance(59_999);
		registry.limiterFor('other');
		expect(registry.size).toBe(3);
		await clock.advance(1);
		registry.limiterFor('other');
		expect(registry.size).toBe(1); // only 'other', looked up just now
	});

	it('a limiter let go but still held elsewhere (an execution between two requests) is the one handed out again', async () => {
		const clock = new VirtualClock();
		const registry = createLimiterRegistry({ clock });
		const held = registry.limiterFor('k', 40);
		held.answered(await clock.run(held.acquire()));
		await clock.advance(60_000);
		registry.limiterFor('other');
		expect(registry.size).toBe(1);
		// Never two limiters pacing one key side by side: the same one, kept again, its ceiling updated.
		expect(registry.limiterFor('k', 30)).toBe(held);
		expect(held.rate.ceiling).toBe(30);
		expect(registry.size).toBe(2);
	});

	it('stays quiet longer than the longest wait between two attempts', async () => {
		const clock = new VirtualClock();
		const registry = createLimiterRegistry({ clock, retry: { maxDelayMs: 120_000 } });
		const limiter = registry.limiterFor('k');
		limiter.answered(await clock.run(limiter.acquire()));
		await clock.advance(119_999);
		registry.limiterFor('other');
		expect(registry.size).toBe(2);
		await clock.advance(1);
		registry.limiterFor('other');
		expect(registry.size).toBe(1);
		expect(limiter.idle(clock.now(), 120_000)).toBe(true);
	});

	it('the process’s registry can be replaced, and gives back the one it replaced', () => {
		const clock = new VirtualClock();
		const mine = createLimiterRegistry({ clock });
		const previous = useLimiterRegistry(mine);
		try {
			expect(previous.settings.clock).toBe(REAL_CLOCK);
			expect(requestClock()).toBe(clock);
			expect(rateLimiterFor('k')).toBe(mine.limiterFor('k'));
		} finally {
			expect(useLimiterRegistry(previous)).toBe(mine);
		}
		expect(requestClock()).toBe(REAL_CLOCK);
	});
});
