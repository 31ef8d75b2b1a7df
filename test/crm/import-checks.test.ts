// Checks on a whole CRM export: an empty file, a file whose every row was
// rejected, a missing stage column and a mapped column that fails on every
// row. The inputs are the bundled sample export, fixtures and a bug-report
// case, copied or cut down in a temporary folder.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isLeakError, type LeakError } from '../../src/errors.js';
import { inspectCrm, readCrm } from '../../src/parsers/crm/index.js';
import { casePath, FIXTURES } from '../helpers/paths.js';

const OPTIONS = { map: {}, defaultCurrency: 'EUR' };
const SAMPLE_CRM = path.join(FIXTURES, 'sample', 'crm.csv');

/** Writes `text` to a new file in a temporary folder and returns its path. */
function writeTemp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-crm-')), name);
  writeFileSync(file, text);
  return file;
}

/** Returns the sample export without its column `header`. */
function sampleWithout(header: string): string {
  const lines = readFileSync(SAMPLE_CRM, 'utf8').trimEnd().split('\n');
  const index = (lines[0] ?? '').split(',').indexOf(header);
  expect(index).toBeGreaterThanOrEqual(0);
  return lines.map((line) => line.split(',').filter((_, cell) => cell !== index).join(',')).join('\n');
}

async function readError(file: string, map: Record<string, string> = {}): Promise<LeakError> {
  const error: unknown = await readCrm([file], { ...OPTIONS, map }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isLeakError(error)).toBe(true);
  return error as LeakError;
}

describe('empty CRM file', () => {
  test.each([
    ['zero bytes', ''],
    ['byte order mark only', '\uFEFF'],
    ['blank lines only', '\n\n\r\n'],
  ])('%s raises CRM_EMPTY', async (_, text) => {
    const file = writeTemp('empty.csv', text);
    const error = await readError(file);
    expect(error.code).toBe('CRM_EMPTY');
    expect(error.message).toContain(file);
    expect(error.message).toContain('no header row');
    expect(error.message).toContain('leave out this --crm file');
  });

  test('header only raises CRM_EMPTY', async () => {
    const header = readFileSync(SAMPLE_CRM, 'utf8').split('\n')[0] ?? '';
    const file = writeTemp('header-only.csv', `${header}\r\n`);
    const error = await readError(file);
    expect(error.code).toBe('CRM_EMPTY');
    expect(error.message).toContain(file);
    expect(error.message).toContain('has a header row but no data rows');
  });

  test('inspection reports the empty file', async () => {
    const file = writeTemp('empty.csv', '');
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.rows).toBe(0);
    expect(inspection.unusable).toContain('the CRM file is empty');
  });

});

describe('every data row rejected', () => {
  const ALL_REJECTED = path.join(FIXTURES, 'crm', 'all-rows-rejected', 'deals.csv');

  test('two ragged rows raise CRM_EMPTY', async () => {
    const error = await readError(ALL_REJECTED);
    expect(error.code).toBe('CRM_EMPTY');
    expect(error.message).toBe(
      `${ALL_REJECTED}: all 2 data rows were rejected, so the CRM file has no usable row. ` +
        'First rejected on line 2: row has 7 fields, the header has 6 fields. The row was ' +
        'rejected so no value lands in another column. Quote values that contain ",". ' +
        'Fix those rows or export the report again, or leave out this --crm file',
    );
  });

  test('one ragged row raises CRM_EMPTY', async () => {
    const file = writeTemp('ragged.csv', 'Account Name,Stage\nAcme,Open,extra\n');
    const error = await readError(file);
    expect(error.code).toBe('CRM_EMPTY');
    expect(error.message).toContain(`${file}: the only data row was rejected`);
    expect(error.message).toContain('Rejected on line 2: row has 3 fields, the header has 2 fields');
    expect(error.message).toContain('Fix that row');
  });

  test('unclosed quote names its line', async () => {
    const file = writeTemp('quote.csv', 'Account Name,Stage\n\n"Acme,Open\n');
    const error = await readError(file);
    expect(error.code).toBe('CRM_EMPTY');
    expect(error.message).toContain('Rejected on line 3: Quote Not Closed');
  });

  test('footer only raises CRM_EMPTY', async () => {
    const file = writeTemp('footer.csv', 'Account Name,Stage\nGrand Total,\n');
    const error = await readError(file);
    expect(error.code).toBe('CRM_EMPTY');
    expect(error.message).toContain('Rejected on line 2: report footer skipped: "Grand Total"');
  });

  test('inspection reports the rejected rows', async () => {
    const inspection = await inspectCrm(ALL_REJECTED, OPTIONS);
    expect(inspection.rows).toBe(0);
    expect(inspection.skipped).toBe(2);
    expect(inspection.unusable).toContain('all 2 data rows were rejected');
    expect(inspection.problems.map((problem) => problem.where)).toEqual(['line 2', 'line 3']);
  });

  test('one loaded row is usable', async () => {
    const file = writeTemp('one-good.csv', 'Account Name,Stage\nAcme,Open,extra\nGlobex,Closed Won\n');
    const data = await readCrm([file], OPTIONS);
    expect(data.inputs[0]?.rows).toBe(1);
    expect(data.inputs[0]?.skipped).toBe(1);
    expect(data.opportunities.map((row) => row.account)).toEqual(['Globex']);
  });
});

describe('missing stage column', () => {
  test('sample without Stage warns once', async () => {
    const file = writeTemp('no-stage.csv', sampleWithout('Stage'));
    const data = await readCrm([file], OPTIONS);
    const missing = data.problems.filter((problem) => problem.code === 'CRM_STATUS_COLUMN_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]?.where).toBe('-');
    expect(missing[0]?.detail).toContain('--crm-map stage=HEADER');
    expect(data.opportunities).toHaveLength(11);
    expect(data.opportunities.every((row) => row.status === 'unknown')).toBe(true);
  });

  test('stage column mapped by flag', async () => {
    const file = writeTemp('renamed.csv', readFileSync(SAMPLE_CRM, 'utf8').replace('Stage', 'Pipeline Step'));
    const data = await readCrm([file], { ...OPTIONS, map: { stage: 'Pipeline Step' } });
    const codes = data.problems.map((problem) => problem.code);
    expect(codes).not.toContain('CRM_STATUS_COLUMN_MISSING');
    const sample = await readCrm([SAMPLE_CRM], OPTIONS);
    expect(data.opportunities.map((row) => row.status)).toEqual(
      sample.opportunities.map((row) => row.status),
    );
    expect(data.opportunities.filter((row) => row.status === 'won')).toHaveLength(4);
  });

  test('status column is enough', async () => {
    // Case 012 has "Deal - Status" (open, won) and no stage column.
    const data = await readCrm([casePath('012-csv-ragged-rows', 'deals.csv')], OPTIONS);
    const codes = data.problems.map((problem) => problem.code);
    expect(codes).not.toContain('CRM_STATUS_COLUMN_MISSING');
  });

  test('sample with Stage has no warning', async () => {
    const data = await readCrm([SAMPLE_CRM], OPTIONS);
    expect(data.problems).toEqual([]);
  });
});

describe('column that fails on every row', () => {
  test('amount mapped to Stage raises one error', async () => {
    const error = await readError(SAMPLE_CRM, { amount: 'Stage' });
    expect(error.code).toBe('CRM_COLUMN_INVALID');
    expect(error.message).toContain('--crm-map amount=Stage');
    expect(error.message).toContain('column "Stage"');
    expect(error.message).toContain('"Closed Won" on line 2');
    expect(error.message).toContain(SAMPLE_CRM);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  test('closeDate mapped to Stage raises one error', async () => {
    const error = await readError(SAMPLE_CRM, { closeDate: 'Stage' });
    expect(error.code).toBe('CRM_COLUMN_INVALID');
    expect(error.message).toContain('--crm-map closeDate=Stage');
    expect(error.message).toContain('is a date');
  });

  test('one mapped row that fails raises', async () => {
    const lines = readFileSync(SAMPLE_CRM, 'utf8').split('\n');
    const file = writeTemp('one-row.csv', `${lines[0]}\n${lines[1]}\n`);
    const error = await readError(file, { amount: 'Stage' });
    expect(error.code).toBe('CRM_COLUMN_INVALID');
    expect(error.message).toContain(
      'the only value in column "Stage" is not an amount ("Closed Won" on line 2)',
    );
  });

  test('inspection lists no row problems', async () => {
    const inspection = await inspectCrm(SAMPLE_CRM, { ...OPTIONS, map: { amount: 'Stage' } });
    expect(inspection.unusable).toContain('--crm-map amount=Stage');
    const codes = inspection.problems.map((problem) => problem.code);
    expect(codes).not.toContain('CRM_BAD_AMOUNT');
    expect(codes).not.toContain('CRM_COLUMN_UNREADABLE');
  });

  test('alias column failing is one problem', async () => {
    const text = readFileSync(SAMPLE_CRM, 'utf8')
      .split('\n')
      .map((line, index) => (index === 0 ? line : line.replace(/,(\d+\.\d\d),/, ',n/a yet,')))
      .join('\n');
    const file = writeTemp('words-as-amounts.csv', text);
    const data = await readCrm([file], OPTIONS);
    const codes = data.problems.map((problem) => problem.code);
    expect(codes.filter((code) => code === 'CRM_COLUMN_UNREADABLE')).toHaveLength(1);
    expect(codes).not.toContain('CRM_BAD_AMOUNT');
    expect(data.opportunities.every((row) => row.amount === null)).toBe(true);
  });

  test('one bad amount stays a row problem', async () => {
    const lines = readFileSync(SAMPLE_CRM, 'utf8').split('\n');
    lines[1] = (lines[1] ?? '').replace(/,(\d+\.\d\d),/, ',n/a yet,');
    const file = writeTemp('one-bad-amount.csv', lines.join('\n'));
    const data = await readCrm([file], OPTIONS);
    const bad = data.problems.filter((problem) => problem.code === 'CRM_BAD_AMOUNT');
    expect(bad).toHaveLength(1);
    expect(bad[0]?.where).toBe('line 2');
    expect(data.problems.map((problem) => problem.code)).not.toContain('CRM_COLUMN_UNREADABLE');
  });
});
