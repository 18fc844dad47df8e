import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Types } from 'mongoose';
import { Reference } from '../../src/features/references/reference.model.js';
import { newToken } from '../../src/lib/passwords.js';
import { useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';
import {
  completeAnswers,
  findReference,
  makeReference,
  postTokenForm,
} from '../helpers/reference-form-factories.js';

const JSON_ACCEPT = { accept: 'application/json' };

/**
 * The reference's link answers in few database commands: the page reads the reference with its
 * heading at once, and a save or the submission whose revision this process already holds writes
 * without reading first (src/features/reference-form/open-links.ts). The second half checks that a
 * held copy gone stale (what another app process or the manager changed meanwhile) never decides
 * anything: the conditional write misses and the answer is what a fresh read gives.
 */
describe('reference link: database commands per request, and what a held copy may decide', () => {
  const t = useTestApp({ rateLimits: { tokenLinks: 100_000 } });
  const request = () => supertest(t.app);

  it('when a reference opens, autosaves, submits and sees the thank-you page, then each request sends at most three commands', async () => {
    const ref = await makeReference({ candidateName: 'Ada Round-Trip' });
    // The limiter builds its collection's TTL index on its first request of the process.
    assert.equal((await request().get(`/r/${'x'.repeat(43)}`)).status, 404);
    const page = await commandsDuring(async () => {
      const res = await request().get(ref.url);
      assert.equal(res.status, 200);
      assert.match(res.text, /Ada Round-Trip/);
      assert.match(res.text, /Customer Service Representative/);
    });
    // The limiter's count, the reference with its heading, its first opening.
    assert.deepEqual(page.commands, [
      'findAndModify rate_limits',
      'aggregate references',
      'update references',
    ]);

    for (const rev of [0, 1]) {
      const save = await commandsDuring(async () => {
        const res = await postTokenForm(
          request(),
          ref.url,
          completeAnswers({ rev: String(rev) }),
          JSON_ACCEPT,
        );
        assert.equal(res.status, 200);
        assert.equal(res.body.rev, rev + 1);
      });
      assert.deepEqual(save.commands, ['findAndModify rate_limits', 'findAndModify references']);
    }

    const submit = await commandsDuring(async () => {
      const res = await postTokenForm(request(), ref.url, completeAnswers({ rev: '2', action: 'submit' }));
      assert.equal(res.status, 303);
    });
    assert.deepEqual(submit.commands, ['findAndModify rate_limits', 'findAndModify references']);
    assert.equal((await findReference(ref.id))!.status, 'submitted');

    const thanks = await commandsDuring(async () => {
      const res = await request().get(ref.url);
      assert.equal(res.status, 200);
      assert.match(res.text, /Thank you/);
      assert.match(res.text, /Ada Round-Trip/);
    });
    assert.deepEqual(thanks.commands, ['findAndModify rate_limits', 'aggregate references']);
  });

  it('when another process saved after this one last saw the link, then a post of the old revision answers 409 and overwrites nothing', async () => {
    const ref = await makeReference();
    await request().get(ref.url);
    const first = await postTokenForm(request(), ref.url, completeAnswers({ rev: '0' }), JSON_ACCEPT);
    assert.equal(first.body.rev, 1);
    // Another app process saves revision 2 (its own write, which this process never sees).
    await Reference.updateOne(
      { _id: ref.id },
      {
        $set: { answers: [{ question: 'open-1', comment: 'Written in the other window.' }] },
        $inc: { draftRev: 1 },
      },
    );
    const stale = await postTokenForm(
      request(),
      ref.url,
      completeAnswers({ rev: '1', 'comment:open-1': 'Written here.' }),
      JSON_ACCEPT,
    );
    assert.equal(stale.status, 409);
    assert.equal(stale.body.rev, 2);
    const stored = await findReference(ref.id);
    assert.equal(stored!.draftRev, 2);
    assert.equal(stored!.answers[0].comment, 'Written in the other window.');

    // Posting again on the newest revision keeps the new text (read afresh, not the held copy).
    const again = await postTokenForm(
      request(),
      ref.url,
      completeAnswers({ rev: '2', 'comment:open-1': 'Written here.' }),
      JSON_ACCEPT,
    );
    assert.equal(again.status, 200);
    const after = await findReference(ref.id);
    assert.equal(after!.answers.find((a) => a.question === 'open-1')!.comment, 'Written here.');
  });

  it('when a new link was sent after this process last saw the old one, then the old link answers the dead-link page and writes nothing', async () => {
    const ref = await makeReference();
    await request().get(ref.url);
    await postTokenForm(request(), ref.url, completeAnswers({ rev: '0' }), JSON_ACCEPT);
    // The manager re-sends: a new token for the same, still open, reference.
    await Reference.updateOne({ _id: ref.id }, { $set: { tokenHash: newToken().hash } });
    const res = await postTokenForm(
      request(),
      ref.url,
      completeAnswers({ rev: '1', 'comment:open-1': 'Through the dead link.' }),
    );
    assert.equal(res.status, 404);
    assert.match(res.text, /This link is not valid/);
    assert.doesNotMatch(res.text, /I managed Ada/, 'the draft is not shown through the dead link');
    const json = await postTokenForm(request(), ref.url, completeAnswers({ rev: '1' }), JSON_ACCEPT);
    assert.equal(json.status, 404);
    assert.equal(json.body.state, 'invalid');
    const stored = await findReference(ref.id);
    assert.equal(stored!.draftRev, 1);
    assert.notEqual(stored!.answers[0].comment, 'Through the dead link.');
  });

  it('when the link expired, was replaced or was submitted elsewhere after this process saw it, then a save is refused and writes nothing', async () => {
    const changes: [string, Record<string, unknown>, number][] = [
      ['expired', { tokenExpiresAt: new Date(Date.now() - 1000) }, 404],
      ['replaced', { replacedBy: new Types.ObjectId() }, 404],
      ['submitted elsewhere', { status: 'submitted', submittedAt: new Date() }, 409],
    ];
    for (const [what, change, status] of changes) {
      const ref = await makeReference();
      await request().get(ref.url);
      await postTokenForm(request(), ref.url, completeAnswers({ rev: '0' }), JSON_ACCEPT);
      await Reference.updateOne({ _id: ref.id }, { $set: change });
      const res = await postTokenForm(
        request(),
        ref.url,
        completeAnswers({ rev: '1', 'comment:open-1': 'Too late.' }),
        JSON_ACCEPT,
      );
      assert.equal(res.status, status, what);
      const stored = await findReference(ref.id);
      assert.equal(stored!.draftRev, 1, `${what}: nothing written`);
      assert.notEqual(stored!.answers[0].comment, 'Too late.', what);
    }
  });
});
