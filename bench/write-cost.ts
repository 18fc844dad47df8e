/**
 * CPU the embedded engine spends per write command, without a driver: a raw wire-protocol client
 * in this process sends prebuilt OP_MSG commands one at a time (as the driver sends them) and
 * waits for each reply; the process's CPU per command is then almost all the engine's (the
 * client only writes and reads a socket). Counting work, not wall time, keeps the figure usable
 * on a busy machine.
 *
 *   npx tsx bench/write-cost.ts [--ops N] [--phase insert|update|upsert|all]
 *
 * insert:  {insert, documents: [one document]} (as insertOne sends it)
 * update:  findAndModify with $set of two fields and $inc of one on a document found through a
 *          unique compound index (as the app's rating autosave does)
 * upsert:  update with upsert and $set + $setOnInsert on a session-like document (as the session
 *          store does on every request)
 * With PROFILE_DIR set, each phase writes a .cpuprofile there.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { BSON, ObjectId, UUID } from 'bson';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';

const { values: args } = parseArgs({
  options: { ops: { type: 'string', default: '3000' }, phase: { type: 'string', default: 'all' } },
});
const OPS = Number(args.ops);

let requestId = 1;
function opMsg(body: BSON.Document): Buffer {
  const bson = BSON.serialize(body);
  const out = Buffer.alloc(21 + bson.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId++, 4);
  out.writeInt32LE(0, 8);
  out.writeInt32LE(2013, 12);
  out.writeUInt32LE(0, 16);
  out[20] = 0;
  out.set(bson, 21);
  return out;
}

/** Sends one message at a time over one connection; resolves with each reply's body. */
function rawClient(socket: net.Socket) {
  let pending: ((b: BSON.Document) => void) | null = null;
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
      const len = buf.readInt32LE(0);
      const reply = BSON.deserialize(buf.subarray(21, len));
      buf = buf.subarray(len);
      const p = pending;
      pending = null;
      p?.(reply);
    }
  });
  return (msg: Buffer) =>
    new Promise<BSON.Document>((resolve) => {
      pending = resolve;
      socket.write(msg);
    });
}

const lsid = { id: new UUID() };

const phases: Record<string, (i: number) => BSON.Document> = {
  insert: (i) => ({
    insert: 'insert_one',
    documents: [
      { _id: new ObjectId(), seq: i, at: new Date(), name: `doc ${i}`, tags: ['a', 'b'], n: i * 1.5 },
    ],
    ordered: true,
    lsid,
    $db: 'bench',
  }),
  update: (i) => ({
    findAndModify: 'ratings',
    query: { interview: i % 500, section: 's1' },
    update: { $set: { [`scores.c${i % 7}`]: i % 5, updatedAt: new Date() }, $inc: { version: 1 } },
    new: true,
    lsid,
    $db: 'bench',
  }),
  upsert: (i) => ({
    update: 'sessions',
    updates: [
      {
        q: { _id: `session-${i % 500}` },
        u: {
          $set: {
            expires: new Date(Date.now() + 3_600_000),
            session: `{"cookie":{},"passport":{"user":"${i % 50}"}}`,
          },
          $setOnInsert: { createdAt: new Date() },
        },
        upsert: true,
      },
    ],
    ordered: true,
    lsid,
    $db: 'bench',
  }),
};

async function main() {
  const dbPath = await mkdtemp(path.join(os.tmpdir(), 'write-cost-'));
  const engine = await startEmbeddedMongo({ dbPath, port: 0, socket: false, syncFlush: true });
  const socket = net.connect(engine.port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const send = rawClient(socket);
  const check = (reply: BSON.Document, what: string) => {
    if (reply.ok !== 1 || reply.writeErrors) throw new Error(`${what}: ${JSON.stringify(reply)}`);
  };
  check(
    await send(
      opMsg({
        createIndexes: 'ratings',
        indexes: [{ key: { interview: 1, section: 1 }, name: 'is', unique: true }],
        $db: 'bench',
      }),
    ),
    'createIndexes',
  );
  for (let i = 0; i < 500; i++) {
    const doc = {
      _id: new ObjectId(),
      interview: i,
      section: 's1',
      scores: {},
      version: 0,
      updatedAt: new Date(),
    };
    check(await send(opMsg({ insert: 'ratings', documents: [doc], $db: 'bench' })), 'seed');
  }
  const session = process.env.PROFILE_DIR ? new Session() : null;
  session?.connect();
  const results: Record<string, unknown> = {};
  for (const phase of args.phase === 'all' ? Object.keys(phases) : [args.phase!]) {
    const make = phases[phase];
    for (let i = 0; i < 300; i++) check(await send(opMsg(make(i))), phase); // warm-up
    const msgs = Array.from({ length: OPS }, (_, i) => opMsg(make(300 + i))); // built outside the count
    if (session) {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const m of msgs) check(await send(m), phase);
    const cpu = process.cpuUsage(cpu0);
    const ms = performance.now() - t0;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(path.join(process.env.PROFILE_DIR!, `${phase}.cpuprofile`), JSON.stringify(profile));
    }
    results[phase] = {
      ops: OPS,
      perSec: Math.round(OPS / (ms / 1000)),
      cpuUsPerOp: Math.round((cpu.user + cpu.system) / OPS),
      userUsPerOp: Math.round(cpu.user / OPS),
      systemUsPerOp: Math.round(cpu.system / OPS),
    };
  }
  socket.destroy();
  await engine.stop();
  await rm(dbPath, { recursive: true, force: true });
  console.log(
    JSON.stringify(
      {
        load: os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' '),
        ...results,
      },
      null,
      1,
    ),
  );
}

void main();
