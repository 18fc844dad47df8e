/**
 * The linguistic layer of the generators.
 *
 * Exports:
 * - analyzeStatement(text): StatementAnalysis — shape, form and verb clause of each part
 * - renderStatement(text | analysis, target, person?): Rendering — { ok, text } or { ok: false, reason }
 * - renderOrUndefined(...): string | undefined — the same, for template choosers
 * - normalizeStatement(text), unslash(text) — the rewrites applied before analysis
 * - tidyText(text) — slash-joined words and double spaces in verbatim source text
 * Types: PartForm, StatementShape, StatementPart, StatementAnalysis, RenderTarget, Rendering.
 */
export * from './analysis.js';
export * from './normalize.js';
export * from './render.js';
export { tidyText } from './tidy.js';
