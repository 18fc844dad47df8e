/** Results pages: dashboard, comparison with chart, calibration, ratings CSV, ranking JSON. */
import type { RequestHandler } from 'express';
import { RECOMMENDATION_LABELS, STATUS_LABELS } from '../interviews/interview.model.js';
import { CALIBRATION_LABELS, CALIBRATION_THRESHOLD, MIN_CALIBRATION_RATINGS } from './calibration.js';
import { csvFilename, toCsv } from './csv.js';
import { ratingsCsvRows } from './export-csv.js';
import {
  calibrationQuery,
  compareQuery,
  MAX_COMPARE,
  noQuery,
  pageQuery,
  parsePositionId,
  parseQuery,
} from './results.schemas.js';
import * as results from './results.service.js';
import { chartLayout, SERIES } from './svg-chart.js';

/** Up to two decimals, no trailing zeros; a dash for nothing. */
export const num = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : String(Number(v.toFixed(2)));

const helpers = { num, STATUS_LABELS, RECOMMENDATION_LABELS };

export function resultsController() {
  const dashboard: RequestHandler = async (req, res) => {
    const positionId = parsePositionId(req.params);
    const { page } = parseQuery(pageQuery, req.query);
    const data = await results.dashboard(positionId, req.user!, page);
    res.render('results/dashboard', {
      title: `Results: ${data.position.title}`,
      ...data,
      ...helpers,
      maxCompare: MAX_COMPARE,
    });
  };

  const compare: RequestHandler = async (req, res) => {
    const positionId = parsePositionId(req.params);
    const { candidate } = parseQuery(compareQuery, req.query);
    const data = await results.compare(positionId, candidate, req.user!);
    const chart = data.candidates.length
      ? chartLayout({
          scaleMax: data.scaleMax,
          candidates: data.candidates,
          competencies: data.columns.map((c, i) => ({
            name: c.name,
            weight: c.weight,
            cells: data.candidates.map((x) => x.cells[i]),
          })),
        })
      : null;
    res.render('results/compare', {
      title: `Compare candidates: ${data.position.title}`,
      ...data,
      ...helpers,
      chart,
      series: SERIES,
      maxCompare: MAX_COMPARE,
    });
  };

  const ranking: RequestHandler = async (req, res) => {
    const positionId = parsePositionId(req.params);
    const { page } = parseQuery(pageQuery, req.query);
    res.json(await results.rankingJson(positionId, req.user!, page));
  };

  const ratingsCsv: RequestHandler = async (req, res) => {
    const positionId = parsePositionId(req.params);
    parseQuery(noQuery, req.query);
    const { position, rows } = await results.ratingsExport(positionId, req.user!);
    res.set('Cache-Control', 'no-store');
    // The file name is ASCII letters, digits and dashes only: safe inside the quotes as it is.
    res.set('Content-Disposition', `attachment; filename="${csvFilename(position.title, new Date())}"`);
    res.type('text/csv; charset=utf-8').send(toCsv(ratingsCsvRows(rows)));
  };

  const calibration: RequestHandler = async (req, res) => {
    const { position } = parseQuery(calibrationQuery, req.query);
    const data = await results.calibrationPage(req.user!, position);
    res.render('results/calibration', {
      title: 'Panelist calibration',
      ...data,
      ...helpers,
      CALIBRATION_LABELS,
      threshold: CALIBRATION_THRESHOLD,
      minRatings: MIN_CALIBRATION_RATINGS,
    });
  };

  return { dashboard, compare, ranking, ratingsCsv, calibration };
}
