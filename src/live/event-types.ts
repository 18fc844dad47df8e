/**
 * The live panel events: their types, and what each carries. Published by scoring, consensus and
 * panel changes, streamed by the panel's SSE endpoint (see event-bus.ts).
 */
export const PANEL_EVENT_TYPES = [
  /** A panelist's section changed: `{ panelist, section, rated, noted }` (no values). */
  'progress',
  /** This user's own save (to them only): `{ section, value, note, rev }`. */
  'saved',
  /** A panelist submitted: `{ panelist }`. */
  'submitted',
  /** Everyone has submitted: the values are now visible to the panel and the managers. */
  'revealed',
  /** A submitted rating changed in the consensus step: `{ panelist, section, from, to }`. */
  'rating-changed',
  /** The chair recorded a consensus rating: `{ section, value }`. */
  'consensus',
  /** The chair recorded the overall recommendation: `{ value }`. */
  'recommendation',
  /** A panelist signed off, or sign-offs were cleared by a change: `{ panelist, signedOff }`. */
  'signoff',
  /** Every panelist signed off: the interview is complete and locked. */
  'completed',
  /** The interview was cancelled. */
  'cancelled',
  /** The manager replaced or removed a panelist: `{ left, joined }` (user ids; joined may be null). */
  'panel-changed',
  /**
   * A change of some users' access (access-fences.ts): `{ users, token, phase }`, on the bus's
   * `access` channel, never sent to a browser.
   */
  'access',
] as const;
export type PanelEventType = (typeof PANEL_EVENT_TYPES)[number];

export interface PanelEvent {
  /** `<epoch>-<sequence>`: the SSE id (the epoch is the database's, the sequence database-wide). */
  id: string;
  seq: number;
  interview: string;
  type: PanelEventType;
  data: Record<string, unknown>;
  /** When set, only these user ids receive the event. */
  to?: string[];
}
