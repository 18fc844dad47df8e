/**
 * The in-process event bus behind the live panel pages (Server-Sent Events). Each interview has a
 * bounded buffer of recent events so a client that reconnects with `Last-Event-ID` gets what it
 * missed; when the buffer no longer reaches back that far (or the server restarted), the client is
 * told to reload instead.
 *
 * Events never carry a rating or note to anyone who may not see it: `to` restricts an event to
 * named users (a panelist's own saves), and progress events carry flags, not values.
 */
import { EventEmitter } from 'node:events';
import crypto from 'node:crypto';

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
] as const;
export type PanelEventType = (typeof PANEL_EVENT_TYPES)[number];

export interface PanelEvent {
  /** `<epoch>-<sequence>`: the SSE id. */
  id: string;
  seq: number;
  interview: string;
  type: PanelEventType;
  data: Record<string, unknown>;
  /** When set, only these user ids receive the event. */
  to?: string[];
}

export const BUFFER_PER_INTERVIEW = 500;
const MAX_INTERVIEWS = 2000;

export class PanelEventBus {
  /** Changes at every start, so ids from before a restart are recognised as such. */
  readonly epoch = crypto.randomBytes(4).toString('hex');
  private seq = 0;
  private readonly emitter = new EventEmitter();
  private readonly buffers = new Map<string, { events: PanelEvent[]; evictedUpTo: number }>();
  /**
   * The newest sequence number among buffers forgotten to bound memory: an interview without a
   * buffer can resume only from an id at least this new.
   */
  private forgotten = 0;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(
    interview: string,
    type: PanelEventType,
    data: Record<string, unknown> = {},
    options: { to?: string[] } = {},
  ): PanelEvent {
    const seq = ++this.seq;
    const event: PanelEvent = { id: `${this.epoch}-${seq}`, seq, interview, type, data };
    if (options.to) event.to = options.to.map(String);
    let buffer = this.buffers.get(interview);
    if (!buffer) {
      if (this.buffers.size >= MAX_INTERVIEWS) {
        const [oldest, dropped] = this.buffers.entries().next().value!;
        this.forgotten = Math.max(this.forgotten, dropped.events.at(-1)?.seq ?? 0, dropped.evictedUpTo);
        this.buffers.delete(oldest);
      }
      buffer = { events: [], evictedUpTo: 0 };
    } else this.buffers.delete(interview); // re-inserted below: most recently used last
    this.buffers.set(interview, buffer);
    buffer.events.push(event);
    if (buffer.events.length > BUFFER_PER_INTERVIEW) buffer.evictedUpTo = buffer.events.shift()!.seq;
    this.emitter.emit(interview, event);
    return event;
  }

  /** Calls `listener` for every new event of the interview until the returned function is called. */
  subscribe(interview: string, listener: (event: PanelEvent) => void): () => void {
    this.emitter.on(interview, listener);
    return () => this.emitter.off(interview, listener);
  }

  /**
   * The interview's events after `lastEventId`, or `null` when they cannot all be given (an id from
   * before a restart, or older than the buffer): the client must then reload what it shows.
   */
  since(interview: string, lastEventId: string): PanelEvent[] | null {
    const m = /^([0-9a-f]{8})-(\d+)$/.exec(lastEventId.trim());
    if (!m || m[1] !== this.epoch) return null;
    const last = Number(m[2]);
    if (last > this.seq) return null;
    const buffer = this.buffers.get(interview);
    if (!buffer) return last >= this.forgotten ? [] : null;
    if (last < buffer.evictedUpTo) return null;
    return buffer.events.filter((e) => e.seq > last);
  }

  /** Subscribers of an interview (tests and benchmarks). */
  listenerCount(interview: string) {
    return this.emitter.listenerCount(interview);
  }
}

/** Whether `userId` may receive `event` (assuming they may watch the interview at all). */
export const deliverableTo = (event: PanelEvent, userId: string) => !event.to || event.to.includes(userId);

/** The process's bus. */
export const panelEvents = new PanelEventBus();
