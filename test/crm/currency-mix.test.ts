// CRM_CURRENCY_MISMATCH on real CSV files read by the real parser. The advice
// must hold whatever --currency is: an export whose rows name two currencies
// gets the same account of the mix under EUR and USD, never "pass --currency",
// because no --currency can match it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readCrm } from '../../src/parsers/crm/index.js';
import type { Problem } from '../../src/types.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const HEADER = 'Opportunity Name,Account Name,Stage,Amount,Currency,Close Date';

/** Three EUR rows, two USD rows and one row without a currency. */
const MIXED = [
  HEADER,
  'Northwind - Pro,Northwind Traders,Closed Won,18000.00,EUR,2026-01-20',
  'Northwind - Seats,Northwind Traders,Proposal,5400.00,EUR,2026-10-15',
  'Globex - Renewal,Globex Logistics,Negotiation,9000.00,EUR,2026-11-01',
  'Initech - Pilot,Initech,Closed Won,12000.00,USD,2026-03-02',
  'Initech - Upgrade,Initech,Qualification,4000.00,USD,2026-12-01',
  'Hooli - Trial,Hooli,Prospecting,1500.00,,2026-12-10',
].join('\n');

/** Two USD rows and one row without a currency. */
const USD_ONLY = [
  HEADER,
  'Initech - Pilot,Initech,Closed Won,12000.00,USD,2026-03-02',
  'Initech - Upgrade,Initech,Qualification,4000.00,USD,2026-12-01',
  'Hooli - Trial,Hooli,Prospecting,1500.00,,2026-12-10',
].join('\n');

function writeExport(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-currency-')), 'crm.csv');
  writeFileSync(file, text);
  return file;
}

async function mismatch(file: string, currency: string): Promise<Problem[]> {
  const crm = await readCrm([file], { map: {}, defaultCurrency: currency });
  return crm.problems.filter((problem) => problem.code === 'CRM_CURRENCY_MISMATCH');
}

describe('CRM_CURRENCY_MISMATCH', () => {
  test('mixed export under EUR', async () => {
    const [problem, ...rest] = await mismatch(writeExport(MIXED), 'EUR');
    expect(rest).toEqual([]);
    expect(problem?.detail).toContain('the export mixes currencies: 3 rows in EUR, 2 rows in USD');
    expect(problem?.detail).toContain('1 row without a currency is read as EUR from --currency');
    expect(problem?.detail).toContain('never converts or adds them across currencies');
    expect(problem?.detail).not.toContain('pass --currency');
  });

  test('mixed export under USD', async () => {
    const [problem] = await mismatch(writeExport(MIXED), 'USD');
    expect(problem?.detail).toContain('the export mixes currencies: 3 rows in EUR, 2 rows in USD');
    expect(problem?.detail).toContain('1 row without a currency is read as USD from --currency');
    expect(problem?.detail).not.toContain('pass --currency');
  });

  test('one other currency advises it', async () => {
    const file = writeExport(USD_ONLY);
    const [problem] = await mismatch(file, 'EUR');
    expect(problem?.detail).toContain('CRM amounts are in USD (2 rows) but --ltv is in EUR');
    expect(problem?.detail).toContain('pass --currency USD with --ltv in USD');
    expect(problem?.detail).toContain('the 1 row without a currency then read as USD too');
    // Following the advice ends the warning, so it never sends the user back.
    expect(await mismatch(file, 'USD')).toEqual([]);
  });

  test('mixed export warns the same on stderr', async () => {
    const file = writeExport(MIXED);
    const mbox = path.join(FIXTURES, 'sample', 'inbox.mbox');
    const warnings: string[] = [];
    for (const currency of ['EUR', 'USD']) {
      const result = await runLeak(['audit', '--quiet', '--no-progress', '--mbox', mbox, '--crm', file, '--currency', currency]);
      expect(result.status).toBe(0);
      const line = result.stderr.split('\n').find((text) => text.includes('mixes currencies'));
      expect(line).toBeDefined();
      warnings.push((line ?? '').replace(`read as ${currency}`, 'read as CODE').replace(`is in ${currency}`, 'is in CODE'));
    }
    expect(warnings[0]).toBe(warnings[1]);
  });
});
