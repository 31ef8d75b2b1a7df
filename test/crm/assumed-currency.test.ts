// An export without a currency column has its amounts read in --currency. Reports
// mark those rows, because a USD export read as EUR would otherwise look like a read value.
import { describe, expect, test } from 'vitest';
import { inspectCrm, formatInspection } from '../../src/parsers/crm/index.js';
import { corpusPath } from '../helpers/paths.js';
import { runLeak } from '../helpers/cli.js';

const MAVEN = corpusPath('crm', 'maven-crm-sales-opportunities', 'sales_pipeline.csv');

describe('amounts without a currency', () => {
  test('crm inspect counts the rows read in --currency', async () => {
    const inspection = await inspectCrm(MAVEN, { map: {}, defaultCurrency: 'USD' });
    expect(inspection.assumedCurrencyRows).toBe(6711);
    expect(inspection.amountTotals).toEqual({ USD: 10005534 });
    expect(formatInspection(inspection)).toContain('Currencies:  USD 6711 rows, total USD 10,005,534.00 (6711 rows without a currency, read as USD from --currency)');
  });

  test('the audit report names the rows read in --currency', async () => {
    const result = await runLeak(['audit', '--json']);
    const report = JSON.parse(result.stdout) as { inputs: { crm: { assumedCurrencyRows: number }[] } };
    expect(report.inputs.crm[0]?.assumedCurrencyRows).toBe(11);
    const terminal = await runLeak(['audit']);
    expect(terminal.stdout).toContain('amounts EUR 149,040.00 (11 rows without a currency, read as EUR from --currency)');
  });
});
