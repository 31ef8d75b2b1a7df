import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatInspection, inspectCrm, readCrm } from '../../src/parsers/crm/index.js';
import { decodeCsvBytes } from '../../src/parsers/crm/decode.js';
import { FIXTURES } from '../helpers/paths.js';

const OPTIONS = { map: {}, defaultCurrency: 'EUR' };

function fixture(...parts: string[]): string {
  return path.join(FIXTURES, 'crm', ...parts);
}

describe('Salesforce French report', () => {
  const file = fixture('salesforce-fr', 'opportunites.csv');

  test('dialect detected', async () => {
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.encoding).toBe('windows-1252');
    expect(inspection.delimiter).toBe(';');
    expect(inspection.headerLanguage).toBe('fr');
    expect(inspection.rows).toBe(5);
    expect(inspection.skipped).toBe(0);
    expect(inspection.footerRows).toBe(5);
  });

  test('columns chosen', async () => {
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.columns).toEqual({
      account: 'Nom du compte',
      amount: 'Montant',
      closeDate: 'Date de clôture',
      createdDate: 'Date de création',
      name: "Nom de l'opportunité",
      owner: "Propriétaire de l'opportunité",
      stage: 'Étape',
    });
  });

  test('day-first by default', async () => {
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.dateOrders.closeDate?.order).toBe('day-first');
    expect(inspection.dateOrders.closeDate?.basis).toBe('default');
  });

  test('row values', async () => {
    const data = await readCrm([file], OPTIONS);
    const rows = data.opportunities.map((row) => [
      row.name,
      row.account,
      row.status,
      row.amount,
      row.closeDate,
      row.createdDate,
    ]);
    expect(rows).toEqual([
      [
        'Bâtiments Durand - Extension',
        'Bâtiments Durand SAS',
        'open',
        12500,
        '2026-11-03',
        '2026-09-02',
      ],
      [
        'Crèche Étoile - Renouvellement',
        'Crèche Étoile',
        'won',
        3200.5,
        '2026-10-01',
        '2026-06-05',
      ],
      ['Lumière Events; salon 2027', 'Lumière Events', 'open', 6400, '2027-01-10', '2026-11-04'],
      [
        'Boulangerie Lefèvre - Essai',
        'Boulangerie Lefèvre SARL',
        'lost',
        -1500,
        '2026-08-07',
        '2026-03-01',
      ],
      ['Acme Robotique', 'Acme Robotique', 'open', null, '2026-12-12', '2026-11-11'],
    ]);
  });

  test('problems by line', async () => {
    const data = await readCrm([file], OPTIONS);
    const problems = data.problems.map((problem) => [problem.where, problem.code]);
    expect(problems).toEqual([
      ['line 5', 'CRM_NEGATIVE_AMOUNT'],
      ['line 6', 'CRM_EMPTY_NAME'],
      ['line 6', 'CRM_BAD_AMOUNT'],
      ['line 8', 'CSV_FOOTER_ROW'],
      ['line 10', 'CSV_FOOTER_ROW'],
      ['line 11', 'CSV_FOOTER_ROW'],
      ['line 13', 'CSV_FOOTER_ROW'],
      ['line 14', 'CSV_FOOTER_ROW'],
    ]);
  });

  test('inspection text', async () => {
    const text = formatInspection(await inspectCrm(file, OPTIONS));
    expect(text).toContain('Encoding:    windows-1252\n');
    expect(text).toContain('Delimiter:   semicolon\n');
    expect(text).toContain('Rows:        5 loaded, 0 skipped, 5 footer lines ignored\n');
    expect(text).toContain(
      '  closeDate     day-first (ambiguous): no value in the file decides the order; day-first assumed (the headers are French)\n',
    );
    expect(text).toContain('Currencies:  EUR 4 rows, total EUR 20,600.50 (2 rows without a currency, read as EUR from --currency)\n');
    expect(text).toContain('  Fermée gagnée         won      1 row\n');
  });
});

describe('HubSpot French export', () => {
  const file = fixture('hubspot-fr', 'transactions.csv');

  test('row values', async () => {
    const data = await readCrm([file], OPTIONS);
    const rows = data.opportunities.map((row) => [
      row.line,
      row.account,
      row.status,
      row.amount,
      row.closeDate,
      row.createdDate,
    ]);
    expect(rows).toEqual([
      [2, 'Globex Logistics', 'open', 9000, '2027-01-05', '2026-10-02'],
      [3, 'Globex Logistics', 'won', -1500, '2026-02-03', '2026-02-01'],
      [4, 'Northwind Traders', 'open', 18000, '2026-12-11', '2026-09-07'],
      [6, 'Martin Fils et Associés', 'lost', null, '2026-04-08', '2026-03-02'],
    ]);
    expect(data.problems.map((problem) => `${problem.code} ${problem.where}`)).toEqual(['CRM_NEGATIVE_AMOUNT line 3']);
  });

  test('columns chosen', async () => {
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.columns.name).toBe('Nom de la transaction');
    expect(inspection.columns.stage).toBe('Phase de la transaction');
    expect(inspection.columns.account).toBe('Entreprise associée');
    expect(inspection.columns.opportunityId).toBe("ID de fiche d'informations");
    expect(inspection.headerLanguage).toBe('fr');
  });

  test('accounts joined by name', async () => {
    const data = await readCrm([file], OPTIONS);
    const globex = data.accounts.find((account) => account.key === 'globex logistics');
    expect(globex?.opportunities).toHaveLength(2);
  });
});

describe('Excel exports', () => {
  test.each([
    ['opportunities.txt', 'utf-16le'],
    ['opportunities-be.txt', 'utf-16be'],
  ])('Unicode text %s', async (name, encoding) => {
    const data = await readCrm([fixture('excel-unicode', name)], OPTIONS);
    expect(data.inputs[0]?.encoding).toBe(encoding);
    expect(data.inputs[0]?.delimiter).toBe('\t');
    expect(data.opportunities.map((row) => row.account)).toEqual(['Müller GmbH', 'Øresund ApS']);
    expect(data.opportunities.map((row) => row.amount)).toEqual([4500, 1200]);
  });

  test('sep line honoured', async () => {
    const inspection = await inspectCrm(fixture('sep-line', 'opportunities.csv'), OPTIONS);
    expect(inspection.delimiter).toBe(';');
    expect(inspection.hasSepLine).toBe(true);
    expect(inspection.amountTotals).toEqual({ EUR: 5700.5 });
  });

  test('forced encoding used', async () => {
    const data = await readCrm([fixture('salesforce-fr', 'opportunites.csv')], {
      ...OPTIONS,
      encoding: 'utf-8',
    });
    expect(data.inputs[0]?.encoding).toBe('utf-8');
    expect(data.opportunities[0]?.account).toContain('\uFFFD');
  });
});

describe('crm map checks', () => {
  test('unknown map header rejected', async () => {
    let caught: unknown;
    try {
      await readCrm([fixture('sep-line', 'opportunities.csv')], {
        ...OPTIONS,
        map: { amount: 'Montant HT' },
      });
    } catch (error) {
      caught = error;
    }
    expect((caught as { code?: string }).code).toBe('USAGE');
    expect((caught as Error).message).toContain('no column "Montant HT"');
    expect((caught as Error).message).toMatch(/; its headers are "[^"]+"(, "[^"]+")*\. Name one of them, or run leak crm inspect/);
  });

  test('map header folded', async () => {
    const data = await readCrm([fixture('sep-line', 'opportunities.csv')], {
      ...OPTIONS,
      map: { owner: 'stage' },
    });
    expect(data.inputs[0]?.columns.owner).toBe('Stage');
  });
});

describe('repeated CRM file', () => {
  test('read once', async () => {
    const file = fixture('sep-line', 'opportunities.csv');
    const data = await readCrm([file, file], OPTIONS);
    expect(data.opportunities).toHaveLength(2);
    expect(data.problems.map((problem) => problem.code)).toEqual(['CRM_DUPLICATE_FILE']);
  });
});

describe('several emails in a cell', () => {
  test('all reach the account', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'leak-crm-'));
    const file = path.join(folder, 'deals.csv');
    await writeFile(
      file,
      'Deal Name,Company name,Email\nPilot,Acme,"a@acme.example; B@Acme.example"\n',
    );
    try {
      const data = await readCrm([file], OPTIONS);
      expect(data.opportunities[0]?.contactEmail).toBe('a@acme.example');
      expect(data.accounts[0]?.emails).toEqual(['a@acme.example', 'b@acme.example']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('utf-16 without a byte-order mark', () => {
  const text = 'Opportunity Name,Account Name,Stage,Amount\r\nDeal,Acme Robotics,Prospecting,1000\r\n';

  test.each([
    ['utf-16le', 'utf-16le'],
    ['utf-16be', 'utf-16be'],
  ] as const)('%s is detected', (encoding, expected) => {
    const bytes = encoding === 'utf-16le' ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16();
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.encoding).toBe(expected);
    expect(decoded.text).toBe(text);
  });
});
