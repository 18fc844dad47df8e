/**
 * The reference questionnaire is reviewed before any request goes out (who and when), derived from
 * the published guide, and the mails and the reference's page name the organisation and who added
 * the referee. Mail is read at the test's real SMTP server, headers included.
 */
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Position } from '../../src/features/positions/position.model.js';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { ensureSomeUser, loginAs, postForm, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { formatTime } from '../../src/lib/format-time.js';
import {
  addReference,
  mailWithLink,
  referenceAction,
  referenceReady,
  referencesUrl,
  reviewTemplate,
  templateUrl,
  type ReferenceSetup,
} from '../helpers/reference-factories.js';

const ORG = 'City of Harbour';

describe('references: the questionnaire is reviewed before requests go out', () => {
  const t = useTestApp({
    // MAIL_FROM without a display name: the organisation's name becomes it.
    env: { ORG_NAME: ORG, MAIL_FROM: 'toolkit@example.org', MAIL_REPLY_TO: 'hiring@harbour.example' },
  });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  const templateOf = async (s: ReferenceSetup) =>
    (await ReferenceTemplate.findOne({ position: s.positionId }).lean())!;

  async function assertNotSent(referenceId: string, email: string) {
    const ref = (await Reference.findById(referenceId).lean())!;
    assert.equal(ref.status, 'not-sent');
    assert.equal(ref.tokenHash, undefined);
    assert.equal(ref.questionnaire?.questions?.length ?? 0, 0, 'no questionnaire frozen');
    assert.equal(await OutboxMessage.countDocuments({ to: email }), 0, 'no mail queued');
  }

  it('when the questionnaire is not reviewed, then send and send all answer 409 with the reason and nothing is written', async () => {
    const s = await referenceReady(t.app, { reviewed: false });
    const added = await addReference(s.agent, s.positionId, s.candidateId);

    const one = await referenceAction(s.agent, s, added.referenceId, 'send');
    const all = await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/send-all`, {});

    for (const res of [one, all]) {
      assert.equal(res.status, 409);
      assert.ok(res.text.includes('has not been reviewed since it was last changed'), res.text.slice(0, 300));
      assert.ok(res.text.includes('Nothing was sent.'));
    }
    await assertNotSent(added.referenceId, added.email);
    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(page.text.includes('The questionnaire needs review.'), 'the references page says so');
  });

  it('when a manager marks it reviewed, then the page records who and when and the request is sent', async () => {
    const s = await referenceReady(t.app, { reviewed: false });
    const added = await addReference(s.agent, s.positionId, s.candidateId);
    const before = await s.agent.get(templateUrl(s.positionId));
    assert.ok(before.text.includes('Needs review.'));

    const reviewed = await reviewTemplate(s.agent, s.positionId);
    assert.equal(reviewed.status, 303);

    const review = (await templateOf(s)).review!;
    assert.equal(String(review.by), String(s.user._id));
    assert.equal(review.byName, s.user.name);
    assert.ok(Date.now() - review.at!.getTime() < 120_000);
    const page = await s.agent.get(templateUrl(s.positionId));
    assert.ok(page.text.includes(`by ${s.user.name} on ${formatTime(review.at!, 'UTC')}`));
    const sent = await referenceAction(s.agent, s, added.referenceId, 'send');
    assert.equal(sent.status, 303, sent.text.slice(0, 300));
    await mailWithLink(t.smtp, added.email);
  });

  it('when a question is edited, added or regenerated after review, then it needs review again; confidentiality does not', async () => {
    const s = await referenceReady(t.app);
    const tpl = templateUrl(s.positionId);
    const item = (await templateOf(s)).opening[0];
    const changes = [
      () => postForm(s.agent, `${tpl}/items/${item.id}`, { text: 'How do you know the candidate?' }),
      () => postForm(s.agent, `${tpl}/items`, { part: 'closing', text: 'Anything else we should know?' }),
      () => postForm(s.agent, `${tpl}/regenerate`, {}),
    ];
    for (const change of changes) {
      assert.ok((await templateOf(s)).review?.at, 'reviewed before the change');
      assert.equal((await change()).status, 303);
      assert.equal((await templateOf(s)).review, undefined, 'needs review after the change');
      await reviewTemplate(s.agent, s.positionId);
    }
    const kept = await postForm(s.agent, `${tpl}/confidentiality`, { mode: 'aggregate', minResponses: '2' });
    assert.equal(kept.status, 303);
    assert.ok((await templateOf(s)).review?.at, 'a confidentiality change keeps the review');

    const current = (await templateOf(s)).opening[0]; // regenerating gave new ids
    assert.equal((await postForm(s.agent, `${tpl}/items/${current.id}/remove`, {})).status, 303);
    const added = await addReference(s.agent, s.positionId, s.candidateId);
    assert.equal((await referenceAction(s.agent, s, added.referenceId, 'send')).status, 409);
    await assertNotSent(added.referenceId, added.email);
  });

  it('when the review form is bad or stale, then 422 or 409 with a message and nothing is recorded', async () => {
    const s = await referenceReady(t.app, { reviewed: false });
    const url = `${templateUrl(s.positionId)}/review`;
    const rev = (await templateOf(s)).rev;

    const missing = await postForm(s.agent, url, {});
    const garbage = await postForm(s.agent, url, { rev: 'yesterday' });
    const stale = await postForm(s.agent, url, { rev: String(rev + 5) });

    assert.equal(missing.status, 422);
    assert.ok(missing.text.includes('did not say which version of the questions you read'));
    assert.equal(garbage.status, 422);
    assert.equal(stale.status, 409);
    assert.ok(stale.text.includes('Someone else changed this questionnaire meanwhile'));
    assert.equal((await templateOf(s)).review, undefined);
  });

  it('when a panelist or another manager marks it reviewed, then 403 and nothing is recorded', async () => {
    const s = await referenceReady(t.app, { reviewed: false });
    const url = `${templateUrl(s.positionId)}/review`;
    const rev = String((await templateOf(s)).rev);
    const { agent: panelist } = await loginAs(t.app, ['panelist']);
    const { agent: other } = await loginAs(t.app, ['manager']);

    assert.equal((await postForm(panelist, url, { rev })).status, 403);
    assert.equal((await postForm(other, url, { rev })).status, 403);
    assert.equal(
      (await postForm(other, `${templateUrl('0123456789abcdef01234567')}/review`, { rev })).status,
      404,
    );
    assert.equal((await templateOf(s)).review, undefined);
  });

  it('when the hiring team added the referee, then the mail at the SMTP server says the team at the organisation asks, with From and Reply-To', async () => {
    const s = await referenceReady(t.app, { candidate: 'Mary Jackson' });
    const added = await addReference(s.agent, s.positionId, s.candidateId);
    assert.equal((await referenceAction(s.agent, s, added.referenceId, 'send')).status, 303);

    const { mail, path } = await mailWithLink(t.smtp, added.email);
    const title = (await Position.findById(s.positionId).lean())!.title;
    assert.ok(
      mail.text.includes(
        `The hiring team at ${ORG} for the ${title} role has asked you for a reference about Mary Jackson`,
      ),
      mail.text,
    );
    assert.ok(!mail.text.includes('named you'), 'the candidate did not name them');
    const stored = (await Reference.findById(added.referenceId).lean())!;
    assert.equal(stored.source, 'manager');
    assert.equal(String(stored.addedBy), String(s.user._id));
    const list = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(list.text.includes(`Added by ${s.user.name} (hiring team)`), 'the list says who added them');
    assert.match(mail.raw, /^From: "?City of Harbour"? <toolkit@example\.org>$/m);
    assert.match(mail.raw, /^Reply-To: hiring@harbour\.example$/m);

    const form = await supertest(t.app).get(path);
    assert.equal(form.status, 200);
    assert.match(form.text, /<title>Reference for Mary Jackson · City of Harbour<\/title>/);
    assert.match(form.text, /<a class="brand" href="\/">City of Harbour<\/a>/);
    assert.ok(form.text.includes(`The hiring team at ${ORG} asks for your reference about Mary Jackson`));
  });

  it('when the candidate nominated the referee, then the mail and the page say the candidate named them', async () => {
    const s = await referenceReady(t.app, { candidate: 'Dorothy Vaughan' });
    const added = await addReference(s.agent, s.positionId, s.candidateId);
    // As the nomination form records it (reference-form-nomination tests cover that form).
    await Reference.updateOne(
      { _id: added.referenceId },
      { $set: { source: 'candidate' }, $unset: { addedBy: 1 } },
    );
    assert.equal((await referenceAction(s.agent, s, added.referenceId, 'send')).status, 303);

    const { mail, path } = await mailWithLink(t.smtp, added.email);
    assert.ok(mail.text.includes(`Dorothy Vaughan, a candidate for the`), mail.text);
    assert.ok(mail.text.includes(`role at ${ORG}, named you as a reference (supervisor).`), mail.text);
    assert.ok(!mail.text.includes('The hiring team added you'));
    const form = await supertest(t.app).get(path);
    assert.ok(form.text.includes(`at ${ORG} and named you as a reference`), form.text.slice(0, 2000));
  });
});
