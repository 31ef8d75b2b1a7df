import { describe, expect, test } from 'vitest';
import { PeopleBook, readPersonNames, redactReport } from '../../src/redact.js';
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

  test('domain without a dot is masked', () => {
    expect(redactSnippet('Mail from bre@slinky was held')).toMatch(/^Mail from person-[0-9a-f]{6}@slinky was held$/);
  });

  test('dotted address is masked once', () => {
    expect(redactSnippet('Ask jane@northwind.example today')).toMatch(/^Ask person-[0-9a-f]{6}@northwind\.example today$/);
  });

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
    ['unspaced iban', 'IBAN FR7630006000011234567890189 merci', 'IBAN [IBAN] merci'],
    // A long token once made the IBAN pattern try billions of splits before failing.
    ['long code kept', `ref AB12${'C1'.repeat(55)} ok`, `ref AB12${'C1'.repeat(55)} ok`],
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

  test.each([
    ['phone with (0)', 'call me on (0)20 7946 0958.', 'call me on [phone].'],
    ['phone with a slash', 'Tel 030/1234567 please', 'Tel [phone] please'],
    ['French mobile without 0', 'au 6 12 34 56 78 demain', 'au [phone] demain'],
    ['French mobile without +', 'au 33 6 12 34 56 78 demain', 'au [phone] demain'],
    ['Indian mobile', 'ring 98765 43210 today', 'ring [phone] today'],
    ['thousands-grouped phone after a cue', 'call 612 345 678', 'call [phone]'],
    ['French street address', 'invoice 12 rue de la Paix, 75002 Paris, thanks', 'invoice [address], thanks'],
    ['British street address', 'at 221B Baker Street, London NW1 6XE today', 'at [address] today'],
    ['German street address', 'Hauptstraße 12, 10115 Berlin bitte', '[address] bitte'],
    ['RIB with a cue', 'RIB 30006 00001 12345678901 89 merci', 'RIB [account] merci'],
    ['IBAN in groups of five', 'IBAN FR76 30006 00001 12345678901 89 merci', 'IBAN [IBAN] merci'],
    ['account number after a cue', 'account number 12345678 today', 'account number [account] today'],
    ['export footer, a name seen nowhere else', 'Generated By:  Paul Henri  9/14/2026 3:05 AM', 'Generated By:  [name]  9/14/2026 3:05 AM'],
  ])('%s', (_, input, expected) => {
    expect(redactSnippet(input)).toBe(expected);
  });

  test.each([
    'Budget 45 000 EUR for 120 users',
    'Credit of EUR 1 250 000 and 12.500.000 EUR',
    '1,250,000.00 USD for 40 seats',
    'Renewal 2025-2026, closing on 14/09/2026 at 10:30',
    'from 2026-09-08T10:00:00 to 2026-09-09 11:00',
    'Order 12345678 shipped, PO 4500 1234, invoice 2026/0042',
    'ISBN 978-3-16-148410-0',
    'Spring 2026 rollout, Q3 2026, version 2.3.1',
    'we need 10 000 licences in 2027',
    'compte 2026 and account 2026 plan',
    'Fromagerie Dubois SARL and Dubois - Enterprise 2027',
    'Dubois agreed',
  ])('keeps "%s"', (input) => {
    expect(redactSnippet(input)).toBe(input);
  });

  test.each([
    ['single quotes', "'Marc Durand' <md@acme.example>", 'Seats for Marc Durand'],
    ['a title', 'Dr. Anna Schmidt <as@beta.example>', 'Anna Schmidt and Dr. Schmidt agreed'],
    ['a company after a dash', 'Jean Dupont - Gamma SA <jd@gamma.example>', 'says Jean Dupont'],
    ['a company in brackets', '"Sophie Le Gall (Acme)" <sophie@acme.example>', 'send Sophie Le Gall and Mme Le Gall a quote'],
    ['surname first with particles', 'Sophie Le Gall <sophie@acme.example>', 'for LE GALL Sophie'],
    ['long particles', 'Jean-Marc de La Fontaine <jm@fontaine.example>', 'M. de La Fontaine and DE LA FONTAINE Jean-Marc'],
    ['a hyphenated surname shortened', 'Ana-Maria Popescu-Ionescu <am@contoso.example>', 'Ana Maria Popescu will sign'],
  ])('sender name with %s', (_, from, snippet) => {
    const masked = redactSnippet(snippet, from) ?? '';
    expect(masked).toMatch(/person-[0-9a-f]{6}/);
    expect(masked).not.toMatch(/Marc Durand|Anna|Schmidt|Dupont|Le Gall|LE GALL|Sophie|Fontaine|FONTAINE|Jean-Marc|Popescu/);
  });

  test('a company in a display name is no person', () => {
    expect(readPersonNames('Jean Dupont - Gamma SA')).toEqual([
      { given: ['Jean'], surname: ['Dupont'] },
      { given: ['Dupont'], surname: ['Jean'] },
    ]);
    expect(readPersonNames('Acme Support')).toEqual([]);
    expect(redactSnippet('Gamma SA and Acme Support agreed', 'Acme Support <help@acme.example>')).toBe(
      'Gamma SA and Acme Support agreed',
    );
  });

  test('an initial after a name stays', () => {
    expect(redactSnippet('Could you send Jean Dubois a quote?')).toMatch(/^Could you send person-[0-9a-f]{6} a quote\?$/);
  });

  test('names of owners, colleagues and recipients from the mail headers', () => {
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    target.evidence[0] = { ...target.evidence[0]!, snippet: 'As discussed with Bruno Keller and Ines Moreau' };
    const people = new PeopleBook();
    people.addMessage({
      from: { address: 'bk@vendor.example', name: 'Bruno Keller' },
      to: [{ address: 'ines@partner.example', name: 'Moreau, Ines' }],
      cc: [],
    });
    const snippet = redactReport(report, people).opportunities[1]?.evidence[0]?.snippet;
    expect(snippet).toMatch(/^As discussed with person-[0-9a-f]{6} and person-[0-9a-f]{6}$/);
  });

  test('shared name: sender token, else name token', () => {
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    const first = { ...target.evidence[0]!, from: 'marc durand <mdurand@initech.example>', snippet: 'Marc Durand speaking' };
    const second = { ...target.evidence[0]!, from: 'DURAND Marc <marc@durand.example>', snippet: 'Marc Durand speaking' };
    target.evidence = [first, second];
    report.problems[0] = { ...report.problems[0]!, detail: 'row for Marc Durand' };
    const redactedReport = redactReport(report);
    const [a, b] = redactedReport.opportunities[1]?.evidence ?? [];
    const tokenA = a?.from.split(' ')[0];
    const tokenB = b?.from.split(' ')[0];
    expect(tokenA).not.toBe(tokenB);
    expect(a?.snippet).toBe(`${tokenA} speaking`);
    expect(b?.snippet).toBe(`${tokenB} speaking`);
    const detail = redactedReport.problems[0]?.detail ?? '';
    expect(detail).toMatch(/^row for person-[0-9a-f]{6}$/);
    expect(detail).not.toContain(tokenA);
    expect(detail).not.toContain(tokenB);
  });

  test('known name in account and candidates', () => {
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    target.account = 'Jean Dubois Conseil';
    target.crm = { ...target.crm, account: 'Jean Dubois Conseil', candidates: ['Jean Dubois Conseil', 'Initech GmbH'] };
    const o = redactReport(report).opportunities[1]!;
    expect(o.account).toMatch(/^person-[0-9a-f]{6} Conseil$/);
    expect(o.crm.account).toBe(o.account);
    expect(o.crm.candidates).toEqual([o.account, 'Initech GmbH']);
  });

  test('an owner given as a domain stays', () => {
    const report = buildSampleReport();
    report.owners = ['vendor.example'];
    for (const o of report.opportunities) o.owner = 'vendor.example';
    const redactedReport = redactReport(report);
    expect(redactedReport.owners).toEqual(['vendor.example']);
    expect(redactedReport.opportunities.every((o) => o.owner === 'vendor.example')).toBe(true);
  });
});

/** Redacts snippets of one opportunity after the mail headers named these people. */
function redactWithPeople(
  snippets: string[],
  people: [address: string, name: string][],
  from = 'Marc Durand <marc.durand@durand-btp.example>',
) {
  const report = buildSampleReport();
  const target = report.opportunities[1]!;
  target.evidence = snippets.map((snippet) => ({ ...target.evidence[0]!, from, subject: snippet, snippet }));
  const book = new PeopleBook();
  for (const [address, name] of people) book.add({ address, name });
  return redactReport(report, book).opportunities[1]!;
}

describe('people seen only as a bare address', () => {
  test('bare Cc address is learned', () => {
    const book = new PeopleBook();
    book.addMessage({
      from: { address: 'marc.durand@durand-btp.example', name: 'Marc Durand' },
      to: [],
      cc: [{ address: 'jane.roe@durand-btp.example', name: '' }],
    });
    expect(book.entries()).toContainEqual(['jane.roe@durand-btp.example', []]);
    const o = redactWithPeople(["Extra licences for Jane Roe's team", 'ROE Jane agreed'], book.entries().map(([a]) => [a, '']));
    for (const item of o.evidence) {
      expect(item.subject).not.toMatch(/jane|roe/i);
      expect(item.snippet).not.toMatch(/jane|roe/i);
    }
    expect(o.evidence[0]?.snippet).toMatch(/^Extra licences for person-[0-9a-f]{6}'s team$/);
  });

  test('later display name is added', () => {
    const book = new PeopleBook();
    book.add({ address: 'jr@durand-btp.example', name: '' });
    book.add({ address: 'JR@durand-btp.example', name: 'Jane Roe' });
    expect(book.entries()).toEqual([['jr@durand-btp.example', ['Jane Roe']]]);
  });
});

describe('role addresses name no person', () => {
  const roles: [string, string][] = [
    ['purchase.order@client.example', ''],
    ['enterprise.sales@vendor.example', 'Vendor'],
    ['accounts.payable@client.example', 'Accounts Payable'],
    ['customer.success@vendor.example', 'CS'],
    ['do.not.reply@vendor.example', ''],
    ['order.desk@client.example', 'Purchase Order'],
  ];
  const lines = [
    'Please find our purchase order for 40 seats attached.',
    'Could your enterprise sales team send a quote?',
    'Invoices go to Accounts Payable, thank you.',
    'Our customer success manager suggested the Enterprise plan.',
    'Please do not reply before Friday; the order desk is closed.',
  ];

  test.each(lines)('keeps "%s"', (line) => {
    const o = redactWithPeople([line], roles);
    expect(o.evidence[0]?.snippet).toBe(line);
    expect(o.evidence[0]?.subject).toBe(line);
  });

  test('person behind role address found', () => {
    const o = redactWithPeople(['Jane Roe approved the purchase order'], [['purchase.order@client.example', 'Jane Roe']]);
    expect(o.evidence[0]?.snippet).toMatch(/^person-[0-9a-f]{6} approved the purchase order$/);
  });

  test('one role word is a person', () => {
    const o = redactWithPeople(['Jane Sales approved'], [['jane.sales@client.example', '']]);
    expect(o.evidence[0]?.snippet).toMatch(/^person-[0-9a-f]{6} approved$/);
  });
});

describe('company named after its domain', () => {
  test.each([
    ['Durand BTP', 'contact@durand-btp.example'],
    ['Northwind Traders', 'x@northwind.example'],
    ['Pyramid Construction', 'info@pyramid.example'],
    ['Pyramid Construction (Lyon)', 'sales@mail.pyramid.co.uk'],
  ])('%s <%s>', (name, address) => {
    expect(readPersonNames(name, address)).toEqual([]);
  });

  test.each([
    ['Marc Durand', 'mdurand@durand.example'],
    ['Marc Durand', 'marc@durand.example'],
    ['Durand Marc', 'marc.durand@durand.example'],
    ['DURAND Marc', 'contact@durand.example'],
    ['Marc Durand', 'contact@durand-btp.example'],
    ['Durand BTP', 'contact@other.example'],
  ])('%s <%s> stays a person', (name, address) => {
    expect(readPersonNames(name, address)).not.toEqual([]);
  });

  test('person beside the company found', () => {
    expect(readPersonNames('Jane Roe | Durand BTP', 'jane@durand-btp.example')).toEqual([
      { given: ['Jane'], surname: ['Roe'] },
      { given: ['Roe'], surname: ['Jane'] },
    ]);
  });

  test('company names kept everywhere', () => {
    const people: [string, string][] = [
      ['marc.durand@durand-btp.example', 'Marc Durand'],
      ['contact@durand-btp.example', 'Durand BTP'],
      ['info@pyramid.example', 'Pyramid Construction'],
      ['x@northwind.example', 'Northwind Traders'],
    ];
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    target.account = 'Durand BTP';
    target.crm = { ...target.crm, account: 'Durand BTP', record: 'Pyramid Construction - Enterprise upgrade' };
    target.evidence = [
      { ...target.evidence[0]!, snippet: 'Marc Durand says Durand BTP, Northwind Traders and Pyramid Construction want 10 seats' },
    ];
    const book = new PeopleBook();
    for (const [address, name] of people) book.add({ address, name });
    const o = redactReport(report, book).opportunities[1]!;
    expect(o.account).toBe('Durand BTP');
    expect(o.crm.account).toBe('Durand BTP');
    expect(o.crm.record).toBe('Pyramid Construction - Enterprise upgrade');
    expect(o.evidence[0]?.snippet).toMatch(
      /^person-[0-9a-f]{6} says Durand BTP, Northwind Traders and Pyramid Construction want 10 seats$/,
    );
  });
});

describe('verdict reasons', () => {
  // Enron's "DL-CRM Houston" list is read as surname DL-CRM, given name Houston.
  const people: [string, string][] = [
    ['dl-crm.houston@vendor.example', 'DL-CRM Houston'],
    ['kwame.mensah@client.example', 'Kwame Mensah'],
  ];

  function redactReasonOf(reason: string, record: string | null = null) {
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    target.crm = { ...target.crm, account: 'Client Ltd', record, reason };
    const book = new PeopleBook();
    for (const [address, name] of people) book.add({ address, name });
    return redactReport(report, book).opportunities[1]!.crm;
  }

  test('tool wording stays', () => {
    expect(redactReasonOf('no CRM account').reason).toBe('no CRM account');
    expect(redactReasonOf('no CRM export given').reason).toBe('no CRM export given');
  });

  test('quoted record surname is masked', () => {
    const crm = redactReasonOf('open opportunity "Mensah renewal" (Proposal), created on 2026-09-01', 'Mensah renewal');
    expect(crm.reason).toMatch(/^open opportunity "person-[0-9a-f]{6} renewal" \(Proposal\), created on 2026-09-01$/);
    expect(crm.record).toMatch(/^person-[0-9a-f]{6} renewal$/);
  });

  test('full names outside quotes are masked', () => {
    const crm = redactReasonOf('2 CRM accounts match equally by name: Kwame Mensah Ltd, Client Ltd');
    expect(crm.reason).not.toMatch(/Kwame/);
    expect(crm.reason).toMatch(/^2 CRM accounts match equally by name: /);
  });
});

/** Redacts one snippet with no people known, so only the patterns act. */
function redactLine(snippet: string): string {
  return redactWithPeople([snippet], []).evidence[0]?.snippet ?? '';
}

describe('street addresses and product names', () => {
  test.each([
    'We would like 20 Enterprise Way licences at EUR 12,500.00 each.',
    'We need 12 Team Drive licences from 2026-10-01.',
    'Add 5 Main Street seats and 3 Pro Court users.',
    'We paid 1200 via PayPal and want 15 more users.',
    'Nous souhaitons 20 cours de formation pour nos équipes.',
    'Il nous faudrait 3 places de parking et 12 licences.',
  ])('keeps "%s"', (line) => {
    expect(redactLine(line)).toBe(line);
  });

  test.each([
    ['Our new office is at 20 Enterprise Way, but we need 40 seats.', 'Our new office is at [address], but we need 40 seats.'],
    ['We will move from 10 Downing Street to 10 Main St next quarter.', 'We will move from [address] to [address] next quarter.'],
    ["envoyez au 5 rue d'Alsace demain", 'envoyez au [address] demain'],
    ['12 rue de la paix 75002 Paris', '[address]'],
    ['20 Cours Mirabeau, 13100 Aix-en-Provence', '[address]'],
    ['12 boulevard des Capucines', '[address]'],
  ])('masks "%s"', (line, expected) => {
    expect(redactLine(line)).toBe(expected);
  });
});

describe('phone numbers without separators', () => {
  test.each([
    ['Call me at 5551234567 or 07700900123 or 01711234567 or +33612345678.', 'Call me at [phone] or [phone] or [phone] or [phone].'],
    ['ring her on 07700900123.', 'ring her on [phone].'],
    ['Mobile: 0612345678', 'Mobile: [phone]'],
    ['from abroad 0033612345678 works', 'from abroad [phone] works'],
    ['Call 5551234567.', 'Call [phone].'],
    ['mon n° 0612345678', 'mon n° [phone]'],
  ])('masks "%s"', (line, expected) => {
    expect(redactLine(line)).toBe(expected);
  });

  test.each([
    'Order 12345678 shipped, 25000000 EUR budget, reference 0012345678.',
    'Please quote invoice number 2026/000123 and order number 4500 1234.',
    'PO number 4500 123 456 for 25 seats, invoice no. 0712345678.',
    'Our server is at 172.16.254.10 and we run version 10.0.19045.3803.',
    'SIRET 123 456 789 00012, quantity 40.',
    'Meeting on 15 09 2026 at 10:30, report 20260915.',
    'We want to reach 15000000 users in context 12345678.',
    'Nous avons payé 1 200 € via Stripe, il nous faut 10 licences.',
    'Discount of 15 % on 1.250.000,00 EUR for 250 seats by 15/09/2026.',
    'We want 300 seats at 12 000 EUR per year, 3 600 000 EUR total.',
  ])('keeps "%s"', (line) => {
    expect(redactLine(line)).toBe(line);
  });
});

describe('company mailboxes', () => {
  test.each([
    ['durand.btp@durand-btp.example', 'Durand BTP'],
    ['acme.corp@acme.example', 'Acme Corp'],
    ['globex.france@globex.example', 'Globex France'],
  ])('%s keeps %j', (address, company) => {
    const book = new PeopleBook();
    book.addMessage({ from: { address, name: '' }, to: [], cc: [] });
    const report = buildSampleReport();
    report.problems = [{ code: 'X', file: 'f', where: '-', detail: `open opportunity "${company} expansion"` }];
    expect(redactReport(report, book).problems[0]?.detail).toBe(`open opportunity "${company} expansion"`);
  });

  test('a person on their own domain is masked', () => {
    const book = new PeopleBook();
    book.addMessage({ from: { address: 'marc.durand@durand.example', name: '' }, to: [], cc: [] });
    const report = buildSampleReport();
    report.problems = [{ code: 'X', file: 'f', where: '-', detail: 'call Marc Durand' }];
    expect(redactReport(report, book).problems[0]?.detail).not.toContain('Durand');
  });
});

describe('product specs, dates and reference lists kept', () => {
  test.each([
    // Storage sizes have a postcode's shape: S3 1TB, M2 8GB.
    'the S3 1TB tier for 10 buckets.',
    'on the M2 4TB plan at 1200 EUR.',
    '40 seats of Office 365 E3 and 10 of E5 2TB.',
    '40 MacBook Air M2 8GB for the new hires.',
    // A street word in a product name, then a quantity noun.
    'we want 40 Square Terminal licences.',
    'we need 10 Route Optimizer licences.',
    '25 Square Register devices for the shops.',
    'the 2026 Team Plan Street Edition.',
    // Dates year first and references after a reference word, in lists too.
    'for 120 users from 1 Oct, 2026 05 15 kick-off.',
    'order 2026 0915 1234 5670 shipped.',
    'invoices 4111 1111 1111 1111 and 4012 8888 8888 1881 are unpaid.',
    'orders 4539 1488 0343 6467 and 4556 7375 8689 9855.',
  ])('keeps "%s"', (line) => {
    expect(redactLine(line)).toBe(line);
  });

  test.each([
    ['London SW1A 1AA', 'London [address]'],
    ['card 4111 1111 1111 1111 and 4012 8888 8888 1881', 'card [card] and [card]'],
    ['call 0800 1234 5678 today', 'call [phone] today'],
  ])('still masks "%s"', (line, expected) => {
    expect(redactLine(line)).toBe(expected);
  });

  test.each(['premium.support@vendor.example', 'key.accounts@acme.example'])('%s names no person', (address) => {
    const line = 'the Premium Support add-on and the Key Accounts desk';
    const o = redactWithPeople([line], [[address, '']]);
    expect(o.evidence[0]?.snippet).toBe(line);
  });
});

describe('CRM names beside company names', () => {
  function redactRecord(record: string, account: string, people: [string, string][]) {
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    target.crm = { ...target.crm, account, record, reason: 'no CRM account' };
    const book = new PeopleBook();
    for (const [address, name] of people) book.add({ address, name });
    return redactReport(report, book).opportunities[1]!.crm.record;
  }

  test('surname shortening the company kept', () => {
    expect(redactRecord('Eps - deal', 'EPSILON', [['eve@epsilon.example', 'Eve Eps']])).toBe('Eps - deal');
  });

  test('surname of another company masked', () => {
    expect(redactRecord('Eps - deal', 'Gamma Inc', [['eve@epsilon.example', 'Eve Eps']])).toMatch(/^person-[0-9a-f]{6} - deal$/);
  });

  test('CRM contact name without address masked', () => {
    const report = buildSampleReport();
    const target = report.opportunities[1]!;
    target.crm = { ...target.crm, account: 'Nu Corp', record: 'Deal with Hector Berlioz', reason: 'no CRM account' };
    const book = new PeopleBook();
    book.addCrmPerson({ address: '', name: 'Hector Berlioz' });
    expect(redactReport(report, book).opportunities[1]!.crm.record).toMatch(/^Deal with person-[0-9a-f]{6}$/);
  });
});

describe('titled names in text', () => {
  test.each([
    ['lower-case title with particles', 'Could we book a demo with our CFO, mr. van der Berg?', /^Could we book a demo with our CFO, mr\. person-[0-9a-f]{6}\?$/],
    ['French title', 'Merci de voir avec Mme Le Gall demain.', /^Merci de voir avec Mme person-[0-9a-f]{6} demain\.$/],
    ['title and two words', 'Please copy Dr Ingrid Solberg on the quote.', /^Please copy Dr person-[0-9a-f]{6} on the quote\.$/],
  ])('%s masked', (_name, snippet, expected) => {
    expect(redactLine(snippet)).toMatch(expected);
  });

  test.each([
    'We use MS Office and a DR plan for 40 seats.',
    'Add the Prof Services package for 12 users.',
    'Mr and Mrs are both fine as salutations.',
  ])('%s kept', (snippet) => {
    expect(redactLine(snippet)).toBe(snippet);
  });
});
