import assert from 'node:assert/strict';
import { chartLayout, SERIES, shorten } from '../../src/features/results/svg-chart.js';

const cell = (consensus: number | null, mean: number | null, min: number | null, max: number | null) => ({
  consensus,
  mean,
  min,
  max,
});

describe('results comparison chart layout', () => {
  const chart = chartLayout({
    scaleMax: 5,
    candidates: [{ name: 'Ada' }, { name: 'Ben' }],
    competencies: [
      { name: 'Adaptability', weight: 2, cells: [cell(4, 4, 3, 5), cell(null, null, null, null)] },
      { name: 'Judgement', weight: 1.5, cells: [cell(2.5, 2.33, 2, 3), cell(null, 3, 3, 3)] },
    ],
  });

  it('when laid out, then bars are proportional to the consensus on a 0 to scale-top axis', () => {
    assert.deepEqual(
      chart.ticks.map((t) => t.label),
      ['0', '1', '2', '3', '4', '5'],
    );
    const unit = chart.plotWidth / 5;
    const [ada] = chart.groups[0].bars;
    assert.equal(ada.width, Math.round(4 * unit * 10) / 10);
    assert.deepEqual(ada.range, {
      x1: Math.round((chart.plotX + 3 * unit) * 10) / 10,
      x2: chart.plotX + chart.plotWidth,
    });
    assert.equal(ada.meanX, Math.round((chart.plotX + 4 * unit) * 10) / 10);
    assert.equal(ada.valueText, '4 (panel 3–5)');
    assert.ok(ada.valueX > chart.plotX + chart.plotWidth);
  });

  it('when a candidate has no consensus or no ratings, then there is no bar and the text says why', () => {
    const [, benA] = chart.groups[0].bars;
    const [, benJ] = chart.groups[1].bars;
    assert.equal(benA.width, null);
    assert.equal(benA.valueText, 'no ratings');
    assert.equal(benJ.width, null);
    assert.equal(benJ.valueText, 'no consensus, panel 3');
    assert.equal(chart.groups[1].bars[0].valueText, '2.5 (panel 2–3)');
  });

  it('when groups follow each other, then rows never overlap and the height holds them all', () => {
    const ys = chart.groups.flatMap((g) => [g.y, ...g.bars.map((b) => b.barY)]);
    assert.deepEqual(
      [...ys].sort((a, b) => a - b),
      ys,
    );
    const last = chart.groups[1].bars[1];
    assert.ok(chart.height >= last.barY + last.barHeight);
    assert.equal(chart.groups[1].label, 'Judgement (weight 1.5)');
  });

  it('when names are long or there are many candidates, then labels are shortened and styles cycle', () => {
    assert.equal(shorten('Short'), 'Short');
    const long = 'Maximilian Alexander von Habsburg-Lothringen';
    assert.equal([...shorten(long)].length, 26);
    assert.ok(shorten(long).endsWith('…'));
    const many = chartLayout({
      scaleMax: 4,
      candidates: Array.from({ length: SERIES + 1 }, (_, i) => ({ name: `${long} ${i}` })),
      competencies: [
        { name: 'X', weight: 1, cells: Array.from({ length: SERIES + 1 }, () => cell(9, 1, 0, 9)) },
      ],
    });
    const bars = many.groups[0].bars;
    assert.equal(bars[SERIES].series, 0);
    assert.equal(bars[0].title, `${long} 0`);
    // Values beyond the scale are drawn at its top, never outside the plot.
    assert.equal(bars[0].width, many.plotWidth);
  });
});
