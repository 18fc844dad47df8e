/**
 * The scoring page with the keyboard alone: from the top of the page, Tab moves through it, the
 * arrow keys choose each rating, the notes are typed, Space opens a rating guide and presses
 * "Submit my ratings", then confirms. No mouse, no clicks. Every focused control shows a visible focus ring.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { scheduleScoredInterview } from '../helpers/scoring-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';

// Only used inside page.evaluate callbacks, which run in the browser.
declare const document: any;
declare const window: { innerHeight: number };
declare const getComputedStyle: (el: unknown) => { outlineStyle: string; outlineWidth: string };

interface Focused {
  tag: string;
  type: string;
  text: string;
  /** Index of the scoring section holding the element, or -1. */
  section: number;
  value: string;
  checked: boolean;
  groupChecked: boolean;
  open: boolean;
  outline: boolean;
  /** Whether the focused element is entirely hidden (under the sticky action bar) or off screen. */
  obscured: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement;
    const sections = [...document.querySelectorAll('#scoring-form section.score-section')];
    const section = sections.findIndex((s: any) => s.contains(el));
    const style = getComputedStyle(el);
    // WCAG 2.4.11: not entirely hidden. Probe its top, middle and bottom inside the viewport.
    const box = el.getBoundingClientRect();
    const ys = [box.top + 2, box.top + box.height / 2, box.bottom - 2].filter(
      (y) => y >= 0 && y < window.innerHeight,
    );
    // (No named helper functions in here: tsx would wrap them in a __name() the page lacks.)
    const visible = ys.some((y) => {
      const hit = document.elementFromPoint(box.left + box.width / 2, y);
      return !!hit && (hit === el || el.contains(hit) || (hit.tagName === 'LABEL' && hit.control === el));
    });
    const obscured = el.tagName !== 'BODY' && box.width > 0 && !visible;
    return {
      tag: el.tagName.toLowerCase(),
      type: el.type || '',
      text: (el.textContent || '').trim().slice(0, 80),
      section,
      value: el.value ?? '',
      checked: !!el.checked,
      groupChecked: el.type === 'radio' && !!document.querySelector(`input[name="${el.name}"]:checked`),
      open: el.tagName === 'SUMMARY' ? !!el.parentElement.open : false,
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      obscured,
    };
  });

describeE2E('Browser: the scoring page with the keyboard alone', function () {
  this.timeout(240_000);
  const e = useE2E();

  it('when a panelist uses only Tab, the arrow keys, Space and typing, then every competency is rated and noted and the ratings are submitted', async () => {
    const s = await scheduleScoredInterview(e.t.app, { panelists: 2, competencies: 4 });
    const panelist = s.panel[1].user;
    const page = await (await e.person()).newPage();
    await signIn(page, panelist.email);
    await page.goto(`/interviews/${s.interviewId}/score`);
    await audit(page, 'keyboard-01-scoring-page', { shot: false });

    const wanted = [3, 4, 2, 5];
    const note = (i: number) =>
      `Keyboard note ${i + 1}: the situation, the action and the result, in the candidate's words.`;
    const rated = new Set<number>();
    const noted = new Set<number>();
    let openedGuide = false;
    let submitted = false;
    const noRing: string[] = [];
    const hidden: string[] = [];

    await page.keyboard.press('Tab');
    const first = await focused(page);
    assert.equal(first.text, 'Skip to main content', 'the first Tab reaches the skip link');

    for (let presses = 0; presses < 300 && !submitted; presses++) {
      const f = await focused(page);
      if (!f.outline) noRing.push(`${f.tag} ${f.type} “${f.text}”`);
      if (f.obscured) hidden.push(`${f.tag} ${f.type} “${f.text}”`);
      if (f.tag === 'summary' && f.section === 0 && !openedGuide) {
        // Space opens a question's rating guide.
        await page.keyboard.press('Space');
        await page.waitForFunction(() => document.activeElement.parentElement.open === true);
        openedGuide = true;
      } else if (f.type === 'radio' && f.section >= 0 && !rated.has(f.section)) {
        // A group with nothing chosen: Space picks the focused first point, arrows move to the rating.
        assert.equal(f.groupChecked, false);
        await page.keyboard.press('Space');
        for (let v = Number((await focused(page)).value); v < wanted[f.section]; v++)
          await page.keyboard.press('ArrowRight');
        const now = await focused(page);
        assert.equal(now.value, String(wanted[f.section]));
        assert.equal(now.checked, true);
        rated.add(f.section);
      } else if (f.tag === 'textarea' && f.section >= 0 && !noted.has(f.section)) {
        await page.keyboard.type(note(f.section));
        noted.add(f.section);
      } else if (f.tag === 'button' && f.text === 'Submit my ratings') {
        assert.equal(rated.size, 4, 'every competency rated before reaching Submit');
        assert.equal(noted.size, 4, 'every competency noted before reaching Submit');
        await Promise.all([page.waitForEvent('load'), page.keyboard.press('Space')]);
        submitted = true;
        break;
      }
      await page.keyboard.press('Tab');
    }

    // Submitting locks the ratings, so a confirmation page asks first: Tab to its button, Space.
    await page.getByRole('heading', { level: 1, name: 'Submit and lock your ratings?' }).waitFor();
    await audit(page, 'keyboard-01b-confirm');
    let confirmed = false;
    for (let presses = 0; presses < 40 && !confirmed; presses++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (!f.outline) noRing.push(`${f.tag} ${f.type} “${f.text}”`);
      if (f.tag === 'button' && f.text === 'Yes, submit and lock my ratings') {
        await Promise.all([page.waitForEvent('load'), page.keyboard.press('Space')]);
        confirmed = true;
      }
    }
    assert.equal(confirmed, true, 'Tab reached “Yes, submit and lock my ratings”');

    // Assert: submitted, with what was typed; focus was visible all the way.
    assert.equal(submitted, true, 'Tab reached “Submit my ratings”');
    assert.equal(openedGuide, true, 'a rating guide opened with Space');
    assert.deepEqual(noRing, [], 'every focused element shows a focus ring');
    assert.deepEqual(hidden, [], 'no focused element is hidden behind the sticky action bar');
    await page.locator('#scoring-done').waitFor();
    const shown = page.locator('section.score-readonly');
    assert.equal(await shown.count(), 4);
    for (let i = 0; i < 4; i++) {
      const text = (await shown.nth(i).textContent())!;
      assert.match(text, new RegExp(`Your rating\\s*${wanted[i]} `));
      assert.ok(text.includes(note(i)), `the note of competency ${i + 1} was saved`);
    }
    await audit(page, 'keyboard-02-submitted');
  });
});
