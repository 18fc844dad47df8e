/**
 * The comparison chart's geometry: grouped horizontal bars, one group per competency and one bar
 * per candidate (the consensus rating), with a line over the panel's range (lowest to highest
 * submitted rating) and a tick at the panel mean. Every bar carries its candidate's name and its
 * value as text, so nothing depends on colour (print, high contrast). The view
 * (views/results/chart.ejs) writes it as SVG with `<%= %>`, which escapes every label; the table
 * beside it is the accessible equivalent.
 *
 * Readable on a phone and on a laptop alike: the SVG has no viewBox, so its text is drawn at its
 * CSS size (12–14 px) whatever the chart's width. Horizontal positions are percentages of the
 * chart's width (the bars stretch), vertical ones are pixels; each label sits on its own line above
 * its bar, and long competency names wrap onto several lines, so no text needs the width of a
 * laptop screen.
 */

export interface ChartCandidate {
  name: string;
}

export interface ChartCell {
  consensus: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface ChartInput {
  scaleMax: number;
  candidates: ChartCandidate[];
  /** Rows: one per competency, with one cell per candidate (same order as `candidates`). */
  competencies: { name: string; weight: number; cells: ChartCell[] }[];
}

export interface ChartBar {
  /** The candidate's (maybe shortened) name and the value, written above the bar. */
  label: string;
  /** The full name (the label may be shortened). */
  title: string;
  series: number;
  /** Baseline of the label, px. */
  y: number;
  barY: number;
  barHeight: number;
  /** Percent of the chart's width; null when there is no consensus yet. */
  width: number | null;
  valueText: string;
  /** Percent of the chart's width. */
  range: { x1: number; x2: number } | null;
  /** Percent of the chart's width. */
  meanX: number | null;
}

export interface ChartGroup {
  /** The competency's name and weight, whole. */
  label: string;
  /** The same, wrapped: one baseline (px) per line. */
  lines: { text: string; y: number }[];
  bars: ChartBar[];
}

export interface ChartModel {
  height: number;
  /** Left edge and width of the plot, in percent of the chart's width. */
  plotX: number;
  plotWidth: number;
  plotTop: number;
  plotBottom: number;
  /** x in percent. */
  ticks: { x: number; label: string }[];
  groups: ChartGroup[];
}

/** The plot's edges in percent: room for the half of the first and last tick label. */
const PLOT_LEFT = 2;
const PLOT_RIGHT = 97;
const AXIS_HEIGHT = 26;
const GROUP_LINE = 18;
const GROUP_GAP = 14;
const LABEL_LINE = 17;
const BAR_HEIGHT = 14;
const ROW_GAP = 8;
const MAX_LABEL = 26;
/**
 * Characters per line of a competency name (14 px, bold): about 300 px, which fits a 390 px phone
 * once the page's margins are taken off.
 */
export const GROUP_LINE_CHARS = 38;
/** Distinct bar styles, reused in turn (app.css: .chart-series-0 …). */
export const SERIES = 6;

/** Coordinates to one decimal: short attributes, no float noise. */
const px = (v: number) => Math.round(v * 10) / 10;
const fmt = (n: number) => String(Number(n.toFixed(2)));

export function shorten(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Breaks `text` at spaces into lines of at most `max` characters (a longer word is cut). */
export function wrap(text: string, max = GROUP_LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while ([...w].length > max) {
      if (line) lines.push(line);
      line = '';
      lines.push([...w].slice(0, max).join(''));
      w = [...w].slice(max).join('');
    }
    if (!line) line = w;
    else if ([...line].length + 1 + [...w].length <= max) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

function valueText(cell: ChartCell): string {
  if (cell.consensus === null)
    return cell.mean === null ? 'no ratings' : `no consensus, panel ${fmt(cell.mean)}`;
  const range = cell.min !== null && cell.max !== null ? ` (panel ${fmt(cell.min)}–${fmt(cell.max)})` : '';
  return `${fmt(cell.consensus)}${range}`;
}

export function chartLayout(input: ChartInput): ChartModel {
  const plotX = PLOT_LEFT;
  const plotWidth = PLOT_RIGHT - PLOT_LEFT;
  const max = input.scaleMax > 0 ? input.scaleMax : 1;
  const xOf = (v: number) => px(plotX + (Math.max(0, Math.min(v, max)) / max) * plotWidth);
  const ticks = Array.from({ length: Math.floor(max) + 1 }, (_, v) => ({ x: xOf(v), label: String(v) }));
  let y = AXIS_HEIGHT;
  const groups = input.competencies.map((c): ChartGroup => {
    const label = `${c.name} (weight ${fmt(c.weight)})`;
    const lines = wrap(label).map((text) => {
      y += GROUP_LINE;
      return { text, y: y - 4 };
    });
    y += 4;
    const bars = c.cells.map((cell, i): ChartBar => {
      const labelY = y + LABEL_LINE - 4;
      const barY = y + LABEL_LINE;
      y = barY + BAR_HEIGHT + ROW_GAP;
      const width = cell.consensus === null ? null : px(xOf(cell.consensus) - plotX);
      const name = input.candidates[i]?.name ?? '';
      const value = valueText(cell);
      return {
        label: `${shorten(name)}: ${value}`,
        title: name,
        series: i % SERIES,
        y: labelY,
        barY,
        barHeight: BAR_HEIGHT,
        width,
        valueText: value,
        range: cell.min !== null && cell.max !== null ? { x1: xOf(cell.min), x2: xOf(cell.max) } : null,
        meanX: cell.mean === null ? null : xOf(cell.mean),
      };
    });
    y += GROUP_GAP;
    return { label, lines, bars };
  });
  return {
    height: y,
    plotX,
    plotWidth,
    plotTop: AXIS_HEIGHT - 4,
    plotBottom: y - GROUP_GAP,
    ticks,
    groups,
  };
}
