// Checks on a whole CRM export: an empty file, a file whose every row was
// rejected, a missing stage column and a mapped column that fails on every
// row. The inputs are the bundled sample export, fixtures and a bug-report
// case, copied or cut down in a temporary folder.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isLeakError, type LeakError } from '../../src/errors.js';
import { formatInspection, inspectCrm, readCrm } from '../../src/parsers/crm/index.js';
import { casePath, corpusPath, FIXTURES } from '../helpers/paths.js';

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

  test('inspection advice names no --crm', async () => {
    const inspection = await inspectCrm(writeTemp('empty.csv', ''), OPTIONS);
    expect(inspection.unusable).toContain('leave this file out of the audit');
    expect(inspection.unusable).not.toContain('--crm');
  });

  test('missing file names its argument', async () => {
    const missing = path.join(os.tmpdir(), 'leak-crm-missing', 'nope.csv');
    const inspected: unknown = await inspectCrm(missing, OPTIONS).catch((caught: unknown) => caught);
    expect((inspected as LeakError).message).toContain('check the FILE argument of leak crm inspect');
    expect((await readError(missing)).message).toContain('check the --crm path');
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
    expect(error.message).toContain('Rejected on line 2: report footer line ignored, not a data row: "Grand Total"');
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

  // field, mapped header, expected noun, first value on line 2
  const MAPPED_FIELDS: Array<[string, string, string, string]> = [
    ['website', 'Opportunity Owner', 'a website or domain', 'Claire Martin'],
    ['contactEmail', 'Stage', 'an email address', 'Closed Won'],
    ['currency', 'Stage', 'a currency code or name', 'Closed Won'],
    ['isWon', 'Account Name', 'a yes/no value', 'Northwind Traders'],
    ['isClosed', 'Stage', 'a yes/no value', 'Closed Won'],
    ['stageSemantic', 'Stage', 'P, S or F', 'Closed Won'],
    ['createdDate', 'Opportunity Owner', 'a date', 'Claire Martin'],
  ];

  test.each(MAPPED_FIELDS)('%s mapped to %s raises', async (field, header, noun, value) => {
    const error = await readError(SAMPLE_CRM, { [field]: header });
    expect(error.code).toBe('CRM_COLUMN_INVALID');
    expect(error.message).toBe(
      `--crm-map ${field}=${header}: none of the 11 values in column "${header}" is ${noun} ` +
        `(for example "${value}" on line 2) in ${SAMPLE_CRM}; ` +
        `name the ${field} column with --crm-map ${field}=HEADER, or leave ${field} out of --crm-map`,
    );
  });

  test('website mapped to Notes raises', async () => {
    const file = path.join(FIXTURES, 'crm', 'website-notes', 'deals.csv');
    const error = await readError(file, { website: 'Notes' });
    expect(error.code).toBe('CRM_COLUMN_INVALID');
    expect(error.message).toContain(
      'none of the 2 values in column "Notes" is a website or domain (for example "call back" on line 2)',
    );
    const data = await readCrm([file], OPTIONS);
    expect(data.accounts.flatMap((account) => account.domains)).toEqual(['initech.example', 'acme.example']);
  });

  test('partly valid mapped column passes', async () => {
    // Contact Email is empty on two rows and gives a domain on the others.
    const data = await readCrm([SAMPLE_CRM], { ...OPTIONS, map: { website: 'Contact Email' } });
    expect(data.problems).toEqual([]);
    expect(data.opportunities[0]?.website).toBe('olivia.hart@northwind.example');
  });

  test('account export mapped website raises', async () => {
    const file = writeTemp('accounts.csv', 'Account Name,Website,Notes\nAcme,acme.example,call back\n');
    const error = await readError(file, { website: 'Notes' });
    expect(error.code).toBe('CRM_COLUMN_INVALID');
    expect(error.message).toContain(
      'the only value in column "Notes" is not a website or domain ("call back" on line 2)',
    );
  });

  test('contact export mapped email raises', async () => {
    const text = 'Account Name,Email,Phone\nAcme,ann@acme.example,555 0100\nGlobex,bo@globex.example,555 0101\n';
    const file = writeTemp('contacts.csv', text);
    const error = await readError(file, { contactEmail: 'Phone' });
    expect(error.message).toContain('none of the 2 values in column "Phone" is an email address');
  });

  test('alias website failing is one problem', async () => {
    const lines = readFileSync(SAMPLE_CRM, 'utf8').trimEnd().split('\n');
    const text = lines.map((line, index) => (index === 0 ? line : line.replace(/,[^,]*$/, ',see notes')));
    const file = writeTemp('websites-as-words.csv', text.join('\n'));
    const data = await readCrm([file], OPTIONS);
    const unreadable = data.problems.filter((problem) => problem.code === 'CRM_COLUMN_UNREADABLE');
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]?.detail).toBe(
      'none of the 11 values in column "Website" is a website or domain (for example "see notes" ' +
        'on line 2), so website is left empty on every row; if another column holds it, name it ' +
        'with --crm-map website=HEADER',
    );
    expect(data.problems).toHaveLength(1);
  });

  test('one bad website is one row problem, not a failed column', async () => {
    const text = readFileSync(SAMPLE_CRM, 'utf8').replace('www.northwind.example', 'see notes');
    const data = await readCrm([writeTemp('one-bad-website.csv', text)], OPTIONS);
    expect(data.problems.map((problem) => [problem.code, problem.where])).toEqual([['CRM_WEBSITE_UNREADABLE', 'line 2']]);
    expect(data.problems[0]?.detail).toContain('"see", "notes"');
  });

  test('alias currency failing names the loss', async () => {
    const lines = readFileSync(SAMPLE_CRM, 'utf8').trimEnd().split('\n');
    const text = lines.map((line, index) => `${line},${index === 0 ? 'Currency' : 'dollars'}`).join('\n');
    const data = await readCrm([writeTemp('currency-words.csv', text)], OPTIONS);
    const codes = data.problems.map((problem) => problem.code);
    expect(codes).toEqual(['CRM_COLUMN_UNREADABLE']);
    expect(data.problems[0]?.detail).toContain(
      'so every amount written without its own currency is left empty',
    );
    expect(data.opportunities.every((row) => row.amount === null)).toBe(true);
  });

  test('unused bad currency is no row problem', async () => {
    // The amount carries its own currency, so the currency cell is not needed.
    const text = 'Account Name,Stage,Amount,Currency\nAcme,Open,€1000,dollars\nGlobex,Open,2000,EUR\n';
    const data = await readCrm([writeTemp('currency.csv', text)], OPTIONS);
    expect(data.problems).toEqual([]);
    expect(data.opportunities.map((row) => [row.amount, row.currency])).toEqual([
      [1000, 'EUR'],
      [2000, 'EUR'],
    ]);
  });

  test('needed bad currency is a row problem', async () => {
    const text = 'Account Name,Stage,Amount,Currency\nAcme,Open,1000,dollars\nGlobex,Open,2000,EUR\n';
    const data = await readCrm([writeTemp('currency.csv', text)], OPTIONS);
    expect(data.problems.map((problem) => [problem.code, problem.where])).toEqual([
      ['CRM_BAD_CURRENCY', 'line 2'],
    ]);
    expect(data.opportunities[0]?.amount).toBeNull();
  });

  test('alias Closed of dates warns', async () => {
    const text = 'Account Name,Stage,Closed\nAcme,Won,2025-01-02\nGlobex,Lost,2025-02-03\n';
    const data = await readCrm([writeTemp('closed-dates.csv', text)], OPTIONS);
    expect(data.problems.map((problem) => problem.code)).toEqual(['CRM_DATE_COLUMN_MISSING', 'CRM_COLUMN_UNREADABLE']);
    expect(data.problems[1]?.detail).toContain('column "Closed" is a yes/no value');
    expect(data.opportunities.map((row) => row.status)).toEqual(['won', 'lost']);
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

describe('binary file given as the CRM export', () => {
  const BINARY = path.join(FIXTURES, 'crm-binary');
  const OUTLOOK_MSG = corpusPath('eml', 'spamscope-mail-parser_mail_outlook_1.msg');

  test.each([
    ['opportunities.xlsx', 'it is an Excel workbook (.xlsx); open it in Excel or LibreOffice'],
    ['opportunities.ods', 'it is an OpenDocument spreadsheet (.ods); open it in Excel or LibreOffice'],
    ['opportunities.zip', 'it is a zip archive; unzip it first and pass the CSV files inside'],
    ['opportunities.csv.gz', 'it is a gzip-compressed file; decompress it first (gunzip)'],
  ])('%s is named', async (name, expected) => {
    const file = path.join(BINARY, name);
    const error = await readError(file);
    expect(error.code).toBe('CRM_UNREADABLE');
    expect(error.message).toContain(`${file}: not a CSV text file: ${expected}`);
  });

  test('escape characters read as text at any size', async () => {
    // Three ESC and a BEL in one row count the same in a 2-row file as in a 2,000-row one.
    const small = path.join(FIXTURES, 'crm', 'control-characters', 'opportunities.csv');
    const [header, row] = readFileSync(small, 'utf8').split('\n');
    const filler = Array.from({ length: 1999 }, (_, index) => `Deal ${index},Other ${index},Prospecting,100,2026-12-01,u${index}@o${index}.example`);
    const large = writeTemp('control-characters-2000.csv', [header, row, ...filler, ''].join('\n'));

    const smallData = await readCrm([small], OPTIONS);
    const largeData = await readCrm([large], OPTIONS);

    expect(smallData.inputs[0]?.rows).toBe(1);
    expect(largeData.inputs[0]?.rows).toBe(2000);
    expect(smallData.opportunities[0]?.account).toBe(largeData.opportunities[0]?.account);
    // The record keeps the cell as written; each renderer replaces the controls.
    expect(smallData.opportunities[0]?.account).toBe('Acme \u001b]0;T\u0007');
  });

  test('extensionless xlsx is named', async () => {
    const file = writeTemp('export', '');
    writeFileSync(file, readFileSync(path.join(BINARY, 'opportunities.xlsx')));
    expect((await readError(file)).message).toContain('it is an Excel workbook (.xlsx)');
  });

  test('Outlook message points to --eml', async () => {
    expect((await readError(OUTLOOK_MSG)).message).toContain(
      'it is an Outlook message (.msg); save it from Outlook as .eml and pass it with --eml',
    );
  });

  test.each([
    ['broken.xlsx', 'it is an Excel workbook (.xlsx)'],
    ['broken.csv', 'it is a zip archive'],
  ])('damaged zip %s is named', async (name, expected) => {
    // A zip signature followed by text has too few control characters for the binary test.
    const file = writeTemp(name, 'PK\x03\x04this is text after a zip signature\nmore,text\n');
    const error = await readError(file);
    expect(error.code).toBe('CRM_UNREADABLE');
    expect(error.message).toContain(`not a CSV text file: ${expected}`);
  });

  test('inspection names the damaged workbook', async () => {
    const file = writeTemp('broken.xlsx', 'PK\x03\x04junk,text\nmore,text\n');
    const error: unknown = await inspectCrm(file, OPTIONS).catch((caught: unknown) => caught);
    expect((error as LeakError).message).toContain('it is an Excel workbook (.xlsx)');
  });

  test('extensionless Office file named generically', async () => {
    const file = writeTemp('export', '');
    writeFileSync(file, readFileSync(OUTLOOK_MSG));
    expect((await readError(file)).message).toContain('it is an Office 97-2003 file (such as .xls, .doc or .msg)');
  });
});

describe('amount column under an unknown header', () => {
  const sampleRows = (): string[][] =>
    readFileSync(SAMPLE_CRM, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));

  async function problemsOf(text: string): Promise<string[]> {
    const file = writeTemp('crm.csv', text);
    const crm = await readCrm([file], OPTIONS);
    return crm.problems.filter((problem) => problem.code === 'CRM_AMOUNT_COLUMN_MISSING').map((problem) => problem.detail);
  }

  test('numbers under "Deal Worth" are named', async () => {
    const rows = sampleRows();
    (rows[0] as string[])[3] = 'Deal Worth';
    const [detail] = await problemsOf(rows.map((row) => row.join(',')).join('\n'));
    expect(detail).toContain('column "Deal Worth" contains only amounts');
    expect(detail).toContain('pass --crm-map amount="Deal Worth"');
  });

  test('euro amounts under a French header are named', async () => {
    const rows = sampleRows();
    for (const [index, row] of rows.entries()) {
      const amount = row[3] ?? '';
      row[3] = index === 0 ? 'Valeur estimée' : `"€ ${amount.replace('.', ',')}"`;
    }
    const [detail] = await problemsOf(rows.map((row) => row.join(',')).join('\n'));
    expect(detail).toContain('column "Valeur estimée" contains only amounts');
  });

  test('mapped amount gives no warning', async () => {
    expect(await problemsOf(readFileSync(SAMPLE_CRM, 'utf8'))).toEqual([]);
  });

  test('postcodes, phones and flags are not amounts', async () => {
    const file = corpusPath('crm', 'salesforce-sfdc-assets_data-cloud-workshop', 'Lead.csv');
    const crm = await readCrm([file], OPTIONS);
    expect(crm.problems.map((problem) => problem.code)).not.toContain('CRM_AMOUNT_COLUMN_MISSING');
  });

  test('company revenue and head count are not amounts', async () => {
    const file = corpusPath('crm', 'salesforce-devorg_earthfink1982', 'Lead.csv');
    const crm = await readCrm([file], OPTIONS);
    expect(crm.problems.map((problem) => problem.code)).not.toContain('CRM_AMOUNT_COLUMN_MISSING');
  });
});

describe('exports without date columns', () => {
  async function problemsOf(text: string): Promise<string[]> {
    const crm = await readCrm([writeTemp('crm.csv', text)], OPTIONS);
    return crm.problems.filter((problem) => problem.code === 'CRM_DATE_COLUMN_MISSING').map((problem) => problem.detail);
  }

  // Without dates a won or lost deal cannot show it was open when the customer wrote, so it
  // covers nothing and the account's signals turn invisible, so the report must warn.
  test('won and lost rows without any date warned', async () => {
    const text = 'Account Name,Stage,Amount\nAcme,Closed Won,100\nGlobex,Closed Lost,200\nInitech,Proposal,300\n';
    expect(await problemsOf(text)).toEqual([
      'no creation or close date column, so nothing shows whether a won or lost deal was open when the customer wrote: ' +
        'each of the 2 won or lost rows covers no signal. ' +
        'Export the opportunities with their created and close dates, or name the columns with --crm-map',
    ]);
  });

  test('won rows with a creation date only warned', async () => {
    const text = 'Account Name,Stage,Created Date\nAcme,Closed Won,2026-01-02\n';
    const [detail] = await problemsOf(text);
    expect(detail).toContain('no close date column');
    expect(detail).toContain('the won or lost row covers a signal only when created on or after it');
  });

  // Open deals without dates cover every signal of their account, which can only lower the loss.
  test('open rows without dates not warned', async () => {
    expect(await problemsOf('Account Name,Stage\nAcme,Proposal\nGlobex,Negotiation\n')).toEqual([]);
  });
});

describe('date columns under unknown headers', () => {
  async function problemsOf(text: string): Promise<string[]> {
    const file = writeTemp('crm.csv', text);
    const crm = await readCrm([file], OPTIONS);
    return crm.problems.filter((problem) => problem.code === 'CRM_DATE_COLUMN_MISSING').map((problem) => problem.detail);
  }

  test('both unknown date headers named', async () => {
    const text = readFileSync(SAMPLE_CRM, 'utf8').replace('Close Date,Created Date', 'Signed on,Opened on');
    const [detail, ...others] = await problemsOf(text);
    expect(others).toEqual([]);
    expect(detail).toContain('no creation date or close date column found');
    expect(detail).toContain('columns "Signed on", "Opened on" contain only dates');
    expect(detail).toContain('--crm-map createdDate="Opened on" or --crm-map closeDate="Signed on"');
  });

  test('missing close date alone named', async () => {
    const text = readFileSync(SAMPLE_CRM, 'utf8').replace('Close Date,', 'Signed on,');
    const [detail] = await problemsOf(text);
    expect(detail).toContain('no close date column found, but column "Signed on" contains only dates');
    expect(detail).toContain('pass --crm-map closeDate="Signed on"');
  });

  test('mapped dates give no warning', async () => {
    expect(await problemsOf(readFileSync(SAMPLE_CRM, 'utf8'))).toEqual([]);
  });

  test('bookkeeping dates not suggested', async () => {
    // Its unmapped columns holding dates are LastModifiedDate, SystemModstamp and LastActivityDate.
    const file = corpusPath('crm', 'salesforce-sfdc-assets_data-cloud-workshop', 'Lead.csv');
    const crm = await readCrm([file], OPTIONS);
    expect(crm.problems.map((problem) => problem.code)).not.toContain('CRM_DATE_COLUMN_MISSING');
  });

  test('Bitrix24 DATE_CLOSED read as actual', async () => {
    // DATE_CLOSED is the date a lead closed, so it is read as the actual close date and open leads
    // keep no close date.
    const file = corpusPath('crm', 'bitrix24_leads.csv');
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.columns.actualCloseDate).toBe('DATE_CLOSED');
    expect(inspection.problems.map((problem) => problem.code)).not.toContain('CRM_DATE_COLUMN_MISSING');
  });

  test('ids and mixed cells ignored', async () => {
    const text = 'Account,Stage,Ref,Note\nNorthwind,Proposal,20456,2026-01-02\nGlobex,Closed Won,20457,call back\n';
    // Nothing is suggested as a date column; the won row without dates is warned of on its own.
    const problems = await problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('the won or lost row covers no signal');
  });
});

describe('opportunities tied only by contact e-mail', () => {
  const DEALS = 'Deal,Mail,Phase\nAdd users,olivia.hart@northwind.example,Proposal\nDemo,jordan@gmail.com,Prospecting\n';
  const MAP = { contactEmail: 'Mail', name: 'Deal', stage: 'Phase' };

  test('contact names the account', async () => {
    const crm = await readCrm([writeTemp('deals.csv', DEALS)], { ...OPTIONS, map: { contactEmail: 'Mail', stage: 'Phase' } });
    expect(crm.accounts.map((account) => account.name).sort()).toEqual(['jordan@gmail.com', 'northwind.example']);
  });

  test('contact domain joins the deal', async () => {
    const crm = await readCrm([writeTemp('deals.csv', DEALS)], { ...OPTIONS, map: MAP });
    const northwind = crm.accounts.find((account) => account.domains.includes('northwind.example'));
    expect(northwind?.opportunities.map((opportunity) => opportunity.name)).toEqual(['Add users']);
  });

  test('free-mail contact joins the deal', async () => {
    const crm = await readCrm([writeTemp('deals.csv', DEALS)], { ...OPTIONS, map: MAP });
    const jordan = crm.accounts.find((account) => account.emails.includes('jordan@gmail.com'));
    expect(jordan?.opportunities.map((opportunity) => opportunity.name)).toEqual(['Demo']);
  });

  test('no empty-account problem', async () => {
    const crm = await readCrm([writeTemp('deals.csv', DEALS)], { ...OPTIONS, map: MAP });
    expect(crm.problems.map((problem) => problem.code)).not.toContain('CRM_EMPTY_ACCOUNT');
  });

  test('unmapped e-mail column names both flags', async () => {
    const error = await readError(writeTemp('deals.csv', DEALS));
    expect(error.message).toContain('--crm-map account=HEADER, or a contact e-mail column with --crm-map contactEmail=HEADER');
  });
});

describe('lead exports passed as opportunities', () => {
  const leadDetails = async (...parts: string[]): Promise<string[]> => {
    const inspection = await inspectCrm(corpusPath('crm', ...parts), OPTIONS);
    return inspection.problems.filter((problem) => problem.code === 'CRM_LEAD_EXPORT').map((problem) => problem.detail);
  };

  test('Salesforce lead export warned', async () => {
    const [detail] = await leadDetails('salesforce-devorg_earthfink1982', 'Lead.csv');
    expect(detail).toContain('this is a lead export (columns "IsConverted", "ConvertedDate"');
    expect(detail).toContain('Export the opportunities (deals) from the CRM and pass that file with --crm');
  });

  test('inspection names the lead kind', async () => {
    const inspection = await inspectCrm(corpusPath('crm', 'salesforce-devorg_earthfink1982', 'Lead.csv'), OPTIONS);
    expect(formatInspection(inspection)).toContain('Kind:        lead export, read as opportunities (English headers)');
  });

  test('Bitrix24 lead export warned', async () => {
    const [detail] = await leadDetails('bitrix24_leads.csv');
    expect(detail).toContain('this is a lead export (column "STATUS_ID")');
  });

  test('unusable Krayin leads name the fix', async () => {
    const file = corpusPath('crm', 'krayin-crm_import-samples', 'leads.csv');
    const error = await readCrm([file], OPTIONS).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('no account, account id, contact email or website column found');
    expect((error as Error).message).toContain('Also, this is a lead export (columns "lead_value"');
  });

  test('deal exports not warned', async () => {
    expect(await leadDetails('bitrix24_deals.csv')).toEqual([]);
    expect(await leadDetails('salesforce-devorg_earthfink1982', 'Opportunity.csv')).toEqual([]);
    expect(await leadDetails('dynamics365-demo_eboocock', 'Opportunity.csv')).toEqual([]);
    expect(await leadDetails('maven-crm-sales-opportunities', 'sales_pipeline.csv')).toEqual([]);
  });
});

describe('deals read as accounts', () => {
  // A new user mapped only the account column of a deal export: it was read as accounts, coverage
  // fell to 0% and the warning did not say which flag reads it as deals.
  test('warning names the file and the deal column', async () => {
    const text = 'Deal,Client Org,Where we are,Deal Worth\nHarbor - Initial,Harbor Freight,Closed Won,12000\n';
    const file = writeTemp('deals.csv', text);
    const data = await readCrm([file], { ...OPTIONS, map: { account: 'Client Org' } });
    const problem = data.problems.find((item) => item.code === 'CRM_NO_OPPORTUNITIES');
    expect(problem?.detail).toContain(`${file} read as accounts`);
    expect(problem?.detail).toContain('--crm-map name="Deal"');
  });
});
