import assert from 'node:assert/strict';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { ensureSomeUser, loginAs, postForm, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
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

describe('references: a questionnaire that fails the quality gate is not sent', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  /** A candidate with one reference added, and the template's first competency question broken. */
  async function brokenQuestionnaire() {
    const s = await referenceReady(t.app, { competencies: 2 });
    const tpl = (await ReferenceTemplate.findOne({ position: s.positionId }).lean())!;
    const item = tpl.competencies[0].items[0];
    const broken = 'How well did the candidate  follows through on requests?';
    const edited = await postForm(s.agent, `${templateUrl(s.positionId)}/items/${item.id}`, { text: broken });
    assert.equal(edited.status, 303, edited.text.slice(0, 500));
    await reviewTemplate(s.agent, s.positionId); // reviewed as it is: the quality gate still stops it
    const added = await addReference(s.agent, s.positionId, s.candidateId);
    assert.equal(added.res.status, 303);
    return { s, added, competencyName: tpl.competencies[0].name };
  }

  async function assertNothingSent(referenceId: string, email: string) {
    const ref = (await Reference.findById(referenceId).lean())!;
    assert.equal(ref.status, 'not-sent');
    assert.equal(ref.tokenHash, undefined);
    assert.equal(ref.questionnaire?.questions?.length ?? 0, 0, 'no questionnaire frozen');
    assert.equal(mailsTo(t.smtp, email).length, 0, 'no mail');
  }

  it('when a manager sends a reference whose questionnaire has broken text, then 422 names the question and the problem and nothing is sent', async () => {
    const { s, added, competencyName } = await brokenQuestionnaire();
    const res = await referenceAction(s.agent, s, added.referenceId, 'send');
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('cannot be sent while a question fails the quality check'));
    assert.ok(
      res.text.includes(html(`${s.candidateName}  follows through on requests?`)),
      'quotes the question as sent',
    );
    assert.ok(res.text.includes(html(`(${competencyName} question`)), 'names the question');
    assert.ok(res.text.includes('double space'), 'names the problem');
    await assertNothingSent(added.referenceId, added.email);

    const all = await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/send-all`, {});
    assert.equal(all.status, 422, 'send all is refused too');
    await assertNothingSent(added.referenceId, added.email);
  });

  it('when the broken question is fixed, then the same reference is sent', async () => {
    const { s, added } = await brokenQuestionnaire();
    const tpl = (await ReferenceTemplate.findOne({ position: s.positionId }).lean())!;
    const item = tpl.competencies[0].items[0];
    await postForm(s.agent, `${templateUrl(s.positionId)}/items/${item.id}`, {
      text: 'How well did the candidate follow through on requests?',
    });
    await reviewTemplate(s.agent, s.positionId);
    const res = await referenceAction(s.agent, s, added.referenceId, 'send');
    assert.equal(res.status, 303, res.text.slice(0, 500));
    await mailWithLink(t.smtp, added.email);
    assert.equal((await Reference.findById(added.referenceId).lean())!.status, 'sent');
  });

  it('when a manager replaces a reference while the questionnaire is broken, then 422 and neither reference changes', async () => {
    const { s, added } = await brokenQuestionnaire();
    const before = await Reference.countDocuments({ candidate: s.candidateId });
    const res = await postForm(
      s.agent,
      `${referenceUrl(s.positionId, s.candidateId, added.referenceId)}/replace`,
      {
        name: 'Ada Lovelace',
        email: 'ada.replacement@example.org',
        phone: '',
        relationship: 'peer',
        organization: 'Analytical Engines',
      },
    );
    assert.equal(res.status, 422, res.text.slice(0, 300));
    assert.equal(await Reference.countDocuments({ candidate: s.candidateId }), before);
    assert.equal((await Reference.findById(added.referenceId).lean())!.replacedBy, undefined);
  });

  it('when a panelist tries to send, then 403 and nothing is sent', async () => {
    const { s, added } = await brokenQuestionnaire();
    const { agent: panelist } = await loginAs(t.app, ['panelist']);
    const res = await referenceAction(panelist, s, added.referenceId, 'send');
    assert.equal(res.status, 403);
    await assertNothingSent(added.referenceId, added.email);
  });
});
