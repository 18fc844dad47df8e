/**
 * An interview's location is free text: a room, an address or a video-call link. Only a whole
 * http(s) URL becomes a link (views/partials/location.ejs); anything else stays text, so a
 * "javascript:" or "Room 4, see https://..." is never turned into a link.
 */
export function isMeetingLink(location: string | null | undefined): location is string {
  const value = location?.trim();
  if (!value || /\s/.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
  } catch {
    return false;
  }
}
