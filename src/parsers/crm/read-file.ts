// One CRM export file: bytes to decoded text, text to checked rows, rows to
// typed opportunity, account or contact records plus the problems found.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { compareText } from '../../compare.js';
import { LeakError } from '../../errors.js';
import { normaliseEmail, registrableDomain, splitSites } from '../../match/domains.js';
import type { CrmOpportunity, CrmStatus, Problem } from '../../types.js';
import {
  foldKey,
  loadVocabulary,
  type CrmField,
  type CrmFileKind,
  type CrmVocabulary,
} from './aliases.js';
import { narrowSymbol, parseAmount, SHARED_SYMBOLS } from './amount.js';
import {
  describeMissingColumns,
  detectKind,
  findMissingStatus,
  findUnmappedAmount,
  findUnmappedCurrency,
  findUnmappedDates,
  findUndatedClosedDeals,
  findLeadExport,
  findNumericColumns,
  mapColumns,
  mapColumnsByValues,
  STATUS_FIELDS,
  type ColumnMap,
} from './columns.js';
import { describeCrmBinary, describeCrmSignature } from './binary-format.js';
import { ColumnFailures } from './column-failures.js';
import { DELIMITERS, readCsvTable, type CsvRow, type CsvTable, type Delimiter } from './csv-table.js';
import { decideFileDateOrders, parseDate, type DateOrder, type DateOrderDecision } from './dates.js';
import { decodeCsvBytes, isKnownEncoding } from './decode.js';
import {
  createStatusResolver,
  isStageSemantic,
  readBoolean,
  type StageOverrides,
  type StatusResolver,
} from './stages.js';

export interface CrmReadOptions extends StageOverrides {
  /** Field name to header, from `--crm-map field=Header`, which wins over the aliases. */
  map: Record<string, string>;
  /** ISO currency of amounts written without a symbol, code or currency column. */
  defaultCurrency: string;
  /** iconv-lite encoding label that replaces detection, such as `windows-1252`. */
  encoding?: string;
  /** Delimiter that replaces sniffing. */
  delimiter?: string;
  /**
   * The date the export was taken (YYYY-MM-DD, `--crm-exported-on`). A won or lost deal whose close date
   * is after it gets a CRM_CLOSE_DATE_FUTURE problem and no close date. Unset, close dates are not
   * checked, so the same files give the same report on any day.
   */
  exportedOn?: string;
}

/** A row of an account export. */
export interface AccountRow {
  line: number;
  name: string;
  id: string | null;
  website: string | null;
  emails: string[];
}

/** A row of a contact export, joined to its account by id or name. */
export interface ContactRow {
  line: number;
  account: string;
  accountId: string | null;
  emails: string[];
  website: string | null;
  /** The person's name from a contact-name column, or null. */
  name: string | null;
}

export type DateField = 'closeDate' | 'actualCloseDate' | 'createdDate';

/**
 * Close date columns of an export, with the count of won and lost rows that took each. A row takes
 * the actual date when it has one, else the expected one.
 */
export interface CloseDateUse {
  /** Header of the actual close date, or null when the export has none. */
  actualHeader: string | null;
  /** Header of the expected (or only) close date, or null when the export has none. */
  expectedHeader: string | null;
  /** Won and lost rows whose close date came from the actual column. */
  closedFromActual: number;
  /** Won and lost rows that had no actual date and took the expected one. */
  closedFromExpected: number;
}

export interface CrmFile {
  path: string;
  kind: CrmFileKind;
  encoding: string;
  delimiter: Delimiter;
  hasSepLine: boolean;
  /** Header names after normalisation, in file order. */
  headers: string[];
  /** Data rows loaded. */
  rows: number;
  /** Data rows rejected or cut off, each listed in `problems`. */
  skipped: number;
  /** Report footer lines ignored after the data, each listed in `problems`. */
  footerRows: number;
  padded: number;
  blankRows: number;
  columns: ColumnMap;
  dateOrders: Partial<Record<DateField, DateOrderDecision>>;
  closeDates: CloseDateUse;
  opportunities: CrmOpportunity[];
  /** Opportunity rows whose amount carried no currency (no symbol, code or currency column), read in the default currency. */
  assumedCurrencyRows: number;
  /** Lines of the rows counted in `assumedCurrencyRows`, so that a row dropped later leaves the count. */
  assumedCurrencyLines: Set<number>;
  /** Row counts per currency symbol and the currency it was read as, such as `$` to `USD` to 3. */
  symbolReadings: Map<string, Map<string, number>>;
  /**
   * Every contact email of each opportunity row, by position in `opportunities`.
   * A cell can list several, but CrmOpportunity keeps only the first.
   */
  opportunityEmails: string[][];
  accounts: AccountRow[];
  contacts: ContactRow[];
  problems: Problem[];
  /** Reason the file cannot be audited (a required column is missing), or null. */
  unusable: string | null;
}

/** An mbox envelope line, or a mail header block, at the start of the file. */
const MAIL_START =
  /^(?:From \S[^\n]*\r?\n[\w-]+:|(?:Return-Path|Received|Delivered-To|Message-ID|MIME-Version):[^\n]*\r?\n[\w-]+:)/i;

/** Characters checked for NUL, which CSV text never contains but spreadsheets and archives do. */
const BINARY_PROBE_CHARS = 4096;

/** Cells that CRM exports write for "no value". */
const EMPTY_MARKERS = new Set(['', '-', '--', 'n/a', 'null', 'none']);

/** Source of the CRM path: `leak audit --crm FILE`, or `leak crm inspect FILE` when `isInspection` is set. */
interface ReadMode {
  isInspection?: boolean;
}

/** Names the argument that gave the path, so the advice points at the right place. */
function pathArgument(mode: ReadMode): string {
  return mode.isInspection === true ? 'the FILE argument of leak crm inspect' : 'the --crm path';
}

/** Returns the advice to leave out an unusable file, in the words of the command that read it. */
function leaveOut(mode: ReadMode): string {
  return mode.isInspection === true ? 'or leave this file out of the audit' : 'or leave out this --crm file';
}

async function readBytes(path: string, mode: ReadMode): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new LeakError('INPUT_NOT_FOUND', `${path}: CRM file not found; check ${pathArgument(mode)}`);
    if (code === 'EISDIR') {
      throw new LeakError('CRM_UNREADABLE', `${path}: is a folder, not a CSV file; pass each CSV export in it as a file`);
    }
    throw new LeakError(
      'CRM_UNREADABLE',
      `${path}: cannot read the CRM file (${code ?? String(error)})`,
    );
  }
}

function checkOptions(options: CrmReadOptions): void {
  if (options.encoding !== undefined && !isKnownEncoding(options.encoding)) {
    throw new LeakError(
      'USAGE',
      `unknown CRM encoding "${options.encoding}"; use a label such as utf-8 or windows-1252`,
    );
  }
  if (
    options.delimiter !== undefined &&
    !(DELIMITERS as readonly string[]).includes(options.delimiter)
  ) {
    throw new LeakError(
      'USAGE',
      `unsupported CRM delimiter "${options.delimiter}"; use one of , ; | or a tab`,
    );
  }
}

function cellOf(row: CsvRow, columns: ColumnMap, field: CrmField): string {
  const index = columns.indexes[field];
  if (index === undefined) return '';
  const value = (row.cells[index] ?? '').trim();
  return EMPTY_MARKERS.has(value.toLowerCase()) ? '' : value;
}

/** Account ids that mean "no account": Bitrix24 writes COMPANY_ID 0 on a deal with no company. */
const NO_ACCOUNT_IDS = new Set(['0']);

function accountIdOf(row: CsvRow, columns: ColumnMap): string | null {
  const id = cellOf(row, columns, 'accountId');
  return id === '' || NO_ACCOUNT_IDS.has(id) ? null : id;
}

/** Splits a cell into its address parts, with format characters dropped and "annie @contoso.com" closed up. */
function emailParts(cell: string): string[] {
  return cell
    .replace(/\p{Cf}/gu, '')
    .replace(/\s*@\s*/g, '@')
    .split(/[;,\s]+/)
    .filter((part) => part !== '');
}

function emailsOf(cell: string): string[] {
  return emailParts(cell)
    .filter((part) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(part))
    .map(normaliseEmail);
}

/**
 * NUL and other C0 control characters (tab and line breaks aside) in the first
 * BINARY_PROBE_CHARS characters above which a file is binary: 1% of the probe.
 * The limit is a count, not a share of the text read, so a few stray escape
 * characters in a cell give the same verdict in a 2-row file as in a 2,000-row one.
 */
const MAX_PROBE_CONTROLS = Math.floor(BINARY_PROBE_CHARS / 100);

/**
 * True for binary content: an XLSX, a PDF, a database file. One stray NUL in
 * an exported CSV (a field pasted from another tool) does not make it binary,
 * so the test counts control characters rather than looking for any NUL.
 */
function looksBinary(probe: string): boolean {
  const controls = probe.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g)?.length ?? 0;
  return controls > MAX_PROBE_CONTROLS;
}

/** Writes headers as `"Close Date" and "Created Date"`. */
function quoteList(headers: string[]): string {
  const quoted = headers.map((header) => `"${header}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

function problemAt(file: string, line: number, code: string, detail: string): Problem {
  return { code, file, where: `line ${line}`, detail };
}

/** Reads one export, detecting its encoding, delimiter, kind and columns. */
export async function readCrmFile(
  path: string,
  options: CrmReadOptions,
  mode: ReadMode = {},
): Promise<CrmFile> {
  checkOptions(options);
  const vocabulary = loadVocabulary();
  const bytes = await readBytes(path, mode);
  const decoded = decodeCsvBytes(bytes, options.encoding);
  const head = bytes.subarray(0, BINARY_PROBE_CHARS);
  const extension = extname(path).toLowerCase();
  const format =
    describeCrmSignature(head, extension) ??
    (looksBinary(decoded.text.slice(0, BINARY_PROBE_CHARS)) ? describeCrmBinary(head, extension) : null);
  if (format !== null) throw new LeakError('CRM_UNREADABLE', `${path}: not a CSV text file: ${format}`);
  if (MAIL_START.test(decoded.text.slice(0, BINARY_PROBE_CHARS))) {
    throw new LeakError(
      'CRM_UNREADABLE',
      `${path}: this is a mailbox or message, not a CSV export; pass it with --mbox or --eml`,
    );
  }
  const table = readCsvTable(path, decoded.text, options.delimiter as Delimiter | undefined);
  const numericColumns = findNumericColumns(table.rows, table.headers.length);
  const kind = detectKind(table.headers, vocabulary, options.map, numericColumns);
  const columns = mapColumnsByValues(
    mapColumns(table.headers, vocabulary.kinds[kind], options.map, numericColumns),
    table.headers,
    table.rows,
    vocabulary.kinds[kind],
  );
  // An inspection reports a file it cannot use instead of failing, so the user sees what was detected.
  // A header that names no customer column is reported before rejected rows, as its fix comes first.
  const empty = describeEmpty(path, table, mode);
  const leadExport = findLeadExport(path, kind, table.headers);
  const missingColumns = empty === null ? describeMissingColumns(path, kind, table.headers, columns, options.map) : null;
  // A lead export with no account column is better fixed by exporting the deals than by mapping a column.
  const missing =
    missingColumns !== null && leadExport !== null ? `${missingColumns}. Also, ${leadExport.detail}` : missingColumns;
  const rejected = empty === null && missing === null ? describeAllRejected(path, table, mode) : null;
  const unusable = empty ?? missing ?? rejected;
  if (!mode.isInspection && unusable !== null) {
    throw new LeakError(missing === null ? 'CRM_EMPTY' : 'CRM_COLUMN_MISSING', unusable);
  }

  const file: CrmFile = {
    path,
    kind,
    encoding: decoded.encoding,
    delimiter: table.delimiter,
    hasSepLine: table.hasSepLine,
    headers: table.headers,
    rows: table.rows.length,
    skipped: table.skipped,
    footerRows: table.footerRows,
    padded: table.padded,
    blankRows: table.blankRows,
    columns,
    dateOrders: {},
    closeDates: {
      actualHeader: columns.headers.actualCloseDate ?? null,
      expectedHeader: columns.headers.closeDate ?? null,
      closedFromActual: 0,
      closedFromExpected: 0,
    },
    opportunities: [],
    assumedCurrencyRows: 0,
    assumedCurrencyLines: new Set(),
    symbolReadings: new Map(),
    opportunityEmails: [],
    accounts: [],
    contacts: [],
    problems: leadExport === null ? [...table.problems] : [...table.problems, leadExport],
    unusable,
  };
  if (unusable !== null) return file;
  const missingStatus = findMissingStatus(path, kind, columns);
  if (missingStatus !== null) file.problems.push(missingStatus);
  const unmappedAmount = findUnmappedAmount(path, kind, table.headers, columns, table.rows);
  if (unmappedAmount !== null) file.problems.push(unmappedAmount);
  const unmappedCurrency = findUnmappedCurrency(path, kind, table.headers, columns, options.defaultCurrency);
  if (unmappedCurrency !== null) file.problems.push(unmappedCurrency);
  const unmappedDates = findUnmappedDates(path, kind, table.headers, columns, table.rows);
  if (unmappedDates !== null) file.problems.push(unmappedDates);
  const failures = new ColumnFailures();
  if (kind === 'opportunity') {
    readOpportunities(file, table.rows, options, vocabulary, failures);
    if (unmappedDates === null) {
      const undated = findUndatedClosedDeals(path, columns, file.opportunities);
      if (undated !== null) file.problems.push(undated);
    }
  } else if (kind === 'account') {
    file.accounts = table.rows.map((row) => readAccountRow(row, columns, failures, path));
  } else {
    file.contacts = table.rows.map((row) => readContactRow(row, columns, failures, path));
  }
  const collapsed = failures.collapse(file.path, columns.headers, options.map);
  file.problems.push(...collapsed.problems);
  // A failed --crm-map column is reported first, because fixing it may link the rows too.
  file.unusable = collapsed.mapError ?? file.unusable;
  file.problems.sort((a, b) => lineOf(a) - lineOf(b));
  if (file.unusable !== null && !mode.isInspection) {
    throw new LeakError('CRM_COLUMN_INVALID', file.unusable);
  }
  return file;
}

/** Returns why a file with no header or no data row cannot be audited, or null. */
function describeEmpty(path: string, table: CsvTable, mode: ReadMode): string | null {
  if (table.headers.length === 0) {
    return (
      `${path}: the CRM file is empty (no header row and no data rows); ` +
      `export the report again as CSV, ${leaveOut(mode)}`
    );
  }
  // Rows that were read but rejected are listed as problems, and describeAllRejected reports them.
  if (table.rows.length > 0 || table.skipped > 0 || table.footerRows > 0) return null;
  return (
    `${path}: the CRM file has a header row but no data rows; ` +
    `export the report again with its rows, ${leaveOut(mode)}`
  );
}

/**
 * Returns why a file whose every data row was rejected (too many fields, an
 * unreadable quote, a report footer) cannot be audited, naming the first
 * rejection and its line, or null when a row was loaded.
 */
function describeAllRejected(path: string, table: CsvTable, mode: ReadMode): string | null {
  // With no row loaded, footer lines may be data rows taken for a footer, so they count here.
  const count = table.skipped + table.footerRows;
  if (table.rows.length > 0 || count === 0) return null;
  const rejected = table.problems
    .filter((problem) => problem.where !== '-')
    .sort((a, b) => lineOf(a) - lineOf(b));
  const first = rejected[0];
  const isOne = count === 1;
  const rows = isOne ? 'the only data row was' : `all ${count} data rows were`;
  const label = isOne ? 'Rejected' : 'First rejected';
  const detail = first?.detail.replace(/\.$/, '') ?? '';
  const reason = first === undefined ? '' : ` ${label} on ${first.where}: ${detail}.`;
  return (
    `${path}: ${rows} rejected, so the CRM file has no usable row.${reason} ` +
    `Fix ${isOne ? 'that row' : 'those rows'} or export the report again, ${leaveOut(mode)}`
  );
}

/** Line number of a problem for sorting, where whole-file problems (`-`) come first. */
function lineOf(problem: Problem): number {
  const match = /^line (\d+)$/.exec(problem.where);
  return match === null ? 0 : Number(match[1]);
}

/** Quotes the unread parts of a cell for a problem: at most three of them. */
function listParts(parts: string[]): string {
  const firstParts = parts.slice(0, 3).map((part) => `"${part}"`).join(', ');
  return parts.length > 3 ? `${firstParts} and ${parts.length - 3} more` : firstParts;
}

/**
 * Tallies the website and contact email cells of a row, whose values can be
 * invalid. A cell can list several sites or addresses, split on commas,
 * semicolons and spaces. Each part that is not one is a problem, because the
 * sender it names would match no account.
 */
function checkContactCells(row: CsvRow, columns: ColumnMap, failures: ColumnFailures, path: string): void {
  const website = cellOf(row, columns, 'website');
  if (website !== '') {
    const unread = splitSites(website).filter((part) => registrableDomain(part) === null);
    const detail = `website cell "${website}" has parts that are not a website or domain: ${listParts(unread)}; a sender there matches no account by them`;
    const problem = unread.length === 0 ? null : problemAt(path, row.line, 'CRM_WEBSITE_UNREADABLE', detail);
    failures.checkParts('website', website, row.line, unread.length < splitSites(website).length, problem);
  }
  const email = cellOf(row, columns, 'contactEmail');
  if (email !== '') {
    const found = emailsOf(email);
    // Words without an @ are the contact's name ("Jane Doe <jane@x.example>"), not a lost address.
    const unread = emailParts(email).filter((part) => part.includes('@') && emailsOf(part).length === 0);
    const parts = found.length === 0 && unread.length === 0 ? [email] : unread;
    const detail = `contact e-mail cell "${email}" has parts that are not an e-mail address: ${listParts(parts)}; a sender there matches no account by them`;
    const problem = parts.length === 0 ? null : problemAt(path, row.line, 'CRM_EMAIL_UNREADABLE', detail);
    failures.checkParts('contactEmail', email, row.line, found.length > 0, problem);
  }
}

function readAccountRow(row: CsvRow, columns: ColumnMap, failures: ColumnFailures, path: string): AccountRow {
  checkContactCells(row, columns, failures, path);
  return {
    line: row.line,
    name: cellOf(row, columns, 'account'),
    id: accountIdOf(row, columns),
    website: cellOf(row, columns, 'website') || null,
    emails: emailsOf(cellOf(row, columns, 'contactEmail')),
  };
}

function readContactRow(row: CsvRow, columns: ColumnMap, failures: ColumnFailures, path: string): ContactRow {
  checkContactCells(row, columns, failures, path);
  return {
    line: row.line,
    account: cellOf(row, columns, 'account'),
    accountId: accountIdOf(row, columns),
    emails: emailsOf(cellOf(row, columns, 'contactEmail')),
    website: cellOf(row, columns, 'website') || null,
    name: cellOf(row, columns, 'contactName') || null,
  };
}

interface OpportunityContext {
  file: CrmFile;
  options: CrmReadOptions;
  vocabulary: CrmVocabulary;
  statuses: StatusResolver;
  orders: Record<DateField, DateOrder>;
  failures: ColumnFailures;
}

function readOpportunities(
  file: CrmFile,
  rows: CsvRow[],
  options: CrmReadOptions,
  vocabulary: CrmVocabulary,
  failures: ColumnFailures,
): void {
  // Values decide first, the other date column of the file next. Files with
  // French headers or `;` come from day-first locales.
  const isFrench = file.columns.language === 'fr';
  const fallback: DateOrder = isFrench || file.delimiter === ';' ? 'day-first' : 'month-first';
  const fallbackReason = isFrench
    ? 'the headers are French'
    : file.delimiter === ';'
      ? 'the delimiter is a semicolon, as in day-first locales'
      : 'the headers are English and the delimiter is not a semicolon';
  const dateFields = (['closeDate', 'actualCloseDate', 'createdDate'] as const).filter((field) => file.columns.indexes[field] !== undefined);
  const decided = decideFileDateOrders(
    dateFields.map((field) => ({
      field,
      header: file.columns.headers[field] ?? field,
      cells: rows.map((row) => cellOf(row, file.columns, field)),
    })),
    fallback,
    fallbackReason,
  );
  const orders: Record<DateField, DateOrder> = { closeDate: fallback, actualCloseDate: fallback, createdDate: fallback };
  for (const field of dateFields) {
    const decision = decided.decisions[field] as DateOrderDecision;
    orders[field] = decision.order;
    file.dateOrders[field] = decision;
    if (decision.basis === 'conflict') {
      file.problems.push({
        code: 'CRM_DATE_ORDER_CONFLICT',
        file: file.path,
        where: '-',
        detail: `${file.columns.headers[field]}: ${decision.detail}`,
      });
    }
  }
  if (decided.disagreement !== null) {
    const { dayFirst, monthFirst } = decided.disagreement;
    file.problems.push({
      code: 'CRM_DATE_ORDER_CONFLICT',
      file: file.path,
      where: '-',
      detail:
        `${quoteList(dayFirst)} ${dayFirst.length === 1 ? 'is' : 'are'} day-first but ` +
        `${quoteList(monthFirst)} ${monthFirst.length === 1 ? 'is' : 'are'} month-first; ` +
        'check the dates with leak crm inspect, or export them as YYYY-MM-DD',
    });
  }
  // French headers name the export's locale, which writes day-first, so that guess is not warned.
  if (decided.guessedHeaders.length > 0 && !isFrench) {
    const columns = decided.guessedHeaders;
    file.problems.push({
      code: 'CRM_DATE_ORDER_GUESSED',
      file: file.path,
      where: '-',
      detail:
        `no date in ${columns.length === 1 ? 'column' : 'columns'} ${quoteList(columns)} tells day-first from ` +
        `month-first (every day is 12 or less), so ${fallback} was assumed because ${fallbackReason}; ` +
        'a date such as 03/11/2026 may be off by months. Export the dates as YYYY-MM-DD, or check a few rows against the CRM',
    });
  }
  const context: OpportunityContext = {
    file,
    options,
    vocabulary,
    statuses: createStatusResolver(options, vocabulary),
    orders,
    failures,
  };
  file.opportunities = rows.map((row) => readOpportunityRow(row, context));
  file.unusable = describeUnlinkedRows(file);
  const unknown = findUnknownStatuses(file);
  if (unknown !== null) file.problems.push(unknown);
  const guessed = [...context.statuses.guessedOpen()].sort(([a], [b]) => compareText(a, b));
  if (guessed.length > 0) {
    const list = guessed.map(([stage, count]) => `"${stage}" (${count} ${count === 1 ? 'row' : 'rows'})`);
    file.problems.push({
      code: 'CRM_STAGE_GUESSED',
      file: file.path,
      where: '-',
      detail:
        `stages read as open because their names say nothing about closing: ${list.join(', ')}; ` +
        'if one is won or lost, name it with --closed-stages or --lost-stages',
    });
  }
  file.opportunityEmails = rows.map((row) => emailsOf(cellOf(row, file.columns, 'contactEmail')));
  file.problems.push(...describeSymbolReadings(file, options.defaultCurrency));
}

/**
 * Describes how each shared currency symbol ("$", "¥") was read, as --currency
 * or as its usual currency, with how to get the other reading.
 */
function describeSymbolReadings(file: CrmFile, currency: string): Problem[] {
  const problems: Problem[] = [];
  const header = file.columns.headers.amount ?? 'amount';
  for (const [symbol, readings] of [...file.symbolReadings].sort(([a], [b]) => compareText(a, b))) {
    const shared = SHARED_SYMBOLS.get(symbol);
    for (const [code, rows] of [...readings].sort(([a], [b]) => compareText(a, b))) {
      const isPreferred = code === currency && shared !== undefined && shared.reading !== currency;
      if (shared === undefined && !isPreferred) continue;
      const count = `${rows} ${rows === 1 ? 'row' : 'rows'}`;
      const advice = isPreferred
        ? `as ${code}, because --currency ${currency} writes "${symbol}"; if they are in ${shared?.reading ?? 'another currency'}, ` +
          `write the code in the amounts or add a currency column`
        : `as ${code}, the usual reading of "${symbol}"; if they are in ${shared?.others ?? 'another currency'}, ` +
          'pass --currency with its code, or add a currency column';
      problems.push({
        code: 'CRM_CURRENCY_SYMBOL',
        file: file.path,
        where: '-',
        detail: `"${symbol}" in ${header} (${count}) was read ${advice}`,
      });
    }
  }
  return problems;
}

/**
 * Returns a problem when the file has a stage or status column but no row gets
 * a known status from it. Every opportunity then covers a signal only when it
 * was created on or after the signal, as with no stage column at all.
 */
function findUnknownStatuses(file: CrmFile): Problem | null {
  const { opportunities } = file;
  const fields = STATUS_FIELDS.filter((field) => file.columns.headers[field] !== undefined);
  if (fields.length === 0 || opportunities.length === 0) return null;
  if (opportunities.some((row) => row.status !== 'unknown')) return null;
  const headers = fields.map((field) => `"${file.columns.headers[field] ?? field}"`).join(', ');
  const example = opportunities.find((row) => row.stage !== '');
  const value = example === undefined ? 'every cell is empty' : `for example "${example.stage}" on line ${example.line}`;
  return {
    code: 'CRM_STATUS_UNKNOWN',
    file: file.path,
    where: '-',
    detail:
      `no value in ${headers} reads as open, won or lost (${value}), so every opportunity has an ` +
      'unknown status and covers a signal only when it was created on or after the signal. ' +
      'Name the stages with --open-stages, --closed-stages and --lost-stages',
  };
}

/**
 * Returns why an opportunity export whose rows all lack an account cannot be
 * audited, or null. Such a file adds no coverage, so auditing with it would
 * report every lead as invisible.
 */
function describeUnlinkedRows(file: CrmFile): string | null {
  const { opportunities } = file;
  if (opportunities.length === 0) return null;
  // A contact e-mail or website ties a row to a customer's domain even without an account name.
  const isLinked = (row: CrmOpportunity): boolean =>
    row.account !== '' || row.accountId !== null || row.contactEmail !== null || row.website !== null;
  if (opportunities.some(isLinked)) return null;
  const linkFields = ['account', 'accountId'] as const;
  const columns = linkFields
    .map((field) => file.columns.headers[field])
    .filter((header): header is string => header !== undefined)
    .map((header) => `"${header}"`);
  const rows = opportunities.length === 1 ? 'the only row' : `all ${opportunities.length} rows`;
  let fault = `no account name or id on ${rows}`;
  if (columns.length === 1) fault = `column ${columns.join('')} is empty (or 0) on ${rows}`;
  if (columns.length > 1) fault = `columns ${columns.join(' and ')} are empty (or 0) on ${rows}`;
  return (
    `${file.path}: ${fault}, so no opportunity can be tied to a customer. ` +
    'Export the opportunities with their account name and name that column with --crm-map account=HEADER'
  );
}

function readOpportunityRow(row: CsvRow, context: OpportunityContext): CrmOpportunity {
  const { file } = context;
  const cell = (field: CrmField): string => cellOf(row, file.columns, field);
  // Without an account or account id column, the opportunity name is the only
  // clue to the customer ("Acme - Renewal"), so it is used as the account.
  const { indexes } = file.columns;
  const hasAccountColumns = indexes.account !== undefined || indexes.accountId !== undefined;
  let name = cell('name');
  const accountId = accountIdOf(row, file.columns);
  const account = hasAccountColumns ? cell('account') : name;

  if (name === '') {
    if (indexes.name !== undefined) {
      file.problems.push(
        problemAt(
          file.path,
          row.line,
          'CRM_EMPTY_NAME',
          'opportunity has no name, so its id or account name is used instead',
        ),
      );
    }
    name = cell('opportunityId') || account || `line ${row.line}`;
  }
  // A contact e-mail or website still ties the row to a company domain when the join reads it.
  const hasContactLink = cell('contactEmail') !== '' || cell('website') !== '';
  if (account === '' && accountId === null && !hasContactLink) {
    file.problems.push(
      problemAt(
        file.path,
        row.line,
        'CRM_EMPTY_ACCOUNT',
        `opportunity "${name}" has no account, so it cannot cover any signal`,
      ),
    );
  }

  checkContactCells(row, file.columns, context.failures, file.path);
  checkStatusCells(row, context);
  const stage = cell('stage');
  const status = context.statuses.resolve({
    stage,
    status: cell('status'),
    isWon: cell('isWon'),
    isClosed: cell('isClosed'),
    stageSemantic: cell('stageSemantic'),
  });
  const { amount, currency } = readMoney(row, context);
  const chosen = chooseCloseDate(row, context, status);
  const closeField = chosen.field;
  const closeDate = checkFutureClose(chosen.date, status, name, row.line, context);
  const createdDate = readDate(row, context, 'createdDate');
  if (closeDate !== null && createdDate !== null && createdDate > closeDate) {
    const headers = file.columns.headers;
    file.problems.push(
      problemAt(
        file.path,
        row.line,
        'CRM_CREATED_AFTER_CLOSE',
        `opportunity "${name}" was created on ${createdDate} (${headers.createdDate ?? 'createdDate'}), after its close ` +
          `date ${closeDate} (${headers[closeField] ?? closeField}); check the row or the date order`,
      ),
    );
  }
  return {
    file: file.path,
    line: row.line,
    name,
    account,
    accountId,
    stage: stage || cell('status'),
    status,
    amount,
    currency,
    closeDate,
    ...(closeDate === null && chosen.date !== null ? { closeDateSetAside: chosen.date } : {}),
    createdDate,
    owner: cell('owner') || null,
    contactEmail: emailsOf(cell('contactEmail'))[0] ?? null,
    contactName: cell('contactName') || null,
    website: cell('website') || null,
  };
}

/**
 * Returns the close date of a row and the field it came from. A deal that is not open takes its
 * actual close date when the row has one. An open deal, or a closed one without it, takes the
 * expected date. Both cells are read, so that a bad date in either is reported. The won and lost
 * rows are counted by the column they took, for `crm inspect`.
 */
function chooseCloseDate(row: CsvRow, context: OpportunityContext, status: CrmStatus): { date: string | null; field: DateField } {
  const expected = readDate(row, context, 'closeDate');
  const actual = readDate(row, context, 'actualCloseDate');
  const uses = context.file.closeDates;
  const isClosed = status === 'won' || status === 'lost';
  if (status !== 'open' && actual !== null) {
    if (isClosed) uses.closedFromActual += 1;
    return { date: actual, field: 'actualCloseDate' };
  }
  if (isClosed && expected !== null) uses.closedFromExpected += 1;
  return { date: expected, field: 'closeDate' };
}

/**
 * Returns the close date of a won or lost deal, or null with a CRM_CLOSE_DATE_FUTURE problem when
 * it is after the export date. Such a date is an expected date left unchanged when the deal closed, so it
 * does not show when the deal was open, and the deal is read as closed on an unknown date.
 */
function checkFutureClose(
  date: string | null,
  status: CrmStatus,
  name: string,
  line: number,
  context: OpportunityContext,
): string | null {
  const { exportedOn } = context.options;
  if (date === null || exportedOn === undefined || date <= exportedOn) return date;
  if (status !== 'won' && status !== 'lost') return date;
  context.file.problems.push(
    problemAt(
      context.file.path,
      line,
      'CRM_CLOSE_DATE_FUTURE',
      `opportunity "${name}" is closed ${status} but its close date ${date} is after the export date (${exportedOn}, --crm-exported-on), so the ` +
        'date is read as unknown and the deal covers only signals dated on or before its creation; ' +
        "export the date the deal really closed (Pipedrive's \"Deal - Close time\") or correct it in the CRM",
    ),
  );
  return null;
}

/** Tallies the IsWon, IsClosed and stage semantic cells of a row, whose values can be invalid. */
function checkStatusCells(row: CsvRow, context: OpportunityContext): void {
  const { file, failures, vocabulary } = context;
  for (const field of ['isWon', 'isClosed'] as const) {
    const value = cellOf(row, file.columns, field);
    if (value !== '') failures.check(field, value, row.line, readBoolean(value, vocabulary) !== null);
  }
  const semantic = cellOf(row, file.columns, 'stageSemantic');
  if (semantic !== '') failures.check('stageSemantic', semantic, row.line, isStageSemantic(semantic));
}

/** Returns the ISO code of a currency cell (a code or a listed name), or null when it names none. */
function currencyCode(cell: string, vocabulary: CrmVocabulary): string | null {
  if (/^[A-Za-z]{3}$/.test(cell)) return cell.toUpperCase();
  return vocabulary.currencyNames.get(foldKey(cell)) ?? null;
}

function readMoney(
  row: CsvRow,
  context: OpportunityContext,
): { amount: number | null; currency: string | null } {
  const { file, failures } = context;
  const column = cellOf(row, file.columns, 'currency');
  const code = column === '' ? null : currencyCode(column, context.vocabulary);
  const cell = cellOf(row, file.columns, 'amount');
  const parsed = parseAmount(cell, { preferredCurrency: context.options.defaultCurrency });

  // Every currency cell counts towards a failed column, but a row problem is
  // reported only when the amount needed that cell and is left empty for it.
  if (column !== '') {
    failures.addValue('currency');
    const isNeeded = parsed.kind === 'value' && parsed.currency === null;
    if (code === null) {
      const detail = `unknown currency "${column}"; amount left empty`;
      const problem = isNeeded ? problemAt(file.path, row.line, 'CRM_BAD_CURRENCY', detail) : null;
      failures.addFailure('currency', column, row.line, problem);
    }
  }

  if (parsed.kind === 'empty') return { amount: null, currency: null };
  failures.addValue('amount');
  if (parsed.kind === 'invalid') {
    const detail = `${parsed.reason}; amount left empty`;
    failures.addFailure('amount', cell, row.line, problemAt(file.path, row.line, 'CRM_BAD_AMOUNT', detail));
    return { amount: null, currency: null };
  }
  if (parsed.value < 0) {
    // The totals keep negative amounts, so they compare with a report footer that sums every row.
    const detail =
      `amount "${cell}" is negative, as a credit note, a refund or a typo is; it is counted in the amount ` +
      'totals as the CRM totals it. Correct the row in the CRM if it is a deal value';
    file.problems.push(problemAt(file.path, row.line, 'CRM_NEGATIVE_AMOUNT', detail));
  }
  if (parsed.currency !== null && code !== null && parsed.currency !== code) {
    // A bare "$" beside "CAD" is a Canadian dollar: the column names which currency writes the symbol.
    if (parsed.symbol !== null && narrowSymbol(code) === parsed.symbol) return { amount: parsed.value, currency: code };
    const detail =
      `amount "${cell}" is in ${parsed.currency} but ${file.columns.headers.currency ?? 'the currency column'} ` +
      `says ${code}; the amount's own currency was kept. Correct the row in the CRM`;
    file.problems.push(problemAt(file.path, row.line, 'CRM_CURRENCY_CONFLICT', detail));
  }
  if (parsed.currency !== null) {
    // A currency column that agrees with the symbol settles its reading, so only the others are reported.
    if (parsed.symbol !== null && code === null) {
      const readings = file.symbolReadings.get(parsed.symbol) ?? new Map<string, number>();
      readings.set(parsed.currency, (readings.get(parsed.currency) ?? 0) + 1);
      file.symbolReadings.set(parsed.symbol, readings);
    }
    return { amount: parsed.value, currency: parsed.currency };
  }
  if (column === '') {
    file.assumedCurrencyRows += 1;
    file.assumedCurrencyLines.add(row.line);
    return { amount: parsed.value, currency: context.options.defaultCurrency };
  }
  if (code === null) return { amount: null, currency: null };
  return { amount: parsed.value, currency: code };
}

function readDate(row: CsvRow, context: OpportunityContext, field: DateField): string | null {
  const { file, failures } = context;
  const cell = cellOf(row, file.columns, field);
  const parsed = parseDate(cell, context.orders[field]);
  if (parsed.kind !== 'empty') failures.addValue(field);
  if (parsed.kind === 'value') return parsed.iso;
  if (parsed.kind === 'invalid') {
    const header = file.columns.headers[field] ?? field;
    const detail = `${header}: ${parsed.reason}; date left empty`;
    failures.addFailure(field, cell, row.line, problemAt(file.path, row.line, 'CRM_BAD_DATE', detail));
  }
  return null;
}
