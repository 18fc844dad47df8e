/**
 * Loads the seed library (seeds/scales.json and seeds/frameworks/*.json) into the database.
 * Idempotent: unchanged seeds change nothing; a seed whose content changed refreshes records
 * nobody edited; records a person edited are never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/lib/project-root.js';
import { z } from 'zod';
import {
  importFrameworkFile,
  seedScales,
  type Action,
  type ImportReport,
} from '../src/features/competencies/framework-io.service.js';
import { ratingScale, validateFrameworkFile } from '../src/features/competencies/framework-file.schema.js';

/** The seed data folder; from the project root, so the compiled loader (dist/seeds/) finds it too. */
export const SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds');

export interface SeedReport {
  scales: Record<Action, number>;
  frameworks: (ImportReport & { file: string })[];
}

export class SeedError extends Error {}

/** Reads and validates every seed file first; loads nothing if any file is invalid. */
export function readSeedFiles(dir = SEEDS_DIR) {
  const scalesPath = path.join(dir, 'scales.json');
  const scales = fs.existsSync(scalesPath)
    ? z.array(ratingScale).safeParse(JSON.parse(fs.readFileSync(scalesPath, 'utf8')))
    : { success: true as const, data: [] };
  if (!scales.success)
    throw new SeedError(
      `seeds/scales.json is invalid: ${scales.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const frameworkDir = path.join(dir, 'frameworks');
  const files = fs.existsSync(frameworkDir)
    ? fs
        .readdirSync(frameworkDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const frameworks = files.map((name) => {
    const result = validateFrameworkFile(JSON.parse(fs.readFileSync(path.join(frameworkDir, name), 'utf8')));
    if (!result.ok)
      throw new SeedError(`seeds/frameworks/${name} is invalid:\n  ${result.problems.join('\n  ')}`);
    return { name, file: result.file };
  });
  return { scales: scales.data, frameworks };
}

export async function loadSeeds(dir = SEEDS_DIR): Promise<SeedReport> {
  const { scales, frameworks } = readSeedFiles(dir);
  const report: SeedReport = { scales: await seedScales(scales), frameworks: [] };
  for (const { name, file } of frameworks) {
    report.frameworks.push({ file: name, ...(await importFrameworkFile(file, { origin: 'seed' })) });
  }
  return report;
}

/** One line per framework, for logs and `npm run seed`. */
export function describeSeedReport(report: SeedReport): string[] {
  const fmt = (c: Record<Action, number>) =>
    (Object.entries(c) as [Action, number][])
      .filter(([, n]) => n > 0)
      .map(([a, n]) => `${n} ${a}`)
      .join(', ') || 'none';
  return [
    `scales: ${fmt(report.scales)}`,
    ...report.frameworks.map(
      (f) =>
        `${f.frameworkKey}: framework ${f.framework}; competencies ${fmt(f.counts.competencies)}; templates ${fmt(f.counts.templates)}`,
    ),
  ];
}
