/**
 * Date-times as people read them: in their time zone, with the zone named
 * ("Tue 8 Dec 2026, 14:00 (Europe/Paris)"). Stored values stay UTC Dates; only display and the
 * datetime-local form field know about zones. Built on Intl (no date library).
 */

/** IANA zones this runtime knows; Intl's list omits the alias "UTC", which is the default. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];
const KNOWN = new Set(TIME_ZONES);

/**
 * A zone in Intl's list, or an IANA alias the runtime resolves (its list keeps some older canonical
 * names: Asia/Calcutta is listed, Asia/Kolkata is accepted). Offsets such as "+01:00" are refused.
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (KNOWN.has(value)) return true;
  if (!/^[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The organisation's zone (TIME_ZONE, default UTC), set once from the configuration by createApp.
 * It is process-wide like a locale: every app in a process serves one organisation.
 */
let organisationZone = 'UTC';
export function setOrganisationTimeZone(zone: string): void {
  if (!isTimeZone(zone)) throw new Error(`Unknown time zone: ${zone}`);
  organisationZone = zone;
}
export const organisationTimeZone = () => organisationZone;

/** The zone a person reads times in: their own if they chose one, else the organisation's. */
export function zoneFor(user?: object | null): string {
  const own = (user as { timeZone?: unknown } | null | undefined)?.timeZone;
  return own && isTimeZone(own) ? own : organisationZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: withTime ? 'short' : undefined,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

function parts(d: Date, zone: string, withTime: boolean): Record<string, string> {
  return Object.fromEntries(
    formatter(zone, withTime)
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
}

/**
 * Formatted texts by zone, kind and instant. Pages show the same stored instants again and again
 * (a reference's "sent" date on every visit to the references page), and Intl's formatToParts is
 * the dearest part of a date on a page; the text depends on nothing else, so it is kept. Emptied
 * when it grows past MAX_FORMATTED, which bounds the memory.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 5000;

function remembered(zone: string, kind: 'time' | 'day', d: Date, format: () => string): string {
  const key = `${kind}|${zone}|${d.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = format();
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** "Tue 8 Dec 2026, 14:00 (Europe/Paris)". */
export function formatTime(d: Date, zone: string): string {
  return remembered(zone, 'time', d, () => {
    const p = parts(d, zone, true);
    return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} (${zone})`;
  });
}

/** "8 Dec 2026": the calendar day in the zone (tables where the hour does not matter). */
export function formatDay(d: Date, zone: string): string {
  return remembered(zone, 'day', d, () => {
    const p = parts(d, zone, false);
    return `${p.day} ${p.month} ${p.year}`;
  });
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, zone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (ms - (ms % 1000));
}

/** `YYYY-MM-DDTHH:MM` as a datetime-local input sends it, seconds optional. */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export type LocalTimeResult =
  { ok: true; date: Date; ambiguous: boolean } | { ok: false; reason: 'malformed' | 'nonexistent' };

/**
 * Reads a wall-clock time in a zone as a UTC instant. A time skipped by a daylight-saving change
 * (02:30 on a spring-forward night) is refused as nonexistent; a time that happens twice (an
 * autumn fall-back) is read as the first of the two, the earlier instant, and flagged ambiguous.
 */
export function localTimeToUtc(value: string, zone: string): LocalTimeResult {
  const m = LOCAL.exec(value.trim());
  if (!m) return { ok: false, reason: 'malformed' };
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(naive);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    y < 1970
  )
    return { ok: false, reason: 'malformed' };
  // The offsets in force a day either side cover any change near this time.
  const offsets = new Set([offsetAt(naive - 86_400_000, zone), offsetAt(naive + 86_400_000, zone)]);
  const candidates = [...offsets]
    .map((o) => naive - o)
    .filter((t) => offsetAt(t, zone) === naive - t)
    .sort((a, b) => a - b);
  if (!candidates.length) return { ok: false, reason: 'nonexistent' };
  return { ok: true, date: new Date(candidates[0]), ambiguous: candidates.length > 1 };
}

/** An instant as a datetime-local value in a zone (to refill the form). */
export function utcToLocalInput(d: Date, zone: string): string {
  const w = wallClock(d.getTime(), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}
