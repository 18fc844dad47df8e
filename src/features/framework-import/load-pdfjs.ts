/**
 * pdf.js, loaded on the first PDF import rather than when the app starts, with the process's own
 * JSON and Array.prototype.push put back afterwards.
 *
 * Why: the legacy Node build of pdf.js bundles core-js, which replaces `JSON.stringify`,
 * `JSON.parse` and `Array.prototype.push` for the whole process with JavaScript versions (for
 * features Node 20 lacks: `JSON.rawJSON`, parse-with-source, a length edge case). Measured here:
 * stringify 8x, parse 2.5x and push 27x slower, in every request, the driver, bson and the engine
 * (a few percent of bench:live's CPU under pdf.mjs alone). pdf.js does not use those features, so
 * the natives are restored once both of its modules (the API and the in-process "fake worker",
 * which bundles core-js again) are loaded. Additions core-js makes (Promise.withResolvers, Set
 * methods...) replace nothing and are left.
 */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<PdfJs> | undefined;

async function load(): Promise<PdfJs> {
  const natives = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
  try {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Loading the worker now (it sets globalThis.pdfjsWorker, which pdf.js then uses in-process)
    // keeps its second copy of core-js from patching the natives again on the first document.
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return pdfjs;
  } finally {
    JSON.stringify = natives.stringify;
    JSON.parse = natives.parse;
    Array.prototype.push = natives.push;
  }
}

/** pdf.js, loaded once per process on first use. */
export function loadPdfjs(): Promise<PdfJs> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}
