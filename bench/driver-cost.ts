/**
 * `npx tsx bench/driver-cost.ts [--rounds 30]`: the client side of one database command (issue 18):
 * the CPU the app's process spends on a command (mongoose, the driver, bson, the socket), counted
 * with process.cpuUsage() while the embedded engine runs in its own process, as it does under
 * `npm start`. The variants run interleaved, 100 commands each per round, so a busy machine slows
 * them alike; the medians and quartiles over the rounds are printed with the load average.
 *
 * The floor is a `ping` (a command with nothing to do). The autosave's rating write is measured as
 * it was (mongoose's findOneAndUpdate) and as it is (rating-write.ts, through the driver); a read
 * of one document through mongoose (lean) and through the driver shows what mongoose adds to each
 * read; the same read on a client with command monitoring on shows what bench:request-cost's
 * command counting adds to every command it measures (the app runs with monitoring off).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import mongoose, { Types } from 'mongoose';
import { startSupervisedEngine } from '../src/db/supervised-engine.js';
import { Rating } from '../src/features/scoring/rating.model.js';
import { upsertRating } from '../src/features/scoring/rating-write.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } });
const ROUNDS = Math.max(5, Math.round(Number(args.rounds)));
const PER_ROUND = 100;
const WARM_UP_ROUNDS = 2;

const note = (i: number) => `Save ${i}: the situation, the action and the result; a probe. `;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-driver-cost-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const engine = await startSupervisedEngine({ dbPath: path.join(dir, 'db'), log: () => undefined });
  const uri = `${engine.socketUri ?? engine.uri}/driver_cost`;
  await mongoose.connect(uri);
  await Rating.init();
  const monitored = await MongoClient.connect(uri, { monitorCommands: true });
  let monitoredCommands = 0;
  monitored.on('commandStarted', () => monitoredCommands++);
  try {
    const key = () => ({ interview: new Types.ObjectId(), panelist: new Types.ObjectId(), section: 's1' });
    const origin = {
      position: new Types.ObjectId(),
      candidate: new Types.ObjectId(),
      competency: new Types.ObjectId(),
    };
    const [before, after] = [key(), key()];
    await upsertRating(after, { value: 1, note: note(0) }, origin);
    const { _id } = (await Rating.collection.findOne(after, { projection: { _id: 1 } }))!;

    const variants: [string, (i: number) => Promise<unknown>][] = [
      ['ping (the floor)', () => mongoose.connection.db!.command({ ping: 1 })],
      [
        'rating write, mongoose (before)',
        (i) =>
          Rating.findOneAndUpdate(
            { ...before, locked: { $ne: true } },
            { $set: { value: i % 5, note: note(i) }, $inc: { rev: 1 }, $setOnInsert: origin },
            { upsert: true, returnDocument: 'after' },
          )
            .select('value note rev updatedAt')
            .lean(),
      ],
      ['rating write, driver (now)', (i) => upsertRating(after, { value: i % 5, note: note(i) }, origin)],
      ['read by _id, mongoose lean', () => Rating.findById(_id).lean()],
      ['read by _id, driver', () => Rating.collection.findOne({ _id })],
      ['read by _id, driver, monitored', () => monitored.db().collection('ratings').findOne({ _id })],
    ];
    const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    const load = os.loadavg()[0];
    for (let round = 0; round < ROUNDS + WARM_UP_ROUNDS; round++) {
      for (const [name, run] of variants) {
        const start = process.cpuUsage();
        for (let i = 0; i < PER_ROUND; i++) await run(round * PER_ROUND + i);
        const used = process.cpuUsage(start);
        if (round >= WARM_UP_ROUNDS) samples.get(name)!.push((used.user + used.system) / PER_ROUND);
      }
    }
    if (monitoredCommands === 0) throw new Error('the monitored client reported no command');
    console.log(
      `driver-cost: app-process CPU per command (µs), engine in its own process; ${ROUNDS} interleaved rounds of ${PER_ROUND}`,
    );
    console.log(`${''.padEnd(34)} median    p25    p75`);
    for (const [name, s] of samples) {
      s.sort((a, b) => a - b);
      const cols = [0.5, 0.25, 0.75].map((q) => quantile(s, q).toFixed(0).padStart(6));
      console.log(`${name.padEnd(34)} ${cols.join(' ')}`);
    }
    console.log(
      `load average (1 min): ${load.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after; ${os.cpus().length} cores`,
    );
  } finally {
    await monitored.close();
    await mongoose.disconnect();
    await engine.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
