/**
 * The results pages on the hand-computed fixture (figures derived in results-aggregation.test.ts):
 * Ada and Cy tie at 20/6 = 3.33 (66.7 %), Ben 19/6 = 3.17 (63.3 %), Dee unranked.
 */
import assert from 'node:assert/strict';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { loginAs, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import {
  makeCandidate,
  makeInterview,
  makeResultsFixture,
  type ResultsFixture,
} from '../helpers/results-factories.js';

/** The text of the table row (or SVG group) holding `needle`, tags stripped, spaces collapsed. */
function rowText(page: string, needle: string, open = '<tr', close = '</tr>'): string {
  const at = page.indexOf(needle);
  assert.ok(at >= 0, `${needle} is on the page`);
  const start = page.lastIndexOf(open, at);
  const end = page.indexOf(close, at);
  return page
    .slice(start, end)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of a candidate's details (the panel figures and interviews) on the dashboard. */
function detailsText(page: string, name: string): string {
  const start = page.indexOf(`<summary>Details for ${name}:`);
  assert.ok(start >= 0, `details for ${name} are on the page`);
  return page
    .slice(start, page.indexOf('</details>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('results: pages', () => {
  const t = useTestApp();
  let f: ResultsFixture;
  let owner: Awaited<ReturnType<typeof loginAs>>;
  let base: string;

  before(async function () {
    this.timeout(30_000);
    owner = await loginAs(t.app, ['manager']);
    f = await makeResultsFixture(owner.user);
    base = `/positions/${f.position._id}`;
  });

  it('when the owner opens the dashboard, then each candidate shows rank, stage, total, consensus per competency with flags and recommendation, and details with the panel figures and interviews', async () => {
    const res = await owner.agent.get(`${base}/dashboard`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Candidates: 3 of 4 ranked/);
    // Disagreements: Ada A and B, Ben A and B, Cy C.
    assert.match(res.text, /5 ratings are flagged <span class="flag">Disagreement<\/span>/);
    // The compact row: consensus per competency, the flag, the recommendation.
    const ada = rowText(res.text, '>Ada Byron</a>');
    assert.equal(
      ada,
      'Compare Ada Byron 1 Ada Byron Interview 3.33 (66.7 %) 4 Disagreement 3 Disagreement 3 Recommended',
    );
    // The details (tags read as spaces here): per competency consensus, panel mean, median, lowest–highest, n, flag; interviews.
    const { a, b, c } = f.competencies;
    assert.equal(
      detailsText(res.text, 'Ada Byron'),
      `Details for Ada Byron: panel figures and interviews Panel figures for Ada Byron Competency Consensus Panel mean Median Lowest–highest Ratings Flag ` +
        `${a.name} 4 4 4 3–5 3 Disagreement ${b.name} 3 3 3 2–4 3 Disagreement ${c.name} 3 3 3 3–3 3 ` +
        'Stage: Interview. Interviews: 2 Feb 2026 Complete (Recommended); 6 Feb 2026 In progress .',
    );
    const ben = rowText(res.text, '>Ben Franklin</a>');
    assert.equal(
      ben,
      'Compare Ben Franklin 3 Ben Franklin Interview 3.17 (63.3 %) 3 Disagreement 4 Disagreement 3 Not recommended',
    );
    assert.match(
      detailsText(res.text, 'Ben Franklin'),
      new RegExp(
        `${a.name} 3 2 1\\.5 1–4 6 Disagreement ${b.name} 4 4\\.17 4 3–5 6 Disagreement ${c.name} 3 2\\.83 3 2–3 6 Stage`,
      ),
    );
    const cy = rowText(res.text, '>Cy Young</a>');
    assert.match(cy, /^Compare Cy Young 1 Cy Young/);
    assert.match(cy, /Highly recommended$/);
    const dee = rowText(res.text, '>Dee Dee</a>');
    assert.equal(dee, 'Compare Dee Dee – Dee Dee Interview – (no complete interview) – – – –');
    assert.match(
      detailsText(res.text, 'Dee Dee'),
      new RegExp(`${a.name} – – – – 0 .*Interviews: 7 Feb 2026 In progress \\.$`),
    );
    // Order: ranked (ties by name), then unranked.
    const order = ['Ada Byron', 'Cy Young', 'Ben Franklin', 'Dee Dee'].map((n) =>
      res.text.indexOf(`>${n}</a>`),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.ok(res.text.includes(`href="${base}/ratings.csv"`));
    assert.ok(res.text.includes(`href="${base}/compare"`));
  });

  it('when the comparison has no candidate chosen, then the ranked ones appear in rank order with a table and an SVG chart', async () => {
    const res = await owner.agent.get(`${base}/compare`);
    assert.equal(res.status, 200);
    const head = rowText(res.text, '<th scope="col">Competency</th>');
    assert.equal(head, 'Competency Ada Byron Cy Young Ben Franklin');
    assert.ok(!res.text.includes('Dee Dee'));
    const a = rowText(res.text, `>${f.competencies.a.name} <span`);
    assert.equal(
      a,
      `${f.competencies.a.name} (weight 2) 4 panel mean 4, 3–5 Disagreement 3 panel mean 3, 3–3 3 panel mean 2, 1–4 Disagreement`,
    );
    assert.equal(
      rowText(res.text, '>Weighted total<'),
      'Weighted total 3.33 (66.7 %, rank 1) 3.33 (66.7 %, rank 1) 3.17 (63.3 %, rank 3)',
    );
    assert.match(res.text, /<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"/);
    assert.match(
      res.text,
      /<title id="chart-title">Consensus ratings by competency: Ada Byron, Cy Young, Ben Franklin<\/title>/,
    );
    assert.match(res.text, /<desc id="chart-desc">/);
    // Three competencies × three candidates: nine bars, each with its value as text.
    assert.equal(res.text.match(/<rect class="chart-bar/g)?.length, 9);
    assert.ok(res.text.includes('<title>Ben Franklin: 3 (panel 1–4)</title>'));
    // No inline style or script: the CSP forbids them.
    assert.ok(!/<script(?! src)/.test(res.text) && !/ style=/.test(res.text));
  });

  it('when candidates are chosen, then exactly those appear in the order given, an unranked one too', async () => {
    const { dee, ben } = f.candidates;
    const res = await owner.agent.get(
      `${base}/compare?candidate=${dee.id}&candidate=${ben.id}&candidate=${dee.id}`,
    );
    assert.equal(res.status, 200);
    assert.equal(rowText(res.text, '<th scope="col">Competency</th>'), 'Competency Dee Dee Ben Franklin');
    assert.equal(rowText(res.text, '>Weighted total<'), 'Weighted total – 3.17 (63.3 %, rank 3)');
    assert.ok(res.text.includes('<title>Dee Dee: no ratings</title>'));
    assert.equal(res.text.match(/<rect class="chart-bar/g)?.length, 3);
  });

  it('when a candidate is named like markup, then the table and the SVG labels carry it escaped', async () => {
    const evil = `<script>x("&'")</script>`;
    const fx = await makeResultsFixture(owner.user);
    await fx.candidates.ada.updateOne({ name: evil });
    const res = await owner.agent.get(
      `/positions/${fx.position._id}/compare?candidate=${fx.candidates.ada.id}`,
    );
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>x('));
    const escaped = html(evil);
    assert.ok(res.text.includes(`<th scope="col" class="num">${escaped}</th>`));
    assert.ok(
      res.text.includes(`<title id="chart-title">Consensus ratings by competency: ${escaped}</title>`),
    );
    assert.ok(res.text.includes(`<title>${escaped}: 4 (panel 3–5)</title>`));
    // The bar's label (name and value) and the phone layout's card heading.
    assert.ok(res.text.includes(`>${escaped}: 4 (panel 3–5)</text>`));
    assert.ok(res.text.includes(`>${escaped}</h2>`));
    const dashboard = await owner.agent.get(`/positions/${fx.position._id}/dashboard`);
    assert.ok(!dashboard.text.includes('<script>x(') && dashboard.text.includes(escaped));
  });

  it('when no candidate has a complete interview, then the comparison says so and draws no chart', async () => {
    const fx = await makeResultsFixture(owner.user);
    const eve = await makeCandidate(fx.position._id, 'Eve', owner.user);
    await makeInterview({
      position: fx.position._id,
      guide: fx.guide,
      competencies: [fx.competencies.a._id],
      candidate: eve._id,
      panel: [fx.panelists.pat, fx.panelists.lee],
      ratings: [[3], [3]],
      status: 'in-progress',
      scheduledAt: new Date('2026-04-01T09:00:00Z'),
    });
    await Interview.deleteMany({ position: fx.position._id, candidate: { $ne: eve._id } });
    const res = await owner.agent.get(`/positions/${fx.position._id}/compare`);
    assert.equal(res.status, 200);
    assert.match(res.text, /No candidate has a complete interview yet/);
    assert.ok(!res.text.includes('<svg'));
  });

  it('when the ranking is asked for as JSON, then it lists every candidate with rank, totals and consensus per competency', async () => {
    const res = await owner.agent.get(`/api/positions/${f.position._id}/ranking`);
    assert.equal(res.status, 200);
    const { a, b, c } = f.competencies;
    const comps = (x: (number | null)[]) =>
      [a, b, c].map((k, i) => ({
        competencyId: k.id,
        name: k.name,
        weight: [2, 1, 3][i],
        consensus: x[i],
      }));
    const { ada, ben, cy, dee } = f.candidates;
    const { page, pages, pageSize, total, ranked, ...body } = res.body;
    assert.deepEqual(
      { page, pages, pageSize, total, ranked },
      {
        page: 1,
        pages: 1,
        pageSize: 50,
        total: 4,
        ranked: body.candidates.filter((x: { rank: unknown }) => x.rank !== null).length,
      },
    );
    assert.deepEqual(body, {
      position: { id: String(f.position._id), title: 'Permit Technician' },
      scaleMax: 5,
      candidates: [
        {
          id: ada.id,
          name: 'Ada Byron',
          stage: 'interview',
          rank: 1,
          weightedTotal: 3.33,
          percent: 66.7,
          competencies: comps([4, 3, 3]),
        },
        {
          id: cy.id,
          name: 'Cy Young',
          stage: 'interview',
          rank: 1,
          weightedTotal: 3.33,
          percent: 66.7,
          competencies: comps([3, 5, 3]),
        },
        {
          id: ben.id,
          name: 'Ben Franklin',
          stage: 'interview',
          rank: 3,
          weightedTotal: 3.17,
          percent: 63.3,
          competencies: comps([3, 4, 3]),
        },
        {
          id: dee.id,
          name: 'Dee Dee',
          stage: 'interview',
          rank: null,
          weightedTotal: null,
          percent: null,
          competencies: comps([null, null, null]),
        },
      ],
    });
  });

  it('when a manager opens calibration, then their panelists are listed with deviations and readings, and the panels’ agreement per interview', async () => {
    const res = await owner.agent.get(`/calibration?position=${f.position._id}`);
    assert.equal(res.status, 200);
    const { pat, lee, sam, kim } = f.panelists;
    assert.equal(rowText(res.text, `>${kim.name}</th>`), `${kim.name} 3 1 -0.17 0.17 Too few ratings`);
    assert.equal(rowText(res.text, `>${lee.name}</th>`), `${lee.name} 12 4 -0.54 0.54 Severe`);
    assert.equal(rowText(res.text, `>${pat.name}</th>`), `${pat.name} 12 4 +0.04 0.1 In line`);
    assert.equal(rowText(res.text, `>${sam.name}</th>`), `${sam.name} 12 4 +0.54 0.54 Lenient`);
    assert.equal(
      rowText(res.text, '<td>Cy Young</td>'),
      `4 Feb 2026 Permit Technician Cy Young ${kim.name}: 0.33 ${lee.name}: 0.67 ${pat.name}: 0 ${sam.name}: 0.33`,
    );
    assert.equal(
      rowText(res.text, '<td>Ben Franklin</td>'),
      `3 Feb 2026 Permit Technician Ben Franklin ${lee.name}: 0.67 ${pat.name}: 0 ${sam.name}: 0.67`,
    );
    assert.match(res.text, new RegExp(`<option value="${f.position._id}" selected>`));
  });

  it('when the position page is opened, then it links to its results', async () => {
    const res = await owner.agent.get(base);
    assert.ok(res.text.includes(`href="${base}/dashboard">Results</a>`));
    assert.ok(res.text.includes('href="/calibration">Calibration</a>'));
  });
});
