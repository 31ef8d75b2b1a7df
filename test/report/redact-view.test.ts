// Invisible and variant characters inside names and numbers: --redact matches on
// a view without them, so no readable part of a name or a phone is left.
import { describe, expect, test } from 'vitest';
import { PeopleBook, redactReport } from '../../src/redact.js';
import { redactionView } from '../../src/redact-normalise.js';
import { buildSampleReport } from './sample-report.js';

function redactSnippet(snippet: string, people: [address: string, name: string][]): string {
  const report = buildSampleReport();
  const target = report.opportunities[1]!;
  target.evidence = [{ ...target.evidence[0]!, subject: snippet, snippet }];
  const book = new PeopleBook();
  for (const [address, name] of people) book.add({ address, name });
  const item = redactReport(report, book).opportunities[1]!.evidence[0]!;
  expect(item.subject).toBe(item.snippet);
  return item.snippet;
}

describe('the view --redact matches on', () => {
  test.each([
    ['soft hyphen', 'Lef\u00adèvre', 'Lefèvre'],
    ['zero-width joiner inside a word', 'O\u200dlivia', 'Olivia'],
    ['zero-width space between two names', 'Hélène\u200bLefèvre', 'Hélène Lefèvre'],
    ['word joiner between two names', 'Olivia\u2060Hart', 'Olivia Hart'],
    ['zero-width space after a space', 'Hélène \u200bLefèvre', 'Hélène Lefèvre'],
    ['non-breaking hyphen', 'Jean\u2011François', 'Jean-François'],
    ['hyphen', 'Jean\u2010François', 'Jean-François'],
    ['full-width digits and hyphen', '５５５－１２３－４５６７', '555-123-4567'],
    ['narrow no-break space', '06\u202f12', '06 12'],
    ['plain text', 'Budget 45 000 EUR – signed', 'Budget 45 000 EUR – signed'],
  ])('%s', (_, text, view) => {
    expect(redactionView(text)).toBe(view);
  });
});

describe('names with invisible or variant characters', () => {
  const helene: [string, string] = ['helene.lefevre@lefevre.example', 'Hélène Lefèvre'];
  const olivia: [string, string] = ['olivia.hart@northwind.example', 'Olivia Hart'];
  const jf: [string, string] = ['jf@dupre.example', 'Jean-François Dupré'];

  test.each([
    ['soft hyphen', 'for Hélène Lef\u00adèvre', helene],
    ['zero-width spaces', 'for Hélène\u200bLefèvre and Hélène \u200bLefèvre', helene],
    ['non-breaking hyphen', 'for Jean\u2011François Dupré', jf],
    ['Unicode hyphen', 'for Jean\u2010François Dupré', jf],
    ['zero-width joiner', 'for O\u200dlivia Hart', olivia],
    ['word joiner', 'for Olivia\u2060Hart', olivia],
  ])('%s', (_, snippet, person) => {
    const masked = redactSnippet(snippet, [person]);
    expect(masked).toMatch(/^for person-[0-9a-f]{6}/);
    expect(masked).not.toMatch(/H[ée]l|Lef|Jean|Fran|Dupr|liv|Hart/);
  });

  test('display name with soft hyphen', () => {
    const masked = redactSnippet('for Hélène Lefèvre', [['hl@lefevre.example', 'Hélène Lef\u00adèvre']]);
    expect(masked).toMatch(/^for person-[0-9a-f]{6}$/);
  });
});

describe('numbers with variant characters', () => {
  test.each([
    ['non-breaking hyphen', 'ring me on +1 (555) 123\u20114567', 'ring me on [phone]'],
    ['full-width digits', 'phone ５５５－１２３－４５６７', 'phone [phone]'],
    ['narrow no-break spaces', 'call me on 06\u202f12\u202f34\u202f56\u202f78', 'call me on [phone]'],
    ['no-break spaces', 'call +33\u00a06\u00a012\u00a034\u00a056\u00a078', 'call [phone]'],
  ])('%s', (_, snippet, expected) => {
    expect(redactSnippet(snippet, [])).toBe(expected);
  });
});
