/**
 * `npx tsx bench/autosave-read.ts [--rounds 30]`: the autosave's read of its interview (issue 18),
 * counted rather than timed: the CPU of the app's process per read (process.cpuUsage()), the CPU of
 * the engine's process (its /proc stat, in clock ticks, summed over all rounds) and the reply's
 * size, with the embedded engine in its own process as under `npm start`. The variants run
 * interleaved, 100 reads each per round, so a busy machine slows them alike; medians and
 * quartiles over the rounds are printed with the load average.
 *
 * The floor is a `ping`. The read as it was: the whole interview through mongoose (lean); as it
 * is (seatContext in src/features/interviews/panel-context.ts): the seat fields through the driver;
 * and each half of that change alone.
 * The interview is one in its scoring phase (when panelists autosave): three seats, no consensus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BSON } from 'mongodb';
import mongoose, { Types } from 'mongoose';
import { startSupervisedEngine } from '../src/db/supervised-engine.js';
import { Interview } from '../src/features/interviews/interview.model.js';
import { SEAT_FIELDS } from '../src/features/interviews/panel-context.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } });
const ROUNDS = Math.max(5, Math.round(Number(args.rounds)));
const PER_ROUND = 100;
const WARM_UP_ROUNDS = 2;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** User + system CPU of a process in clock ticks (Linux), or NaN where /proc is not there. */
function ticksOf(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-autosave-read-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const engine = await startSupervisedEngine({ dbPath: path.join(dir, 'db'), log: () => undefined });
  await mongoose.connect(`${engine.socketUri ?? engine.uri}/autosave_read`);
  try {
    const now = new Date();
    const seat = (role: 'chair' | 'member') => ({ user: new Types.ObjectId(), role });
    const created = await Interview.create({
      position: new Types.ObjectId(),
      candidate: new Types.ObjectId(),
      guide: new Types.ObjectId(),
      guideVersion: 1,
      panel: [seat('chair'), seat('member'), seat('member')],
      scheduledAt: now,
      location: 'https://meet.example.com/abc-defg-hij (room 4.12, second floor)',
      createdBy: new Types.ObjectId(),
      status: 'in-progress',
      startedAt: now,
    });
    const _id = created._id;

    const variants: [string, () => Promise<unknown>][] = [
      ['ping (the floor)', () => mongoose.connection.db!.command({ ping: 1 })],
      ['whole interview, mongoose lean (before)', () => Interview.findById(_id).lean()],
      // The two halves of the change apart: the projection alone, and the driver alone.
      ['seat fields, mongoose lean', () => Interview.findById(_id, SEAT_FIELDS).lean()],
      ['whole interview, driver', () => Interview.collection.findOne({ _id })],
      ['seat fields, driver (now)', () => Interview.collection.findOne({ _id }, { projection: SEAT_FIELDS })],
    ];
    const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    const engineTicks = new Map<string, number>(variants.map(([name]) => [name, 0]));
    const load = os.loadavg()[0];
    for (let round = 0; round < ROUNDS + WARM_UP_ROUNDS; round++) {
      for (const [name, run] of variants) {
        const ticks = ticksOf(engine.pid());
        const start = process.cpuUsage();
        for (let i = 0; i < PER_ROUND; i++) await run();
        const used = process.cpuUsage(start);
        if (round < WARM_UP_ROUNDS) continue;
        samples.get(name)!.push((used.user + used.system) / PER_ROUND);
        engineTicks.set(name, engineTicks.get(name)! + ticksOf(engine.pid()) - ticks);
      }
    }
    const whole = await Interview.collection.findOne({ _id });
    const seatOnly = await Interview.collection.findOne({ _id }, { projection: SEAT_FIELDS });
    const tickUs = 1e6 / 100; // USER_HZ is 100 on Linux
    console.log(
      `autosave-read: CPU per interview read (µs), engine in its own process; ${ROUNDS} interleaved rounds of ${PER_ROUND}`,
    );
    console.log(`${''.padEnd(40)}  app median    p25    p75   engine mean`);
    for (const [name, s] of samples) {
      s.sort((a, b) => a - b);
      const cols = [0.5, 0.25, 0.75].map((q) => quantile(s, q).toFixed(0).padStart(6));
      const engineUs = ((engineTicks.get(name)! * tickUs) / (ROUNDS * PER_ROUND)).toFixed(0);
      console.log(`${name.padEnd(40)}      ${cols.join(' ')}   ${engineUs.padStart(11)}`);
    }
    console.log(
      `document: ${BSON.calculateObjectSize(whole!)} bytes whole, ${BSON.calculateObjectSize(seatOnly!)} bytes with the seat fields`,
    );
    console.log(
      `load average (1 min): ${load.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after; ${os.cpus().length} cores`,
    );
  } finally {
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
