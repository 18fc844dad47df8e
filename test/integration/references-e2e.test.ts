/**
 * End to end through both sides: the manager adds and sends references, the mail arrives at the
 * test SMTP server, the reference opens the link from it, saves a draft, comes back, submits; the
 * manager reads the answers; reminders stop after the answer; dead links; SMTP down for a while.
 */
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { runReferenceReminders } from '../../src/features/references/reference-reminders.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { newToken } from '../../src/lib/passwords.js';
import { ensureSomeUser, postForm, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  addReference,
  mailsTo,
  mailWithLink,
  referenceReady,
  referencesUrl,
} from '../helpers/reference-factories.js';
import { startSmtpServer } from '../helpers/smtp.js';

const DAY = 86_400_000;

describe('references end to end: from the manager’s form through the mail and the reference’s link to the answers', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  /** The answers a complete form posts for a reference's frozen questionnaire. */
  async function completeForm(referenceId: string, action: 'save' | 'submit', draft = false) {
    const ref = (await Reference.findById(referenceId).lean())!;
    const body: Record<string, string> = {
      rev: String(ref.draftRev ?? 0),
      name: ref.name,
      relationship: ref.relationship,
      organization: ref.organization ?? '',
      confirmed: 'yes',
      action,
    };
    ref.questionnaire!.questions!.forEach((q, i) => {
      if (q.rated) body[`rating:${q.id}`] = i % 2 ? 'Above' : 'Well above';
      body[`comment:${q.id}`] = draft && i > 0 ? '' : `Answer ${i + 1} from the end-to-end test.`;
    });
    return body;
  }

  it('when references are added and sent, then each opens the mailed link, saves, comes back, submits or declines, the manager sees the answers, and reminders stop', async () => {
    const s = await referenceReady(t.app, { candidate: 'Mary Jackson', competencies: 2 });
    const a = await addReference(s.agent, s.positionId, s.candidateId, { name: 'Answering Ann' });
    const d = await addReference(s.agent, s.positionId, s.candidateId, {
      name: 'Declining Dan',
      relationship: 'peer',
    });
    assert.equal(
      (await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/send-all`, {})).status,
      303,
    );
    const mailA = await mailWithLink(t.smtp, a.email);
    const mailD = await mailWithLink(t.smtp, d.email);
    const reference = supertest.agent(t.app);

    // Open the link from the mail.
    const page = await reference.get(mailA.path);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('Mary Jackson'));
    assert.equal((await Reference.findById(a.referenceId).lean())!.status, 'opened');

    // Save a draft, then come back through the same link and find it.
    const saved = await reference
      .post(mailA.path)
      .type('form')
      .send(await completeForm(a.referenceId, 'save', true));
    assert.equal(saved.status, 303, saved.text.slice(0, 500));
    const again = await supertest(t.app).get(mailA.path);
    assert.ok(again.text.includes('Answer 1 from the end-to-end test.'));
    assert.equal((await Reference.findById(a.referenceId).lean())!.status, 'in-progress');

    // Submit; the link then shows the thank-you page, not the form.
    const submitted = await reference
      .post(mailA.path)
      .type('form')
      .send(await completeForm(a.referenceId, 'submit'));
    assert.equal(submitted.status, 303, submitted.text.slice(0, 500));
    const after = await reference.get(mailA.path);
    assert.equal(after.status, 200);
    assert.ok(!after.text.includes('name="action"'), 'no form after the submission');

    // The other declines with a reason.
    const declined = await supertest(t.app)
      .post(`${mailD.path}/decline`)
      .type('form')
      .send({ reason: 'I only met the candidate once.' });
    assert.equal(declined.status, 303);

    // The manager reads the answers and the decline.
    const manager = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(manager.text.includes('Answer 3 from the end-to-end test.'));
    assert.ok(manager.text.includes('I only met the candidate once.'));
    const json = (
      await s.agent.get(`/api/candidates/${s.candidateId}/references`).set('Accept', 'application/json')
    ).body;
    const ann = json.references.find((r: { id: string }) => r.id === a.referenceId);
    assert.equal(ann.status, 'submitted');
    assert.ok(ann.answers.every((x: { comment: string }) => x.comment.startsWith('Answer ')));
    assert.ok(json.competencies.every((c: { references: { ratings: number } }) => c.references.ratings > 0));
    const ref = (await Reference.findById(a.referenceId).lean())!;
    assert.ok(ref.submission?.ip, 'the address of the submission is recorded');

    // No reminders after the answer or the decline.
    const t0 = ref.sentAt!.getTime();
    for (const day of [3, 7])
      await runReferenceReminders({ mailer: t.mailer, config: t.config }, new Date(t0 + day * DAY));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(mailsTo(t.smtp, a.email, 'Reminder').length, 0);
    assert.equal(mailsTo(t.smtp, d.email, 'Reminder').length, 0);
  });

  it('when a link is forged, expired, or replaced by a new one, then it gets the page for a link that does not work', async () => {
    const s = await referenceReady(t.app);
    const expiring = await addReference(s.agent, s.positionId, s.candidateId, { name: 'Expiring' });
    const renewed = await addReference(s.agent, s.positionId, s.candidateId, { name: 'Renewed' });
    const base = referencesUrl(s.positionId, s.candidateId);
    await postForm(s.agent, `${base}/send-all`, {});
    const e = await mailWithLink(t.smtp, expiring.email);
    const r1 = await mailWithLink(t.smtp, renewed.email);
    await postForm(s.agent, `${base}/${renewed.referenceId}/resend`, {});
    const r2 = await mailWithLink(t.smtp, renewed.email, { subject: 'new link' });

    const sentAt = (await Reference.findById(expiring.referenceId).lean())!.sentAt!.getTime();
    await runReferenceReminders({ mailer: t.mailer, config: t.config }, new Date(sentAt + 14 * DAY));
    assert.equal((await Reference.findById(expiring.referenceId).lean())!.status, 'expired');

    const forged = `/r/${newToken().token}`;
    const pages = await Promise.all([forged, e.path, r1.path].map((p) => supertest(t.app).get(p)));
    for (const p of pages) assert.equal(p.status, 404);
    // One page for every dead link: it does not tell a forged token from a real one.
    assert.equal(pages[1].text, pages[0].text);
    assert.equal(pages[2].text, pages[0].text);
    assert.equal((await supertest(t.app).get(r2.path)).status, 200, 'the new link works');
  });

  it('when the SMTP server is down for a while, then the requests wait in the outbox and each arrives exactly once when it is back', async function () {
    this.timeout(60_000);
    const s = await referenceReady(t.app);
    const a = await addReference(s.agent, s.positionId, s.candidateId, { name: 'During Outage A' });
    const b = await addReference(s.agent, s.positionId, s.candidateId, { name: 'During Outage B' });
    const port = t.smtp.port;
    await t.smtp.close();
    try {
      const res = await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/send-all`, {});
      assert.equal(res.status, 303, 'sending does not wait for SMTP');
      const ids = (await Reference.find({ _id: { $in: [a.referenceId, b.referenceId] } }).lean()).map(
        (r) => r.messages[0].outbox,
      );
      for (let i = 0; i < 100; i++) {
        const tried = await OutboxMessage.countDocuments({
          _id: { $in: ids },
          attempts: { $gte: 1 },
          status: 'pending',
        });
        if (tried === 2) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(await OutboxMessage.countDocuments({ _id: { $in: ids }, status: 'pending' }), 2);
    } finally {
      t.smtp = await startSmtpServer(port);
    }
    await mailWithLink(t.smtp, a.email, { timeoutMs: 30_000 });
    await mailWithLink(t.smtp, b.email, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(mailsTo(t.smtp, a.email).length, 1);
    assert.equal(mailsTo(t.smtp, b.email).length, 1);
  });
});
