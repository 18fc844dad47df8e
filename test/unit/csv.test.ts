import assert from 'node:assert/strict';
import { CsvSyntaxError, parseCsv } from '../../src/features/candidates/csv.js';

describe('parseCsv', () => {
  it('when fields are quoted, then commas, doubled quotes and line breaks stay in the field and lines are counted', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","multi\nline"\n\n  \nlast,,';
    assert.deepEqual(parseCsv(text), [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'multi\nline'] },
      { line: 6, fields: ['last', '', ''] },
    ]);
  });

  it('when a quote is not closed or text follows a closing quote, then a syntax error names the line', () => {
    assert.throws(
      () => parseCsv('a\n"open'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 2,
    );
    assert.throws(
      () => parseCsv('a\n\n"x"y'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 3,
    );
  });

  it('when a field is an empty quoted string, then it is kept as an empty field', () => {
    assert.deepEqual(parseCsv('""'), [{ line: 1, fields: [''] }]);
    assert.deepEqual(parseCsv('a,""\n'), [{ line: 1, fields: ['a', ''] }]);
  });
});
