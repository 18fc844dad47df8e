import assert from 'node:assert/strict';
import {
  chartLayout,
  GROUP_LINE_CHARS,
  SERIES,
  shorten,
  wrap,
} from '../../src/features/results/svg-chart.js';

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

  it('when laid out, then bars are proportional to the consensus on a 0 to scale-top axis, in percent of the width', () => {
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
    assert.equal(ada.label, 'Ada: 4 (panel 3–5)');
    // The whole plot stays inside the chart's width, with room for the end ticks' labels.
    assert.ok(chart.plotX > 0 && chart.plotX + chart.plotWidth < 100);
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
    const ys = chart.groups.flatMap((g) => [
      ...g.lines.map((l) => l.y),
      ...g.bars.flatMap((b) => [b.y, b.barY]),
    ]);
    assert.deepEqual(
      [...ys].sort((a, b) => a - b),
      ys,
    );
    const last = chart.groups[1].bars[1];
    assert.ok(chart.height >= last.barY + last.barHeight);
    assert.equal(chart.groups[1].label, 'Judgement (weight 1.5)');
    // A label's baseline sits above its bar, and the next label below the bar.
    const [first, second] = chart.groups[0].bars;
    assert.ok(first.y < first.barY && first.barY + first.barHeight < second.y - 10);
  });

  it('when a competency name is long, then its label wraps at spaces onto lines a phone can show, and the rows move down', () => {
    const name = 'Written and Oral Communication with the Public and Colleagues';
    const long = chartLayout({
      scaleMax: 5,
      candidates: [{ name: 'Ada' }],
      competencies: [{ name, weight: 1, cells: [cell(3, 3, 2, 4)] }],
    });
    const [group] = long.groups;
    assert.ok(group.lines.length >= 2);
    assert.ok(group.lines.every((l) => [...l.text].length <= GROUP_LINE_CHARS));
    assert.equal(group.lines.map((l) => l.text).join(' '), `${name} (weight 1)`);
    assert.ok(group.bars[0].y > group.lines[group.lines.length - 1].y);
    // A word longer than a line is cut, never lost.
    assert.deepEqual(wrap('x'.repeat(GROUP_LINE_CHARS + 3) + ' end'), [
      'x'.repeat(GROUP_LINE_CHARS),
      'xxx end',
    ]);
    assert.deepEqual(wrap(''), ['']);
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
