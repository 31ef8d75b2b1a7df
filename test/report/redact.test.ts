import { describe, expect, test } from 'vitest';
import { redactReport } from '../../src/redact.js';
import { renderJson } from '../../src/report/json.js';
import { buildSampleReport } from './sample-report.js';

const original = buildSampleReport();
const redacted = redactReport(original);
const json = renderJson(redacted);

function opportunity(id: string) {
  const found = redacted.opportunities.find((o) => o.id === id);
  if (found === undefined) throw new Error(`sample report has no ${id}`);
  return found;
}

describe('redactReport', () => {
  test('marks report redacted', () => {
    expect(redacted.redacted).toBe(true);
  });

  test('leaves input unchanged', () => {
    expect(original).toEqual(buildSampleReport());
  });

  test('same run same tokens', () => {
    expect(renderJson(redactReport(buildSampleReport()))).toBe(json);
  });

  test.each([
    'anna.lindqvist',
    'Anna Lindqvist',
    'jean.dubois',
    'Jean Dubois',
    'Marc Lefèvre',
    'k.osei',
    'Kwame Osei',
    'claire.martin',
    'tom.baker',
    'gavin@',
    'ops@hooli',
    '+47 22 33 44 55',
    'FR76 3000 6000',
  ])('hides %s', (value) => {
    expect(json).not.toContain(value);
  });

  test('contact token keeps domain', () => {
    expect(opportunity('opp-001').contacts[0]).toMatch(/^person-[0-9a-f]{6}@northwind\.example$/);
  });

  test('same person same token', () => {
    const o = opportunity('opp-001');
    const contact = o.contacts[0] ?? '';
    const token = contact.split('@')[0] ?? '';
    expect(o.evidence[0]?.from).toBe(`${token} <${contact}>`);
    expect(o.evidence[1]?.from).toBe(o.evidence[0]?.from);
  });

  test('person across opportunities', () => {
    expect(opportunity('opp-002').contacts).toEqual(opportunity('opp-007').contacts);
  });

  test('owner token consistent', () => {
    expect(redacted.owners[0]).toMatch(/^person-[0-9a-f]{6}@vendor\.example$/);
    expect(opportunity('opp-001').owner).toBe(redacted.owners[0]);
  });

  test('owner address in problem', () => {
    const detail = redacted.problems.find((p) => p.code === 'MESSAGE_TRUNCATED')?.detail;
    expect(detail).toBe(`message from ${redacted.owners[1]} over 64 MiB was cut`);
  });

  test('phone masked in snippet', () => {
    expect(opportunity('opp-001').evidence[1]?.snippet).toBe(
      'Can you send a quote for the 20 extra seats? Call me on [phone].',
    );
  });

  test('iban masked in snippet', () => {
    expect(opportunity('opp-003').evidence[0]?.snippet).toBe(
      'Le bon de commande signé part demain ; IBAN [IBAN].',
    );
  });

  test('address masked in snippet', () => {
    expect(opportunity('opp-008').evidence[0]?.snippet).toMatch(
      /send the invoice to person-[0-9a-f]{6}@hooli\.example\.$/,
    );
  });

  test('free-mail account masked', () => {
    expect(opportunity('opp-004').account).toMatch(/^person-[0-9a-f]{6}@gmail\.example$/);
  });

  test('company names kept', () => {
    expect(opportunity('opp-002').account).toBe('Fromagerie Dubois SARL');
    expect(opportunity('opp-002').crm.record).toBe('Dubois - Enterprise 2027');
    expect(opportunity('opp-005').crm.candidates).toEqual(['Initech GmbH', 'Initech Ltd']);
  });

  test('message ids hashed', () => {
    expect(opportunity('opp-001').evidence[0]?.messageId).toMatch(/^message-[0-9a-f]{12}$/);
    expect([...redacted.exclusions.messages][0]?.messageId).toMatch(/^message-[0-9a-f]{12}$/);
  });

  test('figures unchanged', () => {
    expect(redacted.summary).toEqual(original.summary);
    expect(redacted.opportunities.map((o) => o.estimatedValue)).toEqual(
      original.opportunities.map((o) => o.estimatedValue),
    );
  });
});

describe('redaction of text', () => {
  function redactSnippet(snippet: string, from = 'Jean Dubois <jean.dubois@fromagerie-dubois.example>') {
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    target.evidence[0] = { ...target.evidence[0]!, from, snippet };
    return redactReport(report).opportunities[1]?.evidence[0]?.snippet;
  }

  test.each([
    ['french phone', 'Appelez le 01 23 45 67 89 demain', 'Appelez le [phone] demain'],
    ['international phone', 'Tel +33 1 00 00 00 00', 'Tel [phone]'],
    ['us phone', 'Call (555) 123-4567 today', 'Call [phone] today'],
    ['date kept', 'Signed on 2026-09-08 for 15 seats', 'Signed on 2026-09-08 for 15 seats'],
    ['amount kept', 'Budget 45 000 EUR for 120 users', 'Budget 45 000 EUR for 120 users'],
    ['year kept', 'renouvellement 2027 validé', 'renouvellement 2027 validé'],
    ['us phone with spaces', 'Call 555 123 4567 today', 'Call [phone] today'],
    ['lower-case iban', 'IBAN fr76 3000 6000 0112 3456 7890 189 please', 'IBAN [IBAN] please'],
    ['hyphenated iban', 'IBAN DE89-3704-0044-0532-0130-00.', 'IBAN [IBAN].'],
    ['large amount kept', 'Credit line of 12 500 000 EUR', 'Credit line of 12 500 000 EUR'],
    ['words after a fiscal year kept', 'For FY26 each team will need more seats', 'For FY26 each team will need more seats'],
    ['british iban', 'Pay to GB82 WEST 1234 5698 7654 32 today', 'Pay to [IBAN] today'],
    ['irish phone', 'Call 087 123 45 67 today', 'Call [phone] today'],
  ])('%s', (_, input, expected) => {
    expect(redactSnippet(input)).toBe(expected);
  });

  test('known name in text', () => {
    expect(redactSnippet('Jean Dubois will sign')).toMatch(/^person-[0-9a-f]{6} will sign$/);
  });

  test.each([
    ['"Last, First" sender', '"Doe, Jane" <jdoe77@gmail.com>', 'Demo for Jane Doe'],
    ['capitalised surname first', 'DURAND Marc <m.durand@durand.example>', 'Marc Durand will call'],
    ['accents dropped in text', 'Zoé Lefèvre <zl@lefevre.example>', 'Zoe Lefevre agreed'],
    ['accents added in text', 'Zoe Lefevre <zl@lefevre.example>', 'Zoé Lefèvre agreed'],
    ['name in a path', 'Olivia Hart <oh@hart.example>', 'mail/olivia.hart.mbox and Olivia_Hart/'],
    ['Czech accents', 'Tomáš Novák <tn@novak.example>', 'Tomáš Novák signed'],
    ['Polish letters typed plainly', 'Łukasz Wałęsa <lw@walesa.example>', 'Lukasz Walesa signed'],
    ['curly apostrophe', "Sean O'Brien <so@obrien.example>", 'Sean O\u2019Brien signed'],
    ['middle initial in sender', 'Marc J. Durand <m.durand@durand.example>', 'Marc Durand will call'],
    ['middle initial in text', 'Marc Durand <m.durand@durand.example>', 'Marc J. Durand will call'],
    ['middle name dropped', 'Anne Sophie Lebrun <asl@lebrun.example>', 'LEBRUN Anne will sign'],
    ['surname first with comma', 'Marc J. Durand <m.durand@durand.example>', 'Seats for Durand, Marc J.'],
    ['surname first with comma, no initial', 'Marc Durand <m.durand@durand.example>', 'Seats for Durand, Marc'],
  ])('%s', (_, from, snippet) => {
    const masked = redactSnippet(snippet, from) ?? '';
    expect(masked).toMatch(/person-[0-9a-f]{6}/);
    expect(masked.toLowerCase()).not.toMatch(/jane|durand|lef[eè]vre|olivia|hart\b|nov[aá]k|wa[lł]|brien|lebrun/);
  });

  test('name from address', () => {
    expect(redactSnippet('ask Anna Lindqvist first')).toMatch(/^ask person-[0-9a-f]{6} first$/);
  });
});
