import assert from 'node:assert/strict';
import { parseCsv } from '../../src/features/candidates/csv.js';
import { csvCell, csvFilename, toCsv } from '../../src/features/results/csv.js';

describe('results CSV writing', () => {
  it('when a cell holds a comma, a quote or a line break, then it is double-quoted with quotes doubled', () => {
    assert.equal(csvCell('plain text'), 'plain text');
    assert.equal(csvCell('a, b'), '"a, b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\r\nlf'), '"cr\r\nlf"');
  });

  it('when text starts like a formula, then an apostrophe keeps it text; numbers stay numbers', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+44 20'), "'+44 20");
    assert.equal(csvCell('-x'), "'-x");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), '"\'\rx"');
    assert.equal(csvCell('=HYPERLINK("u","t")'), '"\'=HYPERLINK(""u"",""t"")"');
    assert.equal(csvCell('a=b'), 'a=b');
    assert.equal(csvCell(-1.5), '-1.5');
    assert.equal(csvCell(4), '4');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(Number.NaN), '');
  });

  it('when rows are written, then a BOM leads, lines end in CRLF and the reader gets the same fields back', () => {
    const rows = [
      ['name', 'note', 'n'],
      ['Zoë', 'x, "y"\nz', 3],
      ['=evil', '', null],
    ];
    const text = toCsv(rows);
    assert.ok(text.startsWith('\uFEFFname,note,n\r\n'));
    assert.ok(text.endsWith('\r\n'));
    assert.deepEqual(
      parseCsv(text).map((r) => r.fields),
      [
        ['name', 'note', 'n'],
        ['Zoë', 'x, "y"\nz', '3'],
        ["'=evil", '', ''],
      ],
    );
  });

  it('when a title has accents, punctuation or header-breaking characters, then the file name keeps letters, digits and dashes', () => {
    const at = new Date('2026-03-04T10:00:00Z');
    assert.equal(csvFilename('Permit Technician', at), 'ratings-permit-technician-2026-03-04.csv');
    assert.equal(
      csvFilename('Ingénieur "Lead"; <R&D>\r\nX-Evil: 1', at),
      'ratings-ingenieur-lead-rd-x-evil-1-2026-03-04.csv',
    );
    assert.equal(csvFilename('日本語', at), 'ratings-position-2026-03-04.csv');
    assert.ok(csvFilename('a'.repeat(300), at).length < 90);
  });
});
