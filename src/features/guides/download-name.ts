/** A safe file name for a guide download: letters, digits and dashes only. */
export function docxFilename(title: string, version: number): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 80);
  return `${base || 'interview-guide'}-guide-v${version}.docx`;
}
