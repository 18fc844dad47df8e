/** The theme matcher on competencies written for this test (not the seeds): ranked, explainable, with a threshold. */
import assert from 'node:assert/strict';
import type { CompetencyLike } from '../../src/features/generators/index.js';
import { INVENTED } from './scenarios-fixtures.js';
import {
  MATCH_THRESHOLD,
  matchThemes,
  situationalUnavailableReason,
} from '../../src/features/generators/scenarios/match.js';

describe('scenario theme matcher', () => {
  const top = (c: CompetencyLike) => matchThemes(c)[0]?.key;

  it('when competencies of different kinds are matched, then each gets the theme it is about first', () => {
    assert.equal(top(INVENTED.safety), 'safety');
    assert.equal(top(INVENTED.writing), 'written-communication');
    assert.equal(top(INVENTED.money), 'stewardship');
    assert.equal(top(INVENTED.coaching), 'coaching');
    assert.equal(top(INVENTED.disputes), 'conflict');
  });

  it('when a theme matches, then the match says which words of the competency hit, with a score above the threshold', () => {
    const [safety] = matchThemes(INVENTED.safety);
    assert.ok(safety.matched.includes('safety'), safety.matched.join(', '));
    assert.ok(safety.matched.includes('hazards'), safety.matched.join(', '));
    assert.ok(safety.score >= MATCH_THRESHOLD);
    assert.equal(safety.label, 'Safety');
    for (const m of matchThemes(INVENTED.writing)) assert.ok(m.score >= MATCH_THRESHOLD && m.matched.length);
  });

  it('when the matches are ranked, then the scores fall and the name and definition outweigh a passing mention', () => {
    const ranked = matchThemes(INVENTED.safety);
    for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].score >= ranked[i].score);
    // "customers" in one indicator is a passing mention; the name and definition are about safety.
    const customer = ranked.find((m) => m.key === 'customer-service');
    assert.ok(!customer || customer.score < ranked[0].score / 2);
  });

  it('when a competency matches no theme, then it gets none and a reason the page can show', () => {
    assert.deepEqual(matchThemes(INVENTED.tuning), []);
    const reason = situationalUnavailableReason(INVENTED.tuning);
    assert.match(reason!, /musical instrument tuning/);
    assert.match(reason!, /match none of the scenario library's themes/);
    assert.equal(situationalUnavailableReason(INVENTED.safety), undefined);
  });

  it('when only the name is known, then the name alone can match', () => {
    assert.equal(top({ key: 'n1', name: 'Negotiation' }), 'negotiation');
    assert.equal(top({ key: 'n2', name: 'Attention to Detail' }), 'accuracy');
    assert.deepEqual(matchThemes({ key: 'n3', name: 'Passion' }), []);
  });
});
