import assert from 'node:assert/strict';
import supertest from 'supertest';
import type { Options } from 'express-rate-limit';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { MongoRateLimitStore } from '../../src/lib/rate-limit-store.js';
import { ensureSomeUser, login, makeUser, useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';

let stores = 0;
const scope = () => `rl-test-${process.pid}-${stores++}`;
const storeWithWindow = (prefix: string, windowMs: number) => {
  const store = new MongoRateLimitStore({ prefix });
  store.init({ windowMs } as Options);
  return store;
};

describe('rate limits in the database (shared by every app process)', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when two processes count one client at the same moment, then no hit is lost', async () => {
    const prefix = `${scope()}:`;
    const [a, b] = [storeWithWindow(prefix, 60_000), storeWithWindow(prefix, 60_000)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).increment('1.2.3.4')),
    );
    assert.deepEqual(
      results.map((r) => r.totalHits).sort((x, y) => x - y),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal((await a.get('1.2.3.4'))!.totalHits, 20);
    assert.ok(
      results.every((r) => r.resetTime!.getTime() === results[0].resetTime!.getTime()),
      'one window',
    );
    // Another client and another limiter (prefix) count apart.
    assert.equal((await a.increment('5.6.7.8')).totalHits, 1);
    assert.equal((await storeWithWindow(`${scope()}:`, 60_000).increment('1.2.3.4')).totalHits, 1);
  });

  it('when the window has passed, then counting starts again; decrement and reset change only that client', async () => {
    const store = storeWithWindow(`${scope()}:`, 60_000);
    await store.increment('c');
    await store.increment('c');
    assert.equal((await store.increment('c')).totalHits, 3);
    await store.decrement('c');
    assert.equal((await store.get('c'))!.totalHits, 2);
    await store.increment('d');
    await store.resetKey('c');
    assert.equal(await store.get('c'), undefined);
    assert.equal((await store.get('d'))!.totalHits, 1);

    const short = storeWithWindow(`${scope()}:`, 100);
    await short.increment('e');
    await short.increment('e');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await short.get('e'), undefined, 'the finished window no longer counts');
    const fresh = await short.increment('e');
    assert.equal(fresh.totalHits, 1);
    assert.ok(fresh.resetTime!.getTime() > Date.now() - 100);
  });

  it('when a request is counted, then it costs one command, the first of a window included, and a new store (a restarted app) goes on counting', async () => {
    const prefix = `${scope()}:`;
    const store = storeWithWindow(prefix, 60_000);
    await store.get('warm-up'); // the TTL index is built once per process, on first use
    let first: Awaited<ReturnType<typeof store.increment>> | undefined;
    const firstHit = await commandsDuring(async () => (first = await store.increment('9.9.9.9')));
    assert.deepEqual(firstHit.commands, ['findAndModify rate_limits']);
    assert.equal(first!.totalHits, 1);
    const next = await commandsDuring(() => store.increment('9.9.9.9'));
    assert.deepEqual(next.commands, ['findAndModify rate_limits']);
    const restarted = storeWithWindow(prefix, 60_000);
    assert.equal((await restarted.increment('9.9.9.9')).totalHits, 3);
  });

  it('when a client signs in on two app instances on one database, then the login limit counts both', async function () {
    this.timeout(30_000);
    const logger = createLogger('silent');
    const shared = {
      config: t.config,
      logger,
      mailer: t.mailer,
      rateLimits: { login: 3 },
      rateLimitScope: scope(),
    };
    const one = supertest.agent(createApp(shared));
    const two = supertest.agent(createApp(shared));
    const user = await makeUser();
    const wrong = 'not the password at all';
    assert.equal((await login(one, user.email, wrong)).status, 401);
    assert.equal((await login(two, user.email, wrong)).status, 401);
    assert.equal((await login(one, user.email, wrong)).status, 401);
    const fourth = await login(two, user.email, wrong);
    assert.equal(fourth.status, 429, 'the fourth attempt, on the other instance, is refused');
    assert.match(fourth.text, /too many/i);
    // An app with its own counters (another deployment on the same database) is not affected.
    const other = supertest.agent(createApp({ ...shared, rateLimitScope: scope() }));
    assert.notEqual((await login(other, user.email, wrong)).status, 429);
  });
});
