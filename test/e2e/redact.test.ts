// End to end: --redact through bin/leak.js on fixtures/redact, a small mailbox
// whose senders write their names in the forms mail clients and people use,
// with phones, street addresses and bank details in the text. Every output is
// searched for each name and number, and the business data must stay.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const INPUTS = [
  '--mbox',
  path.join(FIXTURES, 'redact', 'inbox.mbox'),
  '--crm',
  path.join(FIXTURES, 'redact', 'crm.csv'),
  '--no-progress',
  '--redact',
];

/** Runs the redacted audit twice (terminal and --json) and returns every output and stderr. */
async function everyOutput(extra: string[] = [], inputs = INPUTS): Promise<Record<string, string>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-redact-'));
  const file = (name: string) => path.join(dir, name);
  const files = ['--csv', file('o.csv'), '--summary-csv', file('s.csv'), '--html', file('o.html'), '--markdown', file('o.md')];
  const terminal = await runLeak(['audit', ...inputs, ...extra, '--verbose', ...files]);
  const json = await runLeak(['audit', ...inputs, ...extra, '--json']);
  expect(terminal.status).toBe(0);
  expect(json.status).toBe(0);
  return {
    terminal: terminal.stdout,
    stderr: terminal.stderr + json.stderr,
    json: json.stdout,
    csv: readFileSync(file('o.csv'), 'utf8'),
    summaryCsv: readFileSync(file('s.csv'), 'utf8'),
    html: readFileSync(file('o.html'), 'utf8'),
    markdown: readFileSync(file('o.md'), 'utf8'),
  };
}

let outputs: Record<string, string>;
let report: AuditReport;

beforeAll(async () => {
  outputs = await everyOutput();
  report = JSON.parse(outputs.json ?? '') as AuditReport;
});

describe('--redact hides in every output', () => {
  test.each([
    // Display names in quotes, with a title, a company after a dash, a company in brackets.
    ['single-quoted display name', /Marc Durand|DURAND Marc/i],
    ['title before the name', /Anna|Schmidt/],
    ['company after a dash', /Jean Dupont|Dupont/],
    ['company in brackets, surname with a particle', /Le Gall|Sophie/i],
    // Case-sensitive: the domain fontaine-btp.example stays.
    ['particles, surname first in capitals', /de La Fontaine|DE LA FONTAINE|Jean-Marc/],
    // Owner and colleague names come from the headers of their own mail.
    ['mailbox owner', /Claire|Martin/],
    ['colleague in Cc', /Bruno|Keller/],
    ['sole trader account', /H[ée]l[èe]ne|Lef[èe]vre|HELENE|LEFEVRE/],
    ['addresses', /claire\.martin|bkeller|mdurand|helene\.lefevre/],
    ['phone with (0)', /7946/],
    ['phone with a slash', /1234567/],
    ['French mobile without 0 or +', /12 34 56 78/],
    ['Indian mobile', /98765|43210/],
    ['phone in a CRM opportunity name', /06 11 22 33 44/],
    ['French street address', /rue de la Paix|75002/],
    ['British street address', /Baker|NW1|6XE/],
    ['RIB and IBAN', /30006|12345678901/],
  ])('%s', (_, pattern) => {
    for (const [name, text] of Object.entries(outputs)) {
      expect(`${name}: ${text}`, name).not.toMatch(pattern);
    }
  });
});

describe('--redact keeps', () => {
  // Each value is checked in the JSON and in one of the outputs that prints it.
  test.each([
    ['company names', 'Gamma SA', 'markdown'],
    ['CRM account names', 'Initech GmbH', 'terminal'],
    ['opportunity names with quantities', 'Initech Enterprise 40 seats', 'csv'],
    ['product names', 'Enterprise plan', 'csv'],
    ['rule ids', 'en-expansion-add-seats', 'html'],
    ['quantities', '15 users', 'terminal'],
    ['dates', '2026-09-01', 'markdown'],
    ['the export date of a footer', '9/14/2026 3:05 AM', 'terminal'],
    ['company domains', 'durand-btp.example', 'csv'],
  ])('%s', (_, value, output) => {
    expect(outputs.json).toContain(value);
    expect(outputs[output]).toContain(value);
  });

  test('amounts', () => {
    const initech = report.opportunities.find((o) => o.account === 'Initech GmbH');
    expect(initech?.crm.recordAmount).toBe(45000);
    expect(report.summary.estimatedAnnualLoss).toBeGreaterThan(0);
  });

  test('the company part of an account named after a person', () => {
    const durand = report.opportunities.find((o) => o.domain === 'durand-btp.example');
    expect(durand?.crm.candidates).toEqual([
      expect.stringMatching(/^person-[0-9a-f]{6} Conseil$/),
      expect.stringMatching(/^person-[0-9a-f]{6} Immobilier$/),
    ]);
  });
});

describe('--redact tokens', () => {
  test('two people with one name keep their own tokens', () => {
    const evidence = report.opportunities.flatMap((o) => o.evidence);
    const hooli = evidence.find((item) => item.from.includes('@hooli.example'));
    const durand = evidence.find((item) => item.from.includes('@durand-btp.example'));
    const hooliToken = hooli?.from.split(' ')[0] ?? '';
    const durandToken = durand?.from.split(' ')[0] ?? '';
    expect(hooliToken).not.toBe(durandToken);
    // Each message's "Marc Durand" is its own sender.
    expect(hooli?.snippet).toContain(`${hooliToken} speaking`);
    expect(durand?.snippet).toContain(`invoice ${durandToken},`);
  });

  test('same input, same outputs', async () => {
    const again = await everyOutput();
    expect(again.json).toBe(outputs.json);
    expect(again.csv).toBe(outputs.csv);
  });

  test('--owner DOMAIN stays a domain', async () => {
    const owned = await everyOutput(['--owner', 'vendor.example']);
    const ownedReport = JSON.parse(owned.json ?? '') as AuditReport;
    expect(ownedReport.owners).toEqual(['vendor.example']);
    expect(new Set(ownedReport.opportunities.map((o) => o.owner))).toEqual(new Set(['vendor.example']));
    expect(owned.summaryCsv).toContain('owner,vendor.example,');
    expect(owned.terminal).toContain('Owner: vendor.example');
  });
});

// fixtures/redact/people.mbox: a person seen only as a bare address in Cc,
// role mailboxes, companies as display names without a legal form, phones
// without separators, and references, product names and quantities that
// look like phones or streets.
describe('--redact on bare and role addresses', () => {
  const PEOPLE_INPUTS = [
    '--mbox',
    path.join(FIXTURES, 'redact', 'people.mbox'),
    '--crm',
    path.join(FIXTURES, 'redact', 'people-crm.csv'),
    '--no-progress',
    '--redact',
  ];
  let people: Record<string, string>;

  beforeAll(async () => {
    people = await everyOutput([], PEOPLE_INPUTS);
  });

  test.each([
    ['a person only in Cc without a display name', /Jane|Roe|ROE/],
    ['a person only in Cc, named in the subject', /Anna|Schmidt/],
    ['a UK mobile without separators', /07700900123/],
    ['a German mobile without separators', /01711234567/],
    ['a US number after "call"', /5551234567/],
    ['addresses', /jane\.roe|anna\.schmidt|marc\.durand|paul\.lefevre/],
  ])('hides %s', (_, pattern) => {
    for (const [name, text] of Object.entries(people)) {
      expect(`${name}: ${text}`, name).not.toMatch(pattern);
    }
  });

  test.each([
    ['a company display name as account', 'Durand BTP', 'terminal'],
    ['a company display name in a subject', 'Team Drive for Durand BTP', 'html'],
    ['a CRM record named after a company', 'Pyramid Construction - Enterprise upgrade', 'csv'],
    ['words of role mailboxes', 'the purchase order for 15 seats', 'html'],
    ['a role mailbox named in text', 'Can you send Accounts Payable a quote', 'csv'],
    ['an invoice number', 'invoice number 2026/000123', 'terminal'],
    ['an order number', 'order number 4500 1234', 'markdown'],
    ['a PO number', 'PO number 4500 123 456', 'html'],
    ['a product name with a quantity', '12 Team Drive licences', 'terminal'],
  ])('keeps %s', (_, value, output) => {
    expect(people.json).toContain(value);
    expect(people[output]).toContain(value);
  });

  test('Cc person has one token', () => {
    const report = JSON.parse(people.json ?? '') as AuditReport;
    const evidence = report.opportunities.flatMap((o) => o.evidence).find((item) => item.rule === 'en-closing-contract');
    const token = /for (person-[0-9a-f]{6})'s team/.exec(evidence?.subject ?? '')?.[1];
    expect(token).toBeDefined();
    expect(evidence?.snippet).toContain(`${token} will sign`);
    expect(evidence?.snippet).toContain('ring her on [phone].');
  });

  test('same input, same outputs', async () => {
    const again = await everyOutput([], PEOPLE_INPUTS);
    expect(again.json).toBe(people.json);
    expect(again.html).toBe(people.html);
  });
});

describe('--redact on file names', () => {
  test('an excluded file path is masked', async () => {
    // In a folder of .eml files an exclusion names the file, and mail clients put the sender in it.
    const folder = path.join(FIXTURES, 'redact', 'named-emls');
    const result = await runLeak(['audit', '--eml', folder, '--owner', 'claire.martin@vendor.example', '--redact', '--json']);
    expect(result.stdout).not.toContain('Marc Durand');
    expect(result.stdout).toContain('named-emls/person-');
  });
});
