// pdf.js ships no types for its worker module; load-pdfjs.ts only imports it for its side effect
// (setting globalThis.pdfjsWorker).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
