import assert from 'node:assert/strict';
import type { Types } from 'mongoose';
import supertest from 'supertest';
import { Nomination } from '../../src/features/references/nomination.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { uniqueEmail, useTestApp } from '../helpers/app.js';
import { makeNomination, nominees, postTokenForm } from '../helpers/reference-form-factories.js';

const countFor = (candidateId: Types.ObjectId) => Reference.countDocuments({ candidate: candidateId });

describe('nomination link: the candidate names their references', () => {
  const t = useTestApp({ rateLimits: { tokenLinks: 100_000 } });

  it('when the candidate opens the link, then the form offers as many references as asked for, each field labelled', async () => {
    const n = await makeNomination({ wanted: 2 });
    const res = await supertest(t.app).get(n.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(res.text, /Hello Ada Lovelace/);
    assert.match(res.text, /up to 2 people/);
    assert.match(res.text, /<legend>Reference 1<\/legend>/);
    assert.match(res.text, /<legend>Reference 2 \(optional\)<\/legend>/);
    assert.doesNotMatch(res.text, /Reference 3/);
    for (const f of ['name', 'email', 'phone', 'relationship', 'organization'])
      assert.match(res.text, new RegExp(`<label for="ref-1-${f}">`));
    assert.match(res.text, /<option value="direct-report">Direct report<\/option>/);
  });

  it('when the candidate names two references, then both are created unsent, the link is used, and the owner gets a mail', async () => {
    const n = await makeNomination();
    const res = await postTokenForm(
      supertest(t.app),
      n.url,
      nominees([
        {
          name: 'Grace Hopper',
          email: 'Grace@Example.org',
          relationship: 'supervisor',
          organization: 'Navy',
        },
        { name: 'Alan Turing', email: 'alan@example.org', phone: '+44 161 555 0100', relationship: 'peer' },
        {},
      ]),
    );
    assert.equal(res.status, 200);
    assert.match(res.text, /You have named 2 references/);

    const nomination = await Nomination.findById(n.id).lean();
    assert.equal(nomination?.status, 'used');
    assert.ok(nomination?.usedAt instanceof Date);
    assert.match(nomination?.ip ?? '', /127\.0\.0\.1|::1/);
    const refs = await Reference.find({ candidate: n.candidateId }).sort({ name: 1 }).lean();
    assert.deepEqual(
      refs.map((r) => [
        r.name,
        r.email,
        r.phone ?? null,
        r.relationship,
        r.organization ?? null,
        r.source,
        r.status,
      ]),
      [
        ['Alan Turing', 'alan@example.org', '+44 161 555 0100', 'peer', null, 'candidate', 'not-sent'],
        ['Grace Hopper', 'grace@example.org', null, 'supervisor', 'Navy', 'candidate', 'not-sent'],
      ],
    );
    assert.ok(refs.every((r) => String(r.position) === String(n.positionId) && !r.tokenHash));

    const mail = await t.smtp.waitFor((m) => m.to.includes(n.ownerEmail));
    assert.match(mail.subject, /Ada Lovelace nominated 2 references for Customer Service Representative/);
    assert.match(mail.text, /- Grace Hopper \(Supervisor, Navy\)/);
    assert.match(mail.text, /- Alan Turing \(Peer\)/);
    assert.ok(
      mail.text.includes(`http://localhost:3999/positions/${n.positionId}/candidates/${n.candidateId}`),
    );

    // The link has done its work: it thanks again and creates nothing more.
    const again = await supertest(t.app).get(n.url);
    assert.equal(again.status, 200);
    assert.match(again.text, /already been sent to the hiring team/);
    assert.doesNotMatch(again.text, /<form method="post"/);
    const repost = await postTokenForm(
      supertest(t.app),
      n.url,
      nominees([{ name: 'Eve', email: 'eve@example.org', relationship: 'peer' }]),
    );
    assert.equal(repost.status, 200);
    assert.equal(await countFor(n.candidateId), 2);
  });

  describe('refused input creates nothing and keeps the link usable', () => {
    const cases: [string, (own: string) => Record<string, string>, string, RegExp][] = [
      ['no reference at all', () => nominees([{}, {}, {}]), 'ref-0-name', /Name at least one reference/],
      [
        'an invalid email address',
        () => nominees([{ name: 'Grace', email: 'grace@', relationship: 'peer' }]),
        'ref-0-email',
        /Enter a valid email address/,
      ],
      [
        'a missing relationship',
        () => nominees([{ name: 'Grace', email: 'grace@example.org' }]),
        'ref-0-relationship',
        /Choose how this person knows you/,
      ],
      [
        'the candidate’s own email address',
        (own) => nominees([{}, { name: 'Me', email: own.toUpperCase(), relationship: 'peer' }]),
        'ref-1-email',
        /This is your own email address: a reference must be someone else/,
      ],
      [
        'the same email twice',
        () =>
          nominees([
            { name: 'Grace', email: 'same@example.org', relationship: 'peer' },
            { name: 'Grace again', email: 'SAME@example.org', relationship: 'client' },
          ]),
        'ref-1-email',
        /You entered this email address for reference 1 already/,
      ],
      [
        'a bad phone number',
        () => nominees([{ name: 'Grace', email: 'g@example.org', phone: 'call me', relationship: 'peer' }]),
        'ref-0-phone',
        /Enter a phone number/,
      ],
    ];
    for (const [what, body, field, message] of cases) {
      it(`when the form has ${what}, then it answers 422 next to the field, nothing is created and the link still works`, async () => {
        const n = await makeNomination();
        const sent = body(n.candidateEmail);
        const res = await postTokenForm(supertest(t.app), n.url, sent);
        assert.equal(res.status, 422);
        assert.match(res.text, message);
        assert.match(res.text, new RegExp(`<a href="#${field}">`));
        assert.match(res.text, new RegExp(`id="${field}-error"`));
        for (const v of Object.values(sent).filter((v) => v && !/^(peer|client)$/.test(v)))
          assert.ok(res.text.includes(v), `keeps ${v}`);
        assert.equal(await countFor(n.candidateId), 0);
        assert.equal((await Nomination.findById(n.id).lean())?.status, 'sent');
      });
    }

    it('when the form has rows beyond those asked for or unknown fields, then it answers 400', async () => {
      const n = await makeNomination({ wanted: 1 });
      const extra = await postTokenForm(
        supertest(t.app),
        n.url,
        nominees([
          { name: 'A', email: 'a@example.org', relationship: 'peer' },
          { name: 'B', email: 'b@example.org', relationship: 'peer' },
        ]),
      );
      assert.equal(extra.status, 400);
      const unknown = await postTokenForm(supertest(t.app), n.url, { 'ref-0-salary': '1' });
      assert.equal(unknown.status, 400);
      assert.equal(await countFor(n.candidateId), 0);
      assert.equal((await Nomination.findById(n.id).lean())?.status, 'sent');
    });
  });

  it('when two nominations race on one link, then only one set of references is created', async () => {
    const n = await makeNomination();
    const results = await Promise.all(
      ['a', 'b', 'c'].map((x) =>
        postTokenForm(
          supertest(t.app),
          n.url,
          nominees([{ name: `Ref ${x}`, email: uniqueEmail(x), relationship: 'peer' }]),
        ),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200, 200],
    );
    assert.equal(await countFor(n.candidateId), 1);
  });

  it('when the link is expired, cancelled, forged or malformed, then it gets the same page as any dead reference link', async () => {
    const expiredByDate = await makeNomination({ expiresAt: new Date(Date.now() - 1000) });
    const expired = await makeNomination({ status: 'expired' });
    const cancelled = await makeNomination({ status: 'cancelled' });
    const deadReference = await supertest(t.app).get(`/r/${'Z'.repeat(43)}`);
    assert.equal(deadReference.status, 404);
    for (const url of [expiredByDate.url, expired.url, cancelled.url, `/n/${'Q'.repeat(43)}`, '/n/short']) {
      const page = await supertest(t.app).get(url);
      assert.equal(page.status, 404, url);
      assert.equal(page.text, deadReference.text, url);
      const post = await postTokenForm(
        supertest(t.app),
        url,
        nominees([{ name: 'Grace', email: 'grace@example.org', relationship: 'peer' }]),
      );
      assert.equal(post.status, 404, url);
      assert.equal(post.text, deadReference.text, url);
    }
    for (const n of [expiredByDate, expired, cancelled]) assert.equal(await countFor(n.candidateId), 0);
  });

  it('when the nomination is posted from another site, then it is refused and nothing is created', async () => {
    const n = await makeNomination();
    const res = await postTokenForm(
      supertest(t.app),
      n.url,
      nominees([{ name: 'Grace', email: 'grace@example.org', relationship: 'peer' }]),
      { Origin: 'https://evil.example' },
    );
    assert.equal(res.status, 403);
    assert.equal(await countFor(n.candidateId), 0);
    assert.equal((await Nomination.findById(n.id).lean())?.status, 'sent');
  });
});
