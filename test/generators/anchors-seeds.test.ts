import assert from 'node:assert/strict';
import { generate, levelOptions } from '../../src/features/generators/index.js';
import { guideCoverage, modelTexts } from './anchors-coverage.js';
import { seedCompetencies } from './seed-library.js';

describe('rating guides on the seed library: content from the model', () => {
  it('when every behavioral guide of the seed library is measured, then at least 90% of its lines carry content from the model wherever the model has any', () => {
    let lines = 0;
    let withContent = 0;
    let nameOnlyLines = 0;
    for (const { competency, proficiencyScale } of seedCompetencies()) {
      for (const { value } of levelOptions(competency, proficiencyScale)) {
        const items = generate({ competency, level: value, proficiencyScale, kinds: ['behavioral'] });
        const r = guideCoverage(competency, items);
        // A competency that is only a name (five of the seeds' core values) has nothing to cite.
        if (!modelTexts(competency).length) nameOnlyLines += r.lines;
        else {
          lines += r.lines;
          withContent += r.withContent;
        }
      }
    }
    const share = withContent / lines;
    console.log(
      `      rating-guide lines with model content: ${withContent}/${lines} = ${(100 * share).toFixed(1)}%` +
        ` (plus ${nameOnlyLines} lines of name-only competencies; ${(100 * (withContent / (lines + nameOnlyLines))).toFixed(1)}% of all)`,
    );
    assert.ok(share >= 0.9, `${(100 * share).toFixed(1)}%`);
  });
});
