import assert from 'node:assert/strict';
import supertest from 'supertest';
import { useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import {
  completeAnswers,
  findReference,
  makeReference,
  postTokenForm,
} from '../helpers/reference-form-factories.js';

describe('reference questionnaire: the form, saving and submitting through the link', () => {
  // Many link requests from one address: the limiter has its own test (reference-form-limits).
  const t = useTestApp({ rateLimits: { tokenLinks: 100_000 } });
  const UA = 'Mozilla/5.0 (reference-test)';

  it('when the reference opens the link, then it is marked opened and shows their prefilled details and every question, without a session cookie', async () => {
    const r = await makeReference();
    const res = await supertest(t.app).get(r.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.text, /<h1>Reference for Ada Lovelace<\/h1>/);
    assert.match(res.text, /Customer Service Representative/);
    assert.match(res.text, /name="name" value="Grace Hopper"/);
    assert.match(res.text, /id="f-relationship-supervisor" name="relationship" value="supervisor" checked/);
    assert.match(res.text, /value="Harbour Utilities"/);
    // Rated questions: a fieldset with the question as legend and a labelled radio per option.
    assert.match(res.text, /<legend><span class="rf-number">3\.<\/span> Compared with others/);
    assert.match(res.text, /<input type="radio" id="q3-rating-5" name="rating:cs-1" value="Not observed">/);
    assert.match(res.text, /<label for="q3-rating-5">Not observed<\/label>/);
    assert.match(res.text, /<h2 id="c1">Customer Service<\/h2>/);
    assert.match(res.text, /<h2 id="c2">Teamwork<\/h2>/);
    assert.match(res.text, /<label for="q6-comment"><span class="rf-number">6\.<\/span> Would you hire/);
    assert.match(res.text, /Save and finish later/);
    assert.match(res.text, /action="\/r\/[^"]+\/decline"/);
    assert.match(res.text, /<script src="\/js\/reference-form.js" defer><\/script>/);
    assert.doesNotMatch(res.text, /<script>|<script [^>]*>[^<]+<\/script>|style="/);

    const ref = await findReference(r.id);
    assert.equal(ref?.status, 'opened');
    assert.ok(ref?.openedAt instanceof Date);

    await supertest(t.app).get(r.url).expect(200);
    const again = await findReference(r.id);
    assert.equal(again?.openedAt?.getTime(), ref?.openedAt?.getTime());
  });

  it('when the reference saves without any cookie, then the draft is durable, in progress, and the link shows it again', async () => {
    const r = await makeReference();
    await supertest(t.app).get(r.url);
    const body = completeAnswers({ 'comment:open-1': 'Line one\r\nline two <b>bold</b>' });
    delete body['rating:tw-1'];
    const res = await postTokenForm(supertest(t.app), r.url, body);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${r.url}?saved=1`);

    const ref = await findReference(r.id);
    assert.equal(ref?.status, 'in-progress');
    assert.ok(ref?.lastSavedAt instanceof Date);
    assert.equal(ref?.draftRev, 1);
    assert.deepEqual(
      ref?.answers.map((a) => [a.question, a.rating ?? null, a.comment]),
      [
        ['open-1', null, 'Line one\nline two <b>bold</b>'],
        ['open-2', null, 'Three years, as her team lead.'],
        ['cs-1', 'Above', 'She calmed an angry customer and fixed the billing error the same day.'],
        ['cs-2', 'Well above', ''],
        ['tw-1', null, 'Shared work fairly.'],
        ['close-1', null, 'Yes, without hesitation.'],
      ],
    );
    assert.equal(ref?.identity?.name, 'Grace Hopper');
    assert.equal(ref?.identity?.corrected, false);
    assert.ok(ref?.identity?.confirmedAt instanceof Date);

    const page = await supertest(t.app).get(`${r.url}?saved=1`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Your answers are saved/);
    assert.ok(page.text.includes(html('Line one\nline two <b>bold</b>')));
    assert.match(page.text, /name="rating:cs-1" value="Above" checked/);
    assert.doesNotMatch(page.text, /name="rating:tw-1" value="[^"]+" checked/);
    assert.match(page.text, /name="rev" value="1"/);
    assert.match(page.text, /id="f-confirmed" name="confirmed" value="yes" checked/);
  });

  it('when a submission misses a rating, then it answers 422 naming the question, keeps everything typed and saves it as a draft', async () => {
    const r = await makeReference();
    const body = completeAnswers({ action: 'submit', 'comment:tw-1': 'Typed but not rated yet.' });
    delete body['rating:tw-1'];
    delete body.confirmed;
    const res = await postTokenForm(supertest(t.app), r.url, body);
    assert.equal(res.status, 422);
    assert.match(res.text, /class="error-summary" role="alert"/);
    assert.match(
      res.text,
      /<a href="#q5-rating-0">Choose an answer for question 5 \(Teamwork\), or “Not observed”/,
    );
    assert.match(res.text, /<a href="#f-confirmed">Tick the box to confirm/);
    assert.match(res.text, /Typed but not rated yet\./);
    assert.match(res.text, /She calmed an angry customer/);
    assert.match(res.text, /name="rating:cs-1" value="Above" checked/);
    assert.match(res.text, /name="rev" value="1"/);

    const ref = await findReference(r.id);
    assert.equal(ref?.status, 'in-progress');
    assert.equal(ref?.submittedAt, undefined);
    assert.equal(ref?.answers.find((a) => a.question === 'tw-1')?.comment, 'Typed but not rated yet.');
  });

  it('when the reference submits a complete form, then it is submitted with the address and browser, and the link shows only a thank-you', async () => {
    const r = await makeReference();
    const res = await postTokenForm(supertest(t.app), r.url, completeAnswers({ action: 'submit' }), {
      'User-Agent': UA,
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, r.url);

    const ref = await findReference(r.id);
    assert.equal(ref?.status, 'submitted');
    assert.ok(ref?.submittedAt instanceof Date);
    assert.equal(ref?.submission?.userAgent, UA);
    assert.match(ref?.submission?.ip ?? '', /127\.0\.0\.1|::1/);
    assert.equal(ref?.submission?.at?.getTime(), ref?.submittedAt?.getTime());
    assert.ok(ref?.openedAt instanceof Date);
    assert.equal(ref?.answers.length, 6);

    const page = await supertest(t.app).get(r.url);
    assert.equal(page.status, 200);
    assert.match(page.text, /Thank you/);
    assert.match(page.text, /id="rf-done" data-draft-key="[0-9a-f]{16}"/);
    assert.doesNotMatch(page.text, /<form method="post" action="\/r\//);
    assert.doesNotMatch(page.text, /She calmed an angry customer|Without hesitation|Well above/i);
  });

  it('when the same submission arrives twice, then the second gets the thank-you page and changes nothing', async () => {
    const r = await makeReference();
    const first = await postTokenForm(supertest(t.app), r.url, completeAnswers({ action: 'submit' }));
    assert.equal(first.status, 303);
    const before = await findReference(r.id);

    const second = await postTokenForm(
      supertest(t.app),
      r.url,
      completeAnswers({ action: 'submit', 'comment:close-1': 'Changed my mind' }),
    );
    assert.equal(second.status, 303);
    assert.equal(second.headers.location, r.url);
    const save = await postTokenForm(
      supertest(t.app),
      r.url,
      completeAnswers({ rev: '1', 'comment:close-1': 'x' }),
    );
    assert.equal(save.status, 303);
    const decline = await postTokenForm(supertest(t.app), `${r.url}/decline`, { reason: 'late' });
    assert.equal(decline.status, 303);
    const json = await postTokenForm(supertest(t.app), r.url, completeAnswers({ rev: '1' }), {
      Accept: 'application/json',
    });
    assert.equal(json.status, 409);
    assert.equal(json.body.state, 'submitted');

    const after = await findReference(r.id);
    assert.deepEqual(after, before);
    assert.match((await supertest(t.app).get(r.url)).text, /Thank you/);
  });

  it('when two submissions race, then exactly one lands and both see the thank-you page', async () => {
    const r = await makeReference();
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        postTokenForm(
          supertest(t.app),
          r.url,
          completeAnswers({ action: 'submit', 'comment:close-1': `attempt ${i}` }),
        ),
      ),
    );
    for (const res of results) {
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, r.url);
    }
    const ref = await findReference(r.id);
    assert.equal(ref?.status, 'submitted');
    assert.equal(ref?.draftRev, 1);
    assert.match(ref?.answers.find((a) => a.question === 'close-1')?.comment ?? '', /^attempt [123]$/);
  });

  it('when the reference corrects their details, then the correction is flagged; a change of case or spacing is not', async () => {
    const a = await makeReference();
    await postTokenForm(supertest(t.app), a.url, completeAnswers({ name: '  grace   HOPPER ' }));
    const same = await findReference(a.id);
    assert.equal(same?.identity?.corrected, false);
    assert.equal(same?.identity?.name, 'grace   HOPPER');

    const b = await makeReference();
    await postTokenForm(
      supertest(t.app),
      b.url,
      completeAnswers({ relationship: 'peer', organization: 'Tidewater Co' }),
    );
    const changed = await findReference(b.id);
    assert.equal(changed?.identity?.corrected, true);
    assert.equal(changed?.identity?.relationship, 'peer');
    assert.equal(changed?.identity?.organization, 'Tidewater Co');
    // The request itself is left as the manager entered it.
    assert.equal(changed?.relationship, 'supervisor');
    const page = await supertest(t.app).get(b.url);
    assert.match(page.text, /id="f-relationship-peer" name="relationship" value="peer" checked/);
    assert.match(page.text, /Filled in from the request: Grace Hopper, supervisor at Harbour Utilities/);
  });

  it('when the reference declines with a reason, then the request is declined and the link says so', async () => {
    const r = await makeReference();
    const res = await postTokenForm(supertest(t.app), `${r.url}/decline`, {
      reason: 'I only worked with Ada for a week.',
    });
    assert.equal(res.status, 303);
    const ref = await findReference(r.id);
    assert.equal(ref?.status, 'declined');
    assert.ok(ref?.declinedAt instanceof Date);
    assert.equal(ref?.declineReason, 'I only worked with Ada for a week.');

    const page = await supertest(t.app).get(r.url);
    assert.equal(page.status, 200);
    assert.match(page.text, /You declined to give a reference/);
    assert.doesNotMatch(page.text, /<form method="post"/);

    const late = await postTokenForm(supertest(t.app), r.url, completeAnswers({ action: 'submit' }));
    assert.equal(late.status, 303);
    assert.deepEqual(await findReference(r.id), ref);
  });

  it('when the decline reason is too long, then it answers 422 with the reason kept and declines nothing', async () => {
    const r = await makeReference();
    const res = await postTokenForm(supertest(t.app), `${r.url}/decline`, { reason: 'x'.repeat(2001) });
    assert.equal(res.status, 422);
    assert.match(res.text, /<details open>/);
    assert.match(res.text, /Keep the reason to 2,000 characters or fewer/);
    assert.equal((await findReference(r.id))?.status, 'sent');
  });

  it('when a form from an older tab is saved after a newer save, then it answers 409 with its text and saves nothing until posted again', async () => {
    const r = await makeReference();
    await postTokenForm(supertest(t.app), r.url, completeAnswers({ 'comment:close-1': 'newer text' }));
    const stale = await postTokenForm(
      supertest(t.app),
      r.url,
      completeAnswers({ rev: '0', 'comment:close-1': 'older tab text' }),
    );
    assert.equal(stale.status, 409);
    assert.match(stale.text, /saved from another window or device/);
    assert.match(stale.text, /older tab text/);
    assert.match(stale.text, /name="rev" value="1"/);
    assert.match(stale.text, /data-unsaved="true"/);
    assert.equal(
      (await findReference(r.id))?.answers.find((a) => a.question === 'close-1')?.comment,
      'newer text',
    );

    const again = await postTokenForm(
      supertest(t.app),
      r.url,
      completeAnswers({ rev: '1', 'comment:close-1': 'older tab text' }),
    );
    assert.equal(again.status, 303);
    const ref = await findReference(r.id);
    assert.equal(ref?.answers.find((a) => a.question === 'close-1')?.comment, 'older tab text');
    assert.equal(ref?.draftRev, 2);
  });

  it('when the script autosaves with Accept: application/json, then it gets { savedAt, rev } and JSON problems', async () => {
    const r = await makeReference();
    const json = { Accept: 'application/json' };
    const res = await postTokenForm(supertest(t.app), r.url, completeAnswers(), json);
    assert.equal(res.status, 200);
    assert.equal(res.body.rev, 1);
    assert.ok(!Number.isNaN(Date.parse(res.body.savedAt)));

    const bad = await postTokenForm(
      supertest(t.app),
      r.url,
      completeAnswers({ rev: '1', 'rating:cs-1': 'Superb' }),
      json,
    );
    assert.equal(bad.status, 422);
    assert.match(bad.body.fields['rating:cs-1'], /Choose one of the answers offered/);

    const stale = await postTokenForm(supertest(t.app), r.url, completeAnswers({ rev: '0' }), json);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.rev, 1);
    assert.equal(stale.body.state, undefined);
  });

  it('when an answer is longer than the app-wide 100 kB form limit allows, then it is still saved', async () => {
    const r = await makeReference();
    const long = 'é'.repeat(10_000); // 60 kB once urlencoded
    const body = completeAnswers({
      'comment:open-1': long,
      'comment:open-2': long,
      'comment:cs-1': long,
      'comment:close-1': long,
    });
    const res = await postTokenForm(supertest(t.app), r.url, body);
    assert.equal(res.status, 303);
    assert.equal(
      (await findReference(r.id))?.answers.find((a) => a.question === 'close-1')?.comment.length,
      10_000,
    );
  });
});
