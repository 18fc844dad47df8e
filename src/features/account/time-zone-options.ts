/**
 * The <option>s of the time-zone select (views/account/time-zone-form.ejs): some 430 zones, which
 * the template used to escape and write out one by one on every render of the account page (a
 * tenth of that page's CPU). They never change while the process runs, so their HTML is built once
 * per organisation zone, escaped exactly as `<%= %>` escapes, and a render only splices
 * ` selected` into the chosen option.
 */
import ejs from 'ejs';
import { organisationTimeZone, TIME_ZONES } from '../../lib/format-time.js';

interface BuiltOptions {
  organisationZone: string;
  html: string;
  /** Zone ('' for the organisation's) -> where ` selected` goes in html: after its value="...". */
  selectAt: Map<string, number>;
}

let built: BuiltOptions | undefined;

function build(organisationZone: string): BuiltOptions {
  const selectAt = new Map<string, number>();
  let html = '';
  const add = (value: string, label: string) => {
    const open = `<option value="${ejs.escapeXML(value)}"`;
    selectAt.set(value, html.length + open.length);
    html += `${open}>${ejs.escapeXML(label)}</option>\n`;
  };
  add('', `The organisation’s zone (${organisationZone})`);
  for (const zone of TIME_ZONES) add(zone, zone.replace(/_/g, ' '));
  return { organisationZone, html, selectAt };
}

/**
 * The options as HTML, with `current` selected ('' selects the organisation's zone; a zone outside
 * the list selects none, and the browser shows the first).
 */
export function timeZoneOptionsHtml(current: string): string {
  const zone = organisationTimeZone();
  if (built?.organisationZone !== zone) built = build(zone);
  const at = built.selectAt.get(current);
  if (at === undefined) return built.html;
  return `${built.html.slice(0, at)} selected${built.html.slice(at)}`;
}
