/**
 * Test data for the results pages: interviews and ratings inserted directly (no scoring flow), so
 * every figure the pipelines produce can be computed by hand in the test.
 */
import { Types } from 'mongoose';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import {
  Interview,
  type InterviewStatus,
  type Recommendation,
} from '../../src/features/interviews/interview.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import type { UserDoc } from '../../src/features/users/user.model.js';
import { makeUser, uniqueEmail } from './app.js';

export const FIVE_POINTS = [1, 2, 3, 4, 5];

export async function makeCompetency(name: string) {
  return Competency.create({
    framework: new Types.ObjectId(),
    key: `results-${new Types.ObjectId().toHexString()}`,
    name,
    kind: 'behavioral',
  });
}

/** A position with the given competencies and weights, owned by `owner`, and a published guide version. */
export async function makePosition(
  owner: UserDoc,
  competencies: { id: Types.ObjectId; weight: number }[],
  options: { title?: string; sharedWith?: UserDoc[]; scale?: number[] } = {},
) {
  const position = await Position.create({
    title: options.title ?? 'Permit Technician',
    owner: owner._id,
    sharedWith: (options.sharedWith ?? []).map((u) => u._id),
    competencies: competencies.map((c, order) => ({
      competency: c.id,
      requiredLevel: 3,
      weight: c.weight,
      ...(c.weight !== 1 ? { weightReason: 'Central to the job.' } : {}),
      order,
    })),
  });
  const guide = new Types.ObjectId();
  await GuideVersion.create({
    guide,
    position: position._id,
    version: 1,
    publishedAt: new Date('2026-01-05T09:00:00Z'),
    snapshot: {
      ratingScale: {
        name: 'Scale',
        points: (options.scale ?? FIVE_POINTS).map((value) => ({ value, label: `Level ${value}` })),
      },
      sections: [],
    },
  });
  return { position, guide };
}

export async function makeCandidate(positionId: Types.ObjectId, name: string, createdBy: UserDoc) {
  return Candidate.create({
    position: positionId,
    name,
    email: uniqueEmail('candidate'),
    stage: 'interview',
    createdBy: createdBy._id,
  });
}

export interface InterviewSpec {
  position: Types.ObjectId;
  guide: Types.ObjectId;
  candidate: Types.ObjectId;
  competencies: Types.ObjectId[];
  /** Panelists in order; the first chairs. */
  panel: UserDoc[];
  /** Submitted ratings per panelist, one per competency (same order as `competencies`). */
  ratings: number[][];
  /** Panelists (indexes) who have submitted; default all. The others' ratings are drafts. */
  submitted?: number[];
  status: InterviewStatus;
  /** Consensus per competency (same order); undefined entries are not recorded. */
  consensus?: (number | undefined)[];
  recommendation?: Recommendation;
  scheduledAt: Date;
  /** Notes per panelist and competency; default "Note by <name> on <competency #>". */
  note?: (panelist: number, competency: number) => string;
  /** Final (current) values differing from the submitted ones: [panelist, competency, value]. */
  changed?: [number, number, number][];
  consensusRationale?: string;
}

export const sectionId = (competency: Types.ObjectId) => `section-${competency.toHexString()}`;

/** An interview with its ratings; revealed when every panelist has submitted. */
export async function makeInterview(spec: InterviewSpec) {
  const submitted = new Set(spec.submitted ?? spec.panel.map((_, i) => i));
  const revealed = submitted.size === spec.panel.length;
  const at = new Date(spec.scheduledAt.getTime() + 3_600_000);
  const chair = spec.panel[0];
  const interview = await Interview.create({
    position: spec.position,
    candidate: spec.candidate,
    guide: spec.guide,
    guideVersion: 1,
    panel: spec.panel.map((u, i) => ({
      user: u._id,
      role: i === 0 ? 'chair' : 'member',
      ...(submitted.has(i) ? { submittedAt: at } : {}),
      ...(spec.status === 'complete' ? { signedOffAt: at } : {}),
    })),
    scheduledAt: spec.scheduledAt,
    location: 'Room 1',
    status: spec.status,
    createdBy: chair._id,
    startedAt: spec.scheduledAt,
    ...(revealed ? { revealedAt: at } : {}),
    consensus: (spec.consensus ?? []).flatMap((value, i) =>
      value === undefined
        ? []
        : [
            {
              section: sectionId(spec.competencies[i]),
              competency: spec.competencies[i],
              value,
              rationale: spec.consensusRationale ?? `Agreed on ${value} after discussion.`,
              by: chair._id,
              at,
            },
          ],
    ),
    ...(spec.recommendation
      ? { recommendation: { value: spec.recommendation, rationale: 'Panel view.', by: chair._id, at } }
      : {}),
    ...(spec.status === 'complete' ? { completedAt: at } : {}),
  });
  const changed = new Map((spec.changed ?? []).map(([p, c, v]) => [`${p}:${c}`, v]));
  await Rating.insertMany(
    spec.panel.flatMap((u, p) =>
      spec.competencies.map((competency, c) => {
        const value = spec.ratings[p][c];
        const isSubmitted = submitted.has(p);
        return {
          interview: interview._id,
          position: spec.position,
          candidate: spec.candidate,
          panelist: u._id,
          section: sectionId(competency),
          competency,
          value: changed.get(`${p}:${c}`) ?? value,
          note: spec.note ? spec.note(p, c) : `Note by ${u.name} on competency ${c + 1}`,
          locked: isSubmitted,
          submittedValue: isSubmitted ? value : null,
          submittedAt: isSubmitted ? at : null,
        };
      }),
    ),
  );
  return interview;
}

/** Where the unrevealed interviews' values hide: none of these may appear on any page or export. */
export const SECRET_NOTE = 'UNREVEALED-NOTE-xyzzy';

/**
 * The hand-computed fixture (see results-aggregation.test.ts for the arithmetic): competencies
 * A (weight 2), B (weight 1), C (weight 3) on a 1-5 scale; panelists Pat (chair), Lee, Sam, and Kim
 * on one panel; candidates Ada, Ben and Cy with complete interviews, Ben with a second interview that
 * is revealed but not complete, Ada and Dee with interviews nobody may see yet.
 */
export async function makeResultsFixture(owner: UserDoc, options: { sharedWith?: UserDoc[] } = {}) {
  const tag = new Types.ObjectId().toHexString().slice(-6);
  const [a, b, c] = await Promise.all(
    ['Adaptability', 'Building trust', 'Communication'].map((n) => makeCompetency(`${n} ${tag}`)),
  );
  const comps = [a._id, b._id, c._id];
  const { position, guide } = await makePosition(
    owner,
    [
      { id: a._id, weight: 2 },
      { id: b._id, weight: 1 },
      { id: c._id, weight: 3 },
    ],
    { sharedWith: options.sharedWith },
  );
  const [pat, lee, sam, kim] = await Promise.all(
    ['Pat', 'Lee', 'Sam', 'Kim'].map((n) => makeUser({ roles: ['panelist'], name: `${n} ${tag}` })),
  );
  const cand = {
    ada: await makeCandidate(position._id, 'Ada Byron', owner),
    ben: await makeCandidate(position._id, 'Ben Franklin', owner),
    cy: await makeCandidate(position._id, 'Cy Young', owner),
    dee: await makeCandidate(position._id, 'Dee Dee', owner),
  };
  const base = { position: position._id, guide, competencies: comps };
  const day = (d: number) => new Date(Date.UTC(2026, 1, d, 9, 0));
  const i1 = await makeInterview({
    ...base,
    candidate: cand.ada._id,
    panel: [pat, lee, sam],
    ratings: [
      [4, 3, 3],
      [3, 2, 3],
      [5, 4, 3],
    ],
    status: 'complete',
    consensus: [4, 3, 3],
    recommendation: 'recommended',
    scheduledAt: day(2),
    changed: [[1, 0, 4]],
  });
  const i2 = await makeInterview({
    ...base,
    candidate: cand.ben._id,
    panel: [pat, lee, sam],
    ratings: [
      [3, 4, 3],
      [2, 4, 2],
      [4, 5, 3],
    ],
    status: 'complete',
    consensus: [3, 4, 3],
    recommendation: 'not-recommended',
    scheduledAt: day(3),
  });
  const i3 = await makeInterview({
    ...base,
    candidate: cand.cy._id,
    panel: [pat, lee, sam, kim],
    ratings: [
      [3, 5, 3],
      [3, 4, 2],
      [3, 5, 4],
      [3, 4, 3],
    ],
    status: 'complete',
    consensus: [3, 5, 3],
    recommendation: 'highly-recommended',
    scheduledAt: day(4),
  });
  // Revealed, consensus under way: ratings count, its consensus (A = 1) and recommendation do not.
  const i4 = await makeInterview({
    ...base,
    candidate: cand.ben._id,
    panel: [pat, lee, sam],
    ratings: [
      [1, 4, 3],
      [1, 3, 3],
      [1, 5, 3],
    ],
    status: 'in-progress',
    consensus: [1],
    recommendation: 'highly-recommended',
    scheduledAt: day(5),
  });
  // Not revealed (Sam has not submitted): nothing of it may count or show.
  const secret = (p: number, k: number) => `${SECRET_NOTE} ${p}.${k}`;
  const i5 = await makeInterview({
    ...base,
    candidate: cand.ada._id,
    panel: [pat, lee, sam],
    ratings: [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ],
    submitted: [0, 1],
    status: 'in-progress',
    scheduledAt: day(6),
    note: secret,
  });
  const i6 = await makeInterview({
    ...base,
    candidate: cand.dee._id,
    panel: [pat, lee],
    ratings: [
      [1, 1, 1],
      [1, 1, 1],
    ],
    submitted: [0],
    status: 'in-progress',
    scheduledAt: day(7),
    note: secret,
  });
  return {
    position,
    guide,
    competencies: { a, b, c },
    panelists: { pat, lee, sam, kim },
    candidates: cand,
    interviews: { i1, i2, i3, i4, i5, i6 },
  };
}
export type ResultsFixture = Awaited<ReturnType<typeof makeResultsFixture>>;
