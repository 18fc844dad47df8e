/**
 * `npx tsx bench/engine-reads.ts`: the engine's CPU per READ command, for the commands the app really
 * sends. It boots the real app with the engine in this process (bench/lib/app-boot.ts), drives it for
 * a few seconds with bench:load's clients (managers' pages, panelists' autosaves, references), and
 * records every message the engine receives. Then it replays the recorded reads (find, aggregate,
 * count, distinct) straight through the engine's command path as the server runs it: parse the
 * message, run the command, encode the reply (no socket, no client in between), and prints CPU µs
 * per command by command and collection, and overall.
 *
 *   npx tsx bench/engine-reads.ts                  4 s of recording, 30 replay rounds
 *   npx tsx bench/engine-reads.ts --rounds 60 --seconds 6
 *   npx tsx bench/engine-reads.ts --show           also prints one recorded command of each kind
 *   npx tsx bench/engine-reads.ts --save /tmp/reads.bin   keeps the recording and the data it read
 *   npx tsx bench/engine-reads.ts --load /tmp/reads.bin   replays a kept recording (no app, no load):
 *                                                  the same commands on the same data, before and after a change
 *   npx tsx bench/engine-reads.ts --only '^find'   replays only the kinds matching a regular expression
 *   node --cpu-prof --import tsx bench/engine-reads.ts --rounds 60   a profile of the replay
 *
 * The recorded reads run against the data as it was at the end of the recording, loaded into a fresh
 * engine in this process (in memory). Figures: CPU time of this process over the replay
 * (process.cpuUsage) per command replayed, and per kind the mean CPU time of a command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BSON, EJSON } from 'bson';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runCommand } from '../src/embedded-mongo/commands/index.js';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';
import { DESERIALIZE_OPTIONS } from '../src/embedded-mongo/records.js';
import type { CommandContext } from '../src/embedded-mongo/commands/context.js';
import type { Engine } from '../src/embedded-mongo/server.js';
import type { Doc } from '../src/embedded-mongo/values.js';
import { encodeMsgReply, parseMessage } from '../src/embedded-mongo/wire.js';
import { bootApp } from './lib/app-boot.js';
import { fixed, int, table, type Row } from './lib/report.js';
import { HttpClient, keepAliveAgent } from './live-http.js';
import { createLoadData } from './load-data.js';
import {
  managerWorker,
  panelistWorker,
  Recorder,
  ReferencePool,
  referenceWorker,
  type Run,
} from './load-workers.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '30' },
    show: { type: 'boolean', default: false },
    save: { type: 'string' },
    load: { type: 'string' },
    only: { type: 'string' },
  },
});
const SECONDS = Math.max(1, Number(args.seconds));
const ROUNDS = Math.max(1, Math.round(Number(args.rounds)));
const READS = new Set(['find', 'aggregate', 'count', 'distinct']);

const progress = (m: string) => process.stderr.write(`[engine-reads] ${m}\n`);

/** The engine's private parts the replay needs: its per-connection context and its message handler. */
type EngineInternals = {
  context(connectionId: number, sequenceSizes: Record<string, number[]>): CommandContext;
  handle(socket: unknown, id: number, message: Buffer): Promise<void>;
};

/** Records every message the engine handles until stopped (the bench wraps the engine's handler). */
function recordMessages(engine: Engine): { messages: Buffer[]; stop(): void } {
  const internals = engine as unknown as EngineInternals;
  const original = internals.handle;
  const messages: Buffer[] = [];
  internals.handle = function (socket, id, message) {
    messages.push(Buffer.from(message));
    return original.call(this, socket, id, message);
  };
  return { messages, stop: () => void (internals.handle = original) };
}

/** What a recorded read is filed under: command, collection, and the first pipeline stages. */
function kindOf(cmd: Doc): string | null {
  const name = Object.keys(cmd)[0];
  if (!READS.has(name) || typeof cmd[name] !== 'string') return null;
  if (name === 'aggregate') {
    const stages = (cmd.pipeline as Doc[]).map((s) => Object.keys(s)[0]);
    if (stages[0] === '$changeStream') return null;
    return `aggregate ${cmd[name]} [${stages.join(' ')}]`;
  }
  const filter = (name === 'find' ? cmd.filter : cmd.query) ?? {};
  return `${name} ${cmd[name]} {${Object.keys(filter).join(',')}}${cmd.sort ? ' sort' : ''}${cmd.projection ? ' proj' : ''}`;
}

async function drive(port: number, data: Awaited<ReturnType<typeof createLoadData>>): Promise<void> {
  const managers = [new HttpClient(port), new HttpClient(port)];
  const panelists = data.interviews.flatMap((i) =>
    i.panel.map((p, seat) => ({ interview: i.id, seat, client: new HttpClient(port), email: p.email })),
  );
  for (const m of managers) await m.login(data.manager.email, data.password);
  for (const p of panelists) await p.client.login(p.email, data.password);
  const pool = new ReferencePool(data.references);
  const workers = [
    ...managers.map((c, m) => managerWorker(data, c, m)),
    ...panelists.map((p) => panelistWorker(data, p.client, p.interview, p.seat)),
    ...[0, 1].map(() => referenceWorker(port, pool, () => undefined)),
  ];
  const run: Run = {
    recorder: new Recorder(),
    deadline: performance.now() + SECONDS * 1000,
    maxRequests: 1_000_000,
    floor: false,
  };
  await Promise.all(workers.map((w) => w(run)));
  const errors = [...run.recorder.routes.values()].reduce((n, r) => n + r.errors, 0);
  progress(`load: ${run.recorder.requests} requests in ${SECONDS} s, ${errors} errors`);
}

/** A recording: the store's contents after the load (journal records) and the messages sent. */
interface Recording {
  records: Doc[];
  messages: Buffer[];
}

/** File format: per item a kind byte (0 record, 1 message), a 32-bit length and the BSON bytes. */
function saveRecording(file: string, r: Recording): void {
  const parts: Buffer[] = [];
  const add = (kind: number, bytes: Uint8Array) => {
    const head = Buffer.alloc(5);
    head[0] = kind;
    head.writeUInt32LE(bytes.length, 1);
    parts.push(head, Buffer.from(bytes));
  };
  for (const record of r.records) add(0, BSON.serialize(record));
  for (const message of r.messages) add(1, message);
  fs.writeFileSync(file, Buffer.concat(parts));
}

function loadRecording(file: string): Recording {
  const buf = fs.readFileSync(file);
  const out: Recording = { records: [], messages: [] };
  for (let off = 0; off < buf.length;) {
    const kind = buf[off];
    const len = buf.readUInt32LE(off + 1);
    const bytes = buf.subarray(off + 5, off + 5 + len);
    if (kind === 0) out.records.push(BSON.deserialize(bytes, DESERIALIZE_OPTIONS));
    else out.messages.push(bytes);
    off += 5 + len;
  }
  return out;
}

/** Boots the app, drives it, returns what the engine received and what it then held. */
async function record(): Promise<Recording> {
  const booted = await bootApp({ name: 'engine-reads', engine: 'inprocess', progress });
  try {
    const engine = booted.db.engine!.engine;
    const data = await createLoadData({
      candidates: 20,
      interviews: 3,
      panelSize: 4,
      competencies: 6,
      referencesPerCandidate: 2,
      mailer: booted.mailer,
      baseUrl: 'http://127.0.0.1:3999',
      progress,
    });
    const recording = recordMessages(engine);
    await drive(booted.port, data);
    recording.stop();
    return { records: [...engine.store.snapshotRecords()], messages: recording.messages };
  } finally {
    keepAliveAgent.destroy();
    await booted.close();
  }
}

async function main(): Promise<void> {
  const recording = args.load ? loadRecording(args.load) : await record();
  if (args.save) saveRecording(args.save, recording);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-reads-'));
  const mongo = await startEmbeddedMongo({ dbPath: dir, log: () => undefined });
  try {
    const engine = mongo.engine;
    // In memory only: the replay reads, it never writes.
    for (const r of recording.records) engine.store.applyRecord(r);
    const reads: { kind: string; message: Buffer }[] = [];
    const all = new Map<string, number>();
    for (const message of recording.messages) {
      const cmd = parseMessage(message).command;
      const name = Object.keys(cmd)[0];
      all.set(name, (all.get(name) ?? 0) + 1);
      const kind = kindOf(cmd);
      if (kind && (!args.only || new RegExp(args.only).test(kind))) reads.push({ kind, message });
    }
    progress(
      `recorded ${recording.messages.length} commands: ${[...all].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    if (args.show) {
      const shown = new Set<string>();
      for (const { kind, message } of reads) {
        if (shown.has(kind)) continue;
        shown.add(kind);
        const { lsid: _l, $clusterTime: _c, ...cmd } = parseMessage(message).command;
        console.log(`${kind}\n  ${EJSON.stringify(cmd, { relaxed: true })}`);
      }
    }
    const ctx = (engine as unknown as EngineInternals).context(0, {});
    // Per kind: CPU time of this process (busy machines stretch wall time, far less CPU time).
    const perKind = new Map<string, { n: number; cpuUs: number }>();
    const replay = async (measure: boolean) => {
      for (const { kind, message } of reads) {
        const c = process.cpuUsage();
        const parsed = parseMessage(message);
        const reply = await runCommand(parsed.command, ctx);
        encodeMsgReply(parsed.header.requestId, reply);
        if (reply.ok !== 1) throw new Error(`${kind} failed: ${JSON.stringify(reply)}`);
        if (!measure) continue;
        const s = perKind.get(kind) ?? { n: 0, cpuUs: 0 };
        const used = process.cpuUsage(c);
        s.n++;
        s.cpuUs += used.user + used.system;
        perKind.set(kind, s);
      }
      // Cursors the app would have read on or closed: none stays open between rounds.
      engine.cursors.clear();
    };
    for (let r = 0; r < 3; r++) await replay(false);
    const load = os.loadavg();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let r = 0; r < ROUNDS; r++) await replay(true);
    const cpu = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    const commands = reads.length * ROUNDS;
    const cpuTotal = cpu.user + cpu.system;
    const rows: Row[] = [...perKind]
      .sort((a, b) => b[1].cpuUs - a[1].cpuUs)
      .map(([kind, s]) => [
        kind,
        int(s.n / ROUNDS),
        fixed(s.cpuUs / s.n, 0),
        `${fixed((100 * s.cpuUs) / cpuTotal, 1)}%`,
      ]);
    console.log(
      table(
        ['read (command, collection, filter fields)', 'per round', 'CPU µs each', 'CPU share'],
        rows,
        'lrrr',
      ),
    );
    console.log(
      `\n${int(reads.length)} recorded reads x ${ROUNDS} rounds: CPU ${fixed((cpu.user + cpu.system) / commands, 1)} µs per read command ` +
        `(user ${fixed(cpu.user / commands, 1)}, system ${fixed(cpu.system / commands, 1)}), wall ${fixed((wall * 1000) / commands, 1)} µs; ` +
        `load average ${load.map((l) => l.toFixed(2)).join(' ')} (uptime), ${os.cpus().length} cores`,
    );
  } finally {
    await mongo.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`engine-reads failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
