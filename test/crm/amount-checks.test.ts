// Amounts a report totals: the currency column under its other names, an amount whose own
// currency contradicts that column, negative amounts and rows that overlapping exports repeat.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatInspection, inspectCrm, readCrm } from '../../src/parsers/crm/index.js';
import { FIXTURES } from '../helpers/paths.js';

const OPTIONS = { map: {}, defaultCurrency: 'EUR' };
const fixture = (name: string): string => path.join(FIXTURES, 'crm', 'amount-checks', name);

function codes(problems: ReadonlyArray<{ code: string; where: string }>): string[] {
  return problems.map((problem) => `${problem.code} ${problem.where}`);
}

describe('currency column names', () => {
  test('Amount Currency is read', async () => {
    const inspection = await inspectCrm(fixture('sf-amountcur.csv'), OPTIONS);
    expect(inspection.columns.currency).toBe('Amount Currency');
    expect(inspection.amountTotals).toEqual({ GBP: 3000, USD: 12000 });
    expect(inspection.assumedCurrencyRows).toBe(0);
  });

  test('column of ISO codes is read', async () => {
    const inspection = await inspectCrm(fixture('de-codes.csv'), { ...OPTIONS, map: { amount: 'Betrag' } });
    expect(inspection.columns.currency).toBe('Währung');
    expect(inspection.columnsFromValues).toContain('currency');
    expect(inspection.amountTotals).toEqual({ GBP: 200, USD: 100 });
  });

  test('unreadable currency column is reported', async () => {
    const inspection = await inspectCrm(fixture('de-names.csv'), OPTIONS);
    expect(inspection.columns.currency).toBeUndefined();
    expect(codes(inspection.problems)).toEqual(['CRM_CURRENCY_COLUMN_IGNORED -']);
    expect(inspection.problems[0]?.detail).toContain('--crm-map currency="Währung"');
  });
});

describe('amount against currency column', () => {
  test('conflict is one problem per row', async () => {
    const data = await readCrm([fixture('curconf.csv')], OPTIONS);
    expect(data.opportunities.map((row) => row.currency)).toEqual(['USD', 'GBP']);
    const conflicts = data.problems.filter((problem) => problem.code === 'CRM_CURRENCY_CONFLICT');
    expect(codes(conflicts)).toEqual(['CRM_CURRENCY_CONFLICT line 2', 'CRM_CURRENCY_CONFLICT line 3']);
    expect(conflicts[0]?.detail).toContain('"USD 5000" is in USD but Currency says EUR');
  });

  test('column names the dollar', async () => {
    const data = await readCrm([fixture('dollar-column.csv')], OPTIONS);
    expect(data.opportunities.map((row) => row.currency)).toEqual(['CAD', 'USD']);
    expect(codes(data.problems).filter((code) => !code.startsWith('CRM_CURRENCY_MISMATCH'))).toEqual([]);
  });
});

describe('negative amounts', () => {
  test('summed, with a problem each', async () => {
    const data = await readCrm([fixture('crm-neg.csv')], OPTIONS);
    expect(data.opportunities.map((row) => row.amount)).toEqual([-1234.5, -1234.5]);
    expect(data.inputs[0]?.amountTotals).toEqual({ EUR: -2469 });
    expect(codes(data.problems)).toEqual(['CRM_NEGATIVE_AMOUNT line 2', 'CRM_NEGATIVE_AMOUNT line 3']);
  });

  test('inspect lists them', async () => {
    const text = formatInspection(await inspectCrm(fixture('crm-neg.csv'), OPTIONS));
    expect(text).toContain('line 2      CRM_NEGATIVE_AMOUNT');
    expect(text).toContain('amount "-1234.5" is negative');
  });
});

describe('overlapping exports', () => {
  test('shared row counted once', async () => {
    const data = await readCrm([fixture('part1.csv'), fixture('part2.csv')], OPTIONS);
    expect(data.opportunities.map((row) => row.name)).toEqual([
      'Acme - seats',
      'Beta - pilot',
      'Gamma - 2025',
      'Eps - deal',
    ]);
    expect(data.inputs.map((input) => input.amountTotals)).toEqual([{ EUR: 17000 }, { EUR: 11000 }]);
    expect(data.inputs.map((input) => input.assumedCurrencyRows)).toEqual([2, 2]);
    expect(codes(data.problems)).toEqual(['CRM_DUPLICATE_OPPORTUNITY line 2']);
    expect(data.problems[0]?.detail).toContain('part1.csv line 3');
  });

  test('one file keeps equal rows', async () => {
    const data = await readCrm([fixture('equal-rows.csv')], OPTIONS);
    expect(data.opportunities).toHaveLength(2);
    expect(data.problems).toEqual([]);
  });
});
