/**
 * The Word download of a guide version (HR offices pass .docx files around): a title page with
 * the position, the rating scale and the panel instructions, then one section per competency
 * with its questions, probes, rating guide and lined space for notes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { GuideDocQuestion, GuideDocSection, GuideDocument } from './guide-document.js';

const p = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new Paragraph({
    children: [new TextRun({ text, bold: options.bold, italics: options.italics, size: options.size })],
    spacing: { after: 120 },
  });

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });

const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });

function cell(text: string, bold = false, width?: number): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
    ...(width ? { width: { size: width, type: WidthType.PERCENTAGE } } : {}),
  });
}

function table(header: string[], rows: string[][], widths: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, widths[i])) }),
      ...rows.map((r) => new TableRow({ children: r.map((t, i) => cell(t, false, widths[i])) })),
    ],
  });
}

/** Lines to write notes on (the guidance: notes must justify each rating). */
function noteLines(count: number): Paragraph[] {
  return Array.from(
    { length: count },
    () =>
      new Paragraph({
        text: '',
        border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '999999', space: 8 } },
        spacing: { after: 240 },
      }),
  );
}

const KIND_LABELS: Record<string, string> = {
  behavioral: 'Behavioral question (past behavior)',
  situational: 'Situational question (what would you do?)',
  qualification: 'Qualification',
  reference: 'Reference question',
};

function question(q: GuideDocQuestion, n: number): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    p(`${n}. ${KIND_LABELS[q.kind] ?? q.kind}`, { italics: true, size: 20 }),
    p(q.text, { bold: true }),
  ];
  if (q.probes) {
    for (const [label, items] of [
      ['Situation', q.probes.situation],
      ['Action', q.probes.action],
      ['Result', q.probes.result],
    ] as const) {
      if (!items.length) continue;
      out.push(p(`Probes: ${label}`, { italics: true }));
      out.push(...items.map(bullet));
    }
  }
  if (q.sampleAnswers) {
    out.push(
      table(
        ['Answer', 'Example'],
        [
          ['Weak', q.sampleAnswers.weak],
          ['Acceptable', q.sampleAnswers.acceptable],
          ['Strong', q.sampleAnswers.strong],
        ],
        [20, 80],
      ),
    );
  }
  if (q.ratingGuide?.length) {
    out.push(p('Rating guide', { italics: true }));
    out.push(
      table(
        ['Rating', 'What the answer shows'],
        q.ratingGuide.map((g) => [`${g.value} ${g.label}`, g.description]),
        [20, 80],
      ),
    );
  }
  out.push(p('Notes (justify your rating):', { italics: true }), ...noteLines(4));
  out.push(p('Your rating: ______   (rate independently before any discussion)'));
  return out;
}

function section(s: GuideDocSection, index: number): (Paragraph | Table)[] {
  const facts = [
    s.level ? `Required level: ${s.level}` : '',
    s.requirement ? (s.requirement === 'required' ? 'Required competency' : 'Desired competency') : '',
    `Weight: ${s.weight}${s.weightReason ? ` (reason: ${s.weightReason})` : ''}`,
    s.minutes ? `Time: ${s.minutes} minutes` : '',
  ].filter(Boolean);
  let n = 0;
  return [
    ...(index > 0 ? [new Paragraph({ children: [new PageBreak()] })] : []),
    heading(`${index + 1}. ${s.competencyName}`, HeadingLevel.HEADING_1),
    ...(s.definition ? [p(s.definition, { italics: true })] : []),
    p(facts.join(' · ')),
    ...s.questions.flatMap((q) => question(q, ++n)),
    p('Competency rating (after all questions): ______'),
  ];
}

export async function guideToDocx(doc: GuideDocument): Promise<Buffer> {
  const title = `Interview guide: ${doc.positionTitle}`;
  const subtitle = [
    doc.classCode ? `Class code ${doc.classCode}` : '',
    doc.department ?? '',
    doc.organization ?? '',
    `Version ${doc.version}`,
    doc.publishedAt ? `published ${doc.publishedAt.toISOString().slice(0, 10)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const document = new Document({
    creator: 'Competency Interview Toolkit',
    title,
    description: `Structured interview guide, version ${doc.version}`,
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT }),
          p(subtitle),
          p('Candidate: ______________________   Panelist: ______________________   Date: ____________'),
          heading('Panel instructions', HeadingLevel.HEADING_2),
          ...doc.panelInstructions.map(bullet),
          heading(`Rating scale: ${doc.ratingScale.name}`, HeadingLevel.HEADING_2),
          table(
            ['Rating', 'Meaning'],
            doc.ratingScale.points.map((pt) => [`${pt.value} ${pt.label}`, pt.description ?? '']),
            [20, 80],
          ),
          heading('Competencies', HeadingLevel.HEADING_2),
          ...doc.sections.map((s, i) =>
            bullet(
              `${i + 1}. ${s.competencyName}${s.minutes ? ` (${s.minutes} minutes)` : ''}, weight ${s.weight}${s.weightReason ? ` (${s.weightReason})` : ''}`,
            ),
          ),
          new Paragraph({ children: [new PageBreak()] }),
          ...doc.sections.flatMap(section),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** The text of a .docx (paragraphs on their own lines): for tests and previews. */
export async function docxText(buffer: Uint8Array): Promise<string> {
  const { unzipSync, strFromU8 } = await import('fflate');
  const files = unzipSync(buffer);
  const xml = files['word/document.xml'];
  if (!xml) throw new Error('not a Word document: word/document.xml is missing');
  return strFromU8(xml)
    .split(/<\/w:p>/)
    .map((para) =>
      [...para.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
        .map((m) => m[1])
        .join('')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'"),
    )
    .filter((line) => line.length > 0)
    .join('\n');
}
