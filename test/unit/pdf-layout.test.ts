/**
 * PDF layout rebuilt from positioned text items (what pdf.js gives for any PDF, not only
 * Chromium's): table rows from column positions, headings from type size, bold runs, bullet
 * glyphs and indentation as list items, paragraph gaps, typesetter wraps, page furniture.
 */
import assert from 'node:assert/strict';
import { dropPageFurniture } from '../../src/features/framework-import/extract-pdf.js';
import { layoutPages, type PdfItem } from '../../src/features/framework-import/pdf-layout.js';

/** An item of `text` at (x, y) whose width is half the size per character, as in a proportional face. */
const item = (text: string, x: number, y: number, size = 10, bold = false): PdfItem => ({
  text,
  x,
  y,
  end: x + text.length * size * 0.5,
  size,
  bold,
});

describe('PDF layout from positioned text items', () => {
  it('when a table cell wraps onto a second line, then the row is rebuilt with the cell whole and tab columns', () => {
    const [lines] = layoutPages([
      [
        item('Some body text that sets the margin.', 50, 700),
        item('Competency', 55, 670),
        item('Definition', 200, 670),
        item('Band B', 420, 670),
        item('Safety', 55, 650),
        item('Recognises hazards and acts to', 200, 650),
        item('remove them.', 200, 638),
        item('2', 420, 650),
        item('Other column only', 200, 618),
        item('3', 420, 618),
      ],
    ]);
    assert.deepEqual(lines, [
      'Some body text that sets the margin.',
      '',
      'Competency\tDefinition\tBand B',
      'Safety\tRecognises hazards and acts to remove them.\t2',
      '\tOther column only\t3',
    ]);
  });

  it('when type is larger, bold or behind a bullet glyph, then it reads as a heading, a bold run and nested items', () => {
    const [lines] = layoutPages([
      [
        item('Digital Delivery', 50, 760, 20, true),
        item('Data Quality:', 50, 720, 10, true),
        item(' Judges whether data is fit for its purpose.', 115, 720),
        item('• Notices missing records.', 50, 708),
        item('◦ Counts them by source.', 70, 696),
        item('Checks sources before use.', 80, 684),
      ],
    ]);
    assert.deepEqual(lines, [
      '# Digital Delivery',
      '',
      '**Data Quality:** Judges whether data is fit for its purpose.',
      '- Notices missing records.',
      '- Counts them by source.',
      '  - Checks sources before use.',
    ]);
  });

  it('when a long line reaches the right margin, then the next line is joined to it; a short one is not', () => {
    const long = 'Applies codes and standards to site conditions and reaches conclusions that hold';
    const [lines] = layoutPages([
      [
        item(long, 50, 700),
        item('Up when reviewed by a senior inspector.', 50, 688),
        item('A short line.', 50, 676),
        item('Another short line.', 50, 664),
      ],
    ]);
    assert.deepEqual(lines, [
      `${long} Up when reviewed by a senior inspector.`,
      'A short line.',
      'Another short line.',
    ]);
  });

  it('when a header and page numbers repeat on every page, then they are dropped and numbered content is kept', () => {
    const pages = [1, 2, 3].map((n) => [
      'Harbour Authority Competency Guide',
      `Level ${n}: Awareness`,
      `Competency ${n} holds its own text.`,
      `${n} | Harbour Authority`,
      `Page ${n} of 3`,
    ]);
    const lines = dropPageFurniture(pages).filter(Boolean);
    assert.deepEqual(lines, [
      'Level 1: Awareness',
      'Competency 1 holds its own text.',
      'Level 2: Awareness',
      'Competency 2 holds its own text.',
      'Level 3: Awareness',
      'Competency 3 holds its own text.',
    ]);
  });

  it('when a sentence runs on into the next page, then no paragraph break comes between the pages', () => {
    const lines = dropPageFurniture([
      ['Writes reports that are accurate and', 'Page 1 of 2'],
      ['complete for owners.', 'Next Competency', 'Page 2 of 2'],
    ]);
    assert.deepEqual(lines, [
      'Writes reports that are accurate and',
      'complete for owners.',
      'Next Competency',
      '',
    ]);
  });

  it('when a one-page document has a small running header and a heading that wraps, then the header goes and the heading is one line', () => {
    const [lines] = layoutPages([
      [
        item('Competency Guide', 120, 800, 6),
        item('Harbour Authority Core', 50, 760, 20, true),
        item('Competencies', 50, 736, 20, true),
        item('The table lists each competency with the level', 50, 700),
        item('each band needs.', 50, 688),
        item('3', 150, 20, 6),
      ],
    ]);
    assert.deepEqual(lines, [
      '# Harbour Authority Core Competencies',
      '',
      'The table lists each competency with the level',
      'each band needs.',
    ]);
  });

  it('when the same items come twice, then the same lines come out', () => {
    const items = [
      item('Title', 50, 760, 18),
      item('Body text.', 50, 730),
      item('Cell', 60, 700),
      item('Other', 200, 700),
    ];
    assert.deepEqual(
      layoutPages([items.map((i) => ({ ...i }))]),
      layoutPages([items.map((i) => ({ ...i }))]),
    );
  });
});
