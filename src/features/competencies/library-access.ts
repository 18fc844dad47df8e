/**
 * Library hygiene: who may change what, and what each role sees.
 * - Seeded frameworks (and their competencies) are archived or edited by admins only; managers
 *   clone them and adapt the copy.
 * - Curator notes and source file names (the seed's own working papers) are shown to admins
 *   only, on pages and JSON routes alike; managers and panelists see titles and sections.
 */
import { ForbiddenError } from '../../lib/errors.js';
import { hasRole } from '../users/user.model.js';
import type { FrameworkFile } from './framework-file.schema.js';

type User = { roles?: readonly string[] } | undefined | null;
type Origin = { origin?: string | null } | null | undefined;

export const isAdmin = (user: User) => hasRole(user, 'admin');

/** Whether this user may edit or archive this framework and its competencies. */
export function mayChange(framework: Origin, user: User): boolean {
  if (!hasRole(user, 'admin', 'manager')) return false;
  return framework?.origin !== 'seed' || isAdmin(user);
}

export function assertMayChange(framework: Origin, user: User): void {
  if (!mayChange(framework, user)) {
    throw new ForbiddenError(
      'Seeded frameworks are changed by administrators only. Clone the framework to adapt it for your organization.',
    );
  }
}

type Source = { document?: string | null; section?: string | null; note?: string | null } | null;
type Obj = Record<string, unknown>;

/** A level (or key skill level) without its source reference. */
const withoutSource = (l: Obj) => {
  const { source: _s, ...rest } = l;
  return rest;
};

/** Provenance without the document file name: the part, section, line and page stay. */
const withoutDocument = (p: Obj) => {
  const { document: _d, ...rest } = p;
  return rest;
};

/** A stored competency (lean) as a non-admin may read it. */
export function redactCompetency<T extends Obj>(c: T): T {
  const levels = (c.levels as Obj[] | undefined)?.map(withoutSource);
  const keySkills = (c.keySkills as Obj[] | undefined)?.map((k) => ({
    ...k,
    levels: (k.levels as Obj[] | undefined)?.map(withoutSource),
  }));
  const provenance = (c.provenance as Obj[] | undefined)?.map(withoutDocument);
  const framework =
    c.framework && typeof c.framework === 'object' && 'name' in (c.framework as Obj)
      ? redactFramework(c.framework as Obj)
      : c.framework;
  return { ...c, levels, keySkills, provenance, framework };
}

/** A stored framework (lean) as a non-admin may read it: no notes, no source file name. */
export function redactFramework<T extends Obj>(f: T): T {
  const source = f.source as Source;
  const scale = f.proficiencyScale as Obj | null | undefined;
  return {
    ...f,
    notes: [],
    source: source ? { ...source, document: undefined } : source,
    proficiencyScale:
      scale && typeof scale === 'object' && 'points' in scale ? { ...scale, source: undefined } : scale,
  };
}

/**
 * An exported file as a non-admin may download it: no curator notes, level sources or provenance,
 * and the source named by its title. It stays a valid framework file.
 */
export function redactFile(file: FrameworkFile): FrameworkFile {
  return {
    ...file,
    framework: {
      ...file.framework,
      notes: [],
      source: { ...file.framework.source, document: file.framework.source.title ?? file.framework.name },
    },
    scales: file.scales.map(({ source: _s, ...s }) => s),
    competencies: file.competencies.map((c) => ({
      ...c,
      levels: c.levels.map(({ source: _s, ...l }) => l),
      keySkills: c.keySkills.map((k) => ({ ...k, levels: k.levels.map(({ source: _s, ...l }) => l) })),
      provenance: [],
    })),
  };
}
