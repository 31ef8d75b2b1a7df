// Exports with an actual and an expected close date: won and lost deals take the actual one
// when their row has it, the estimate otherwise, and open deals the estimate.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildCrmIndex, judgeCoverage, matchAccount } from '../../src/match/index.js';
import { formatInspection, inspectCrm, readCrm } from '../../src/parsers/crm/index.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const OPTIONS = { map: {}, defaultCurrency: 'USD' };
const folder = path.join(FIXTURES, 'crm', 'close-dates');

/** Returns the status and close date of each row of a fixture, by opportunity name. */
async function closeDates(file: string): Promise<Record<string, [string, string | null]>> {
  const data = await readCrm([path.join(folder, file)], OPTIONS);
  return Object.fromEntries(data.opportunities.map((row) => [row.name, [row.status, row.closeDate]]));
}

describe('close date columns', () => {
  test.each([
    // file, expected column, actual column, rows: [status, close date]
    [
      'dynamics.csv',
      'Est. close date',
      'Actual Close Date',
      {
        'Northwind Traders | 1-Year Coffee Subscription': ['won', '2026-02-10'],
        'Fabrikam | Espresso Machines': ['lost', '2026-05-15'],
        'Adatum Corporation | Cold Brew Add-on': ['open', '2026-07-31'],
      },
    ],
    [
      'odoo-fr.csv',
      'Clôture prévue',
      'Date de clôture',
      { 'Renouvellement Lumière': ['won', '2026-02-12'], 'Extension Durand': ['open', '2026-07-31'] },
    ],
    [
      'generic.csv',
      'Expected Close Date',
      'Close Date',
      { 'Globex expansion': ['won', '2026-02-20'], 'Initech renewal': ['lost', '2026-05-31'] },
    ],
    ['single.csv', 'Close Date', undefined, { 'Hooli upgrade': ['won', '2026-04-30'] }],
    [
      'pipedrive.csv',
      'Deal - Expected close date',
      'Deal - Close time',
      { 'Gamma deal': ['lost', '2026-03-01'], 'Eps deal': ['won', '2026-02-01'] },
    ],
  ])('%s', async (file, expected, actual, rows) => {
    const inspection = await inspectCrm(path.join(folder, file), OPTIONS);
    expect(inspection.columns.closeDate).toBe(expected);
    expect(inspection.columns.actualCloseDate).toBe(actual);
    expect(await closeDates(file)).toEqual(rows);
  });

  test('inspect names the column used', async () => {
    const lines = (file: string) =>
      inspectCrm(path.join(folder, file), OPTIONS).then((inspection) => formatInspection(inspection).split('\n').filter((line) => line.startsWith('Close date:')));
    expect(await lines('dynamics.csv')).toEqual([
      'Close date:  Actual Close Date for won and lost deals that have it (1 row), else Est. close date (1 row); Est. close date for open deals',
    ]);
    expect(await lines('single.csv')).toEqual(['Close date:  Close Date for every deal']);
    const inspection = await inspectCrm(path.join(folder, 'dynamics.csv'), OPTIONS);
    expect(inspection.closeDates).toEqual({ actualHeader: 'Actual Close Date', expectedHeader: 'Est. close date', closedFromActual: 1, closedFromExpected: 1 });
  });

  test('won deal closed before the signal', async () => {
    // The estimate (6/30/2026) is after a signal of April, but the deal closed in February.
    const data = await readCrm([path.join(folder, 'dynamics.csv')], OPTIONS);
    const match = matchAccount({ emails: [], domains: [], names: ['Northwind Traders'] }, buildCrmIndex(data, { ownerDomains: [] }));
    expect(match.account?.name).toBe('Northwind Traders');
    const verdict = judgeCoverage(match, '2026-04-01T09:00:00Z');
    expect(verdict.status).toBe('invisible');
    expect(verdict.reason).toContain('was closed won on 2026-02-10, before the signal');
  });

  test('lost deal closed before the signal', async () => {
    // Pipedrive's expected date (2026-12-31) is after the signal, but the deal was lost in March.
    const data = await readCrm([path.join(folder, 'pipedrive.csv')], OPTIONS);
    const index = buildCrmIndex(data, { ownerDomains: [] });
    const match = matchAccount({ emails: ['gina@gamma.example'], domains: ['gamma.example'], names: [] }, index);
    const verdict = judgeCoverage(match, '2026-09-25');
    expect(verdict.status).toBe('invisible');
    expect(verdict.reason).toContain('"Gamma deal" was closed lost on 2026-03-01, before the signal');
  });
});

describe('close date after the export date (--crm-exported-on)', () => {
  const file = path.join(folder, 'future-lost.csv');

  test('closed deal loses the date', async () => {
    const data = await readCrm([file], { ...OPTIONS, exportedOn: '2026-12-06' });
    expect(data.opportunities[0]?.closeDate).toBeNull();
    expect(data.problems.map((problem) => `${problem.code} ${problem.where}`)).toEqual(['CRM_CLOSE_DATE_FUTURE line 2']);
    expect(data.problems[0]?.detail).toContain('close date 2027-06-30 is after the export date (2026-12-06, --crm-exported-on)');
  });

  test('closed deal covers no later signal', async () => {
    const data = await readCrm([file], { ...OPTIONS, exportedOn: '2026-12-06' });
    const index = buildCrmIndex(data, { ownerDomains: [] });
    const match = matchAccount({ emails: ['gina@gamma.example'], domains: ['gamma.example'], names: [] }, index);
    expect(judgeCoverage(match, '2026-09-25').status).toBe('invisible');
  });

  test('reason names the date set aside', async () => {
    const data = await readCrm([file], { ...OPTIONS, exportedOn: '2026-12-06' });
    expect(data.opportunities[0]?.closeDateSetAside).toBe('2027-06-30');
    const index = buildCrmIndex(data, { ownerDomains: [] });
    const match = matchAccount({ emails: ['gina@gamma.example'], domains: ['gamma.example'], names: [] }, index);
    const { reason } = judgeCoverage(match, '2026-09-25');
    expect(reason).toContain('its close date 2027-06-30 set aside, as it is after the export day (--crm-exported-on)');
    expect(reason).not.toContain('no close date');
  });

  test('past close date is kept', async () => {
    const data = await readCrm([file], { ...OPTIONS, exportedOn: '2027-06-30' });
    expect(data.opportunities[0]?.closeDate).toBe('2027-06-30');
    expect(data.problems).toEqual([]);
  });
});

describe('--crm-exported-on on the command line', () => {
  const file = path.join(folder, 'future-lost.csv');

  test('without it, close dates are not checked against the day of the run', async () => {
    const result = await runLeak(['crm', 'inspect', file, '--currency', 'USD']);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('CRM_CLOSE_DATE_FUTURE');
  });

  test('with it, a deal closed after the export day is flagged', async () => {
    const result = await runLeak(['crm', 'inspect', file, '--currency', 'USD', '--crm-exported-on', '2026-12-06']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('CRM_CLOSE_DATE_FUTURE');
  });

  test.each(['2026-13-01', '2026-02-30', '6/12/2026', ''])('%j is a usage error naming the flag', async (value) => {
    const result = await runLeak(['crm', 'inspect', file, '--crm-exported-on', value]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--crm-exported-on ${value}: invalid date; expected a calendar day as YYYY-MM-DD`);
  });

  test('audit without --crm rejects it', async () => {
    const result = await runLeak(['audit', '--crm-exported-on', '2026-12-06', '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--crm-exported-on gives the day a CRM export was taken; add the export with --crm or remove the option.');
  });
});
