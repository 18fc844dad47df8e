/**
 * One position with `candidates` candidates, one complete interview each by a panel of 4 rating 6
 * weighted competencies (24 ratings per candidate): the data of bench:blocking (the same shape as
 * bench:aggregate's, so their figures compare).
 */
import mongoose, { Types } from 'mongoose';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { prng } from './data.js';

export const PANEL = 4;
export const WEIGHTS = [2, 1, 1, 1.5, 1, 3];
const BATCH = 2000;

async function insertInBatches(model: mongoose.Model<any>, docs: Record<string, unknown>[]) {
  for (let i = 0; i < docs.length; i += BATCH) await model.collection.insertMany(docs.slice(i, i + BATCH));
}

export const resultModels = [Position, Candidate, Interview, Rating, GuideVersion];

export async function seedResults(CANDIDATES: number) {
  const rand = prng(7);
  const score = () => 1 + Math.floor(rand() * 5);
  const owner = new Types.ObjectId();
  const competencies = WEIGHTS.map(() => new Types.ObjectId());
  const panelists = Array.from({ length: PANEL }, () => new Types.ObjectId());
  const guide = new Types.ObjectId();
  const position = await Position.create({
    title: 'Benchmark position',
    owner,
    competencies: competencies.map((competency, order) => ({
      competency,
      requiredLevel: 3,
      weight: WEIGHTS[order],
      order,
    })),
  });
  await GuideVersion.create({
    guide,
    position: position._id,
    version: 1,
    publishedAt: new Date(),
    snapshot: {
      ratingScale: { name: 'OPM', points: [1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) })) },
    },
  });
  const candidates = Array.from({ length: CANDIDATES }, (_, i) => ({
    _id: new Types.ObjectId(),
    position: position._id,
    name: `Candidate ${String(i).padStart(4, '0')}`,
    email: `candidate${i}@example.org`,
    stage: 'interview',
    stageHistory: [],
    createdBy: owner,
  }));
  const interviews: Record<string, unknown>[] = [];
  const ratings: Record<string, unknown>[] = [];
  const start = Date.UTC(2026, 0, 5, 9);
  candidates.forEach((c, i) => {
    const _id = new Types.ObjectId();
    const at = new Date(start + i * 3_600_000);
    const values = panelists.map(() => competencies.map(score));
    interviews.push({
      _id,
      position: position._id,
      candidate: c._id,
      guide,
      guideVersion: 1,
      panel: panelists.map((user, p) => ({
        user,
        role: p ? 'member' : 'chair',
        submittedAt: at,
        signedOffAt: at,
      })),
      scheduledAt: at,
      location: 'Room 1',
      status: 'complete',
      createdBy: owner,
      startedAt: at,
      revealedAt: at,
      completedAt: at,
      consensus: competencies.map((competency, k) => ({
        section: `s${k}`,
        competency,
        value: Math.round(values.reduce((s, v) => s + v[k], 0) / PANEL),
        rationale: 'Agreed.',
        by: panelists[0],
        at,
      })),
      recommendation: { value: 'recommended', rationale: 'Agreed.', by: panelists[0], at },
    });
    panelists.forEach((panelist, p) =>
      competencies.forEach((competency, k) =>
        ratings.push({
          interview: _id,
          position: position._id,
          candidate: c._id,
          panelist,
          section: `s${k}`,
          competency,
          value: values[p][k],
          note: 'Benchmark note.',
          rev: 1,
          locked: true,
          submittedValue: values[p][k],
          submittedAt: at,
        }),
      ),
    );
  });
  await insertInBatches(Candidate, candidates);
  await insertInBatches(Interview, interviews);
  await insertInBatches(Rating, ratings);
  return { position, weights: competencies.map((competency, k) => ({ competency, weight: WEIGHTS[k] })) };
}
