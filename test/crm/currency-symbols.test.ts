// "$" and "¥" are written by several currencies. They are read as --currency
// when it writes that symbol, and a file problem names the reading taken.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatInspection, inspectCrm } from '../../src/parsers/crm/index.js';
import { FIXTURES } from '../helpers/paths.js';

// "$12,400.00", "¥500000" and "1.234" (no currency), as an Australian export writes them.
const file = path.join(FIXTURES, 'crm', 'currency-symbols', 'crm.csv');

describe('currency symbols read as --currency', () => {
  test('--currency AUD reads "$" as AUD', async () => {
    const inspection = await inspectCrm(file, { map: {}, defaultCurrency: 'AUD' });
    expect(inspection.currencies).toEqual({ AUD: 2, JPY: 1 });
    const text = formatInspection(inspection);
    expect(text).toContain(
      '"$" in Amount (1 row) was read as AUD, because --currency AUD writes "$"; if they are in USD, ' +
        'write the code in the amounts or add a currency column',
    );
    expect(text).toContain('"¥" in Amount (1 row) was read as JPY, the usual reading of "¥"; if they are in CNY, pass --currency');
  });

  test('--currency CNY reads "¥" as CNY', async () => {
    const inspection = await inspectCrm(file, { map: {}, defaultCurrency: 'CNY' });
    expect(inspection.currencies).toEqual({ CNY: 2, USD: 1 });
  });

  test('--currency EUR keeps usual readings', async () => {
    const inspection = await inspectCrm(file, { map: {}, defaultCurrency: 'EUR' });
    expect(inspection.currencies).toEqual({ EUR: 1, JPY: 1, USD: 1 });
    const symbols = inspection.problems.filter((problem) => problem.code === 'CRM_CURRENCY_SYMBOL');
    expect(symbols.map((problem) => problem.detail)).toContain(
      '"$" in Amount (1 row) was read as USD, the usual reading of "$"; if they are in AUD, CAD, NZD, SGD, HKD, ' +
        'MXN or another dollar, pass --currency with its code, or add a currency column',
    );
  });
});
