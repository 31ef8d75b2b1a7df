// A CRM export whose e-mail or website column has a header that matches no alias ("Main
// contact") gets that column from its values, so its accounts still match by domain.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatInspection, inspectCrm } from '../../src/parsers/crm/index.js';
import { mapColumns, mapColumnsByValues } from '../../src/parsers/crm/columns.js';
import { loadVocabulary } from '../../src/parsers/crm/aliases.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

/** Mail for the audits here that test a CRM export: --crm needs --mbox or --eml. */
const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');

const EXPORT = path.join(FIXTURES, 'crm', 'unnamed-email-column.csv');

function rows(...cells: string[][]): { cells: string[] }[] {
  return cells.map((row) => ({ cells: row }));
}

describe('columns chosen from their values', () => {
  const table = loadVocabulary().kinds.opportunity;

  test('an e-mail column is found', () => {
    const headers = ['Client', 'Phase', 'Main contact', 'Site'];
    const base = mapColumns(headers, table, {});
    const mapped = mapColumnsByValues(base, headers, rows(['Acme', 'Won', 'ann@acme.example', 'https://www.acme.example/']), table);
    expect(mapped.headers.contactEmail).toBe('Main contact');
    expect(mapped.headers.website).toBe('Site');
    expect(mapped.fromValues).toEqual(['contactEmail', 'website']);
  });

  test('a header mapping wins', () => {
    const headers = ['Account Name', 'Stage', 'Email', 'Backup contact'];
    const base = mapColumns(headers, table, {});
    const mapped = mapColumnsByValues(base, headers, rows(['Acme', 'Won', 'ann@acme.example', 'bob@acme.example']), table);
    expect(mapped.headers.contactEmail).toBe('Email');
    expect(mapped.fromValues).toEqual([]);
  });

  test('numbers and names are no websites', () => {
    const headers = ['Client', 'Phase', 'Ratio', 'Owner'];
    const base = mapColumns(headers, table, {});
    const mapped = mapColumnsByValues(base, headers, rows(['Acme', 'Won', '3.5', 'Jane Smith'], ['Beta', 'Lost', '12.25', 'Li Wu']), table);
    expect(mapped.fromValues).toEqual([]);
  });

  test('staff and product columns are left alone', () => {
    // Rep addresses are the seller's, and "Node.js" is a product, not a website.
    const headers = ['Client', 'Phase', 'Assigned Rep', 'Product'];
    const base = mapColumns(headers, table, {});
    const mapped = mapColumnsByValues(base, headers, rows(['Acme', 'Won', 'rita@vendor.example', 'Node.js'], ['Beta', 'Lost', 'sam@vendor.example', 'Vue.js']), table);
    expect(mapped.fromValues).toEqual([]);
  });

  test('an export without accounts is left alone', () => {
    const headers = ['Display Name', 'Primary Email'];
    const base = mapColumns(headers, table, {});
    const mapped = mapColumnsByValues(base, headers, rows(['Ann Lee', 'ann@acme.example']), table);
    expect(mapped.fromValues).toEqual([]);
  });

  test('crm inspect says so', async () => {
    const inspection = await inspectCrm(EXPORT, { map: {}, defaultCurrency: 'EUR' });
    expect(formatInspection(inspection)).toContain('contactEmail  Main contact (chosen from its values)');
  });

  test('the account then matches its domain', async () => {
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm', EXPORT, '--json']);
    const report = JSON.parse(result.stdout) as { opportunities: { account: string; crm: { status: string } }[] };
    const northwind = report.opportunities.filter((opportunity) => opportunity.account === 'Northwind Traders');
    expect(northwind.length).toBeGreaterThan(0);
    expect(northwind.every((opportunity) => opportunity.crm.status === 'covered')).toBe(true);
  });
});
