import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Reference } from '../../src/features/references/reference.model.js';
import { useTestApp } from '../helpers/app.js';
import {
  completeAnswers,
  findReference,
  makeReference,
  postTokenForm,
} from '../helpers/reference-form-factories.js';

describe('reference questionnaire: refused input, cross-site posts and dead links', () => {
  const t = useTestApp({ rateLimits: { tokenLinks: 100_000 } });

  describe('refused input writes nothing', () => {
    const cases: [string, Record<string, string | string[]>, number, RegExp][] = [
      [
        'a rating that is not an option',
        { 'rating:cs-1': 'Superb' },
        422,
        /Choose one of the answers offered/,
      ],
      [
        'an oversize comment',
        { 'comment:cs-1': 'x'.repeat(10_001) },
        422,
        /Keep each answer to 10,000 characters/,
      ],
      ['a name too long', { name: 'n'.repeat(121) }, 422, /Keep your name to 120 characters/],
      [
        'a relationship not on the list',
        { relationship: 'cousin' },
        422,
        /Choose how you know the candidate/,
      ],
      ['an unknown question id', { 'comment:nope': 'hello' }, 400, /does not match the questionnaire/],
      [
        'a rating for an unrated question',
        { 'rating:open-1': 'Above' },
        400,
        /does not match the questionnaire/,
      ],
      ['a repeated field', { 'comment:cs-1': ['a', 'b'] }, 400, /does not match the questionnaire/],
      ['no revision', { rev: '' }, 400, /does not match the questionnaire/],
      ['an unknown action', { action: 'publish' }, 400, /Choose Save or Submit/],
    ];
    for (const [what, change, status, message] of cases) {
      it(`when the form carries ${what}, then it answers ${status} and nothing is written`, async () => {
        const r = await makeReference();
        await supertest(t.app).get(r.url);
        const before = await findReference(r.id);
        const res = await postTokenForm(supertest(t.app), r.url, {
          ...completeAnswers({ action: 'submit' }),
          ...change,
        });
        assert.equal(res.status, status);
        assert.match(res.text, message);
        assert.deepEqual(await findReference(r.id), before);
      });
    }

    it('when the 422 page comes back, then it keeps what was typed, marks the field and links the summary to it', async () => {
      const r = await makeReference();
      const res = await postTokenForm(
        supertest(t.app),
        r.url,
        completeAnswers({ 'comment:cs-1': 'y'.repeat(10_001), 'comment:open-1': 'kept <text>' }),
      );
      assert.equal(res.status, 422);
      assert.match(res.text, /<a href="#q3-comment">Keep each answer/);
      assert.match(
        res.text,
        /id="q3-comment" name="comment:cs-1"[^>]*aria-describedby="q3-comment-error"[^>]* aria-invalid="true"/,
      );
      assert.ok(res.text.includes('kept &lt;text&gt;'));
      assert.match(res.text, /Your answers were not saved/);
    });
  });

  describe('cross-site posts', () => {
    it('when the Origin header names another site, then the post is refused and nothing is written', async () => {
      const r = await makeReference();
      const res = await postTokenForm(supertest(t.app), r.url, completeAnswers({ action: 'submit' }), {
        Origin: 'https://evil.example',
      });
      assert.equal(res.status, 403);
      assert.match(res.text, /sent from another website/);
      const decline = await postTokenForm(supertest(t.app), `${r.url}/decline`, {}, { Origin: 'null' });
      assert.equal(decline.status, 403);
      assert.equal((await findReference(r.id))?.status, 'sent');
    });

    it('when the Origin is the application itself, then the post is accepted', async () => {
      const r = await makeReference();
      const byBase = await postTokenForm(supertest(t.app), r.url, completeAnswers(), {
        Origin: 'http://localhost:3999',
      });
      assert.equal(byBase.status, 303);
      const agent = supertest(t.app);
      const host = await agent
        .post(r.url)
        .set('Host', 'refs.example.org')
        .set('Origin', 'http://refs.example.org')
        .type('form')
        .send(completeAnswers({ rev: '1' }));
      assert.equal(host.status, 303);
      assert.equal((await findReference(r.id))?.draftRev, 2);
    });
  });

  describe('dead links', () => {
    /** Every dead link gets this exact page. */
    async function deadPages(): Promise<Map<string, string>> {
      const expiredByDate = await makeReference({ tokenExpiresAt: new Date(Date.now() - 1000) });
      const expired = await makeReference({ status: 'expired' });
      const notSent = await makeReference({ status: 'not-sent' });
      const failed = await makeReference({ status: 'failed' });
      const replacement = await makeReference();
      const replaced = await makeReference({ replacedBy: replacement.id });
      const forged = 'A'.repeat(43);
      const urls: Record<string, string> = {
        forged: `/r/${forged}`,
        'malformed (short)': '/r/abc',
        'malformed (characters)': `/r/${'%24'.repeat(43)}`,
        'malformed (long)': `/r/${'B'.repeat(44)}`,
        'expired by date': expiredByDate.url,
        'status expired': expired.url,
        'not sent': notSent.url,
        failed: failed.url,
        replaced: replaced.url,
      };
      const out = new Map<string, string>();
      for (const [what, url] of Object.entries(urls)) {
        const res = await supertest(t.app).get(url);
        assert.equal(res.status, 404, what);
        assert.equal(res.headers['set-cookie'], undefined, what);
        out.set(what, res.text);
        const post = await postTokenForm(supertest(t.app), url, completeAnswers({ action: 'submit' }));
        assert.equal(post.status, 404, `${what} (POST)`);
        assert.equal(post.text, res.text, `${what} (POST)`);
        const decline = await postTokenForm(supertest(t.app), `${url}/decline`, { reason: 'x' });
        assert.equal(decline.status, 404, `${what} (decline)`);
      }
      for (const r of [expiredByDate, expired, notSent, failed, replaced]) {
        const ref = await findReference(r.id);
        assert.equal(ref?.submittedAt, undefined);
        assert.equal(ref?.declinedAt, undefined);
        assert.equal(ref?.answers.length, 0);
      }
      return out;
    }

    it('when a link is forged, malformed, expired, replaced, never sent or failed, then every one gets the identical page', async () => {
      const pages = await deadPages();
      const [first, ...rest] = [...pages.values()];
      assert.match(first, /This link is not valid/);
      assert.match(first, /contact the person who sent it/);
      for (const [what, body] of pages) assert.equal(body, first, what);
      assert.equal(rest.length, pages.size - 1);
    });

    it('when a reference expires after opening, then saving is refused with the same page and nothing is written', async () => {
      const r = await makeReference();
      await supertest(t.app).get(r.url).expect(200);
      await Reference.updateOne({ _id: r.id }, { $set: { tokenExpiresAt: new Date(Date.now() - 1) } });
      const res = await postTokenForm(supertest(t.app), r.url, completeAnswers());
      assert.equal(res.status, 404);
      assert.match(res.text, /This link is not valid/);
      const ref = await findReference(r.id);
      assert.equal(ref?.status, 'opened');
      assert.equal(ref?.answers.length, 0);
    });
  });

  it('when the candidate’s name holds markup, then the page escapes it', async () => {
    const r = await makeReference({ candidateName: '<img src=x onerror=alert(1)>' });
    const res = await supertest(t.app).get(r.url);
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<img src=x/);
    assert.match(res.text, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
