/**
 * The autosave writes its rating through the driver (rating-write.ts), not mongoose: the document it
 * creates and updates must be the one mongoose's findOneAndUpdate made from the same input, so
 * nothing that reads ratings (submit, results, calibration) can tell them apart.
 */
import assert from 'node:assert/strict';
import type { CommandStartedEvent } from 'mongodb';
import mongoose, { Types } from 'mongoose';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { upsertRating, type RatingFieldsSent } from '../../src/features/scoring/rating-write.js';
import { connectTestDatabase } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';

const origin = () => ({
  position: new Types.ObjectId(),
  candidate: new Types.ObjectId(),
  competency: new Types.ObjectId(),
});
const keyOf = (section: string) => ({
  interview: new Types.ObjectId(),
  panelist: new Types.ObjectId(),
  section,
});
type Key = ReturnType<typeof keyOf>;
type Origin = ReturnType<typeof origin>;

/** What the autosave did before rating-write.ts: mongoose's upsert with the schema's defaults. */
const mongooseUpsert = (key: Key, sent: RatingFieldsSent, from: Origin) =>
  Rating.findOneAndUpdate(
    { ...key, locked: { $ne: true } },
    { $set: { ...sent }, $inc: { rev: 1 }, $setOnInsert: from },
    { upsert: true, returnDocument: 'after' },
  ).lean();

/** A stored rating without what differs by nature between two documents (ids, times). */
async function stored(key: Key) {
  const doc = await Rating.collection.findOne(key);
  assert.ok(doc, 'the rating was stored');
  const { _id, createdAt, updatedAt, interview, panelist, position, candidate, competency, ...rest } = doc;
  for (const id of [_id, interview, panelist, position, candidate, competency])
    assert.ok(id instanceof Types.ObjectId, `${String(id)} is stored as an ObjectId`);
  assert.ok(createdAt instanceof Date && updatedAt instanceof Date, 'the timestamps are dates');
  return { rest, createdAt: createdAt as Date, updatedAt: updatedAt as Date };
}

describe('rating write: the autosave’s upsert through the driver', function () {
  before(connectTestDatabase);

  const sequences: [string, RatingFieldsSent[]][] = [
    ['a value only', [{ value: 3 }]],
    ['a note only', [{ note: 'Described the situation well.' }]],
    ['a value and a note', [{ value: 2, note: 'Some evidence.' }]],
    [
      'a value, then a note, then the value cleared',
      [{ value: 4 }, { note: 'Good example.' }, { value: null }],
    ],
  ];
  for (const [name, saves] of sequences)
    it(`when ${name} is saved, then the stored rating is the document mongoose made from the same saves`, async () => {
      const [ours, theirs] = [keyOf('s1'), keyOf('s1')];
      const from = origin();
      for (const sent of saves) {
        await upsertRating(ours, sent, from);
        await mongooseUpsert(theirs, sent, from);
      }
      const [a, b] = [await stored(ours), await stored(theirs)];
      assert.deepEqual(a.rest, b.rest);
      assert.ok(a.updatedAt >= a.createdAt);
      // The schema accepts the stored rating as it is.
      await Rating.hydrate(await Rating.collection.findOne(ours)).validate();
    });

  it('when a save sends one field, then the answer carries the other as stored, the new rev and the time written', async () => {
    const key = keyOf('s2');
    const from = origin();
    const first = await upsertRating(key, { value: 5, note: 'First note.' }, from);
    assert.deepEqual(
      { value: first.value, note: first.note, rev: first.rev },
      { value: 5, note: 'First note.', rev: 1 },
    );
    const now = new Date('2026-01-02T03:04:05.678Z');
    const second = await upsertRating(key, { note: 'Second note.' }, from, now);
    assert.deepEqual(second, { value: 5, note: 'Second note.', rev: 2, savedAt: now });
    const third = await upsertRating(key, { value: null }, from);
    assert.deepEqual(
      { value: third.value, note: third.note, rev: third.rev },
      { value: null, note: 'Second note.', rev: 3 },
    );
    const doc = await Rating.collection.findOne(key);
    assert.equal(doc?.rev, 3);
    assert.equal(doc?.createdAt.getTime(), first.savedAt.getTime(), 'createdAt is set once, on insert');
  });

  it('when a save sends the note, then the reply does not bring the note back (one small findAndModify)', async () => {
    const key = keyOf('s3');
    const from = origin();
    await upsertRating(key, { value: 1, note: 'x'.repeat(5000) }, from);
    const sent: CommandStartedEvent[] = [];
    const client = mongoose.connection.getClient();
    const listen = (e: CommandStartedEvent) => {
      if (e.commandName === 'findAndModify') sent.push(e);
    };
    client.on('commandStarted', listen);
    const trace = await commandsDuring(() => upsertRating(key, { note: 'y'.repeat(5000) }, from)).finally(
      () => client.off('commandStarted', listen),
    );
    assert.deepEqual(trace.commands, ['findAndModify ratings']);
    assert.deepEqual(sent[0].command.fields, { _id: 0, rev: 1, value: 1 });
  });

  it('when the rating is locked, then the upsert is refused by the unique index (E11000) and the rating is unchanged', async () => {
    const key = keyOf('s4');
    const from = origin();
    await upsertRating(key, { value: 2, note: 'Submitted.' }, from);
    await Rating.updateOne(key, { $set: { locked: true } });
    await assert.rejects(upsertRating(key, { value: 4 }, from), (e: { code?: number }) => e.code === 11000);
    const doc = await Rating.collection.findOne(key);
    assert.deepEqual({ value: doc?.value, rev: doc?.rev }, { value: 2, rev: 1 });
  });
});
