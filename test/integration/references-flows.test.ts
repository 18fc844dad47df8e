import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { hashToken } from '../../src/lib/passwords.js';
import { Nomination } from '../../src/features/references/nomination.model.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { freezeQuestionnaire } from '../../src/features/references/template-generate.js';
import { ensureSomeUser, postForm, uniqueEmail, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  addAndSend,
  addReference,
  mailsTo,
  mailWithLink,
  referenceAction,
  referenceReady,
  reviewTemplate,
  referencesUrl,
  referenceUrl,
  templateUrl,
} from '../helpers/reference-factories.js';

const DAY = 86_400_000;

/** Every stored reference document as JSON, to prove a raw token is nowhere in it. */
const storedReferences = async () =>
  JSON.stringify(await mongoose.connection.db!.collection('references').find({}).toArray());

describe('references: adding, sending, resending, replacing and nominating, with the mail received', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a manager adds a reference and sends it, then the mail arrives with a link whose token is stored only hashed, the questionnaire is frozen with the candidate’s name and the link expires after the configured days', async () => {
    const s = await referenceReady(t.app, { candidate: 'Grace Hopper' });
    const added = await addReference(s.agent, s.positionId, s.candidateId, {
      name: 'Alan Turing',
      phone: '+44 20 7946 0000',
      relationship: 'supervisor',
      organization: 'Bletchley Utilities',
    });
    assert.equal(added.res.status, 303);
    assert.equal(added.res.headers.location, referencesUrl(s.positionId, s.candidateId));
    let ref = (await Reference.findById(added.referenceId).lean())!;
    assert.equal(ref.status, 'not-sent');
    assert.equal(ref.source, 'manager');
    assert.equal(ref.phone, '+44 20 7946 0000');
    assert.equal(String(ref.addedBy), String(s.user._id));
    assert.equal(ref.tokenHash, undefined);

    const before = Date.now();
    const sent = await referenceAction(s.agent, s, added.referenceId, 'send');
    assert.equal(sent.status, 303, sent.text.slice(0, 1000));
    const { mail, token, link } = await mailWithLink(t.smtp, added.email);
    assert.equal(link, `${t.config.baseUrl}/r/${token}`);
    assert.ok(mail.subject.includes('Grace Hopper'), mail.subject);
    assert.ok(mail.text.includes('Customer Service Representative'));
    assert.ok(Buffer.from(token, 'base64url').length >= 16, 'at least 128 bits');

    ref = (await Reference.findById(added.referenceId).lean())!;
    assert.equal(ref.status, 'sent');
    assert.equal(ref.tokenHash, hashToken(token));
    assert.ok(!(await storedReferences()).includes(token), 'the raw token is not stored');
    const expiry = ref.tokenExpiresAt!.getTime() - ref.sentAt!.getTime();
    assert.equal(expiry, 14 * DAY);
    assert.ok(ref.sentAt!.getTime() >= before - 1000);
    assert.deepEqual(
      ref.messages.map((m) => m.kind),
      ['request'],
    );
    assert.ok(/^[0-9a-f]{24}$/.test(ref.messages[0].outbox!));

    const template = (await ReferenceTemplate.findOne({ position: s.positionId }).lean())!;
    const q = ref.questionnaire!.questions!;
    const rated = q.filter((x) => x.rated);
    assert.equal(q.length, template.opening.length + template.closing.length + rated.length);
    assert.deepEqual([...new Set(q.map((x) => x.part))], ['opening', 'competency', 'closing']);
    assert.equal(new Set(rated.map((x) => String(x.competency))).size, 3);
    assert.ok(rated.every((x) => x.competencyName));
    assert.ok(
      q.every((x) => !/the candidate\b/i.test(x.text)),
      'the name replaces “the candidate”',
    );
    assert.ok(q[0].text.includes('Grace Hopper'), q[0].text);
    assert.deepEqual(ref.questionnaire!.ratingOptions, template.ratingOptions);

    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('Alan Turing'));
    assert.ok(page.text.includes('Sent'));
    assert.ok(page.text.includes('Send a new link'));
  });

  it('when the template is edited after a request was sent, then the sent questionnaire stays as it was and the next request gets the new text', async () => {
    const s = await referenceReady(t.app, { candidate: 'Edsger Dijkstra' });
    const first = await addAndSend(s);
    const template = (await ReferenceTemplate.findOne({ position: s.positionId }).lean())!;
    const item = template.opening[0];
    const edited = await postForm(s.agent, `${templateUrl(s.positionId)}/items/${item.id}`, {
      text: 'What did the candidate teach you?',
    });
    assert.equal(edited.status, 303);
    await reviewTemplate(s.agent, s.positionId); // the edit asked for a new review
    const second = await addAndSend(s, { name: 'Tony Hoare' });
    const a = (await Reference.findById(first.referenceId).lean())!;
    const b = (await Reference.findById(second.referenceId).lean())!;
    // As frozen when sent: the template's text worded for the referee (a supervisor here).
    assert.equal(
      a.questionnaire!.questions![0].text,
      freezeQuestionnaire(template, 'Edsger Dijkstra', 'supervisor').questions[0].text,
    );
    assert.equal(b.questionnaire!.questions![0].text, 'What did Edsger Dijkstra teach you?');
  });

  it('when a manager sends a new link, then a second mail arrives with another token, the old token no longer matches, the expiry restarts and the draft is kept', async () => {
    const s = await referenceReady(t.app);
    const { referenceId, email } = await addAndSend(s);
    const first = await mailWithLink(t.smtp, email);
    await Reference.updateOne(
      { _id: referenceId },
      {
        $set: {
          status: 'in-progress',
          openedAt: new Date(),
          lastSavedAt: new Date(),
          answers: [{ question: 'x', comment: 'kept' }],
        },
      },
    );
    const res = await referenceAction(s.agent, s, referenceId, 'resend');
    assert.equal(res.status, 303, res.text.slice(0, 500));
    const second = await mailWithLink(t.smtp, email, { subject: 'new link' });
    assert.notEqual(second.token, first.token);
    assert.ok(second.mail.text.includes('earlier link no longer works'));
    const ref = (await Reference.findById(referenceId).lean())!;
    assert.equal(ref.tokenHash, hashToken(second.token));
    assert.equal(await Reference.countDocuments({ tokenHash: hashToken(first.token) }), 0);
    assert.equal(ref.status, 'in-progress');
    assert.equal(ref.answers[0].comment, 'kept');
    assert.deepEqual(
      ref.messages.map((m) => m.kind),
      ['request', 'resend'],
    );
    assert.equal(ref.remindersSent, 0);
    assert.ok(!(await storedReferences()).includes(second.token));
  });

  it('when a request expired, then a new link brings it back to sent with a new expiry', async () => {
    const s = await referenceReady(t.app);
    const { referenceId, email } = await addAndSend(s);
    await Reference.updateOne(
      { _id: referenceId },
      { $set: { status: 'expired', expiredAt: new Date(), tokenExpiresAt: new Date(Date.now() - 1000) } },
    );
    assert.equal((await referenceAction(s.agent, s, referenceId, 'resend')).status, 303);
    await mailWithLink(t.smtp, email, { subject: 'new link' });
    const ref = (await Reference.findById(referenceId).lean())!;
    assert.equal(ref.status, 'sent');
    assert.equal(ref.expiredAt, undefined);
    assert.ok(ref.tokenExpiresAt!.getTime() > Date.now() + 13 * DAY);
  });

  it('when a manager replaces a reference, then the old one is marked replaced with its link dead, and the new one is sent at once', async () => {
    const s = await referenceReady(t.app);
    const old = await addAndSend(s, { name: 'Old Reference' });
    const oldMail = await mailWithLink(t.smtp, old.email);
    const form = await s.agent.get(`${referenceUrl(s.positionId, s.candidateId, old.referenceId)}/replace`);
    assert.equal(form.status, 200);
    assert.ok(form.text.includes('Replace Old Reference'));

    const newEmail = uniqueEmail('replacement');
    const res = await postForm(
      s.agent,
      `${referenceUrl(s.positionId, s.candidateId, old.referenceId)}/replace`,
      {
        name: 'New Reference',
        email: newEmail,
        relationship: 'peer',
        organization: '',
        phone: '',
      },
    );
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    const created = (await Reference.findOne({ email: newEmail }).lean())!;
    const replaced = (await Reference.findById(old.referenceId).lean())!;
    assert.equal(String(replaced.replacedBy), String(created._id));
    assert.equal(replaced.tokenHash, undefined);
    assert.equal(await Reference.countDocuments({ tokenHash: hashToken(oldMail.token) }), 0);
    assert.equal(String(created.replaces), old.referenceId);
    assert.equal(created.status, 'sent');
    const newMail = await mailWithLink(t.smtp, newEmail);
    assert.equal(created.tokenHash, hashToken(newMail.token));

    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(page.text.includes('Replaced by'));
    // A replaced reference is neither sent again nor replaced twice.
    assert.equal((await referenceAction(s.agent, s, old.referenceId, 'resend')).status, 409);
    const twice = await postForm(
      s.agent,
      `${referenceUrl(s.positionId, s.candidateId, old.referenceId)}/replace`,
      {
        name: 'Third',
        email: uniqueEmail('third'),
        relationship: 'peer',
      },
    );
    assert.equal(twice.status, 409);
    assert.equal(await Reference.countDocuments({ candidate: s.candidateId }), 2);
  });

  it('when a manager sends all, then every not-sent reference is sent once and the sent ones are left alone', async () => {
    const s = await referenceReady(t.app);
    const sentBefore = await addAndSend(s, { name: 'Already Sent' });
    const a = await addReference(s.agent, s.positionId, s.candidateId, { name: 'Ada' });
    const b = await addReference(s.agent, s.positionId, s.candidateId, {
      name: 'Bea',
      relationship: 'client',
    });
    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(page.text.includes('Send all requests not yet sent (2)'));
    const res = await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/send-all`, {});
    assert.equal(res.status, 303);
    await mailWithLink(t.smtp, a.email);
    await mailWithLink(t.smtp, b.email);
    const refs = await Reference.find({ candidate: s.candidateId }).lean();
    assert.deepEqual(
      refs.map((r) => r.status),
      ['sent', 'sent', 'sent'],
    );
    const again = await Reference.findById(sentBefore.referenceId).lean();
    assert.equal(again!.messages.length, 1);
    // Sending one already sent is refused: that is what a new link is for.
    assert.equal((await referenceAction(s.agent, s, a.referenceId, 'send')).status, 409);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(mailsTo(t.smtp, a.email).length, 1);
  });

  it('when a manager asks the candidate to nominate, then the candidate gets a link stored only hashed, a new request cancels the earlier link, and references the candidate named appear for the manager to send', async () => {
    const s = await referenceReady(t.app, { candidate: 'Barbara Liskov' });
    const res = await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/nominate`, {
      wanted: '2',
    });
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    const first = await mailWithLink(t.smtp, s.candidateEmail, { kind: 'n' });
    assert.equal(first.link, `${t.config.baseUrl}/n/${first.token}`);
    assert.ok(first.mail.text.includes('2 people'));
    assert.ok(first.mail.text.includes('you will not see them'));
    const nomination = (await Nomination.findOne({ candidate: s.candidateId }).lean())!;
    assert.equal(nomination.tokenHash, hashToken(first.token));
    assert.equal(nomination.wanted, 2);
    assert.equal(nomination.status, 'sent');
    assert.ok(nomination.outbox);
    assert.equal(nomination.expiresAt.getTime() - nomination.createdAt.getTime() < 14 * DAY + 5000, true);
    const raw = JSON.stringify(await mongoose.connection.db!.collection('nominations').find({}).toArray());
    assert.ok(!raw.includes(first.token));

    await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/nominate`, { wanted: '3' });
    const second = await mailWithLink(t.smtp, s.candidateEmail, { kind: 'n', nth: 1 });
    assert.notEqual(second.token, first.token);
    const statuses = (await Nomination.find({ candidate: s.candidateId }).sort({ createdAt: 1 }).lean()).map(
      (n) => n.status,
    );
    assert.deepEqual(statuses, ['cancelled', 'sent']);

    // What the nomination form stores (reference-form feature): candidate-sourced, not sent.
    const named = await Reference.create({
      position: s.positionId,
      candidate: s.candidateId,
      name: 'Named By Candidate',
      email: uniqueEmail('named'),
      relationship: 'peer',
      source: 'candidate',
      status: 'not-sent',
    });
    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(page.text.includes('Named By Candidate'));
    assert.ok(page.text.includes('Named by the candidate'));
    assert.ok(page.text.includes(html('Replaced by a newer link')));
    assert.equal((await referenceAction(s.agent, s, String(named._id), 'send')).status, 303);
    await mailWithLink(t.smtp, named.email);
    assert.equal((await Reference.findById(named._id).lean())!.status, 'sent');
  });

  it('when the same email is added twice for a candidate, then the second is refused with 409 and nothing is written; another candidate may name the same person', async () => {
    const s = await referenceReady(t.app);
    const email = uniqueEmail('twice');
    assert.equal((await addReference(s.agent, s.positionId, s.candidateId, { email })).res.status, 303);
    const again = await addReference(s.agent, s.positionId, s.candidateId, {
      email: email.toUpperCase(),
      name: 'Other',
    });
    assert.equal(again.res.status, 409);
    assert.ok(again.res.text.includes('already has a reference with this email address'));
    assert.equal(await Reference.countDocuments({ candidate: s.candidateId }), 1);

    const other = await referenceReady(t.app, { agent: s.agent, user: s.user, candidate: 'Someone Else' });
    assert.equal(
      (await addReference(s.agent, other.positionId, other.candidateId, { email })).res.status,
      303,
    );
  });

  it('when the questionnaire has no questions, then sending is refused with 422 and the reference stays not sent', async () => {
    const s = await referenceReady(t.app);
    await ReferenceTemplate.updateOne(
      { position: s.positionId },
      { $set: { opening: [], competencies: [], closing: [] } },
    );
    const added = await addReference(s.agent, s.positionId, s.candidateId);
    const res = await referenceAction(s.agent, s, added.referenceId, 'send');
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('has no questions'));
    const ref = (await Reference.findById(added.referenceId).lean())!;
    assert.equal(ref.status, 'not-sent');
    assert.equal(ref.tokenHash, undefined);
  });
});
