import assert from 'node:assert/strict';
import ejs from 'ejs';
import { timeZoneOptionsHtml } from '../../src/features/account/time-zone-options.js';
import { setOrganisationTimeZone, TIME_ZONES } from '../../src/lib/format-time.js';

/** The options as the template wrote them before they were cached, one escaped zone at a time. */
const EARLIER_TEMPLATE = `
<option value=""<% if (!current) { %> selected<% } %>>The organisation’s zone (<%= organisationZone %>)</option>
<% zones.forEach(function (z) { %>
  <option value="<%= z %>"<% if (current === z) { %> selected<% } %>><%= z.replace(/_/g, ' ') %></option>
<% }) %>`;

const options = (html: string) => html.match(/<option[^>]*>[^<]*<\/option>/g) ?? [];
const selected = (html: string) => options(html).filter((o) => o.includes(' selected>'));

describe('time-zone options: built once, the chosen one marked', () => {
  after(() => setOrganisationTimeZone('UTC'));

  it('when a zone, the organisation’s or none of the list is current, then the options are those the template rendered, the same one selected', () => {
    setOrganisationTimeZone('Asia/Tokyo');
    for (const current of [
      '',
      'Europe/Oslo',
      'America/Argentina/Buenos_Aires',
      'Asia/Kolkata',
      TIME_ZONES.at(-1)!,
    ]) {
      const earlier = ejs.render(EARLIER_TEMPLATE, {
        current,
        zones: TIME_ZONES,
        organisationZone: 'Asia/Tokyo',
      });
      const now = timeZoneOptionsHtml(current);
      assert.deepEqual(options(now), options(earlier), current);
      assert.equal(options(now).length, TIME_ZONES.length + 1);
    }
    assert.deepEqual(selected(timeZoneOptionsHtml('Europe/Oslo')), [
      '<option value="Europe/Oslo" selected>Europe/Oslo</option>',
    ]);
    assert.deepEqual(selected(timeZoneOptionsHtml('')), [
      '<option value="" selected>The organisation’s zone (Asia/Tokyo)</option>',
    ]);
    assert.deepEqual(selected(timeZoneOptionsHtml('Asia/Kolkata')), [], 'an accepted alias outside the list');
    assert.deepEqual(selected(timeZoneOptionsHtml('"><script>')), []);
  });

  it('when the organisation’s zone changes, then the first option names the new one', () => {
    setOrganisationTimeZone('Europe/Paris');
    assert.ok(timeZoneOptionsHtml('').includes('The organisation’s zone (Europe/Paris)'));
    setOrganisationTimeZone('America/Chicago');
    assert.ok(timeZoneOptionsHtml('').includes('The organisation’s zone (America/Chicago)'));
    assert.ok(!timeZoneOptionsHtml('').includes('Europe/Paris)'));
  });
});
