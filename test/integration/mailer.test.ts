/**
 * The durable mailer against a real SMTP server (smtp-server, in this process) and mongoose on
 * the embedded engine.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { SMTPServer } from 'smtp-server';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { backoffDelay, createMailer, type Mailer, type MailerOptions } from '../../src/lib/mailer.js';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { retryMessage } from '../../src/features/outbox/outbox.service.js';

interface Received {
  messageId: string;
  from: string;
  to: string[];
  raw: string;
}

interface Smtp {
  port: number;
  url: string;
  received: Received[];
  /** Messages whose DATA arrived (including ones still held). */
  arrived: number;
  close(): Promise<void>;
}

interface SmtpOptions {
  port?: number;
  /** Resolves when the server may answer DATA (lets a test hold a delivery in flight). */
  gate?: Promise<void>;
}

const servers: Smtp[] = [];
const mailers: Mailer[] = [];
const tempDirs: string[] = [];
const logger = createLogger('silent');

async function startSmtp(options: SmtpOptions = {}): Promise<Smtp> {
  const smtp = { received: [] as Received[], arrived: 0 } as Smtp;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@'))
        callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        smtp.arrived += 1;
        await options.gate;
        const raw = Buffer.concat(chunks).toString('utf8');
        smtp.received.push({
          messageId: /^Message-ID: (.*)$/im.exec(raw)?.[1].trim() ?? '',
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  smtp.port = (server.server.address() as { port: number }).port;
  smtp.url = `smtp://127.0.0.1:${smtp.port}`;
  smtp.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  servers.push(smtp);
  return smtp;
}

/** A port where nothing listens (an SMTP server that is down). */
async function deadPort(): Promise<number> {
  const smtp = await startSmtp();
  await smtp.close();
  servers.splice(servers.indexOf(smtp), 1);
  return smtp.port;
}

function makeMailer(options: Partial<MailerOptions> = {}): Mailer {
  const mailer = createMailer({
    from: 'Toolkit <toolkit@example.org>',
    outboxDir: path.join(tempDir(), 'outbox'),
    logger,
    pollIntervalMs: 10,
    backoffBaseMs: 10,
    backoffMaxMs: 80,
    smtpTimeoutMs: 5000,
    ...options,
  });
  mailers.push(mailer);
  return mailer;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailer-test-'));
  tempDirs.push(dir);
  return dir;
}

/** Polls `check` until it returns a value (bounded: fails after `limitMs`). */
async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  limitMs = 10_000,
): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const statusOf = async (id: string) => (await OutboxMessage.findById(id).lean())!;
const until = (id: string, status: string) =>
  eventually(async () => {
    const doc = await statusOf(id);
    return doc.status === status && doc;
  }, `message ${id} to be ${status}`);
const copiesOf = (smtp: Smtp, messageId: string) => smtp.received.filter((m) => m.messageId === messageId);
const message = (subject = `Subject ${crypto.randomUUID()}`) => ({
  to: `someone-${crypto.randomUUID().slice(0, 8)}@example.org`,
  subject,
  text: `Hello,\n\nfollow https://toolkit.example.org/invite/${crypto.randomUUID()} to continue.\n`,
});

describe('mailer (outbox worker, real SMTP)', function () {
  let dbDir: string | undefined;

  before(async function () {
    this.timeout(30_000);
    // One mongoose connection per process: reuse it when another test file opened it.
    if (mongoose.connection.readyState === 1) {
      // Earlier files' workers have stopped; what they left unsent would reach this file's servers.
      await OutboxMessage.deleteMany({ status: { $in: ['pending', 'sending'] } });
      return;
    }
    dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailer-db-'));
    const engine = await startEmbeddedMongo({ dbPath: dbDir, port: 0, log: () => undefined });
    await mongoose.connect(`${engine.uri}/mailtest-${crypto.randomBytes(4).toString('hex')}`);
    await OutboxMessage.init();
    const dir = dbDir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  });

  afterEach(async () => {
    for (const m of mailers.splice(0)) await m.stop();
    for (const s of servers.splice(0)) await s.close();
  });

  after(() => {
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a message is queued, then it is delivered with the configured from, the to, subject and body', async () => {
    const smtp = await startSmtp();
    const mailer = makeMailer({ smtpUrl: smtp.url });
    mailer.start();
    const mail = message();

    const id = await mailer.queue(mail);

    const sent = await until(id, 'sent');
    const [copy] = copiesOf(smtp, sent.messageId);
    assert.equal(mailer.mode, 'smtp');
    assert.equal(copy.from, 'toolkit@example.org');
    assert.deepEqual(copy.to, [mail.to]);
    assert.match(copy.raw, new RegExp(`^Subject: ${mail.subject}$`, 'm'));
    assert.match(copy.raw, /^From: Toolkit <toolkit@example\.org>$/m);
    assert.ok(copy.raw.replace(/=\r?\n/g, '').includes(mail.text.split(' ')[1]), 'body carries the link');
    assert.equal(sent.messageId, `<outbox.${id}@example.org>`);
    assert.equal(sent.attempts, 1);
    assert.ok(sent.sentAt instanceof Date);
  });

  it('when a reply-to address is configured, then the delivered message carries it as Reply-To', async () => {
    const smtp = await startSmtp();
    const mailer = makeMailer({ smtpUrl: smtp.url, replyTo: 'hiring@example.org' });
    mailer.start();

    const id = await mailer.queue(message());

    const sent = await until(id, 'sent');
    const [copy] = copiesOf(smtp, sent.messageId);
    assert.match(copy.raw, /^Reply-To: hiring@example\.org$/m);
    assert.match(copy.raw, /^From: Toolkit <toolkit@example\.org>$/m);
  });

  it('when no reply-to address is configured, then the message has no Reply-To header', async () => {
    const smtp = await startSmtp();
    const mailer = makeMailer({ smtpUrl: smtp.url });
    mailer.start();

    const sent = await until(await mailer.queue(message()), 'sent');

    assert.doesNotMatch(copiesOf(smtp, sent.messageId)[0].raw, /^Reply-To:/im);
  });

  it('when the SMTP server holds the message, then queue() has already returned and nothing is delivered yet', async () => {
    let release!: () => void;
    const smtp = await startSmtp({ gate: new Promise<void>((r) => (release = r)) });
    const mailer = makeMailer({ smtpUrl: smtp.url });
    mailer.start();

    const id = await mailer.queue(message());

    assert.equal(copiesOf(smtp, `<outbox.${id}@example.org>`).length, 0);
    assert.notEqual((await statusOf(id)).status, 'sent');
    release();
    await until(id, 'sent');
  });

  it('when SMTP is down, then queue() returns, retries back off, and the message is delivered exactly once when SMTP returns', async () => {
    const port = await deadPort();
    const mailer = makeMailer({ smtpUrl: `smtp://127.0.0.1:${port}` });
    mailer.start();

    const id = await mailer.queue(message());
    const failing = await eventually(async () => {
      const doc = await statusOf(id);
      return doc.attempts >= 3 && doc.status === 'pending' && doc;
    }, 'three failed attempts');
    assert.match(failing.lastError ?? '', /ECONNREFUSED/);
    assert.ok(failing.nextAttemptAt > failing.updatedAt, 'the next attempt is scheduled later');

    const smtp = await startSmtp({ port });
    const sent = await until(id, 'sent');
    await mailer.deliverDue();
    await makeMailer({ smtpUrl: smtp.url }).deliverDue();

    assert.equal(copiesOf(smtp, sent.messageId).length, 1);
    assert.equal(smtp.received.length, 1);
  });

  it('when two workers run at once, then each message is delivered exactly once', async () => {
    const smtp = await startSmtp();
    const a = makeMailer({ smtpUrl: smtp.url, pollIntervalMs: 1 });
    const b = makeMailer({ smtpUrl: smtp.url, pollIntervalMs: 1 });
    a.start();
    b.start();

    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).queue(message())));
    await Promise.all([a.deliverDue(), b.deliverDue(), a.deliverDue(), b.deliverDue()]);
    const docs = await Promise.all(ids.map((id) => until(id, 'sent')));

    for (const doc of docs) assert.equal(copiesOf(smtp, doc.messageId).length, 1, `${doc.messageId} once`);
    assert.equal(smtp.received.length, ids.length);
  });

  it('when every attempt fails, then the message is failed after maxAttempts and a retry delivers it', async () => {
    const port = await deadPort();
    const mailer = makeMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, maxAttempts: 3 });
    mailer.start();
    const id = await mailer.queue(message());

    const failed = await until(id, 'failed');
    assert.equal(failed.attempts, 3);
    assert.match(failed.lastError ?? '', /ECONNREFUSED/);

    const smtp = await startSmtp({ port });
    const retried = await retryMessage(id);
    assert.equal(retried.status, 'pending');
    assert.equal(retried.attempts, 0);
    mailer.wake?.();
    const sent = await until(id, 'sent');
    assert.equal(copiesOf(smtp, sent.messageId).length, 1);
  });

  it('when the server rejects the recipient permanently (5xx), then the message fails without further retries', async () => {
    const smtp = await startSmtp();
    const mailer = makeMailer({ smtpUrl: smtp.url });
    mailer.start();

    const id = await mailer.queue({ ...message(), to: 'nobody@example.org' });

    const failed = await until(id, 'failed');
    assert.equal(failed.attempts, 1);
    assert.match(failed.lastError ?? '', /No such user/);
  });

  it('when there is no SMTP URL, then the message is written as a readable .eml file with its link', async () => {
    const dir = path.join(tempDir(), 'outbox');
    const mailer = makeMailer({ outboxDir: dir });
    mailer.start();
    const mail = message('Your invitation');

    const id = await mailer.queue(mail);

    const sent = await until(id, 'sent');
    assert.equal(mailer.mode, 'file');
    assert.match(sent.emlFile ?? '', new RegExp(`^\\d{8}T\\d{6}Z-${id}\\.eml$`));
    assert.deepEqual(fs.readdirSync(dir), [sent.emlFile]);
    const eml = fs.readFileSync(path.join(dir, sent.emlFile!), 'utf8').replace(/=\r?\n/g, '');
    assert.match(eml, /^Subject: Your invitation\r$/m);
    assert.match(eml, new RegExp(`^To: ${mail.to}\r$`, 'm'));
    assert.match(eml, new RegExp(`^Message-ID: <outbox\\.${id}@example\\.org>\r$`, 'm'));
    assert.ok(eml.includes(mail.text.split(' ')[1]), 'the .eml carries the link');
  });

  it('when stop() is called during a delivery, then it resolves only after that delivery finished', async () => {
    let release!: () => void;
    const smtp = await startSmtp({ gate: new Promise<void>((r) => (release = r)) });
    const mailer = makeMailer({ smtpUrl: smtp.url });
    mailer.start();
    const id = await mailer.queue(message());
    await eventually(async () => smtp.arrived === 1, 'the message to reach the server');

    let stopped = false;
    const stopping = mailer.stop().then(() => (stopped = true));
    for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
    assert.equal(stopped, false);
    release();
    await stopping;

    assert.equal((await statusOf(id)).status, 'sent');
    assert.equal(smtp.received.length, 1);
  });

  it('when a worker died mid-delivery, then the message is due again after its lease and sent with the same Message-ID', async () => {
    const smtp = await startSmtp();
    const id = await makeMailer({ smtpUrl: smtp.url }).queue(message());
    await OutboxMessage.updateOne(
      { _id: id },
      {
        $set: {
          status: 'sending',
          attempts: 1,
          lockedBy: 'dead-worker',
          lockedUntil: new Date(Date.now() - 1),
        },
      },
    );

    await makeMailer({ smtpUrl: smtp.url }).deliverDue();

    const sent = await until(id, 'sent');
    assert.equal(sent.attempts, 2);
    assert.equal(copiesOf(smtp, `<outbox.${id}@example.org>`).length, 1);
  });

  it('when attempts fail in a row, then the delay doubles from the base up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 12, 100].map((n) => backoffDelay(n, 5000, 3_600_000)),
      [5000, 10_000, 20_000, 40_000, 80_000, 3_600_000, 3_600_000],
    );
  });
});
