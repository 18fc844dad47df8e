/**
 * The ratings export (CSV) and the independence rule across every results route: an interview's
 * ratings count and show only once every panelist has submitted; consensus figures only once it is
 * complete.
 */
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/features/candidates/csv.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { loginAs, useTestApp } from '../helpers/app.js';
import {
  makeCandidate,
  makeCompetency,
  makeInterview,
  makePosition,
  makeResultsFixture,
  SECRET_NOTE,
  type ResultsFixture,
} from '../helpers/results-factories.js';

const today = () => new Date().toISOString().slice(0, 10);
const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);

describe('results: ratings export and independence', () => {
  const t = useTestApp();
  let owner: Awaited<ReturnType<typeof loginAs>>;
  let f: ResultsFixture;

  before(async function () {
    this.timeout(30_000);
    owner = await loginAs(t.app, ['manager']);
    f = await makeResultsFixture(owner.user);
  });

  it('when the owner downloads the ratings, then one row per submitted rating of revealed interviews, then consensus and recommendation rows of complete ones', async () => {
    const res = await owner.agent.get(`/positions/${f.position._id}/ratings.csv`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="ratings-permit-technician-${today()}.csv"`,
    );
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(res.text.startsWith('\uFEFFRecord,Candidate,'));
    assert.ok(res.text.endsWith('\r\n'));
    const [header, ...rows] = fieldsOf(res.text);
    assert.deepEqual(header, [
      'Record',
      'Candidate',
      'Interview date (UTC)',
      'Panelist',
      'Competency',
      'Submitted rating',
      'Final rating',
      'Note',
      'Consensus rating',
      'Rationale',
      'Recommendation',
    ]);
    const count = (kind: string) => rows.filter((r) => r[0] === kind).length;
    // Ratings: I1 3×3 + I2 3×3 + I3 4×3 + I4 3×3 = 39; consensus: 3 complete × 3 = 9; recommendations: 3.
    assert.deepEqual(
      [count('rating'), count('consensus'), count('recommendation'), rows.length],
      [39, 9, 3, 51],
    );
    const { a } = f.competencies;
    const { lee } = f.panelists;
    // Lee's rating of Ada on A: submitted 3, changed to 4 in the consensus step.
    assert.deepEqual(rows[0], [
      'rating',
      'Ada Byron',
      '2026-02-02 09:00',
      lee.name,
      a.name,
      '3',
      '4',
      `Note by ${lee.name} on competency 1`,
      '',
      '',
      '',
    ]);
    assert.deepEqual(
      rows.find((r) => r[0] === 'consensus'),
      [
        'consensus',
        'Ada Byron',
        '2026-02-02 09:00',
        '',
        a.name,
        '',
        '',
        '',
        '4',
        'Agreed on 4 after discussion.',
        '',
      ],
    );
    assert.deepEqual(
      rows.filter((r) => r[0] === 'recommendation').map((r) => [r[1], r[2], r[9], r[10]]),
      [
        ['Ada Byron', '2026-02-02 09:00', 'Panel view.', 'Recommended'],
        ['Ben Franklin', '2026-02-03 09:00', 'Panel view.', 'Not recommended'],
        ['Cy Young', '2026-02-04 09:00', 'Panel view.', 'Highly recommended'],
      ],
    );
    // I4 (Ben, revealed, not complete): its ratings, none of its consensus.
    const i4 = rows.filter((r) => r[2] === '2026-02-05 09:00');
    assert.equal(i4.length, 9);
    assert.ok(i4.every((r) => r[0] === 'rating'));
    // I5 and I6 are not revealed: no row, no note, no Dee.
    assert.ok(!rows.some((r) => r[2] === '2026-02-06 09:00' || r[2] === '2026-02-07 09:00'));
    assert.ok(!res.text.includes(SECRET_NOTE));
    assert.ok(!res.text.includes('Dee Dee'));
  });

  it('when notes look like formulas or hold quotes, commas and line breaks, then cells are guarded and quoted and read back intact', async () => {
    const tricky = [
      '=HYPERLINK("http://evil.example","click")',
      '+1 strong answer',
      '-2 vague',
      '@SUM(A1:A9)',
      '\tstarts with a tab',
      '\rstarts with a carriage return',
      'Said "yes", then\nleft early',
    ];
    const comps = await Promise.all(tricky.map((_, i) => makeCompetency(`Tricky ${i}`)));
    const { position, guide } = await makePosition(
      owner.user,
      comps.map((c) => ({ id: c._id, weight: 1 })),
      { title: 'Ingénieur / "Lead", <R&D> =1+1' },
    );
    const cand = await makeCandidate(position._id, '=cmd|" /C calc"!A0', owner.user);
    await makeInterview({
      position: position._id,
      guide,
      candidate: cand._id,
      competencies: comps.map((c) => c._id),
      panel: [f.panelists.pat, f.panelists.lee],
      ratings: [tricky.map(() => 3), tricky.map(() => 3)],
      status: 'complete',
      consensus: tricky.map(() => 3),
      consensusRationale: '-1 for vagueness, "mostly" fine',
      recommendation: 'recommended',
      scheduledAt: new Date('2026-05-01T09:00:00Z'),
      note: (p, c) => (p === 0 ? tricky[c] : 'plain'),
    });
    const res = await owner.agent.get(`/positions/${position._id}/ratings.csv`);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="ratings-ingenieur-lead-rd-11-${today()}.csv"`,
    );
    const rows = fieldsOf(res.text).slice(1);
    const patNotes = rows.filter((r) => r[0] === 'rating' && r[3] === f.panelists.pat.name).map((r) => r[7]);
    assert.deepEqual(
      patNotes,
      tricky.map((n) => (/^[=+\-@\t\r]/.test(n) ? `'${n}` : n)),
    );
    assert.ok(rows.every((r) => r[1] === `'=cmd|" /C calc"!A0`));
    assert.ok(
      rows.filter((r) => r[0] === 'consensus').every((r) => r[9] === `'-1 for vagueness, "mostly" fine`),
    );
    // On the wire: quoted fields with doubled quotes.
    assert.ok(res.text.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`));
    assert.ok(res.text.includes('"Said ""yes"", then\nleft early"'));
  });

  it('when an interview is not revealed, then none of its values appears on any results route; once revealed its ratings count, and its consensus only once complete', async () => {
    const fx = await makeResultsFixture(owner.user);
    const id = String(fx.position._id);
    const { ada, dee } = fx.candidates;
    const routes = [
      `/positions/${id}/dashboard`,
      `/positions/${id}/compare?candidate=${ada.id}&candidate=${dee.id}`,
      `/positions/${id}/ratings.csv`,
      `/api/positions/${id}/ranking`,
      `/calibration?position=${id}`,
    ];
    const pages = async () => Promise.all(routes.map(async (u) => (await owner.agent.get(u)).text));
    for (const text of await pages()) assert.ok(!text.includes(SECRET_NOTE));
    const json = (await owner.agent.get(`/api/positions/${id}/ranking`)).body;
    const deeJson = json.candidates.find((c: { id: string }) => c.id === dee.id);
    assert.deepEqual(
      [
        deeJson.rank,
        deeJson.weightedTotal,
        deeJson.competencies.map((c: { consensus: unknown }) => c.consensus),
      ],
      [null, null, [null, null, null]],
    );
    const dashboard = (await owner.agent.get(`/positions/${id}/dashboard`)).text;
    // Ada's details row for A: consensus, panel mean, median, lowest–highest, number of ratings.
    const adaA = (mean: string, median: string, range: string, n: number) =>
      new RegExp(
        `Details for Ada Byron:[\\s\\S]*?>${fx.competencies.a.name}</th>\\s*<td class="num">4</td>\\s*` +
          `<td class="num cell-panel">${mean}</td>\\s*<td class="num">${median}</td>\\s*` +
          `<td class="num">${range}</td>\\s*<td class="num">${n}</td>`,
      );
    assert.match(dashboard, adaA('4', '4', '3–5', 3), 'Ada A counts I1 only');

    // Sam submits Ada's second interview (I5): everyone has, so it is revealed.
    const at = new Date();
    // Sam's drafts are all 1s (see the fixture).
    await Rating.updateMany(
      { interview: fx.interviews.i5._id, panelist: fx.panelists.sam._id },
      { $set: { submittedValue: 1, submittedAt: at, locked: true } },
    );
    await Interview.updateOne(
      { _id: fx.interviews.i5._id },
      { $set: { revealedAt: at, 'panel.$[].submittedAt': at } },
    );
    const csv = (await owner.agent.get(`/positions/${id}/ratings.csv`)).text;
    assert.equal(csv.split(SECRET_NOTE).length - 1, 9, 'its nine notes are exported');
    // Ada A now [4,3,5,1,1,1]: mean 15/6 = 2.5, median (1+3)/2 = 2, range 1–5, n=6; consensus still 4.
    const after = (await owner.agent.get(`/positions/${id}/dashboard`)).text;
    assert.match(after, adaA('2.5', '2', '1–5', 6));
    // Ada's total still 3.33: I5 has no consensus, and is not complete.
    const ranking = (await owner.agent.get(`/api/positions/${id}/ranking`)).body;
    assert.equal(ranking.candidates.find((c: { id: string }) => c.id === ada.id).weightedTotal, 3.33);
  });
});
