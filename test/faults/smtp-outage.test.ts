/**
 * Fault drill: the SMTP server is unreachable for a while. Features that mail go on working: a
 * manager schedules an interview (each panelist is told) and sends reference requests, an admin
 * invites a user. The mail waits in the outbox and is retried; the app is restarted during the
 * outage (a new mailer and app on the same database: what a process restart leaves); a real SMTP
 * server comes back on the same port. Each message then arrives exactly once, counted by its
 * Message-ID, even with extra delivery passes by two workers after the fact, and its link works.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMailer, type Mailer } from '../../src/lib/mailer.js';
import { connectTestDatabase, loginAs, postForm, uniqueEmail, ownRateLimitScope } from '../helpers/app.js';
import { panelists, panelOf, positionReady, schedule } from '../helpers/interview-factories.js';
import {
  addReference,
  linkIn,
  referencesUrl,
  reviewTemplate,
  templateUrl,
} from '../helpers/reference-factories.js';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp.js';
import supertest from 'supertest';
import { eventually } from './support/server-child.js';

const messageIdOf = (m: ReceivedMail) => /^Message-ID:\s*(<[^>]+>)/im.exec(m.raw)?.[1];

describe('fault drill: SMTP is unreachable for a while', function () {
  this.timeout(120_000);
  const logger = createLogger('silent');
  const mailers: Mailer[] = [];
  let smtp: TestSmtp;
  let dataDir: string;
  let config: Config;

  /** A mailer as server.ts makes one, retrying quickly (backoff 100 ms doubling to 400 ms). */
  const newMailer = () => {
    const m = createMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      outboxDir: path.join(dataDir, 'outbox'),
      logger,
      pollIntervalMs: 50,
      backoffBaseMs: 100,
      backoffMaxMs: 400,
    });
    mailers.push(m);
    return m;
  };
  const newApp = (mailer: Mailer): Express =>
    createApp({
      config,
      logger,
      mailer,
      databaseKind: 'embedded',
      rateLimits: { login: 100_000 },
      rateLimitScope: ownRateLimitScope(),
    });

  before(async function () {
    await connectTestDatabase();
    smtp = await startSmtpServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-smtp-'));
    config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SESSION_SECRET: 'fault-drill-secret-fault-drill-secret-42',
      BASE_URL: 'http://localhost:3999',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Toolkit <toolkit@example.org>',
    });
  });

  after(async () => {
    for (const m of mailers.splice(0)) await m.stop();
    await smtp?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when SMTP is down while an interview is scheduled, references are sent and a user is invited, then each mail waits, survives a restart and arrives exactly once', async () => {
    const first = newMailer();
    first.start();
    const app = newApp(first);
    const manager = await loginAs(app, ['manager']);
    const admin = await loginAs(app, ['admin']);
    const { positionId, candidateId } = await positionReady(manager.agent);
    assert.equal((await manager.agent.get(templateUrl(positionId))).status, 200);
    const panel = await panelists(3, 'Drill Panelist');
    const refs = [
      await addReference(manager.agent, positionId, candidateId, { name: 'Outage Olive' }),
      await addReference(manager.agent, positionId, candidateId, { name: 'Outage Oscar' }),
    ];
    const invitee = uniqueEmail('invitee');

    const port = smtp.port;
    await smtp.close();
    const before = new Date();

    // The features answer at once: the mail is queued, not sent.
    const scheduled = await schedule(manager.agent, positionId, {
      candidate: candidateId,
      panel: panelOf(panel),
    });
    assert.equal(scheduled.status, 303, scheduled.text.slice(0, 300));
    // Requests go out only once someone has reviewed the questionnaire.
    await reviewTemplate(manager.agent, positionId);
    const sent = await postForm(manager.agent, `${referencesUrl(positionId, candidateId)}/send-all`, {});
    assert.equal(sent.status, 303, sent.text.slice(0, 300));
    const invited = await postForm(admin.agent, '/admin/users', {
      email: invitee,
      name: 'Ivy Invitee',
      roles: 'panelist',
    });
    assert.equal(invited.status, 303, invited.text.slice(0, 300));

    const recipients = [...panel.map((u) => u.email), ...refs.map((r) => r.email), invitee];
    const ours = { to: { $in: recipients }, createdAt: { $gte: before } };
    const queued = await OutboxMessage.find(ours).lean();
    assert.deepEqual(queued.map((m) => m.to).sort(), [...recipients].sort(), 'one message per recipient');

    // Waiting and retried while SMTP is down.
    await eventually(
      async () =>
        (await OutboxMessage.countDocuments({ ...ours, status: 'pending', attempts: { $gte: 2 } })) ===
        recipients.length,
      'two failed attempts of each message',
    );
    const failing = await OutboxMessage.find(ours).lean();
    for (const m of failing) assert.match(m.lastError ?? '', /ECONNREFUSED/, `${m.to}: ${m.lastError}`);

    // The app restarts during the outage: a new mailer and app on the same database.
    await first.stop();
    const second = newMailer();
    second.start();
    const restarted = newApp(second);
    await eventually(
      async () =>
        (await OutboxMessage.countDocuments({ ...ours, status: 'pending', attempts: { $gte: 3 } })) ===
        recipients.length,
      'the restarted app retrying each message',
    );

    // SMTP is back on the same port.
    smtp = await startSmtpServer(port);
    await eventually(
      async () => (await OutboxMessage.countDocuments({ ...ours, status: 'sent' })) === recipients.length,
      'every message sent',
    );
    // More delivery passes, by the running worker and by another one, then every worker stops.
    await Promise.all([second.deliverDue(), newMailer().deliverDue()]);
    for (const m of mailers.splice(0)) await m.stop();

    const delivered = await OutboxMessage.find(ours).lean();
    for (const m of delivered) {
      const copies = smtp.received.filter((r) => messageIdOf(r) === m.messageId);
      assert.equal(copies.length, 1, `${m.to}: ${copies.length} copies of ${m.messageId}`);
      assert.deepEqual(copies[0].to, [m.to]);
    }
    const toUs = smtp.received.filter((r) => r.to.some((t) => recipients.includes(t)));
    assert.equal(toUs.length, recipients.length, 'no other copy under another Message-ID');

    // The links in the delayed mail work.
    for (const r of refs) {
      const mail = toUs.find((m) => m.to.includes(r.email))!;
      assert.equal((await supertest(restarted).get(linkIn(mail).path)).status, 200, `${r.email}'s link`);
    }
    const invitation = toUs.find((m) => m.to.includes(invitee))!;
    const inviteLink = /https?:\/\/[^\s/]+(\/invite\/[A-Za-z0-9_-]+)/.exec(invitation.text)?.[1];
    assert.ok(inviteLink, 'the invitation carries its link');
    assert.equal((await supertest(restarted).get(inviteLink)).status, 200);
    for (const u of panel)
      assert.match(
        toUs.find((m) => m.to.includes(u.email))!.subject,
        /^Interview panel: /,
        `${u.email}'s mail`,
      );
  });
});
