// CRM stage: reads one or more CSV exports (`--crm`, repeatable) into
// opportunities and accounts, and describes a single export for
// `leak crm inspect FILE`.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { LeakError } from '../../errors.js';
import type { CrmInput } from '../../report/schema.js';
import type { Address, CrmAccount, CrmOpportunity, CrmStatus, Problem } from '../../types.js';
import { foldKey, type CrmFileKind, type HeaderLanguage } from './aliases.js';
import { validateMap } from './columns.js';
import { compareText } from '../../compare.js';
import type { DateOrderDecision } from './dates.js';
import { joinCrmFiles, type JoinedCrm } from './join.js';
import { readCrmFile, type CloseDateUse, type CrmFile, type CrmReadOptions, type DateField } from './read-file.js';
import { checkStageOverrides, findUnusedStages } from './stages.js';
import { checkCrmCurrency } from './currency-mix.js';

export type { CrmReadOptions } from './read-file.js';

export interface CrmData {
  inputs: CrmInput[];
  opportunities: CrmOpportunity[];
  accounts: CrmAccount[];
  /**
   * People the exports name in person columns (contact names with their e-mail
   * when the row has one, opportunity owners), so --redact can mask them in any text.
   */
  people: Address[];
  problems: Problem[];
}

export interface StageCount {
  stage: string;
  status: CrmStatus;
  rows: number;
}

export interface CrmInspection {
  path: string;
  /** Reason `leak audit` would reject this file, or null when it can be audited. */
  unusable: string | null;
  kind: CrmFileKind;
  encoding: string;
  delimiter: string;
  hasSepLine: boolean;
  rows: number;
  skipped: number;
  /** Report footer lines after the data, ignored. */
  footerRows: number;
  padded: number;
  blankRows: number;
  /** Our field name to the header chosen for it, sorted by field. */
  columns: Record<string, string>;
  headerLanguage: HeaderLanguage;
  unmappedHeaders: string[];
  /** Fields whose column was chosen from its values (e-mail addresses, websites), not its header. */
  columnsFromValues: string[];
  dateOrders: Partial<Record<DateField, DateOrderDecision>>;
  /** The close date columns and how many won and lost rows took each. */
  closeDates: CloseDateUse;
  /** Rows with a parsed amount, per ISO currency. */
  currencies: Record<string, number>;
  amountTotals: Record<string, number>;
  /** Rows with an amount but no currency in the file, read in `defaultCurrency`. */
  assumedCurrencyRows: number;
  defaultCurrency: string;
  stages: StageCount[];
  problems: Problem[];
}

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareText(a, b)));
}

/** Sums amounts per currency, rounded to cents so float noise stays out of reports. */
function totalAmounts(opportunities: CrmOpportunity[]): Record<string, number> {
  const totals = new Map<string, number>();
  for (const { amount, currency } of opportunities) {
    if (amount === null || currency === null) continue;
    totals.set(currency, (totals.get(currency) ?? 0) + amount);
  }
  return sortedRecord(
    [...totals].map(([currency, total]) => [currency, Math.round(total * 100) / 100]),
  );
}

function toInput(file: CrmFile): CrmInput {
  return {
    path: file.path,
    rows: file.rows,
    skipped: file.skipped,
    footerRows: file.footerRows,
    encoding: file.encoding,
    delimiter: file.delimiter,
    columns: sortedRecord(Object.entries(file.columns.headers)),
    amountTotals: totalAmounts(file.opportunities),
    assumedCurrencyRows: file.assumedCurrencyRows,
  };
}

/** Headers listed in the error for a `--crm-map` header that is not found. */
const MAX_HEADERS_SHOWN = 20;

/** Raises a usage error for a `--crm-map` header that none of the files has. */
function checkMapHeaders(files: CrmFile[], map: Record<string, string>): void {
  for (const [field, header] of Object.entries(map)) {
    const expected = foldKey(header);
    const isFound = files.some((file) => file.headers.some((name) => foldKey(name) === expected));
    if (isFound) continue;
    const paths = files.map((file) => file.path).join(', ');
    const headers = [...new Set(files.flatMap((file) => file.headers))].map((name) => `"${name}"`);
    const shown = headers.length > MAX_HEADERS_SHOWN ? [...headers.slice(0, MAX_HEADERS_SHOWN), '…'] : headers;
    throw new LeakError(
      'USAGE',
      `--crm-map ${field}=${header}: no column "${header}" in ${paths}; its headers are ${shown.join(', ')}. ` +
        `Name one of them, or run leak crm inspect on the file to see how each is read.`,
    );
  }
}

/** Returns the SHA-256 of what a file's rows were read as, without the file name and line numbers. */
function rowsDigest(file: CrmFile): string {
  const withoutPlace = <T extends { line: number }>(row: T) => ({ ...row, line: 0, file: '' });
  const rows = {
    kind: file.kind,
    headers: file.headers,
    opportunities: file.opportunities.map(withoutPlace),
    accounts: file.accounts.map(withoutPlace),
    contacts: file.contacts.map(withoutPlace),
    // CrmOpportunity keeps the first address of a cell; the others tell two exports apart too.
    opportunityEmails: file.opportunityEmails,
  };
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/**
 * Raises an input error when no opportunity can be tied to a customer because
 * each names its account only by an id that no other file resolves, as a
 * Salesforce `Opportunity.csv` passed without `Account.csv`. With some rows
 * tied, the others stay CRM_ACCOUNT_ID_UNKNOWN problems.
 */
function checkAccountsGiven(files: CrmFile[], joined: JoinedCrm): void {
  const [first] = joined.unknownIds;
  if (first === undefined) return;
  const unknown = new Set(joined.unknownIds);
  const isUntied = (row: CrmOpportunity): boolean =>
    unknown.has(row) || (row.account === '' && row.contactEmail === null && row.website === null);
  if (!joined.opportunities.every(isUntied)) return;

  const opportunityFiles = files.filter((file) => file.kind === 'opportunity');
  const header = opportunityFiles.map((file) => file.columns.headers.accountId).find((name) => name !== undefined);
  const others = files.filter((file) => file.kind !== 'opportunity').map((file) => file.path);
  const accountsText =
    others.length === 0
      ? 'no accounts or contacts export was given'
      : `none of them is in ${others.join(', ')}`;
  throw new LeakError(
    'CRM_ACCOUNTS_MISSING',
    `${opportunityFiles.map((file) => file.path).join(', ')}: every opportunity names its account only by id ` +
      `(column "${header ?? 'accountId'}", such as ${first.accountId ?? ''} on line ${first.line}) and ${accountsText}, ` +
      'so no opportunity can be tied to a customer. Pass the accounts export with another --crm ' +
      '(Account.csv in a Salesforce data export), and the contacts export (Contact.csv) for contact e-mails',
  );
}

/**
 * Drops each opportunity row that an earlier file already has with every cell read the same, as
 * two overlapping exports (January to June, then March to December) repeat the months they share.
 * Each dropped row is a CRM_DUPLICATE_OPPORTUNITY problem. Two equal rows of one file are kept,
 * because one export lists each deal once.
 */
function dropRepeatedOpportunities(files: CrmFile[]): Problem[] {
  const problems: Problem[] = [];
  const firstSeen = new Map<string, CrmOpportunity>();
  for (const file of files) {
    const keptRows: CrmOpportunity[] = [];
    const keptEmails: string[][] = [];
    const keys: string[] = [];
    for (const [position, row] of file.opportunities.entries()) {
      const emails = file.opportunityEmails[position] ?? [];
      const key = JSON.stringify({ ...row, file: '', line: 0, emails });
      const earlier = firstSeen.get(key);
      if (earlier !== undefined && earlier.file !== file.path) {
        if (file.assumedCurrencyLines.delete(row.line)) file.assumedCurrencyRows -= 1;
        problems.push({
          code: 'CRM_DUPLICATE_OPPORTUNITY',
          file: file.path,
          where: `line ${row.line}`,
          detail:
            `opportunity "${row.name}" repeats ${earlier.file} line ${earlier.line} cell for cell, as overlapping ` +
            'exports do; counted once',
        });
        continue;
      }
      keptRows.push(row);
      keptEmails.push(emails);
      keys.push(key);
    }
    for (const [position, key] of keys.entries()) {
      const row = keptRows[position];
      if (row !== undefined && !firstSeen.has(key)) firstSeen.set(key, row);
    }
    file.opportunities = keptRows;
    file.opportunityEmails = keptEmails;
  }
  return problems;
}

/** Reads and joins CRM exports: opportunities plus optional account and contact exports. */
export async function readCrm(paths: string[], options: CrmReadOptions): Promise<CrmData> {
  validateMap(options.map);
  checkStageOverrides(options);
  const files: CrmFile[] = [];
  const repeated: Problem[] = [];
  const seen = new Set<string>();
  const contents = new Map<string, string>();
  for (const path of paths) {
    // Reading a file twice would count each of its opportunities twice.
    const resolved = resolve(path);
    if (seen.has(resolved)) {
      const detail = 'the same CRM file was given twice; read once';
      repeated.push({ code: 'CRM_DUPLICATE_FILE', file: path, where: '-', detail });
      continue;
    }
    seen.add(resolved);
    // A copy under another name, a link, or a copy saved again (CRLF line ends, a BOM,
    // another encoding) is the same export: its rows read the same.
    const file = await readCrmFile(path, options);
    const digest = rowsDigest(file);
    const earlier = contents.get(digest);
    if (earlier !== undefined && file.rows > 0) {
      const detail = `same rows as ${earlier}, so the same CRM export was given twice; read once`;
      repeated.push({ code: 'CRM_DUPLICATE_FILE', file: path, where: '-', detail });
      continue;
    }
    contents.set(digest, path);
    files.push(file);
  }
  checkMapHeaders(files, options.map);
  repeated.push(...dropRepeatedOpportunities(files));

  const joined = joinCrmFiles(files);
  checkAccountsGiven(files, joined);
  const problems = [...repeated, ...files.flatMap((file) => file.problems), ...joined.problems];
  const rowStages = joined.opportunities.map((opportunity) => opportunity.stage);
  problems.push(...findUnusedStages(options, rowStages, paths.join(', ')));
  for (const file of files) {
    const mismatch = checkCrmCurrency(file, options.defaultCurrency);
    if (mismatch !== null) problems.push(mismatch);
  }
  if (!files.some((file) => file.kind === 'opportunity')) {
    problems.push({
      code: 'CRM_NO_OPPORTUNITIES',
      file: paths.join(', '),
      where: '-',
      detail:
        `no opportunity export among the CRM files (${files.map((file) => `${file.path} read as ${file.kind === 'account' ? 'accounts' : 'contacts'}`).join(', ')}), ` +
        'so every matched account counts as having no opportunity. If a file lists deals, name its deal-name column ' +
        `with --crm-map name="${dealColumnOf(files) ?? 'Header'}" (leak crm inspect FILE shows its columns and how it was read)`,
    });
  }
  return {
    inputs: files.map(toInput),
    opportunities: joined.opportunities,
    accounts: joined.accounts,
    people: listCrmPeople(files),
    problems,
  };
}

/** Header words that name a deal in an export read as accounts or contacts: a hint for --crm-map name=. */
const DEAL_HEADER = /\b(?:deals?|opportunit(?:y|ies)|opportunit[ée]s?|affaires?)\b/i;

/** Returns the first header of the given files whose words name a deal, or null. */
function dealColumnOf(files: CrmFile[]): string | null {
  for (const file of files) {
    const header = file.headers.find((name) => DEAL_HEADER.test(name));
    if (header !== undefined) return header;
  }
  return null;
}

/** Lists the people named in the exports' contact-name and owner columns, in file and row order. */
function listCrmPeople(files: CrmFile[]): Address[] {
  const people: Address[] = [];
  for (const file of files) {
    for (const row of file.opportunities) {
      if (row.contactName !== null) people.push({ address: row.contactEmail ?? '', name: row.contactName });
      if (row.owner !== null) people.push({ address: '', name: row.owner });
    }
    for (const row of file.contacts) {
      if (row.name !== null) people.push({ address: row.emails[0] ?? '', name: row.name });
    }
  }
  return people;
}

function countStages(opportunities: CrmOpportunity[]): StageCount[] {
  const counts = new Map<string, StageCount>();
  for (const { stage, status } of opportunities) {
    const key = `${stage}\u0000${status}`;
    const entry = counts.get(key) ?? { stage, status, rows: 0 };
    entry.rows += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.rows - a.rows || compareText(a.stage, b.stage));
}

function countCurrencies(opportunities: CrmOpportunity[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const { amount, currency } of opportunities) {
    if (amount !== null && currency !== null) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  return sortedRecord(counts);
}

/** Reads one export and describes how it was understood, for `leak crm inspect FILE`. */
export async function inspectCrm(path: string, options: CrmReadOptions): Promise<CrmInspection> {
  validateMap(options.map);
  checkStageOverrides(options);
  const file = await readCrmFile(path, options, { isInspection: true });
  return {
    path,
    unusable: file.unusable,
    kind: file.kind,
    encoding: file.encoding,
    delimiter: file.delimiter,
    hasSepLine: file.hasSepLine,
    rows: file.rows,
    skipped: file.skipped,
    footerRows: file.footerRows,
    padded: file.padded,
    blankRows: file.blankRows,
    columns: sortedRecord(Object.entries(file.columns.headers)),
    headerLanguage: file.columns.language,
    unmappedHeaders: file.columns.unmapped,
    columnsFromValues: file.columns.fromValues,
    dateOrders: file.dateOrders,
    closeDates: file.closeDates,
    currencies: countCurrencies(file.opportunities),
    amountTotals: totalAmounts(file.opportunities),
    assumedCurrencyRows: file.assumedCurrencyRows,
    defaultCurrency: options.defaultCurrency,
    stages: countStages(file.opportunities),
    problems: [...file.problems, ...findUnusedStages(options, file.opportunities.map((row) => row.stage), path)],
  };
}

export { formatInspection } from './format-inspection.js';
