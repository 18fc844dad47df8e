import type { Draft } from '../../src/features/framework-import/draft.types.js';

/** The draft without what differs by format (line numbers, the document's file name). */
export function summary(draft: Draft): Record<string, unknown> {
  // Through JSON, as the API sends it: fields left undefined are absent.
  return JSON.parse(
    JSON.stringify({
      framework: draft.framework.name,
      scales: draft.scales,
      competencies: draft.competencies.map(({ provenance: _p, ...c }) => c),
      positionTemplates: draft.positionTemplates,
    }),
  ) as Record<string, unknown>;
}
