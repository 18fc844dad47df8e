/** A complete framework file of format v2 (every new part filled), with unique keys per call. */
let n = 0;

export function v2File(): { tag: string; file: Record<string, any> } {
  const tag = `v2${process.pid}x${Date.now().toString(36)}x${n++}`;
  const doc = 'band-model.docx';
  const file = {
    schemaVersion: 2,
    framework: {
      key: `fw-${tag}`,
      name: `Banded Model ${tag}`,
      organization: `Agency ${tag}`,
      source: { document: doc, title: 'Banded Model', url: 'https://example.org/model.pdf' },
      proficiencyScaleKey: `scale-${tag}`,
      notes: [`Curator note ${tag}: levels mended from the PDF.`],
    },
    scales: [
      {
        key: `scale-${tag}`,
        name: `Four levels ${tag}`,
        kind: 'proficiency',
        points: [
          { value: 1, label: 'Foundational', description: 'Applies the basics with guidance.' },
          { value: 2, label: 'Proficient', description: 'Works on their own.' },
          { value: 3, label: 'Advanced', description: 'Handles complex cases.' },
          { value: 4, label: 'Expert', description: 'Sets the standard for others.' },
        ],
      },
    ],
    competencies: [
      {
        key: 'collaboration',
        name: `Collaboration ${tag}`,
        kind: 'core-value',
        definition: 'Works with others toward shared goals.',
        effectiveBehaviors: ['Shares information early.', 'Credits the contributions of others.'],
        ineffectiveBehaviors: ['Withholds information.', 'Works in silos.'],
        requiredLevels: [
          { grade: 'Band B', level: 2 },
          { grade: 'Band C', level: 3 },
        ],
        provenance: [
          { part: 'definition', document: doc, section: 'Collaboration', line: 12, lineEnd: 14 },
          { part: 'ineffectiveBehaviors', document: doc, page: 3 },
        ],
      },
      {
        key: 'data-analysis',
        name: `Data Analysis ${tag}`,
        kind: 'technical',
        definition: 'Turns data into decisions.',
        keySkills: [
          {
            name: 'Statistics',
            definition: 'Uses descriptive and inferential statistics.',
            levels: [
              { number: 1, label: 'Foundational', indicators: ['Computes averages.'] },
              { number: 2, label: 'Proficient', indicators: ['Tests a hypothesis.'] },
            ],
            indicators: ['Chooses the right test.'],
          },
          { name: 'Visualisation', indicators: ['Draws honest charts.'] },
        ],
        levels: [
          { number: 1, label: 'Foundational', description: 'Reads reports.' },
          { number: 2, label: 'Proficient', description: 'Builds reports.' },
          { number: 3, label: 'Advanced', description: 'Designs analyses.' },
        ],
        requiredLevels: [{ grade: 'Band B', level: 1 }],
      },
    ],
    positionTemplates: [
      {
        key: `analyst-b-${tag}`,
        title: `Analyst ${tag}`,
        grade: 'Band B',
        competencies: [{ key: 'collaboration' }, { key: 'data-analysis', requiredLevel: 3 }],
      },
    ],
  };
  return { tag, file };
}
