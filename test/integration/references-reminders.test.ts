import assert from 'node:assert/strict';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { Nomination } from '../../src/features/references/nomination.model.js';
import {
  runReferenceReminders,
  startReferenceReminders,
} from '../../src/features/references/reference-reminders.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  addAndSend,
  mailsTo,
  mailWithLink,
  referenceAction,
  referenceReady,
} from '../helpers/reference-factories.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('references: reminders on schedule with an injected clock, expiry, failed delivery', () => {
  const t = useTestApp();
  const deps = () => ({ mailer: t.mailer, config: t.config });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  /** A sent request: its id, address, link and the moment it was sent (T0). */
  async function sentRequest() {
    const s = await referenceReady(t.app);
    const { referenceId, email } = await addAndSend(s);
    const request = await mailWithLink(t.smtp, email);
    const t0 = (await Reference.findById(referenceId).lean())!.sentAt!.getTime();
    const at = (days: number) => new Date(t0 + days * DAY);
    const reminders = async () =>
      (await Reference.findById(referenceId).lean())!.messages.filter((m) => m.kind === 'reminder').length;
    return { s, referenceId, email, request, at, reminders };
  }

  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('when the days pass, then reminders go out on day 3 and day 7 with the request’s link, none in between, and the request expires on day 14', async () => {
    const r = await sentRequest();
    await runReferenceReminders(deps(), r.at(2));
    assert.equal(await r.reminders(), 0, 'day 2: none');

    await runReferenceReminders(deps(), r.at(3));
    assert.equal(await r.reminders(), 1, 'day 3: the first');
    const first = await mailWithLink(t.smtp, r.email, { subject: 'Reminder' });
    assert.equal(first.link, r.request.link, 'the reminder repeats the link of the request');
    let ref = (await Reference.findById(r.referenceId).lean())!;
    assert.equal(ref.remindersSent, 1);
    assert.equal(ref.status, 'sent');

    await runReferenceReminders(deps(), r.at(4));
    assert.equal(await r.reminders(), 1, 'day 4: none');

    await runReferenceReminders(deps(), r.at(7));
    assert.equal(await r.reminders(), 2, 'day 7: the second');
    await mailWithLink(t.smtp, r.email, { subject: 'Reminder', nth: 1 });

    await runReferenceReminders(deps(), r.at(8));
    await runReferenceReminders(deps(), new Date(r.at(14).getTime() - 1000));
    assert.equal(await r.reminders(), 2, 'no third reminder');
    ref = (await Reference.findById(r.referenceId).lean())!;
    assert.equal(ref.status, 'sent');

    const report = await runReferenceReminders(deps(), r.at(14));
    ref = (await Reference.findById(r.referenceId).lean())!;
    assert.equal(ref.status, 'expired', 'day 14: expired');
    assert.equal(ref.expiredAt!.getTime(), r.at(14).getTime());
    assert.ok(report.expired >= 1);
    await runReferenceReminders(deps(), r.at(20));
    assert.equal(await r.reminders(), 2);
    await settle();
    assert.equal(mailsTo(t.smtp, r.email, 'Reminder').length, 2);
  });

  it('when the reference saved something within the last day, then the reminder waits until a day has passed since', async () => {
    const r = await sentRequest();
    await Reference.updateOne(
      { _id: r.referenceId },
      { $set: { status: 'in-progress', openedAt: r.at(2), lastSavedAt: new Date(r.at(2.5).getTime()) } },
    );
    await runReferenceReminders(deps(), r.at(3));
    assert.equal(await r.reminders(), 0, 'saved 12 hours ago: postponed');
    await runReferenceReminders(deps(), new Date(r.at(3.5).getTime() - HOUR));
    assert.equal(await r.reminders(), 0, 'saved 23 hours ago: still postponed');
    await runReferenceReminders(deps(), r.at(3.5));
    assert.equal(await r.reminders(), 1, 'a day after the save: sent');
    assert.equal((await Reference.findById(r.referenceId).lean())!.status, 'in-progress');
  });

  it('when the reference submitted or declined, then no reminder goes out, and the status stays', async () => {
    const submitted = await sentRequest();
    await Reference.updateOne(
      { _id: submitted.referenceId },
      { $set: { status: 'submitted', submittedAt: submitted.at(1) } },
    );
    const declined = await sentRequest();
    await Reference.updateOne(
      { _id: declined.referenceId },
      { $set: { status: 'declined', declinedAt: declined.at(1), declineReason: 'Too busy' } },
    );
    for (const day of [3, 7, 15]) {
      await runReferenceReminders(deps(), submitted.at(day));
      await runReferenceReminders(deps(), declined.at(day));
    }
    assert.equal(await submitted.reminders(), 0);
    assert.equal(await declined.reminders(), 0);
    assert.equal((await Reference.findById(submitted.referenceId).lean())!.status, 'submitted');
    assert.equal((await Reference.findById(declined.referenceId).lean())!.status, 'declined');
    await settle();
    assert.equal(mailsTo(t.smtp, submitted.email, 'Reminder').length, 0);
    assert.equal(mailsTo(t.smtp, declined.email, 'Reminder').length, 0);
  });

  it('when the first pass comes late, then it sends only the latest reminder due, once', async () => {
    const r = await sentRequest();
    await runReferenceReminders(deps(), r.at(8));
    assert.equal(await r.reminders(), 1);
    assert.equal((await Reference.findById(r.referenceId).lean())!.remindersSent, 2);
    await runReferenceReminders(deps(), r.at(8.1));
    assert.equal(await r.reminders(), 1);
  });

  it('when two passes run at once, then the reminder is claimed by one of them and sent once', async () => {
    const r = await sentRequest();
    await Promise.all([
      runReferenceReminders(deps(), r.at(3)),
      runReferenceReminders(deps(), r.at(3)),
      runReferenceReminders(deps(), r.at(3)),
    ]);
    assert.equal(await r.reminders(), 1);
    await settle();
    assert.equal(mailsTo(t.smtp, r.email, 'Reminder').length, 1);
  });

  it('when a new link was sent, then the schedule starts again from the resend', async () => {
    const r = await sentRequest();
    await runReferenceReminders(deps(), r.at(3));
    assert.equal(await r.reminders(), 1);
    assert.equal((await referenceAction(r.s.agent, r.s, r.referenceId, 'resend')).status, 303);
    const resent = (await Reference.findById(r.referenceId).lean())!;
    assert.equal(resent.remindersSent, 0);
    const t1 = resent.sentAt!.getTime();
    await runReferenceReminders(deps(), new Date(t1 + 2 * DAY));
    assert.equal(await r.reminders(), 1);
    await runReferenceReminders(deps(), new Date(t1 + 3 * DAY));
    assert.equal(await r.reminders(), 2);
    const second = await mailWithLink(t.smtp, r.email, { subject: 'Reminder', nth: 1 });
    const newLink = await mailWithLink(t.smtp, r.email, { subject: 'new link' });
    assert.equal(second.link, newLink.link, 'the reminder carries the current link');
  });

  it('when the request’s message cannot be read back, then the reminder points to the earlier email without a link', async () => {
    const r = await sentRequest();
    const ref = (await Reference.findById(r.referenceId).lean())!;
    await OutboxMessage.deleteOne({ _id: ref.messages[0].outbox });
    await runReferenceReminders(deps(), r.at(3));
    const mail = await t.smtp.waitFor((m) => m.to.includes(r.email) && m.subject.includes('Reminder'));
    assert.ok(mail.text.includes('Please use the link in that email'));
    assert.ok(!/\/r\/[A-Za-z0-9_-]{20,}/.test(mail.text));
  });

  it('when the request’s mail failed for good, then a request still sent turns failed, an opened one does not, and a new link sends it again', async () => {
    const r = await sentRequest();
    const opened = await sentRequest();
    for (const x of [r, opened]) {
      const ref = (await Reference.findById(x.referenceId).lean())!;
      await OutboxMessage.updateOne({ _id: ref.messages[0].outbox }, { $set: { status: 'failed' } });
    }
    await Reference.updateOne(
      { _id: opened.referenceId },
      { $set: { status: 'opened', openedAt: opened.at(0.1) } },
    );
    await runReferenceReminders(deps(), r.at(1));
    const failed = (await Reference.findById(r.referenceId).lean())!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.failedAt!.getTime(), r.at(1).getTime());
    assert.equal((await Reference.findById(opened.referenceId).lean())!.status, 'opened');

    await runReferenceReminders(deps(), r.at(3));
    assert.equal(await r.reminders(), 0, 'no reminders to a failed address');
    assert.equal((await referenceAction(r.s.agent, r.s, r.referenceId, 'resend')).status, 303);
    const again = (await Reference.findById(r.referenceId).lean())!;
    assert.equal(again.status, 'sent');
    assert.equal(again.failedAt, undefined);
  });

  it('when a nomination link passes its expiry, then it turns expired; an open one stays', async () => {
    const s = await referenceReady(t.app);
    const base = {
      position: s.positionId,
      candidate: s.candidateId,
      sentBy: s.user._id,
      status: 'sent' as const,
    };
    const now = new Date();
    const old = await Nomination.create({
      ...base,
      tokenHash: `old-${Date.now()}`,
      expiresAt: new Date(now.getTime() - 1000),
    });
    const open = await Nomination.create({
      ...base,
      tokenHash: `open-${Date.now()}`,
      expiresAt: new Date(now.getTime() + DAY),
    });
    await runReferenceReminders(deps(), now);
    assert.equal((await Nomination.findById(old._id).lean())!.status, 'expired');
    assert.equal((await Nomination.findById(open._id).lean())!.status, 'sent');
  });

  it('when the scheduler is started, then it runs passes on its interval until stopped', async () => {
    const s = await referenceReady(t.app);
    const n = await Nomination.create({
      position: s.positionId,
      candidate: s.candidateId,
      sentBy: s.user._id,
      tokenHash: `timer-${Date.now()}`,
      expiresAt: new Date(Date.now() - 1000),
    });
    const stop = startReferenceReminders(deps(), { intervalMs: 50, firstDelayMs: 0 });
    try {
      for (let i = 0; i < 100 && (await Nomination.findById(n._id).lean())!.status !== 'expired'; i++)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await stop();
    }
    assert.equal((await Nomination.findById(n._id).lean())!.status, 'expired');
  });
});
