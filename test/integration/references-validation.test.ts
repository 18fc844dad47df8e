import assert from 'node:assert/strict';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { Nomination } from '../../src/features/references/nomination.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { ensureSomeUser, postForm, uniqueEmail, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  addAndSend,
  addReference,
  referenceAction,
  referenceReady,
  referencesUrl,
  referenceUrl,
  type ReferenceSetup,
} from '../helpers/reference-factories.js';

const good = () => ({
  name: 'Valid Person',
  email: uniqueEmail('valid'),
  phone: '',
  relationship: 'peer',
  organization: '',
});

const BAD_REFERENCES: [string, Record<string, string>, string, string][] = [
  ['no name', { name: '  ' }, 'name', 'Enter a name.'],
  ['a name too long', { name: 'n'.repeat(121) }, 'name', 'Use at most 120 characters.'],
  ['no email', { email: '' }, 'email', 'Enter a valid email address, like name@example.org.'],
  [
    'a malformed email',
    { email: 'not-an-email' },
    'email',
    'Enter a valid email address, like name@example.org.',
  ],
  [
    'a phone with letters',
    { phone: 'call me maybe' },
    'phone',
    'Enter a phone number with digits, spaces and + ( ) - only.',
  ],
  ['no relationship', { relationship: '' }, 'relationship', 'Choose the relationship from the list.'],
  [
    'an unknown relationship',
    { relationship: 'friend' },
    'relationship',
    'Choose the relationship from the list.',
  ],
  [
    'an organization too long',
    { organization: 'o'.repeat(201) },
    'organization',
    'Use at most 200 characters.',
  ],
];

describe('references: bad input on every form is refused with its message, and writes nothing', () => {
  const t = useTestApp();
  let s: ReferenceSetup;
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
    s = await referenceReady(t.app);
  });

  const state = async () => ({
    references: JSON.stringify(await Reference.find({ candidate: s.candidateId }).sort({ _id: 1 }).lean()),
    nominations: await Nomination.countDocuments({ candidate: s.candidateId }),
    outbox: await OutboxMessage.countDocuments({}),
  });

  for (const [what, change, field, message] of BAD_REFERENCES) {
    it(`when a reference is added with ${what}, then 422 shows “${message}” beside ${field} with the typed values kept`, async () => {
      const before = await state();
      const body = { ...good(), ...change };
      const res = await postForm(s.agent, referencesUrl(s.positionId, s.candidateId), body);
      assert.equal(res.status, 422);
      assert.ok(res.text.includes(html(message)), message);
      assert.ok(res.text.includes(`href="#f-${field}"`));
      if (field !== 'name') assert.ok(res.text.includes('value="Valid Person"'), 'the typed name is kept');
      assert.deepEqual(await state(), before);
    });
  }

  it('when a replacement has bad input, then 422 and the old reference is untouched', async () => {
    const { referenceId } = await addAndSend(s);
    const before = await state();
    for (const [, change, , message] of BAD_REFERENCES) {
      const res = await postForm(
        s.agent,
        `${referenceUrl(s.positionId, s.candidateId, referenceId)}/replace`,
        {
          ...good(),
          ...change,
        },
      );
      assert.equal(res.status, 422);
      assert.ok(res.text.includes(html(message)), message);
    }
    assert.deepEqual(await state(), before);
  });

  it('when a replacement names someone already asked, or the reference has answered, then 409 and nothing changes', async () => {
    const a = await addAndSend(s, { name: 'Answered' });
    const b = await addAndSend(s, { name: 'Still Open' });
    await Reference.updateOne(
      { _id: a.referenceId },
      { $set: { status: 'submitted', submittedAt: new Date() } },
    );
    const before = await state();
    const dup = await postForm(
      s.agent,
      `${referenceUrl(s.positionId, s.candidateId, b.referenceId)}/replace`,
      {
        ...good(),
        email: a.email,
      },
    );
    assert.equal(dup.status, 409);
    assert.ok(dup.text.includes('already has a reference with this email address'));
    const answered = await postForm(
      s.agent,
      `${referenceUrl(s.positionId, s.candidateId, a.referenceId)}/replace`,
      good(),
    );
    assert.equal(answered.status, 409);
    assert.ok(answered.text.includes('has answered'));
    assert.deepEqual(await state(), before);
  });

  for (const [wanted, message] of [
    ['0', 'Ask for at least 1 reference.'],
    ['11', 'Ask for at most 10 references.'],
    ['three', 'Enter how many references to ask for, from 1 to 10.'],
    ['', 'Enter how many references to ask for, from 1 to 10.'],
    ['2.5', 'Enter a whole number from 1 to 10.'],
  ]) {
    it(`when the candidate is asked to nominate “${wanted}” references, then 422 “${message}” and no link is made or mailed`, async () => {
      const before = await state();
      const res = await postForm(s.agent, `${referencesUrl(s.positionId, s.candidateId)}/nominate`, {
        wanted,
      });
      assert.equal(res.status, 422);
      assert.ok(res.text.includes(html(message)), message);
      assert.deepEqual(await state(), before);
    });
  }

  it('when a request is sent in the wrong state, then 409 explains and nothing is sent', async () => {
    const notSent = await addReference(s.agent, s.positionId, s.candidateId);
    const declined = await addAndSend(s);
    await Reference.updateOne(
      { _id: declined.referenceId },
      { $set: { status: 'declined', declinedAt: new Date() } },
    );
    const before = await state();
    const resendNotSent = await referenceAction(s.agent, s, notSent.referenceId, 'resend');
    assert.equal(resendNotSent.status, 409);
    assert.ok(resendNotSent.text.includes('has not been sent yet'));
    const resendDeclined = await referenceAction(s.agent, s, declined.referenceId, 'resend');
    assert.equal(resendDeclined.status, 409);
    const sendDeclined = await referenceAction(s.agent, s, declined.referenceId, 'send');
    assert.equal(sendDeclined.status, 409);
    assert.deepEqual(await state(), before);
  });

  it('when two sends of one request arrive at once, then one link is made and one mail queued', async () => {
    const added = await addReference(s.agent, s.positionId, s.candidateId);
    const results = await Promise.all([
      referenceAction(s.agent, s, added.referenceId, 'send'),
      referenceAction(s.agent, s, added.referenceId, 'send'),
      referenceAction(s.agent, s, added.referenceId, 'send'),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 409, 409]);
    const ref = (await Reference.findById(added.referenceId).lean())!;
    assert.equal(ref.messages.length, 1);
    assert.equal(await OutboxMessage.countDocuments({ to: added.email }), 1);
  });
});
