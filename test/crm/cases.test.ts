import { describe, expect, test } from 'vitest';
import {
  buildCrmIndex,
  judgeCoverage,
  matchAccount,
  type AccountQuery,
} from '../../src/match/index.js';
import { registrableDomain } from '../../src/match/domains.js';
import { readCrm, inspectCrm } from '../../src/parsers/crm/index.js';
import { casePath } from '../helpers/paths.js';

const OPTIONS = { map: {}, defaultCurrency: 'EUR' };

/** Builds the query the pipeline sends for one sender: email, domain, display name. */
function senderQuery(email: string, displayName = ''): AccountQuery {
  const domain = registrableDomain(email);
  return {
    emails: [email],
    domains: domain === null ? [] : [domain],
    names: displayName === '' ? [] : [displayName],
  };
}

describe('case 009 BOM before quoted header', () => {
  const file = casePath('009-csv-bom-quoted-header', 'crm.csv');

  test('header names are clean', async () => {
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.columns).toEqual({
      account: 'Company name',
      amount: 'Amount',
      closeDate: 'Close Date',
      contactEmail: 'Email',
      name: 'Deal Name',
      stage: 'Deal Stage',
    });
    expect(inspection.rows).toBe(3);
  });

  test('email match, closed won only', async () => {
    const data = await readCrm([file], OPTIONS);
    const match = matchAccount(
      senderQuery('pauline.roux@lumiere-events.example', 'Pauline Roux'),
      buildCrmIndex(data, { ownerDomains: [] }),
    );
    expect(match.account?.name).toBe('Lumière Events');
    expect(match.method).toBe('email');
    const verdict = judgeCoverage(match, '2026-12-01T09:00:00Z');
    expect(verdict.status).toBe('invisible');
    expect(verdict.reason).toBe(
      'account has no open opportunity (1 closed won); "Lumière - Pro plan" was closed won on 2026-09-30, before the signal',
    );
  });
});

describe('case 010 French Excel resave', () => {
  const file = casePath('010-csv-excel-fr-resave', 'crm.csv');

  test('dialect and encoding', async () => {
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.delimiter).toBe(';');
    expect(inspection.encoding).toBe('windows-1252');
    expect(inspection.rows).toBe(4);
    expect(inspection.dateOrders.closeDate?.order).toBe('day-first');
  });

  test('values', async () => {
    const data = await readCrm([file], OPTIONS);
    const rows = data.opportunities;
    expect(rows.map((row) => row.account)).toEqual([
      'Bâtiments Durand',
      'Crèche Étoile',
      'Lumière Events',
      'Boulangerie Lefèvre',
    ]);
    expect(rows.map((row) => row.amount)).toEqual([12500, 3200.5, 6400, 0]);
    expect(rows.map((row) => row.currency)).toEqual(['EUR', 'EUR', 'EUR', 'EUR']);
    expect(rows.map((row) => row.closeDate)).toEqual([
      '2026-11-03',
      '2026-12-15',
      '2026-09-30',
      '2027-01-31',
    ]);
    // No creation date column, and the file has won and lost rows: those cover no signal.
    expect(data.problems.map((problem) => problem.code)).toEqual(['CRM_DATE_COLUMN_MISSING']);
    expect(data.problems[0]?.detail).toContain('no creation date column');
  });

  test('contact email matches', async () => {
    const data = await readCrm([file], OPTIONS);
    const match = matchAccount(
      senderQuery('Jean-Baptiste.Morel+devis@durand-btp.example'),
      buildCrmIndex(data, { ownerDomains: [] }),
    );
    expect(match.account?.name).toBe('Bâtiments Durand');
    expect(match.method).toBe('email');
  });
});

describe('case 012 ragged rows', () => {
  const file = casePath('012-csv-ragged-rows', 'deals.csv');

  test('three rows loaded', async () => {
    const data = await readCrm([file], OPTIONS);
    const rows = data.opportunities.map((row) => [
      row.account,
      row.amount,
      row.currency,
      row.status,
    ]);
    expect(rows).toEqual([
      ['Bâtiments Durand', 12500, 'EUR', 'open'],
      ['Acme Robotique', 2500, 'EUR', 'unknown'],
      ['Northwind Traders', 18000, 'USD', 'won'],
    ]);
  });

  test('long row reported', async () => {
    const data = await readCrm([file], OPTIONS);
    // The export mixes EUR and USD rows, which has a notice of its own, and it has won and lost
    // rows but no date column.
    expect(data.problems.map((problem) => problem.code)).toEqual([
      'CRM_DATE_COLUMN_MISSING',
      'CSV_RAGGED_ROW',
      'CRM_CURRENCY_MISMATCH',
    ]);
    expect(data.problems[1]?.where).toBe('line 3');
    expect(data.problems[1]?.detail).toContain('7 fields, the header has 6');
    expect(data.inputs[0]?.skipped).toBe(1);
  });

  test('no shifted values', async () => {
    const data = await readCrm([file], OPTIONS);
    const emails = data.opportunities.map((row) => row.contactEmail);
    expect(emails).not.toContain(' Fils et Associés');
    expect(data.accounts.flatMap((account) => account.emails)).not.toContain(
      'contact@martin-fils.example',
    );
  });
});

describe('case 014 amount formats', () => {
  const file = casePath('014-amount-locale-formats', 'crm.csv');

  test('amount table', async () => {
    const data = await readCrm([file], OPTIONS);
    const rows = data.opportunities.map((row) => [row.account, row.amount, row.currency]);
    expect(rows).toEqual([
      ['Northwind Traders', 1234.5, 'USD'],
      ['Bâtiments Durand', 1234.5, 'EUR'],
      ['Lumière Events', 50000, 'EUR'],
      ['Globex Logistics', 3000, 'EUR'],
      ['Acme Robotique', 7500, 'EUR'],
      ['Crèche Étoile', null, null],
      ['Martin Fils', -9.13, 'EUR'],
    ]);
  });

  test('totals per currency', async () => {
    const data = await readCrm([file], OPTIONS);
    expect(data.inputs[0]?.amountTotals).toEqual({ EUR: 61725.37, USD: 1234.5 });
    // "$1,234.50" is read as USD, and the problem explains how to read it as another dollar.
    // The export mixes EUR and USD rows, which has a notice of its own, and "-9,13 €" is negative.
    expect(data.problems.map((problem) => problem.code)).toEqual([
      'CRM_CURRENCY_SYMBOL',
      'CRM_DATE_COLUMN_MISSING',
      'CRM_NEGATIVE_AMOUNT',
      'CRM_CURRENCY_MISMATCH',
    ]);
  });
});

describe('case 015 and 018 CRM side', () => {
  test('015 email then domain', async () => {
    const data = await readCrm([casePath('015-export-formula-injection', 'crm.csv')], OPTIONS);
    const index = buildCrmIndex(data, { ownerDomains: [] });
    const first = matchAccount(
      senderQuery('nadia.ferreira@globex.example', 'Nadia Ferreira'),
      index,
    );
    const second = matchAccount(senderQuery('achats@globex.example', '@SUM(1+1) Achats'), index);
    expect(first.method).toBe('email');
    expect(first.account?.name).toBe('Globex Logistics');
    expect(second.method).toBe('domain');
    expect(second.account?.name).toBe('Globex Logistics');
    expect(data.opportunities.map((row) => row.amount)).toEqual([9000, -1500]);
  });

  test('018 group address by domain', async () => {
    const data = await readCrm(
      [casePath('018-auto-reply-bulk-classification', 'crm.csv')],
      OPTIONS,
    );
    const match = matchAccount(
      senderQuery('achats@globex.example', 'Achats Globex'),
      buildCrmIndex(data, { ownerDomains: [] }),
    );
    expect(match.account?.name).toBe('Globex Logistics');
    expect(match.method).toBe('domain');
    expect(judgeCoverage(match, '2026-11-16T10:00:00Z').status).toBe('covered');
  });
});

describe('case 020 domain matching', () => {
  // sender, display name, account, method
  const SENDERS: Array<[string, string, string | null, string | null]> = [
    ['sophie.martin@mail.acme.example', 'Sophie Martin', 'Acme Robotique', 'domain'],
    ['lea.fontaine@notacme.example', 'Léa Fontaine', 'NotAcme Conseil', 'domain'],
    ['sam.diaz@acme.example.org', 'Sam Diaz', null, null],
    ['boulangerie.petit.demo@gmail.com', 'Boulangerie Petit', 'Boulangerie Petit', 'email'],
    ['client.demo.4821@gmail.com', 'Client Demo', null, null],
  ];

  test.each(SENDERS)('%s', async (email, displayName, account, method) => {
    const data = await readCrm([casePath('020-domain-matching', 'crm.csv')], OPTIONS);
    const match = matchAccount(
      senderQuery(email, displayName),
      buildCrmIndex(data, { ownerDomains: [] }),
    );
    expect(match.account?.name ?? null).toBe(account);
    expect(match.method ?? null).toBe(method);
    expect(match.status).toBe(account === null ? 'none' : 'matched');
  });

  test('unmatched sender is invisible', async () => {
    const data = await readCrm([casePath('020-domain-matching', 'crm.csv')], OPTIONS);
    const match = matchAccount(
      senderQuery('client.demo.4821@gmail.com'),
      buildCrmIndex(data, { ownerDomains: [] }),
    );
    expect(judgeCoverage(match, null)).toEqual({
      status: 'invisible',
      record: null,
      recordAmount: null,
      recordCurrency: null,
      account: null,
      matchedBy: null,
      reason: 'no CRM account',
      candidates: [],
    });
  });
});
