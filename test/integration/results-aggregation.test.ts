/**
 * The results pipelines against figures computed by hand. The fixture (results-factories.ts):
 * competencies A (weight 2), B (weight 1), C (weight 3), scale 1-5; submitted ratings [A, B, C]:
 *
 *   I1 Ada, complete, consensus [4, 3, 3]:  Pat [4,3,3]  Lee [3,2,3]  Sam [5,4,3]
 *   I2 Ben, complete, consensus [3, 4, 3]:  Pat [3,4,3]  Lee [2,4,2]  Sam [4,5,3]
 *   I3 Cy,  complete, consensus [3, 5, 3]:  Pat [3,5,3]  Lee [3,4,2]  Sam [3,5,4]  Kim [3,4,3]
 *   I4 Ben, revealed, in progress, consensus so far A = 1 (must not count):
 *                                           Pat [1,4,3]  Lee [1,3,3]  Sam [1,5,3]
 *   I5 Ada, not revealed (Sam has not submitted): all 1s   I6 Dee, not revealed: all 1s
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Position } from '../../src/features/positions/position.model.js';
import { competencyStatistics } from '../../src/features/results/aggregation.js';
import { ranking } from '../../src/features/results/ranking.js';
import { agreement, calibration } from '../../src/features/results/calibration.js';
import { competencyColumns, scaleMaxOf } from '../../src/features/results/results.service.js';
import { connectTestDatabase, makeUser } from '../helpers/app.js';
import {
  makeCandidate,
  makeCompetency,
  makeInterview,
  makePosition,
  makeResultsFixture,
  type ResultsFixture,
} from '../helpers/results-factories.js';

const weightsOf = async (positionId: Types.ObjectId) => {
  const position = (await Position.findById(positionId))!;
  return (await competencyColumns(position)).map((c) => ({ competency: c.competency, weight: c.weight }));
};

describe('results pipelines', () => {
  let f: ResultsFixture;
  let name: (id: unknown) => string;

  before(async function () {
    this.timeout(30_000);
    await connectTestDatabase();
    f = await makeResultsFixture(await makeUser({ roles: ['manager'] }));
    const names = new Map<string, string>([
      ...Object.entries(f.candidates).map(([k, v]) => [String(v._id), k] as [string, string]),
      ...Object.entries(f.competencies).map(([k, v]) => [String(v._id), k.toUpperCase()] as [string, string]),
      ...Object.entries(f.panelists).map(([k, v]) => [String(v._id), k] as [string, string]),
    ]);
    name = (id) => names.get(String(id)) ?? `?${String(id)}`;
  });

  it('when ratings are revealed, then each candidate × competency has n, mean, textbook median, min, max, spread, disagreement and consensus', async () => {
    const rows = await competencyStatistics(
      f.position._id,
      Object.values(f.competencies).map((c) => c._id),
    );
    const table = Object.fromEntries(
      rows.map((r) => [
        `${name(r.candidate)} ${name(r.competency)}`,
        [r.n, r.mean, r.median, r.min, r.max, r.spread, r.disagreement, r.consensus],
      ]),
    );
    assert.deepEqual(table, {
      // Ada: I1 only (I5 is not revealed). A [4,3,5]: mean 12/3 = 4, median 4, 5-3 = 2 → disagreement.
      'ada A': [3, 4, 4, 3, 5, 2, true, 4],
      // B [3,2,4]: mean 9/3 = 3, median 3, spread 2 → disagreement.
      'ada B': [3, 3, 3, 2, 4, 2, true, 3],
      'ada C': [3, 3, 3, 3, 3, 0, false, 3],
      // Ben: I2 + I4 (revealed, not complete). A [3,2,4,1,1,1]: mean 12/6 = 2; sorted 1,1,1,2,3,4 →
      // median (1+2)/2 = 1.5; spread 4-1 = 3. Consensus: I2's 3 only (I4's 1 is not complete).
      'ben A': [6, 2, 1.5, 1, 4, 3, true, 3],
      // B [4,4,5,4,3,5]: 25/6 = 4.1666… → 4.17; sorted 3,4,4,4,5,5 → (4+4)/2 = 4.
      'ben B': [6, 4.17, 4, 3, 5, 2, true, 4],
      // C [3,2,3,3,3,3]: 17/6 = 2.8333… → 2.83; median (3+3)/2 = 3; spread 1.
      'ben C': [6, 2.83, 3, 2, 3, 1, false, 3],
      // Cy: I3, four panelists. A all 3s.
      'cy A': [4, 3, 3, 3, 3, 0, false, 3],
      // B [5,4,5,4]: mean 18/4 = 4.5; sorted 4,4,5,5 → (4+5)/2 = 4.5; spread 1.
      'cy B': [4, 4.5, 4.5, 4, 5, 1, false, 5],
      // C [3,2,4,3]: mean 12/4 = 3; sorted 2,3,3,4 → 3; spread 2 → disagreement.
      'cy C': [4, 3, 3, 2, 4, 2, true, 3],
    });
  });

  it('when totals tie, then the tied candidates share a rank, the next rank is skipped, and candidates without a complete interview come last unranked', async () => {
    const rows = await ranking(f.position._id, await weightsOf(f.position._id), 5);
    assert.deepEqual(
      rows.map((r) => [name(r.candidate), r.rank, r.weightedTotal, r.percent]),
      [
        // Ada: (2×4 + 1×3 + 3×3) / (2+1+3) = 20/6 = 3.33; 3.333…/5 = 66.7 %.
        ['ada', 1, 3.33, 66.7],
        // Cy:  (2×3 + 1×5 + 3×3) / 6 = 20/6 = 3.33 (tie with Ada).
        ['cy', 1, 3.33, 66.7],
        // Ben: (2×3 + 1×4 + 3×3) / 6 = 19/6 = 3.17; 3.1666…/5 = 63.3 %. I4's consensus A = 1 does not count.
        ['ben', 3, 3.17, 63.3],
        // Dee: only an unrevealed interview → no total.
        ['dee', null, null, null],
      ],
    );
    const ben = rows.find((r) => name(r.candidate) === 'ben')!;
    assert.deepEqual(
      ben.competencies.map((c) => [name(c.competency), c.weight, c.consensus]),
      [
        ['A', 2, 3],
        ['B', 1, 4],
        ['C', 3, 3],
      ],
    );
    // Recommendations only from complete interviews (I4's "highly recommended" is not).
    assert.deepEqual(
      ben.interviews.map((i) => [i.status, i.recommendation]),
      [
        ['complete', 'not-recommended'],
        ['in-progress', null],
      ],
    );
    assert.equal(await scaleMaxOf(f.position._id), 5);
  });

  it('when a weight changes, then the ranking uses the current weights at once', async () => {
    const weights = (await weightsOf(f.position._id)).map((w, i) => (i === 2 ? { ...w, weight: 1 } : w));
    const rows = await ranking(f.position._id, weights, 5);
    assert.deepEqual(
      rows.map((r) => [name(r.candidate), r.rank, r.weightedTotal]),
      [
        // C weight 1: Ada (8+3+3)/4 = 3.5, Cy (6+5+3)/4 = 3.5, Ben (6+4+3)/4 = 3.25.
        ['ada', 1, 3.5],
        ['cy', 1, 3.5],
        ['ben', 3, 3.25],
        ['dee', null, null],
      ],
    );
  });

  it('when a candidate has two complete interviews, then the consensus is their mean and the percent follows the scale top', async () => {
    const owner = await makeUser({ roles: ['manager'] });
    const [x, y] = await Promise.all([makeCompetency('Planning'), makeCompetency('Judgement')]);
    const { position, guide } = await makePosition(
      owner,
      [
        { id: x._id, weight: 1 },
        { id: y._id, weight: 1 },
      ],
      { scale: [1, 2, 3, 4] },
    );
    const eve = await makeCandidate(position._id, 'Eve', owner);
    const panel = await Promise.all([makeUser({ name: 'P1' }), makeUser({ name: 'P2' })]);
    const base = { position: position._id, guide, competencies: [x._id, y._id], candidate: eve._id, panel };
    const complete = 'complete' as const;
    await makeInterview({
      ...base,
      ratings: [
        [3, 2],
        [3, 2],
      ],
      status: complete,
      consensus: [3, 2],
      scheduledAt: new Date('2026-03-01T10:00:00Z'),
    });
    await makeInterview({
      ...base,
      ratings: [
        [4, 2],
        [4, 2],
      ],
      status: complete,
      consensus: [4, 2],
      scheduledAt: new Date('2026-03-08T10:00:00Z'),
    });
    const scaleMax = await scaleMaxOf(position._id);
    const [row] = await ranking(position._id, await weightsOf(position._id), scaleMax);
    // X: (3+4)/2 = 3.5, Y: 2; total (3.5 + 2)/2 = 2.75; scale top 4 → 2.75/4 = 68.75 % → 68.8.
    assert.equal(scaleMax, 4);
    assert.deepEqual([row.rank, row.weightedTotal, row.percent], [1, 2.75, 68.8]);
    assert.deepEqual(
      row.competencies.map((c) => c.consensus),
      [3.5, 2],
    );
  });

  it('when panels complete, then each panelist’s mean absolute deviation from consensus is per interview', async () => {
    const rows = await agreement([f.position._id]);
    const table = rows.map((r) => [
      name(r.candidate),
      Object.fromEntries(r.panelists.map((p) => [name(p.panelist), p.meanAbsDeviation])),
    ]);
    assert.deepEqual(table, [
      // Newest first. I3 consensus [3,5,3]: Pat [3,5,3] → 0; Lee [3,4,2] → (0+1+1)/3 = 0.67;
      // Sam [3,5,4] → 1/3 = 0.33; Kim [3,4,3] → 1/3 = 0.33.
      ['cy', { kim: 0.33, lee: 0.67, pat: 0, sam: 0.33 }],
      // I2 consensus [3,4,3]: Lee [2,4,2] → 2/3; Sam [4,5,3] → 2/3.
      ['ben', { lee: 0.67, pat: 0, sam: 0.67 }],
      // I1 consensus [4,3,3]: Lee [3,2,3] → 2/3; Sam [5,4,3] → 2/3. (I4 is not complete: absent.)
      ['ada', { lee: 0.67, pat: 0, sam: 0.67 }],
    ]);
  });

  it('when panelists rate above or below their panels, then calibration labels them lenient, severe, in line or too few', async () => {
    const rows = await calibration([f.position._id]);
    assert.deepEqual(
      rows.map((r) => [
        name(r.panelist),
        r.ratings,
        r.interviews,
        r.meanDeviation,
        r.meanAbsDeviation,
        r.label,
      ]),
      [
        // Kim: I3 only; B 4 - 4.5 = -0.5, A and C 0 → mean -0.5/3 = -0.17, |…| 0.17; 3 ratings < 6.
        ['kim', 3, 1, -0.17, 0.17, 'too-few'],
        // Lee, against the panel means of I1-I4 (I5 unrevealed): I1 -1,-1,0; I2 -1,-1/3,-2/3;
        // I3 0,-0.5,-1; I4 0,-1,0 → sum -6.5 over 12 = -0.5417 → -0.54 (≤ -0.5: severe).
        ['lee', 12, 4, -0.54, 0.54, 'severe'],
        // Pat: I2 B 4-13/3 = -1/3, C 3-8/3 = +1/3; I3 B 5-4.5 = +0.5; the rest 0 → 0.5/12 = 0.04;
        // |…| (1/3+1/3+0.5)/12 = 0.0972 → 0.1.
        ['pat', 12, 4, 0.04, 0.1, 'in-line'],
        // Sam: I1 +1,+1,0; I2 +1,+2/3,+1/3; I3 0,+0.5,+1; I4 0,+1,0 → 6.5/12 = 0.54 (≥ 0.5: lenient).
        ['sam', 12, 4, 0.54, 0.54, 'lenient'],
      ],
    );
  });

  it('when the scope is every position, then the same panelists appear with the same figures', async () => {
    const all = await calibration('all');
    const mine = all.filter((r) =>
      Object.values(f.panelists).some((p) => String(p._id) === String(r.panelist)),
    );
    assert.deepEqual(
      mine.map((r) => [name(r.panelist), r.ratings, r.label]),
      [
        ['kim', 3, 'too-few'],
        ['lee', 12, 'severe'],
        ['pat', 12, 'in-line'],
        ['sam', 12, 'lenient'],
      ],
    );
    assert.deepEqual(await calibration([new Types.ObjectId()]), []);
  });
});
