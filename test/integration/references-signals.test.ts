import assert from 'node:assert/strict';
import { fraudSignals } from '../../src/features/references/fraud-signals.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { ensureSomeUser, uniqueEmail, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { addAndSend, addReference, referenceReady, referencesUrl } from '../helpers/reference-factories.js';
import { Types } from 'mongoose';

const MINUTE = 60_000;

/** Marks a reference submitted `minutes` after its request, from `ip` (what the public form records). */
async function submit(referenceId: string, ip: string, minutes = 60) {
  const ref = (await Reference.findById(referenceId).lean())!;
  const at = new Date(ref.sentAt!.getTime() + minutes * MINUTE);
  await Reference.updateOne(
    { _id: referenceId },
    { $set: { status: 'submitted', submittedAt: at, submission: { ip, userAgent: 'Test/1.0', at } } },
  );
}

const kinds = async (candidateId: string) => {
  const map = await fraudSignals(new Types.ObjectId(candidateId));
  return (id: string) => (map.get(id) ?? []).map((s) => s.kind);
};

describe('references: fraud signals, shown to the manager and never blocking', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a reference’s email is the candidate’s own, then it is flagged, and it can still be sent', async () => {
    const s = await referenceReady(t.app);
    const same = await addAndSend(s, { email: s.candidateEmail.toUpperCase(), relationship: 'peer' });
    const other = await addAndSend(s, { relationship: 'peer' });
    const of = await kinds(s.candidateId);
    assert.deepEqual(of(same.referenceId), ['candidate-email']);
    assert.deepEqual(of(other.referenceId), []);
    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(page.text.includes(html('The reference’s email address is the candidate’s own.')));
    assert.equal((await Reference.findById(same.referenceId).lean())!.status, 'sent');
  });

  it('when two references submit from one IP address, then both are flagged naming each other; a third from elsewhere and an unsubmitted one are not', async () => {
    const s = await referenceReady(t.app);
    const a = await addAndSend(s, { name: 'Ann Same', relationship: 'peer' });
    const b = await addAndSend(s, { name: 'Bob Same', relationship: 'client' });
    const c = await addAndSend(s, { name: 'Cid Else', relationship: 'peer' });
    const d = await addAndSend(s, { name: 'Dee Draft', relationship: 'peer' });
    await submit(a.referenceId, '203.0.113.7');
    await submit(b.referenceId, '203.0.113.7');
    await submit(c.referenceId, '198.51.100.2');
    // A draft's address is not a submission's (and is not recorded by the form anyway).
    await Reference.updateOne({ _id: d.referenceId }, { $set: { 'submission.ip': '203.0.113.7' } });
    // Another candidate's reference from the same address is no signal for this one.
    const other = await referenceReady(t.app, { agent: s.agent, user: s.user, candidate: 'Other Candidate' });
    const e = await addAndSend(other, { relationship: 'peer' });
    await submit(e.referenceId, '203.0.113.7');

    const map = await fraudSignals(new Types.ObjectId(s.candidateId));
    assert.deepEqual(
      map.get(a.referenceId)?.map((x) => x.message),
      ['Submitted from the same network address as Bob Same.'],
    );
    assert.deepEqual(
      map.get(b.referenceId)?.map((x) => x.kind),
      ['shared-ip'],
    );
    assert.equal(map.get(c.referenceId), undefined);
    assert.equal(map.get(d.referenceId), undefined);
    assert.equal((await fraudSignals(new Types.ObjectId(other.candidateId))).get(e.referenceId), undefined);
  });

  it('when a supervisor writes from a free-mail domain, then it is flagged; a peer on free mail, a supervisor on a company domain are not; a correction to supervisor counts', async () => {
    const s = await referenceReady(t.app);
    const add = (email: string, relationship: string) =>
      addReference(s.agent, s.positionId, s.candidateId, { email, relationship });
    const gmail = await add(`boss.${Date.now()}@gmail.com`, 'supervisor');
    const yahoo = await add(`boss.${Date.now()}@Yahoo.co.uk`, 'supervisor');
    const proton = await add(`boss.${Date.now()}@proton.me`, 'supervisor');
    const peer = await add(`peer.${Date.now()}@hotmail.com`, 'peer');
    const company = await add(uniqueEmail('boss'), 'supervisor');
    const lookalike = await add(`boss.${Date.now()}@gmail.company.org`, 'supervisor');
    const corrected = await add(`was.peer.${Date.now()}@outlook.com`, 'peer');
    await Reference.updateOne(
      { _id: corrected.referenceId },
      { $set: { identity: { relationship: 'supervisor', corrected: true, confirmedAt: new Date() } } },
    );
    const of = await kinds(s.candidateId);
    assert.deepEqual(of(gmail.referenceId), ['free-mail-supervisor']);
    assert.deepEqual(of(yahoo.referenceId), ['free-mail-supervisor']);
    assert.deepEqual(of(proton.referenceId), ['free-mail-supervisor']);
    assert.deepEqual(of(peer.referenceId), []);
    assert.deepEqual(of(company.referenceId), []);
    assert.deepEqual(of(lookalike.referenceId), []);
    assert.deepEqual(of(corrected.referenceId), ['free-mail-supervisor', 'identity-corrected']);
  });

  it('when a reference submits within ten minutes of the request, then it is flagged; after thirty minutes it is not', async () => {
    const s = await referenceReady(t.app);
    const quick = await addAndSend(s, { relationship: 'peer' });
    const slow = await addAndSend(s, { relationship: 'peer' });
    await submit(quick.referenceId, '192.0.2.1', 4);
    await submit(slow.referenceId, '192.0.2.2', 30);
    const map = await fraudSignals(new Types.ObjectId(s.candidateId));
    assert.deepEqual(
      map.get(quick.referenceId)?.map((x) => x.message),
      ['Submitted 4 minutes after the request was sent (under 10).'],
    );
    assert.equal(map.get(slow.referenceId), undefined);
    // The threshold is a parameter.
    const wider = await fraudSignals(new Types.ObjectId(s.candidateId), 45);
    assert.deepEqual(
      wider.get(slow.referenceId)?.map((x) => x.kind),
      ['quick-submission'],
    );
  });

  it('when a reference corrected their name, relationship or organization, then each correction is named; a confirmation without change is no signal', async () => {
    const s = await referenceReady(t.app);
    const changed = await addAndSend(s, { name: 'Jon Smith', relationship: 'peer', organization: 'Acme' });
    const same = await addAndSend(s, { name: 'Kim Lee', relationship: 'peer', organization: 'Acme' });
    await Reference.updateOne(
      { _id: changed.referenceId },
      {
        $set: {
          identity: {
            name: 'John Smith',
            relationship: 'direct-report',
            organization: 'Acme',
            corrected: true,
            confirmedAt: new Date(),
          },
        },
      },
    );
    await Reference.updateOne(
      { _id: same.referenceId },
      {
        $set: {
          identity: {
            name: 'Kim Lee',
            relationship: 'peer',
            organization: 'Acme',
            corrected: false,
            confirmedAt: new Date(),
          },
        },
      },
    );
    const map = await fraudSignals(new Types.ObjectId(s.candidateId));
    assert.deepEqual(
      map.get(changed.referenceId)?.map((x) => x.message),
      [
        'The reference corrected their name from “Jon Smith” to “John Smith”; their relationship from Peer to Direct report.',
      ],
    );
    assert.equal(map.get(same.referenceId), undefined);

    const json = await s.agent
      .get(`/api/candidates/${s.candidateId}/references`)
      .set('Accept', 'application/json');
    assert.equal(json.status, 200);
    const row = json.body.references.find((r: { id: string }) => r.id === changed.referenceId);
    assert.deepEqual(
      row.signals.map((x: { kind: string }) => x.kind),
      ['identity-corrected'],
    );
    assert.equal(row.identity.corrected, true);
  });
});
