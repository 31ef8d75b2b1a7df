// Header names to our field names, per kind of export, and the kind of an
// export (opportunities, accounts or contacts) from the columns it has.
import { hasPublicSuffix } from '../../match/domains.js';
import { LeakError } from '../../errors.js';
import type { Problem } from '../../types.js';
import { parseAmount } from './amount.js';
import { parseDate } from './dates.js';
import {
  foldKey,
  loadVocabulary,
  OPPORTUNITY_FIELDS,
  type AliasTable,
  type CrmField,
  type CrmFileKind,
  type CrmVocabulary,
  type HeaderLanguage,
} from './aliases.js';

export interface ColumnMap {
  /** Field to the index of its column. */
  indexes: Partial<Record<CrmField, number>>;
  /** Field to the header chosen for it, as written in the file. */
  headers: Partial<Record<CrmField, string>>;
  /** Language of the aliases that matched; French makes dates default to day-first. */
  language: HeaderLanguage;
  /** Headers no field uses, in file order. */
  unmapped: string[];
  /** Fields whose column was chosen from its values, not its header, sorted. */
  fromValues: CrmField[];
}

/** Fields whose presence marks an opportunity export rather than accounts or contacts. */
const OPPORTUNITY_ONLY: readonly CrmField[] = [
  'stage',
  'status',
  'isWon',
  'isClosed',
  'stageSemantic',
  'amount',
  'closeDate',
  'actualCloseDate',
];

/** Folded name headers that exports of every kind use, so they do not reveal the kind. */
const GENERIC_NAME_HEADERS = new Set(['name', 'nom', 'title']);

/** Fields that hold words, so an alias on a column of plain numbers is a false match. */
const TEXT_FIELDS: readonly CrmField[] = ['name', 'account'];

/** Fields whose column ties an opportunity row to a customer account. */
const ACCOUNT_LINK_FIELDS: readonly CrmField[] = ['account', 'accountId', 'contactEmail', 'website'];

/** Fields that give an opportunity its status. Without one of them, every status is unknown. */
export const STATUS_FIELDS: readonly CrmField[] = [
  'stage',
  'status',
  'isWon',
  'isClosed',
  'stageSemantic',
];

/** Rows sampled per column to tell a column of numbers from a column of names. */
const NUMERIC_SAMPLE_ROWS = 200;

/** A plain number as CRMs write amounts and ids: "100000.00", "12 500,50", "-3". */
const PLAIN_NUMBER = /^[-+]?\d[\d\s.,']*$/;

/**
 * Returns the indexes of columns whose sampled non-empty cells are all plain
 * numbers. Bitrix24's OPPORTUNITY column is the deal amount, though the word
 * is also Odoo's header for the deal name.
 */
export function findNumericColumns(rows: ReadonlyArray<{ cells: string[] }>, width: number): Set<number> {
  const numeric = new Set<number>();
  const sample = rows.slice(0, NUMERIC_SAMPLE_ROWS);
  for (let index = 0; index < width; index += 1) {
    const values = sample.map((row) => (row.cells[index] ?? '').trim()).filter((cell) => cell !== '');
    if (values.length > 0 && values.every((cell) => PLAIN_NUMBER.test(cell))) numeric.add(index);
  }
  return numeric;
}

function isCrmField(name: string): name is CrmField {
  return (OPPORTUNITY_FIELDS as readonly string[]).includes(name);
}

/** Checks `--crm-map` keys and raises a usage error, listing the valid fields, for an unknown one. */
export function validateMap(map: Record<string, string>): void {
  for (const field of Object.keys(map)) {
    if (!isCrmField(field)) {
      throw new LeakError(
        'USAGE',
        `--crm-map: unknown field "${field}"; use one of ${OPPORTUNITY_FIELDS.join(', ')}`,
      );
    }
  }
}

/**
 * Maps headers to fields: `map` entries first, then the aliases in `table`.
 * An alias never gives a text field a column listed in `numericColumns`.
 */
export function mapColumns(
  headers: string[],
  table: AliasTable,
  map: Record<string, string>,
  numericColumns: ReadonlySet<number> = new Set(),
  bothLanguages: ReadonlySet<string> = loadVocabulary().bothLanguages,
): ColumnMap {
  const folded = headers.map(foldKey);
  const indexes: Partial<Record<CrmField, number>> = {};
  const used = new Set<number>();
  let french = 0;
  let english = 0;

  for (const [field, header] of Object.entries(map)) {
    if (!isCrmField(field)) continue;
    const exact = headers.indexOf(header);
    const index = exact >= 0 ? exact : folded.indexOf(foldKey(header));
    if (index < 0) continue;
    indexes[field] = index;
    used.add(index);
  }

  for (const field of OPPORTUNITY_FIELDS) {
    if (indexes[field] !== undefined) continue;
    const aliases = table[field];
    if (aliases === undefined) continue;
    const skipped = TEXT_FIELDS.includes(field) ? new Set([...used, ...numericColumns]) : used;
    const found = findAlias(folded, aliases.en, skipped) ?? findAlias(folded, aliases.fr, skipped);
    if (found === null) continue;
    indexes[field] = found;
    used.add(found);
    const header = folded[found] ?? '';
    if (bothLanguages.has(header)) continue;
    if (aliases.en.includes(header)) english += 1;
    else french += 1;
  }

  const chosen: Partial<Record<CrmField, string>> = {};
  for (const [field, index] of Object.entries(indexes) as Array<[CrmField, number]>) {
    chosen[field] = headers[index] ?? '';
  }
  const unmapped = headers.filter((_, index) => !used.has(index));
  return { indexes, headers: chosen, language: french > english ? 'fr' : 'en', unmapped, fromValues: [] };
}

/** Headers of columns about the seller's staff, whose addresses are no customer's: "Assigned Rep", "Created By". */
const STAFF_HEADER = /\b(?:rep|reps|owner|owners|assigned|created|modified|updated|user|salesperson|sales person|agent|manager|propri[ée]taire|commercial|cr[ée][ée] par|modifi[ée] par)\b/i;

/** Share of a column's sampled non-empty cells that must look like e-mail addresses or websites. */
const MIN_VALUE_SHARE = 0.8;

const EMAIL_VALUE = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const WEBSITE_VALUE = /^(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?$/i;

/** ISO 4217 codes in Node's ICU data. */
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** Tells whether a cell is an ISO 4217 code, as a currency column in any language contains ("USD"). */
function isCurrencyCodeCell(cell: string): boolean {
  return /^[A-Za-z]{3}$/.test(cell) && CURRENCY_CODES.has(cell.toUpperCase());
}

/** Tells whether a cell contains an e-mail address, alone or in a list ("a@x.example; b@x.example"). */
function isEmailCell(cell: string): boolean {
  return cell.split(/[;,\s]+/).some((part) => EMAIL_VALUE.test(part.replace(/^<|>$/g, '')));
}

/**
 * Maps the contact e-mail, website and currency fields, when no header named them,
 * to an unused column whose values are e-mail addresses, websites or currency codes
 * ("Main contact" containing anna@northwind.example, "Währung" containing USD). Without them, matching falls back to account
 * names alone, and requests from a known customer come out as "no CRM account".
 */
export function mapColumnsByValues(
  columns: ColumnMap,
  headers: readonly string[],
  rows: ReadonlyArray<{ cells: string[] }>,
  table: AliasTable,
): ColumnMap {
  // Only a file whose headers name its accounts is a CRM export to complete: an address
  // book of names and e-mails must still be rejected for its missing account column.
  if (columns.indexes.account === undefined && columns.indexes.accountId === undefined) return columns;
  const used = new Set(Object.values(columns.indexes));
  const checks: Array<[CrmField, (cell: string) => boolean]> = [
    ['contactEmail', isEmailCell],
    ['website', (cell) => WEBSITE_VALUE.test(cell) && hasPublicSuffix(cell)],
    ['currency', isCurrencyCodeCell],
  ];
  const sample = rows.slice(0, NUMERIC_SAMPLE_ROWS);
  const indexes = { ...columns.indexes };
  const fromValues: CrmField[] = [];
  for (const [field, check] of checks) {
    if (indexes[field] !== undefined || table[field] === undefined) continue;
    const index = headers.findIndex((header, position) => {
      if (used.has(position) || STAFF_HEADER.test(header)) return false;
      const values = sample.map((row) => (row.cells[position] ?? '').trim()).filter((cell) => cell !== '');
      return values.length > 0 && values.filter(check).length >= values.length * MIN_VALUE_SHARE;
    });
    if (index < 0) continue;
    indexes[field] = index;
    used.add(index);
    fromValues.push(field);
  }
  if (fromValues.length === 0) return columns;
  const chosen: Partial<Record<CrmField, string>> = { ...columns.headers };
  for (const field of fromValues) chosen[field] = headers[indexes[field] ?? 0] ?? '';
  const unmapped = headers.filter((_, index) => !used.has(index));
  return { ...columns, indexes, headers: chosen, unmapped, fromValues: fromValues.sort() };
}

function findAlias(folded: string[], aliases: string[], used: ReadonlySet<number>): number | null {
  for (const alias of aliases) {
    const index = folded.findIndex((header, position) => header === alias && !used.has(position));
    if (index >= 0) return index;
  }
  return null;
}

/** Detects what a file exports from the columns it has. */
export function detectKind(
  headers: string[],
  vocabulary: CrmVocabulary,
  map: Record<string, string>,
  numericColumns: ReadonlySet<number> = new Set(),
): CrmFileKind {
  const opportunity = mapColumns(headers, vocabulary.kinds.opportunity, map, numericColumns);
  if (OPPORTUNITY_ONLY.some((field) => opportunity.indexes[field] !== undefined)) {
    return 'opportunity';
  }
  // "Deal Name" marks a deal export, but a bare "Name" column is in every kind.
  const nameHeader = foldKey(opportunity.headers.name ?? '');
  if (nameHeader !== '' && !GENERIC_NAME_HEADERS.has(nameHeader)) return 'opportunity';
  const contact = mapColumns(headers, vocabulary.kinds.contact, map, numericColumns);
  const hasContactAccount =
    contact.indexes.account !== undefined || contact.indexes.accountId !== undefined;
  if (contact.indexes.contactEmail !== undefined && hasContactAccount) return 'contact';
  const account = mapColumns(headers, vocabulary.kinds.account, map, numericColumns);
  if (account.indexes.account !== undefined) return 'account';
  return contact.indexes.contactEmail !== undefined ? 'contact' : 'opportunity';
}

function hasRequiredColumns(kind: CrmFileKind, indexes: ColumnMap['indexes']): boolean {
  if (indexes.account !== undefined) return true;
  // An opportunity name alone ("Q3 renewal") names no customer, so it cannot cover a signal.
  if (kind === 'opportunity') return ACCOUNT_LINK_FIELDS.some((field) => indexes[field] !== undefined);
  if (kind === 'contact') return indexes.accountId !== undefined;
  return false;
}

/** Returns why the file cannot be used as a CRM export, or null when it can. */
export function describeMissingColumns(
  file: string,
  kind: CrmFileKind,
  headers: string[],
  columns: ColumnMap,
  map: Record<string, string> = {},
): string | null {
  if (hasRequiredColumns(kind, columns.indexes)) return null;
  const seen = headers.map((header) => `"${header}"`).join(', ');
  const unknown = Object.entries(map).find(([, header]) => !headers.some((name) => foldKey(name) === foldKey(header)));
  if (unknown !== undefined) {
    return `${file}: --crm-map ${unknown[0]}=${unknown[1]} names no column of this file; its headers are ${seen}`;
  }
  const missing =
    kind === 'opportunity'
      ? 'no account, account id, contact email or website column found'
      : 'no account column found';
  // A contact export already has its e-mail column, so pointing at contactEmail= again would loop.
  const advice =
    kind === 'contact'
      ? 'If this is a contact export, name the company column with --crm-map account=HEADER, or the ' +
        'account id column with --crm-map accountId=HEADER and pass the accounts export with another --crm'
      : 'If this is a CRM export, name the account column with --crm-map account=HEADER, or a contact ' +
        'e-mail column with --crm-map contactEmail=HEADER';
  return `${file}: ${missing} among the headers ${seen}, so no row can be tied to a customer. ${advice}`;
}

/** Returns a problem when an opportunity export has no column that gives a status. */
export function findMissingStatus(file: string, kind: CrmFileKind, columns: ColumnMap): Problem | null {
  if (kind !== 'opportunity') return null;
  if (STATUS_FIELDS.some((field) => columns.indexes[field] !== undefined)) return null;
  return {
    code: 'CRM_STATUS_COLUMN_MISSING',
    file,
    where: '-',
    detail:
      'no stage or status column found, so every opportunity has an unknown status and covers ' +
      'a signal only when it was created on or after the signal. Coverage is understated and ' +
      'the loss overstated. Name the column with --crm-map stage=HEADER (or status=, isWon=, isClosed=)',
  };
}

/**
 * Words of numeric columns that are not a deal's amount: ids, counts, flags, probabilities, phone
 * numbers, years, postcodes, and a company's own size or revenue.
 */
const NOT_AMOUNT_WORD =
  /\b(?:id|ids|no|nr|num|number|numberof|code|ref|reference|phone|tel|t[ée]l[ée]phone|mobile|fax|probability|probabilit[ée]|prob|percent|pourcentage|quantity|quantit[ée]|qty|count|nombre|year|ann[ée]e|age|days|jours|score|rank|zip|postal|postcode|siren|siret|vat|tva|is|has|flag|revenue|employees|salari[ée]s|effectif|locations|sites)\b|%|#|n°/i;

/** Splits a header such as "Home_Phone__c" or "PostalCode" into words. */
function headerWords(header: string): string {
  return header.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\s]+/g, ' ');
}

/** Returns the trimmed non-empty cells of a column in the first rows that the column checks sample. */
function sampledCells(rows: ReadonlyArray<{ cells: string[] }>, index: number): string[] {
  return rows
    .slice(0, NUMERIC_SAMPLE_ROWS)
    .map((row) => (row.cells[index] ?? '').trim())
    .filter((cell) => cell !== '');
}

/**
 * Tells whether a column's sampled non-empty cells are all amounts ("18000.00", "EUR 12 500,50",
 * "$4,200"), leaving out flag columns whose cells are all 0 or 1.
 */
function isAmountColumn(rows: ReadonlyArray<{ cells: string[] }>, index: number): boolean {
  const values = sampledCells(rows, index);
  if (values.length === 0 || values.every((cell) => cell === '0' || cell === '1')) return false;
  return values.every((cell) => parseAmount(cell).kind === 'value');
}

/**
 * Returns a warning when an opportunity export maps no amount column but an
 * unmapped column contains only amounts, naming it and the flag that maps it.
 * Without it the report shows no CRM amounts and a covering deal's value is blank.
 */
export function findUnmappedAmount(
  file: string,
  kind: CrmFileKind,
  headers: readonly string[],
  columns: ColumnMap,
  rows: ReadonlyArray<{ cells: string[] }>,
): Problem | null {
  if (kind !== 'opportunity' || columns.indexes.amount !== undefined) return null;
  const used = new Set(Object.values(columns.indexes));
  const candidates = headers.filter((header, index) => {
    if (used.has(index) || header.trim() === '' || NOT_AMOUNT_WORD.test(headerWords(header))) return false;
    return isAmountColumn(rows, index);
  });
  if (candidates.length === 0) return null;
  const named = candidates.map((header) => `"${header}"`).join(', ');
  const first = candidates[0] ?? '';
  return {
    code: 'CRM_AMOUNT_COLUMN_MISSING',
    file,
    where: '-',
    detail:
      `no amount column found, but ${candidates.length === 1 ? 'column' : 'columns'} ${named} ` +
      `${candidates.length === 1 ? 'contains' : 'contain'} only amounts. The report shows no CRM amounts; ` +
      `if ${candidates.length === 1 ? 'it is' : 'one is'} the deal amount, pass --crm-map amount="${first}"`,
  };
}

/** Header words of a currency column in English, French, German, Spanish, Italian and Dutch. */
const CURRENCY_WORD = /\b(?:currency|currencies|devise|devises|wahrung|waehrung|moneda|divisa|valuta)\b/;

/**
 * Returns a warning when an opportunity export has no currency column but an
 * unmapped header names one ("Währung" whose cells are "Dollar"), so its amounts
 * are read in --currency. A column of ISO codes is already mapped by its values.
 */
export function findUnmappedCurrency(
  file: string,
  kind: CrmFileKind,
  headers: readonly string[],
  columns: ColumnMap,
  defaultCurrency: string,
): Problem | null {
  if (kind !== 'opportunity' || columns.indexes.currency !== undefined) return null;
  const used = new Set(Object.values(columns.indexes));
  const words = (header: string): string =>
    headerWords(header).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const candidates = headers.filter((header, index) => !used.has(index) && CURRENCY_WORD.test(words(header)));
  const [first] = candidates;
  if (first === undefined) return null;
  return {
    code: 'CRM_CURRENCY_COLUMN_IGNORED',
    file,
    where: '-',
    detail:
      `column "${first}" looks like a currency column, but its cells are not ISO codes such as USD, so it was ` +
      `not read and amounts without a currency are read as ${defaultCurrency} from --currency. ` +
      `Write ISO codes in it and pass --crm-map currency="${first}"`,
  };
}

/** Tells whether a column's sampled non-empty cells are all dates, and not all plain numbers (ids, counts). */
function isDateColumn(rows: ReadonlyArray<{ cells: string[] }>, index: number): boolean {
  const values = sampledCells(rows, index);
  if (values.length === 0 || values.every((cell) => PLAIN_NUMBER.test(cell))) return false;
  // Day-first or month-first does not matter here, only whether each cell is a date.
  return values.every(
    (cell) => parseDate(cell, 'month-first').kind === 'value' || parseDate(cell, 'day-first').kind === 'value',
  );
}

/** Words of date headers that record bookkeeping or contact history, not a deal's creation or close. */
const NOT_DEAL_DATE_WORD =
  /\b(?:modified|modify|modstamp|updated|update|viewed|referenced|bounced|birth|birthdate|birthday|activity|deleted|sync|synced|login|modifi[ée]e?|naissance)\b/i;

/** Date fields that decide a verdict: the words naming them in a warning, and header words that suggest each. */
const DATE_FIELDS: ReadonlyArray<[CrmField, string, RegExp]> = [
  ['createdDate', 'creation date', /\b(?:create|created|creation|opened|open|start|started|begin|begindate|cr[ée][ée]e?)\b/i],
  ['closeDate', 'close date', /\b(?:close|closed|closing|signed|won|end|ended|cl[ôo]tur[ée]e?)\b/i],
];

/**
 * Returns a warning when an opportunity export maps no creation or no close date column but an
 * unmapped column contains only dates, naming it and the flags that map it. Without those dates
 * every deal counts as undated, so an old deal can cover a signal it predates by years.
 */
export function findUnmappedDates(
  file: string,
  kind: CrmFileKind,
  headers: readonly string[],
  columns: ColumnMap,
  rows: ReadonlyArray<{ cells: string[] }>,
): Problem | null {
  if (kind !== 'opportunity') return null;
  // An actual close date alone is a close date: won and lost deals read it.
  const isMapped = (field: CrmField) =>
    columns.indexes[field] !== undefined || (field === 'closeDate' && columns.indexes.actualCloseDate !== undefined);
  const missing = DATE_FIELDS.filter(([field]) => !isMapped(field));
  if (missing.length === 0) return null;
  const used = new Set(Object.values(columns.indexes));
  const candidates = headers.filter(
    (header, index) =>
      !used.has(index) &&
      header.trim() !== '' &&
      !NOT_DEAL_DATE_WORD.test(headerWords(header)) &&
      isDateColumn(rows, index),
  );
  if (candidates.length === 0) return null;
  const named = candidates.map((header) => `"${header}"`).join(', ');
  const single = candidates.length === 1;
  // Each flag names the column whose header suggests its field, else the first column of dates.
  const flags = missing
    .map(([field, , hint]) => {
      const header = candidates.find((candidate) => hint.test(headerWords(candidate))) ?? candidates[0] ?? '';
      return `--crm-map ${field}="${header}"`;
    })
    .join(' or ');
  return {
    code: 'CRM_DATE_COLUMN_MISSING',
    file,
    where: '-',
    detail:
      `no ${missing.map(([, words]) => words).join(' or ')} column found, but ${single ? 'column' : 'columns'} ` +
      `${named} ${single ? 'contains' : 'contain'} only dates. Without them a deal counts as undated, so one ` +
      `created or closed long before a signal can still cover it; if ${single ? 'it is' : 'one is'} such a date, ` +
      `pass ${flags}`,
  };
}

/**
 * Returns a warning when an opportunity export with won or lost rows has no creation or no close
 * date column at all. Coverage (`coverageOf` in src/match) needs those dates to tell whether a
 * closed deal was open when the customer wrote, so without them closed deals cover little or
 * nothing and their accounts' signals turn invisible. Open deals without dates cover every signal,
 * which can only shrink the loss, so an export of open deals alone gets no warning.
 */
export function findUndatedClosedDeals(
  file: string,
  columns: ColumnMap,
  statuses: ReadonlyArray<{ status: string }>,
): Problem | null {
  const missing = DATE_FIELDS.filter(
    ([field]) =>
      columns.indexes[field] === undefined &&
      !(field === 'closeDate' && columns.indexes.actualCloseDate !== undefined),
  ).map(([field]) => field);
  if (missing.length === 0) return null;
  const closed = statuses.filter((row) => row.status === 'won' || row.status === 'lost').length;
  if (closed === 0) return null;
  const noCreated = missing.includes('createdDate');
  const noClose = missing.includes('closeDate');
  let words = 'creation date';
  if (noCreated && noClose) words = 'creation or close date';
  else if (noClose) words = 'close date';
  // With a creation date but no close date, a closed deal covers a signal it was created after.
  const effect = noClose && !noCreated ? 'covers a signal only when created on or after it' : 'covers no signal';
  return {
    code: 'CRM_DATE_COLUMN_MISSING',
    file,
    where: '-',
    detail:
      `no ${words} column, so nothing shows whether a won or lost deal was open when the customer wrote: ` +
      `${closed === 1 ? 'the won or lost row' : `each of the ${closed} won or lost rows`} ${effect}. ` +
      'Export the opportunities with their created and close dates, or name the columns with --crm-map',
  };
}

/** Folded headers found only in lead exports: Salesforce's conversion columns and Krayin's lead fields. */
const LEAD_HEADERS = new Set([
  'isconverted',
  'converteddate',
  'convertedopportunityid',
  'convertedaccountid',
  'convertedcontactid',
  'leadstatus',
  'leadvalue',
  'leadpipelineid',
  'leadpipelinestageid',
  'leadtypeid',
]);

/** Returns the headers that mark a lead export, or an empty list. */
function leadHeaders(headers: readonly string[]): string[] {
  const marked = headers.filter((header) => LEAD_HEADERS.has(foldKey(header)));
  if (marked.length > 0) return marked;
  // Bitrix24 names a lead's status STATUS_ID and a deal's stage STAGE_ID, with the same semantic column.
  const folded = new Set(headers.map(foldKey));
  if (folded.has('statusid') && folded.has('statussemanticid') && !folded.has('stageid')) {
    return headers.filter((header) => foldKey(header) === 'statusid');
  }
  return [];
}

/**
 * Returns a warning when a file read as opportunities is a lead export. Each lead then counts
 * as a deal, and a converted lead as won and closed, though its deal lives in the opportunity export.
 */
export function findLeadExport(file: string, kind: CrmFileKind, headers: readonly string[]): Problem | null {
  if (kind !== 'opportunity') return null;
  const marked = leadHeaders(headers);
  if (marked.length === 0) return null;
  const named = marked.map((header) => `"${header}"`).join(', ');
  return {
    code: 'CRM_LEAD_EXPORT',
    file,
    where: '-',
    detail:
      `this is a lead export (${marked.length === 1 ? 'column' : 'columns'} ${named}), read as opportunities: ` +
      'each lead counts as a deal, and a converted lead as won and closed, so a request from its customer ' +
      'is covered only by the deal it became. Export the opportunities (deals) from the CRM and pass that ' +
      'file with --crm, alone or with this one',
  };
}
