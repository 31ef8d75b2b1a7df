// Names --redact must find in subjects and snippets: names written beside an
// address in the text, display names with a title, a company or noise after
// the name, shortened long names and German letters typed without umlauts.
import { describe, expect, test } from 'vitest';
import { PeopleBook, readPersonNames, redactReport } from '../../src/redact.js';
import { buildSampleReport } from './sample-report.js';

const TOKEN = /person-[0-9a-f]{6}/;

/**
 * Redacts one message from `from` with this subject and snippet. The headers
 * name only that sender, so no other person in the mail adds a name.
 */
function redactMessage(from: [address: string, name: string], subject: string, snippet = subject) {
  const report = buildSampleReport();
  const target = report.opportunities[1]!;
  const [address, name] = from;
  target.evidence = [{ ...target.evidence[0]!, from: `"${name}" <${address}>`, subject, snippet }];
  const book = new PeopleBook();
  book.add({ address, name });
  return redactReport(report, book).opportunities[1]!.evidence[0]!;
}

describe('a name written beside an address in text', () => {
  const snippet =
    'adding 3 users next month: Jane Roe <jane.roe@acme.example>, Kenji Watanabe (kenji@acme.example) and ' +
    'paul@acme.example (Paul Wright), plus "Ines Moreau" <ines@acme.example>.';

  test('masked in snippet and subject', () => {
    const item = redactMessage(['sam@acme.example', 'Sam Ito'], 'Add Jane Roe and Kenji Watanabe, Ines Moreau', snippet);
    for (const text of [item.subject, item.snippet]) {
      expect(text).not.toMatch(/Jane|Roe|Kenji|Watanabe|Paul|Wright|Ines|Moreau/);
    }
    expect(item.subject).toMatch(/^Add person-[0-9a-f]{6} and person-[0-9a-f]{6}, person-[0-9a-f]{6}$/);
  });

  test('takes the token of its address', () => {
    const item = redactMessage(['sam@acme.example', 'Sam Ito'], 'Seats', 'for Jane Roe <jane.roe@acme.example> today');
    const [name, address] = [...item.snippet.matchAll(/person-[0-9a-f]{6}/g)].map((match) => match[0]);
    expect(name).toBe(address);
  });

  test.each([
    'Hi Claire, Our Team <team@acme.example> wants 10 seats',
    'Send it to orders@acme.example (Purchasing Dept) today',
    'Write to billing@acme.example (see attached) for 15 users',
  ])('keeps words that name no person: %s', (line) => {
    const item = redactMessage(['sam@acme.example', 'Sam Ito'], 'Seats', line);
    expect(item.snippet.replace(/person-[0-9a-f]{6}@/g, 'X@')).toBe(line.replace(/[\w.]+@/g, 'X@'));
  });
});

describe('display names with more than the name', () => {
  // Each case is the sender's display name, the name as the text writes it and, in some, the address.
  test.each([
    ['John Smith, CFO', 'John Smith'],
    ['John Smith, Acme Inc.', 'John Smith'],
    ['Smith, John, Acme', 'John Smith'],
    ['John Smith/ACME', 'John Smith'],
    ['John Smith, Head of Procurement', 'John Smith'],
    ['Jean Dupont, Directeur Achats', 'Jean Dupont'],
    ['Jean Dupont 📞', 'Jean Dupont'],
    ['Jean Dupont, MBA, CFA', 'Jean Dupont'],
    ['Jean Dupont 2', 'Jean Dupont'],
    ['Jean Dupont ext.', 'Jean Dupont'],
    ['Jean Dupont, Acme Support', 'Jean Dupont'],
    ['Jean Dupont, Acme', 'Jean Dupont'],
    ['John Smith, ACME', 'John Smith'],
    ['Jean Dupont Acme', 'Jean Dupont', 'jd@acme27.example'],
    ['Mary Ann Smith Jones', 'Mary Smith', 'm@acme22.example'],
    ['Dupont, Jean', 'Jean Dupont'],
    ['Dupont, Jean (Paris)', 'Jean Dupont'],
    ['Le Gall, Sophie', 'Sophie Le Gall'],
    ['Ana María García López', 'Ana García', 'ana@garcia.example'],
    ['Ana María García López', 'Ana García', 'agarcia@acme.example'],
    ['François Müller', 'Francois Mueller'],
    ['Jürgen Strauß', 'Juergen Strauss'],
    ['Søren Kierkegaard', 'Soeren Kierkegaard'],
  ])('%s: "%s" is masked', (display, written, address = 'js@acme1.example') => {
    const item = redactMessage([address, display], `Seats for ${written}`, `adding 15 users for ${written} next month`);
    expect(item.subject).toMatch(/^Seats for person-[0-9a-f]{6}$/);
    expect(item.snippet).toMatch(/^adding 15 users for person-[0-9a-f]{6} next month$/);
  });

  test('surname first, given name after comma', () => {
    expect(readPersonNames('Dupont, Jean')).toEqual([{ given: ['Jean'], surname: ['Dupont'] }]);
    expect(readPersonNames('DOE, JANE')).toEqual([{ given: ['JANE'], surname: ['DOE'] }]);
  });

  test.each(['John Smith, CFO', 'John Smith, Head of Procurement', 'John Smith, MBA, CFA', 'John Smith, Acme Inc.'])(
    'what follows the comma in "%s" is dropped',
    (display) => {
      expect(readPersonNames(display)).toEqual([
        { given: ['John'], surname: ['Smith'] },
        { given: ['Smith'], surname: ['John'] },
      ]);
    },
  );

  test.each(['Acme Support', 'Accounts Payable, Finance', 'Sales Team, EMEA'])('"%s" names no person', (display) => {
    expect(readPersonNames(display)).toEqual([]);
  });

  // A long name is found shorter only at an address of the person's own.
  test.each([
    ['Seller Pulse Weekly', 'digest@sellerpulse.example', 'Seller Pulse'],
    ['Lettre Trésorerie Financement', 'lettre@tresorerie-financement.example', 'Lettre Trésorerie'],
    ['Ne pas répondre', 'ne-pas-repondre@banque.example', 'ne pas'],
    ['Camping Les Tilleuls', 'compta@camping-lestilleuls.example', 'Camping Les'],
    ['Ana María García López', 'sales@acme.example', 'Ana García'],
  ])('%s <%s> keeps "%s"', (display, address, words) => {
    const line = `merci de ${words} pour 15 licences`;
    expect(redactMessage([address, display], 'Seats', line).snippet).toBe(line);
  });

  test('subject words around name stay', () => {
    const item = redactMessage(['m@acme22.example', 'Mary Ann Smith Jones'], 'Mary Ann wants Smith Jones seats');
    expect(item.subject).toMatch(TOKEN);
    expect(item.subject).toMatch(/ wants /);
  });
});

describe('a product or company written beside an address in text', () => {
  test.each([
    ['upgrade us to Enterprise Plus (billing@acme.example) for 40 seats', 'Enterprise Plus'],
    ['order through Northwind Traders <orders@nwt-group.example> for 40 seats', 'Northwind Traders'],
  ])('"%s" teaches no name', (snippet, product) => {
    const item = redactMessage(['sam@acme.example', 'Sam Ito'], `quote for ${product}`, snippet);
    expect(item.snippet).toContain(product);
    expect(item.subject).toBe(`quote for ${product}`);
  });

  test('name the address spells learned', () => {
    const item = redactMessage(['sam@acme.example', 'Sam Ito'], 'quote for Jane Roe', 'ask Jane Roe <jroe@acme.example>');
    expect(item.subject).toMatch(/^quote for person-[0-9a-f]{6}$/);
  });
});
