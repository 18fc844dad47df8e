/**
 * The comparison chart's geometry: grouped horizontal bars, one group per competency and one bar
 * per candidate (the consensus rating), with a line over the panel's range (lowest to highest
 * submitted rating) and a tick at the panel mean. Every bar carries its candidate's name and its
 * value as text, so nothing depends on colour (print, high contrast). The view
 * (views/results/_chart.ejs) writes it as SVG with `<%= %>`, which escapes every label; the table
 * beside it is the accessible equivalent.
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
  label: string;
  /** The full name (the label may be shortened). */
  title: string;
  series: number;
  y: number;
  barY: number;
  barHeight: number;
  /** null when there is no consensus yet. */
  width: number | null;
  valueText: string;
  valueX: number;
  range: { x1: number; x2: number } | null;
  meanX: number | null;
}

export interface ChartModel {
  width: number;
  height: number;
  plotX: number;
  plotWidth: number;
  plotTop: number;
  plotBottom: number;
  ticks: { x: number; label: string }[];
  groups: { label: string; y: number; bars: ChartBar[] }[];
}

const WIDTH = 760;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 150;
const AXIS_HEIGHT = 28;
const GROUP_HEADER = 26;
const ROW = 24;
const GROUP_GAP = 12;
const MAX_LABEL = 26;
/** Distinct bar styles, reused in turn (app.css: .chart-series-0 …). */
export const SERIES = 6;

/** Coordinates to one decimal: short attributes, no float noise. */
const px = (v: number) => Math.round(v * 10) / 10;
const fmt = (n: number) => String(Number(n.toFixed(2)));

export function shorten(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function valueText(cell: ChartCell): string {
  if (cell.consensus === null)
    return cell.mean === null ? 'no ratings' : `no consensus, panel ${fmt(cell.mean)}`;
  const range = cell.min !== null && cell.max !== null ? ` (panel ${fmt(cell.min)}–${fmt(cell.max)})` : '';
  return `${fmt(cell.consensus)}${range}`;
}

export function chartLayout(input: ChartInput): ChartModel {
  const plotX = LABEL_WIDTH;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = input.scaleMax > 0 ? input.scaleMax : 1;
  const xOf = (v: number) => px(plotX + (Math.max(0, Math.min(v, max)) / max) * plotWidth);
  const ticks = Array.from({ length: Math.floor(max) + 1 }, (_, v) => ({ x: xOf(v), label: String(v) }));
  let y = AXIS_HEIGHT;
  const groups = input.competencies.map((c) => {
    const groupY = y + GROUP_HEADER - 8;
    y += GROUP_HEADER;
    const bars = c.cells.map((cell, i): ChartBar => {
      const rowY = y;
      y += ROW;
      const width = cell.consensus === null ? null : px(xOf(cell.consensus) - plotX);
      const rangeEnd =
        cell.min !== null && cell.max !== null ? { x1: xOf(cell.min), x2: xOf(cell.max) } : null;
      const name = input.candidates[i]?.name ?? '';
      return {
        label: shorten(name),
        title: name,
        series: i % SERIES,
        y: rowY + ROW / 2 + 4,
        barY: rowY + 4,
        barHeight: ROW - 8,
        width,
        valueText: valueText(cell),
        valueX: Math.max(width === null ? plotX : plotX + width, rangeEnd?.x2 ?? plotX) + 6,
        range: rangeEnd,
        meanX: cell.mean === null ? null : xOf(cell.mean),
      };
    });
    y += GROUP_GAP;
    return { label: `${c.name} (weight ${fmt(c.weight)})`, y: groupY, bars };
  });
  return {
    width: WIDTH,
    height: y,
    plotX,
    plotWidth,
    plotTop: AXIS_HEIGHT - 4,
    plotBottom: y - GROUP_GAP,
    ticks,
    groups,
  };
}
