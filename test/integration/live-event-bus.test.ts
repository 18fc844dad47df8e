import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { changeStreamsUnsupported } from '../../src/live/change-reader.js';
import {
  deliverableTo,
  PanelEventBus,
  REPLAY_LIMIT,
  type PanelEvent,
  type PanelEventBusOptions,
} from '../../src/live/event-bus.js';
import { connectTestDatabase, testServerUri } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';

let collections = 0;
const HOUR = 3_600_000;

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The embedded engine has change streams; a standalone MongoDB (TEST_MONGODB_URI) has none. */
const streams = !process.env.TEST_MONGODB_URI;

for (const mode of ['poll', 'stream'] as const)
  describe(`live event bus (through the database, reader: ${mode})`, () => {
    const started: PanelEventBus[] = [];
    let collection = '';
    /**
     * Buses on a collection of their own; two buses on one collection stand for two app processes.
     * With the change stream, the reader looks at the sequence only once an hour: what other
     * processes publish must come through the stream.
     */
    const make = (count: number, options: PanelEventBusOptions = {}) => {
      collection = `live_test_${process.pid}_${collections++}`;
      const modeOptions =
        mode === 'stream' ? { changeStream: true, streamPollMs: HOUR } : { changeStream: false };
      const buses = Array.from(
        { length: count },
        () => new PanelEventBus({ collection, ...modeOptions, ...options }),
      );
      started.push(...buses);
      return buses;
    };
    /** Started, and (stream mode) tailing the collection. */
    const ready = async (buses: PanelEventBus[]) => {
      await Promise.all(buses.map((b) => b.start()));
      await until(() => buses.every((b) => b.reader === mode));
    };
    before(function () {
      if (mode === 'stream' && !streams) this.skip();
      return connectTestDatabase();
    });
    after(async () => {
      await Promise.all(started.map((b) => b.stop()));
    });

    it('when a process publishes, then its own subscribers of that interview have the event once publish resolves, in order, until they unsubscribe', async () => {
      // No polling for an hour: local delivery must not wait for the reader.
      const [bus] = make(1, { pollMs: HOUR });
      const a: string[] = [];
      const b: string[] = [];
      const offA = bus.subscribe('a', (e) => a.push(e.type));
      bus.subscribe('b', (e) => b.push(e.type));
      await bus.publish('a', 'progress');
      assert.deepEqual(a, ['progress'], 'delivered before publish resolved');
      await bus.publish('b', 'submitted');
      await bus.publishAll('a', [{ type: 'revealed' }, { type: 'consensus', data: { value: 3 } }]);
      offA();
      await bus.publish('a', 'completed');
      assert.deepEqual(a, ['progress', 'revealed', 'consensus']);
      assert.deepEqual(b, ['submitted']);
      assert.equal(bus.listenerCount('a'), 0);
    });

    it('when another process publishes, then this process’s subscribers get the event from the reader, exactly once and in sequence order', async () => {
      const [one, two] = make(2, { pollMs: 20 });
      const seenByTwo: PanelEvent[] = [];
      const seenByOne: PanelEvent[] = [];
      two.subscribe('x', (e) => seenByTwo.push(e));
      one.subscribe('x', (e) => seenByOne.push(e));
      await ready([one, two]);
      await one.publish('x', 'progress', { panelist: 'p1' });
      await two.publish('x', 'submitted', { panelist: 'p2' });
      await one.publish('x', 'saved', { value: 4 }, { to: ['p1'] });
      await until(() => seenByTwo.length >= 3 && seenByOne.length >= 3);
      // Several more polls: nothing arrives twice.
      await new Promise((r) => setTimeout(r, 150));
      for (const seen of [seenByOne, seenByTwo]) {
        assert.deepEqual(
          seen.map((e) => e.type),
          ['progress', 'submitted', 'saved'],
        );
        const seqs = seen.map((e) => e.seq);
        assert.deepEqual(
          seqs,
          [...seqs].sort((p, q) => p - q),
        );
      }
      assert.deepEqual(seenByTwo[2].to, ['p1'], 'the restriction travels with the event');
      assert.equal(seenByTwo[2].id, seenByOne[2].id, 'one id in every process');
    });

    // Only a change stream can leave events out; polling reads every event by number.
    if (mode === 'stream')
      it('when a process publishes, then its own change stream is not sent the event back (its subscribers had it), while another process’s is', async () => {
        const [one] = make(1);
        // Another process that only polls (once an hour): the one change stream here is `one`'s.
        const two = new PanelEventBus({ collection, changeStream: false, pollMs: HOUR });
        started.push(two);
        const carried: number[] = [];
        const client = mongoose.connection.getClient();
        const names = new Map<number, string>();
        const onStart = (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => {
          if (e.commandName === 'getMore') names.set(e.requestId, String(e.command.collection));
        };
        const onDone = (e: { requestId: number; reply?: unknown }) => {
          if (names.get(e.requestId) !== collection) return;
          const batch = (e.reply as { cursor?: { nextBatch?: { fullDocument?: { _id: number } }[] } }).cursor
            ?.nextBatch;
          for (const d of batch ?? []) if (d.fullDocument) carried.push(d.fullDocument._id);
        };
        client.on('commandStarted', onStart);
        client.on('commandSucceeded', onDone);
        try {
          const seen: PanelEvent[] = [];
          one.subscribe('x', (e) => seen.push(e));
          await ready([one]);
          const own = await one.publish('x', 'progress', { panelist: 'p1' });
          const other = await two.publish('x', 'submitted', { panelist: 'p2' });
          await until(() => seen.length >= 2);
          await new Promise((r) => setTimeout(r, 100));
          assert.deepEqual(
            seen.map((e) => e.seq),
            [own!.seq, other!.seq],
          );
          assert.deepEqual(carried, [other!.seq], 'only the other process’s event came through the stream');
        } finally {
          client.off('commandStarted', onStart);
          client.off('commandSucceeded', onDone);
        }
      });

    it('when a number is missing from the stored events (an event removed, a store reset), then the reader skips it after the grace time and delivers the rest', async () => {
      const [one, two] = make(2, { pollMs: 20, gapMs: 200 });
      const seen: string[] = [];
      two.subscribe('g', (e) => seen.push(e.type));
      await ready([one, two]);
      const first = (await one.publish('g', 'progress'))!;
      // A hole: the number after `first` is never stored, the one after that is.
      await mongoose.connection.db!.collection(collection).insertOne({
        _id: first.seq + 2,
        interview: 'g',
        type: 'submitted',
        data: {},
        at: new Date(),
      } as never);
      await until(() => seen.length === 2, 3000);
      assert.deepEqual(seen, ['progress', 'submitted']);
    });

    it('when two processes publish at once, each on its own connection, then every event gets its own number with no hole, and both deliver every event once in one order', async function () {
      this.timeout(30_000);
      const connections = await Promise.all(
        [0, 1].map(() =>
          mongoose.createConnection(testServerUri(), { dbName: mongoose.connection.name }).asPromise(),
        ),
      );
      try {
        const [one] = make(1, { pollMs: 20, connection: connections[0] });
        const [two] = make(1, { pollMs: 20, connection: connections[1], collection });
        const seen = new Map([one, two].map((bus) => [bus, [] as PanelEvent[]]));
        for (const [bus, list] of seen) bus.subscribe('c', (e) => list.push(e));
        await ready([one, two]);
        // 30 single events and 10 pairs from each, all in flight together.
        const publishes = (bus: PanelEventBus, who: string) =>
          Promise.all([
            ...Array.from({ length: 30 }, (_, i) =>
              bus.publishAll('c', [{ type: 'progress', data: { who, i } }]),
            ),
            ...Array.from({ length: 10 }, (_, i) =>
              bus.publishAll('c', [
                { type: 'progress', data: { who, pair: i } },
                { type: 'saved', data: { who, pair: i }, to: [who] },
              ]),
            ),
          ]);
        const [byOne, byTwo] = await Promise.all([publishes(one, 'one'), publishes(two, 'two')]);
        for (const published of [byOne, byTwo]) {
          assert.ok(
            published.every((events, i) => events.length === (i < 30 ? 1 : 2)),
            'every publish stored its events',
          );
          for (const pair of published.slice(30))
            assert.ok(pair[0].seq < pair[1].seq, 'a pair keeps its order');
        }
        const stored = [...byOne, ...byTwo].flat().map((e) => e.seq);
        assert.equal(new Set(stored).size, 100, 'one number per event');
        assert.equal(Math.max(...stored) - Math.min(...stored) + 1, 100, 'no hole in the numbers');
        await until(() => [...seen.values()].every((list) => list.length >= 100), 10_000);
        await new Promise((r) => setTimeout(r, 150)); // more polls: nothing arrives twice
        const ids = [...seen.values()].map((list) => list.map((e) => e.id));
        assert.equal(ids[0].length, 100);
        assert.deepEqual(ids[0], ids[1], 'the same events in the same order in both processes');
        assert.deepEqual(
          ids[0],
          [...stored].sort((p, q) => p - q).map((n) => `${ids[0][0].split('-')[0]}-${n}`),
          'in sequence order',
        );
      } finally {
        await Promise.all(started.splice(-2).map((b) => b.stop()));
        await Promise.all(connections.map((c) => c.close()));
      }
    });

    it('when an event is published, then it costs one write: the insert of the event', async () => {
      const [bus] = make(1, { pollMs: HOUR });
      await bus.publish('w', 'progress'); // started: the sequence read, the indexes built
      const trace = await commandsDuring(() =>
        bus.publishAll('w', [{ type: 'progress' }, { type: 'saved' }]),
      );
      // (Other tests' buses poll their own collections meanwhile.)
      const ours = trace.commands.filter((c) => c.split(' ')[1]?.startsWith(collection));
      assert.deepEqual(ours, [`insert ${collection}`]);
    });

    it('when every event has expired, then a process started afterwards numbers on above the numbers used', async () => {
      const [bus] = make(1, { pollMs: HOUR });
      await bus.publishAll('e', [{ type: 'progress' }, { type: 'saved' }]);
      const last = (await bus.publish('e', 'submitted'))!;
      await bus.stop(); // a process going away writes how far the numbers went
      await mongoose.connection.db!.collection(collection).deleteMany({});
      const [later] = make(1, { pollMs: HOUR, collection });
      const next = (await later.publish('e', 'progress'))!;
      assert.ok(next.seq > last.seq, `${next.seq} after ${last.seq}`);
      assert.equal(next.id.split('-')[0], last.id.split('-')[0], 'the same epoch');
      assert.equal(await later.since('e', last.id), null, 'the expired id asks for a reload');
    });

    it('when a client resumes after a Last-Event-ID, then it gets what came after, from any process; ids that cannot be vouched for ask for a reload', async () => {
      const [one, two] = make(2, { pollMs: 20 });
      const first = (await one.publish('a', 'progress'))!;
      await two.publish('b', 'progress');
      const second = (await two.publish('a', 'submitted'))!;
      const third = (await one.publish('a', 'revealed'))!;
      for (const bus of [one, two]) {
        assert.deepEqual(
          (await bus.since('a', first.id))!.map((e) => e.id),
          [second.id, third.id],
        );
        assert.deepEqual(await bus.since('a', third.id), []);
        assert.deepEqual(await bus.since('never-seen', third.id), []);
      }
      const epoch = first.id.split('-')[0];
      const other = epoch === '00000000' ? '00000001' : '00000000';
      // Another database's ids, ids from the future, garbage: the client must reload.
      assert.equal(await one.since('a', `${other}-${first.seq}`), null);
      assert.equal(await one.since('a', `${epoch}-999999999`), null);
      assert.equal(await one.since('a', 'garbage'), null);
      // An id whose event has expired (the TTL index removes the oldest first).
      await mongoose.connection.db!.collection<{ _id: number }>(collection).deleteOne({ _id: first.seq });
      assert.equal(await one.since('a', first.id), null);
    });

    it('when more events were missed than a replay gives, then the client is asked to reload', async () => {
      const [bus] = make(1, { pollMs: HOUR });
      const first = (await bus.publish('many', 'progress'))!;
      await bus.publishAll(
        'many',
        Array.from({ length: REPLAY_LIMIT + 1 }, () => ({ type: 'progress' as const })),
      );
      assert.equal(await bus.since('many', first.id), null);
    });

    it('restricts events addressed to named users', async () => {
      const [bus] = make(1, { pollMs: HOUR });
      const e = (await bus.publish('a', 'saved', { value: 3 }, { to: ['u1'] }))!;
      assert.equal(deliverableTo(e, 'u1'), true);
      assert.equal(deliverableTo(e, 'u2'), false);
      assert.equal(deliverableTo((await bus.publish('a', 'progress'))!, 'u2'), true);
    });
  });

describe('live event bus: the change stream across an engine restart', function () {
  this.timeout(60_000);
  let dir = '';
  let engine: Awaited<ReturnType<typeof startEmbeddedMongo>> | undefined;
  let connection: mongoose.Connection | undefined;
  const buses: PanelEventBus[] = [];
  before(function () {
    if (!streams) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bus-restart-'));
  });
  after(async () => {
    await Promise.all(buses.map((b) => b.stop()));
    await connection?.close();
    await engine?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the engine restarts (its change history gone), then the reader catches up from the last event it delivered by polling, opens a new stream, and delivers each event once in order', async () => {
    const dbPath = path.join(dir, 'db');
    engine = await startEmbeddedMongo({ dbPath, log: () => undefined });
    connection = await mongoose.createConnection(engine.uri, { dbName: 'restart' }).asPromise();
    const options = { connection, collection: 'events', streamPollMs: HOUR };
    const [one, two] = [new PanelEventBus(options), new PanelEventBus(options)];
    buses.push(one, two);
    const seen: string[] = [];
    two.subscribe('r', (e) => seen.push(e.type));
    await Promise.all([one.start(), two.start()]);
    await until(() => two.reader === 'stream');
    await one.publish('r', 'progress');
    await until(() => seen.length === 1);

    await engine.stop();
    engine = await startEmbeddedMongo({ dbPath, log: () => undefined }); // the same socket
    const warn = console.warn;
    console.warn = () => undefined; // the reader says the stream failed: expected here
    try {
      // The driver reconnects; the stream cannot resume (a new engine run), the reader polls.
      assert.ok(await one.publish('r', 'submitted'), 'published after the restart');
      await until(() => seen.length === 2, 20_000);
      await until(() => two.reader === 'stream', 20_000);
    } finally {
      console.warn = warn;
    }
    await one.publish('r', 'revealed');
    await until(() => seen.length === 3);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen, ['progress', 'submitted', 'revealed']);
  });

  it('recognises the answers of a deployment without change streams (then the bus polls)', () => {
    const standalone = { code: 40573, message: 'The $changeStream stage is only supported on replica sets' };
    assert.equal(changeStreamsUnsupported(standalone), true);
    assert.equal(
      changeStreamsUnsupported({ code: 115, message: 'not supported by the embedded engine' }),
      true,
    );
    assert.equal(changeStreamsUnsupported({ code: 286, message: 'history lost' }), false);
    assert.equal(changeStreamsUnsupported(new Error('connection closed')), false);
  });
});
