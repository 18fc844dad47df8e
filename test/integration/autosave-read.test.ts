/**
 * The autosave's access read (issue 18): the interview is read once, by `_id`, with a projection
 * of the fields the seat and state checks and the rating write need, and every refusal of the full
 * panel context still happens with the same status and message, writing nothing.
 */
import assert from 'node:assert/strict';
import { BSON, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import mongoose, { Types } from 'mongoose';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { CANCELLED, COMPLETE, NOT_ON_PANEL, SUBMITTED } from '../../src/features/scoring/scoring.service.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  rateAndSubmit,
  saveRating,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
} from '../helpers/scoring-factories.js';

/** What the autosave's checks and its write read of an interview (and `_id`, sent by default). */
const SEAT_FIELDS = [
  '_id',
  'position',
  'candidate',
  'guide',
  'guideVersion',
  'status',
  'startedAt',
  'revealedAt',
  'panel',
];

interface InterviewRead {
  command: Record<string, unknown>;
  reply?: Record<string, unknown>;
}

/** Runs `work` and returns the `find interviews` commands sent meanwhile, with their replies. */
async function interviewReadsDuring(work: () => Promise<unknown>): Promise<InterviewRead[]> {
  const client = mongoose.connection.getClient();
  const reads = new Map<number, InterviewRead>();
  const started = (e: CommandStartedEvent) => {
    if (e.commandName === 'find' && e.command.find === 'interviews')
      reads.set(e.requestId, { command: e.command });
  };
  const succeeded = (e: CommandSucceededEvent) => {
    const read = reads.get(e.requestId);
    if (read) read.reply = e.reply as Record<string, unknown>;
  };
  client.on('commandStarted', started);
  client.on('commandSucceeded', succeeded);
  try {
    await work();
  } finally {
    client.off('commandStarted', started);
    client.off('commandSucceeded', succeeded);
  }
  return [...reads.values()];
}

const firstDoc = (reply: Record<string, unknown> | undefined) =>
  (reply?.cursor as { firstBatch: Record<string, unknown>[] } | undefined)?.firstBatch[0];

/** No rating of this interview by this user: the refusal wrote nothing. */
async function noRatingsBy(interviewId: string, userId: unknown, who: string) {
  const n = await Rating.countDocuments({
    interview: interviewId,
    panelist: new Types.ObjectId(String(userId)),
  });
  assert.equal(n, 0, `${who}: no rating written`);
}

describe('autosave: the interview read', () => {
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a panelist autosaves, then the interview is read once by _id with a projection of the seat fields, and its reply holds nothing else', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    const { agent } = s.panel[1];
    const save = (value: number) => saveRating(agent, s.interviewId, s.sections[0].id, { value });
    assert.equal((await save(2)).status, 200);

    let status = 0;
    const reads = await interviewReadsDuring(async () => (status = (await save(3)).status));
    assert.equal(status, 200);
    assert.equal(reads.length, 1, 'one read of the interview');
    const [{ command, reply }] = reads;
    assert.deepEqual(command.filter, { _id: new Types.ObjectId(s.interviewId) });
    const projection = command.projection as Record<string, unknown> | undefined;
    assert.ok(projection, 'the read has a projection');
    assert.deepEqual(Object.keys(projection).sort(), SEAT_FIELDS.filter((f) => f !== '_id').sort());
    assert.ok(
      Object.values(projection).every((v) => v === 1),
      'fields kept, none dropped',
    );

    const doc = firstDoc(reply);
    assert.ok(doc, 'the reply carries the interview');
    for (const key of Object.keys(doc)) assert.ok(SEAT_FIELDS.includes(key), `${key} is not read`);
    for (const key of ['panel', 'status', 'guide', 'guideVersion', 'position', 'candidate'])
      assert.ok(key in doc, `${key} is read`);

    // What the projection saves, per autosave: the stored document against the reply's.
    const full = await Interview.collection.findOne({ _id: new Types.ObjectId(s.interviewId) });
    const [fullBytes, readBytes] = [BSON.calculateObjectSize(full!), BSON.calculateObjectSize(doc)];
    console.log(`      interview read: ${readBytes} bytes of a ${fullBytes}-byte document`);
    assert.ok(readBytes < fullBytes);
  });

  it('when someone off the panel, a removed panelist, or a panelist of a cancelled, complete or submitted interview autosaves, then they get the same refusal as before and nothing is written', async function () {
    this.timeout(120_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 1 });
    const other = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 1 });
    const admin = await loginAs(t.app, ['admin']);
    const sec = s.sections[0].id;

    const refusals = [
      {
        who: 'a panelist of another interview',
        seat: other.panel[0],
        status: 403,
        message: /interviews you sit on/,
      },
      { who: 'the position’s manager', seat: s.manager, status: 403, message: NOT_ON_PANEL },
      { who: 'an admin', seat: admin, status: 403, message: NOT_ON_PANEL },
    ];
    for (const r of refusals) {
      const res = await saveRating(r.seat.agent, s.interviewId, sec, { value: 3, note: 'sneaky' });
      assert.equal(res.status, r.status, r.who);
      if (typeof r.message === 'string') assert.equal(res.body.error, r.message, r.who);
      else assert.match(res.body.error, r.message, r.who);
      await noRatingsBy(s.interviewId, r.seat.user._id, r.who);
    }
    const seated = s.panel[2];
    for (const id of [String(new Types.ObjectId()), 'not-an-id']) {
      const res = await saveRating(seated.agent, id, sec, { value: 3 });
      assert.equal(res.status, 404, id);
      assert.match(res.body.error, /no such interview/);
    }

    // A panelist taken off the panel is refused at their next save.
    await Interview.updateOne({ _id: s.interviewId }, { $pull: { panel: { user: seated.user._id } } });
    const removed = await saveRating(seated.agent, s.interviewId, sec, { value: 3 });
    assert.equal(removed.status, 403);
    assert.match(removed.body.error, /interviews you sit on/);
    await noRatingsBy(s.interviewId, seated.user._id, 'a removed panelist');
    assert.equal((await Interview.findById(s.interviewId, 'status').lean())!.status, 'scheduled');

    // The seated panelists, once their interview is cancelled or complete, and once they submitted.
    const [chair, member] = s.panel;
    await Interview.updateOne({ _id: s.interviewId }, { $set: { status: 'cancelled' } });
    const cancelled = await saveRating(chair.agent, s.interviewId, sec, { value: 3 });
    assert.equal(cancelled.status, 409);
    assert.equal(cancelled.body.error, CANCELLED);
    await noRatingsBy(s.interviewId, chair.user._id, 'a panelist of a cancelled interview');

    await Interview.updateOne({ _id: s.interviewId }, { $set: { status: 'complete' } });
    const complete = await saveRating(chair.agent, s.interviewId, sec, { value: 3 });
    assert.equal(complete.status, 409);
    assert.equal(complete.body.error, COMPLETE);
    await noRatingsBy(s.interviewId, chair.user._id, 'a panelist of a complete interview');

    await Interview.updateOne({ _id: s.interviewId }, { $set: { status: 'scheduled' } });
    await rateAndSubmit(s, [member], 4);
    const submitted = await saveRating(member.agent, s.interviewId, sec, {
      value: 1,
      note: 'changed my mind',
    });
    assert.equal(submitted.status, 409);
    assert.equal(submitted.body.error, SUBMITTED);
    const kept = (await Rating.findOne({ interview: s.interviewId, panelist: member.user._id }).lean())!;
    assert.equal(kept.value, 4, 'the submitted rating is unchanged');

    // The chair, still seated and not submitted, saves.
    const ok = await saveRating(chair.agent, s.interviewId, sec, { value: 2 });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.value, 2);
  });
});
