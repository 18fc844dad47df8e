import assert from 'node:assert/strict';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import {
  addCandidate,
  candidateCount,
  candidatesUrl,
  html,
  importCsv,
} from '../helpers/candidate-factories.js';
import { createPosition, csrTemplate } from '../helpers/position-factories.js';

describe('candidates: CSV import', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  const manager = async () => {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    return { agent, user, id };
  };

  it('when every row is valid, then all are imported with quoted fields read per RFC 4180 and the count reported', async () => {
    const { agent, user, id } = await manager();
    const csv = [
      'Name,Email,Notes',
      'Ada Lovelace,ADA@example.org,',
      '"Hopper, Grace",grace@example.org,"Said ""yes"", then left"',
      '"Line, Break",lb@example.org,"first line',
      'second line"',
      '',
      'No Notes,nonotes@example.org',
    ].join('\r\n');
    const res = await importCsv(agent, id, csv);
    assert.equal(res.status, 303, res.text);
    const list = await agent.get(candidatesUrl(id));
    assert.ok(list.text.includes('Imported 4 candidates.'));
    const saved = await Candidate.find({ position: id }).sort({ email: 1 }).lean();
    assert.deepEqual(
      saved.map((c) => [c.name, c.email, c.notes ?? '', c.stage, String(c.createdBy)]),
      [
        ['Ada Lovelace', 'ada@example.org', '', 'applied', String(user._id)],
        ['Hopper, Grace', 'grace@example.org', 'Said "yes", then left', 'applied', String(user._id)],
        ['Line, Break', 'lb@example.org', 'first line\r\nsecond line', 'applied', String(user._id)],
        ['No Notes', 'nonotes@example.org', '', 'applied', String(user._id)],
      ],
    );
    assert.ok(list.text.includes(html('Hopper, Grace')));
  });

  it('when one row is bad, then nothing is imported and each bad row is named by its line with its problem', async () => {
    const { agent, id } = await manager();
    await addCandidate(agent, id, { name: 'Already Here', email: 'here@example.org' });
    const csv = [
      'name,email,notes', // line 1
      'Good One,one@example.org,', // 2
      'Dup First,dup@example.org,', // 3
      'Bad Email,not-an-email,', // 4
      ',noname@example.org,', // 5
      '"Quoted, fine",quoted@example.org,"a ""b"""', // 6
      'Dup Second,DUP@example.org,', // 7
      'Too,many@example.org,fields,here', // 8
      'Existing,Here@Example.org,', // 9
    ].join('\n');
    const res = await importCsv(agent, id, csv);
    assert.equal(res.status, 422);
    assert.equal(await candidateCount(id), 1);
    for (const expected of [
      'line 4: email: Enter a valid email address',
      'line 5: name: Enter a name.',
      'line 7: duplicate email also on line 3',
      'line 8: 4 fields but the header has 3',
      'line 9: a candidate with this email already exists for this position',
    ])
      assert.ok(res.text.includes(expected), expected);
    for (const fine of ['line 2:', 'line 3:', 'line 6:']) assert.ok(!res.text.includes(fine), fine);
    assert.ok(res.text.includes('Nothing was imported: 5 problems'));
    assert.ok(res.text.includes(html('Too,many@example.org,fields,here')), 'the CSV is kept in the form');
  });

  it('when the CSV is malformed, empty, has a wrong header or too many rows, then a clear message and nothing imported', async () => {
    const { agent, id } = await manager();
    const cases: [string, string][] = [
      ['name,email\n"Open quote,open@example.org\n', 'line 2: a quoted field is not closed'],
      ['name,email\n"Ann" x,ann@example.org\n', 'line 2: unexpected text after a closing quote'],
      ['', 'Paste the CSV'],
      ['name,email,notes\n', 'no candidates below the header row'],
      ['fullname,email\nAnn,ann@example.org', 'line 1: unknown column'],
      ['email,notes\nann@example.org,x', 'the header row needs the columns name'],
    ];
    for (const [csv, message] of cases) {
      const res = await importCsv(agent, id, csv);
      assert.equal(res.status, 422, csv);
      assert.ok(res.text.includes(html(message)), `${message}\n${csv}`);
    }
    const rows = Array.from({ length: 2001 }, (_, i) => `Person ${i},p${i}@example.org`);
    const res = await importCsv(agent, id, ['name,email', ...rows].join('\n'));
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('The CSV has 2,001 candidates; import at most 2,000 at a time'));
    assert.equal(await candidateCount(id), 0);
  });

  it('when 2,000 rows come in a body larger than ordinary forms, then all are imported at once', async function () {
    this.timeout(60_000);
    const { agent, id } = await manager();
    const note = 'Applied through the agency portal; wants a hybrid schedule';
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `Person Number ${i},person.${i}@example.org,"${note}"`,
    );
    const csv = ['name,email,notes', ...rows].join('\n');
    assert.ok(csv.length > 100 * 1024);
    const res = await importCsv(agent, id, csv);
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(await candidateCount(id), 2000);
    assert.ok((await agent.get(`/positions/${id}`)).text.includes('Candidates (2000)'));
  });
});
