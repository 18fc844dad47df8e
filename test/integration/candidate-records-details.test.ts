import assert from 'node:assert/strict';
import { Reference } from '../../src/features/references/reference.model.js';
import { candidateRecords } from '../../src/features/references/candidate-records.js';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { addAndSend, referenceReady, type ReferenceSetup } from '../helpers/reference-factories.js';

/**
 * The references page reads the answers and questionnaires of submitted references only; the
 * candidate's page reads the candidate's records without the references' answers,
 * questionnaires and fraud signals (issue 18: mongoose and the driver decode what a page reads;
 * a questionnaire is most of a reference document); the references page reads them all.
 */
describe('candidate records: answers only of submitted references; the candidate page reads no answers, questionnaires or signals', function () {
  this.timeout(120_000);
  const t = useTestApp();
  let s: ReferenceSetup;
  let submittedId: string;

  before(async () => {
    await ensureSomeUser();
    await csrTemplate();
    s = await referenceReady(t.app, { candidate: 'Records Candidate' });
    // The candidate's own address: a fraud signal the references page shows.
    submittedId = (await addAndSend(s, { name: 'Rae Rater', email: s.candidateEmail })).referenceId;
    await addAndSend(s, { name: 'Sam Waiting' });
    const questions = (await Reference.findById(submittedId).lean())!.questionnaire!.questions;
    const rated = (questions ?? []).find((q) => q.rated)!;
    await Reference.updateOne(
      { _id: submittedId },
      {
        $set: {
          status: 'submitted',
          submittedAt: new Date(),
          answers: [{ question: rated.id, rating: 'Above', comment: 'A private comment.' }],
          submission: { ip: '192.0.2.7', userAgent: 'Test', at: new Date() },
        },
      },
    );
  });

  it('when the candidate page reads the records, then the references carry statuses but no answers, questionnaire or submission, there are no signals, and the comparison is the full read’s', async () => {
    const full = await candidateRecords(s.positionId, s.candidateId, s.user);
    const light = await candidateRecords(s.positionId, s.candidateId, s.user, { details: false });

    const fullSubmitted = full.records.references.find((r) => String(r._id) === submittedId)!;
    assert.equal(fullSubmitted.answers?.length, 1, 'the full read has the answers');
    assert.ok(fullSubmitted.questionnaire?.questions?.length, 'the full read has the questionnaire');
    assert.ok(full.records.signals.get(submittedId)?.some((x) => x.kind === 'candidate-email'));
    // A reference that has not answered shows no answers: its frozen questionnaire stays behind.
    const waiting = full.records.references.find((r) => String(r._id) !== submittedId)!;
    assert.equal(waiting.status, 'sent');
    assert.equal(waiting.questionnaire, undefined);

    assert.deepEqual(
      light.records.references.map((r) => [String(r._id), r.name, r.status]),
      full.records.references.map((r) => [String(r._id), r.name, r.status]),
    );
    for (const r of light.records.references) {
      assert.equal(r.answers, undefined);
      assert.equal(r.questionnaire, undefined);
      assert.equal(r.submission, undefined);
    }
    assert.equal(light.records.signals.size, 0);
    assert.ok(full.records.comparison.some((c) => c.ratings === 1));
    assert.deepEqual(light.records.comparison, full.records.comparison);
  });

  it('when the candidate page opens, then it shows the reference statuses and one database command reads the records', async () => {
    let res: Awaited<ReturnType<typeof s.agent.get>> | undefined;
    const trace = await commandsDuring(async () => {
      res = await s.agent.get(`/positions/${s.positionId}/candidates/${s.candidateId}`);
    });
    assert.equal(res!.status, 200);
    assert.match(res!.text, /Records Candidate/);
    assert.match(res!.text, /2 references: 1 submitted, 1 sent/);
    assert.ok(!res!.text.includes('A private comment.'));
    assert.equal(trace.commands.filter((c) => c === 'aggregate positions').length, 1);
  });

  it('when another manager asks for the records, then it is refused as the full read is', async () => {
    const other = await referenceReady(t.app, { candidate: 'Someone Else' });
    await assert.rejects(
      candidateRecords(s.positionId, s.candidateId, other.user, { details: false }),
      (e: Error & { status?: number }) => e.status === 403,
    );
  });
});
