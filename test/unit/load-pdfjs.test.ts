import assert from 'node:assert/strict';
import { extractPdf } from '../../src/features/framework-import/extract-pdf.js';

/** One page with one line of text in a standard font (pdf.js rebuilds the missing xref table). */
const TEXT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R' +
    '/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
    '4 0 obj<</Length 44>>stream\nBT /F1 14 Tf 20 100 Td (Acts with integrity) Tj ET\nendstream endobj\n' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

describe('pdf.js loading (load-pdfjs.ts)', () => {
  it('when a PDF is read, then its text comes out and JSON and Array.prototype.push are still the natives', async () => {
    const natives = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
    const text = await extractPdf(TEXT_PDF);
    assert.match(text, /Acts with integrity/);
    // pdf.js's bundled core-js replaces these with slow JavaScript versions; they must be back.
    assert.equal(JSON.stringify, natives.stringify);
    assert.equal(JSON.parse, natives.parse);
    assert.equal(Array.prototype.push, natives.push);
    assert.match(JSON.stringify.toString(), /\[native code\]/);
    assert.match(Array.prototype.push.toString(), /\[native code\]/);
  });
});
