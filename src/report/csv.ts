// CSV exports for spreadsheets: one row per opportunity, and a summary with one
// row per category and per mailbox owner.
//
// Spreadsheet safety: a text cell starting with = + - @ tab or CR (or the
// full-width ＝ ＋ － ＠) gets a leading ' so Excel and LibreOffice show it as
// text instead of running it as a formula. csv-stringify's `escape_formulas`
// does this and skips values that are JavaScript numbers, so numeric columns are
// passed as numbers and a credit note of -1500 stays the number -1500.00.
//
// Excel mode writes a UTF-8 BOM (so Excel detects the encoding), `;` between
// fields and `,` as the decimal separator. A `;`-separated file is what Excel
// reads in locales whose decimal separator is the comma (French, German...),
// and those locales read `1500.00` as text but `1500,00` as a number, so the
// comma keeps amounts numeric there. Other modes use `.` decimals.
import { minorDigits } from '../money.js';
import { stringify } from 'csv-stringify/sync';
import { CATEGORIES } from '../types.js';
import type { Opportunity } from '../types.js';
import { replaceControls } from './control-chars.js';
import { describeSender, ownerLabel, rankOwners, valueKind } from './format.js';
import type { AuditReport } from './schema.js';

export interface CsvOptions {
  /** Field delimiter, ignored when `excel` is set. */
  delimiter: string;
  /** UTF-8 BOM, `;` delimiter and `,` decimals, for Excel in comma-decimal locales. */
  excel: boolean;
}

export const OPPORTUNITY_COLUMNS = [
  'id',
  'category',
  'account',
  'domain',
  'contacts',
  'owner',
  'first_seen',
  'last_seen',
  'quantity',
  'confidence',
  'crm_status',
  'crm_record',
  'crm_amount',
  'crm_currency',
  'crm_account',
  'matched_by',
  'reason',
  'estimated_value',
  'currency',
  'evidence_count',
  'first_evidence_date',
  'first_evidence_from',
  'first_evidence_subject',
  'first_evidence_snippet',
  'rule',
  'value_kind',
  'same_lead_as',
  'referred_company',
] as const;


export const SUMMARY_COLUMNS = [
  'group',
  'name',
  'opportunities',
  'covered',
  'invisible',
  'ambiguous',
  'estimated_value',
  'invisible_estimated_value',
  'currency',
  'invisible_pipeline_value',
  'revenue_at_risk',
  'period_weeks',
  'invisible_leads',
  'estimated_annual_loss',
] as const;

/** Excel's field separator in comma-decimal locales. */
const EXCEL_DELIMITER = ';';

/** Separator between several contacts inside one cell. */
const LIST_SEPARATOR = ' | ';

/** Columns written with their currency's decimals; other numbers are counts, quantities or confidences. */
const AMOUNT_COLUMNS = new Set<string>([
  'estimated_value',
  'invisible_estimated_value',
  'crm_amount',
  'invisible_pipeline_value',
  'revenue_at_risk',
  'estimated_annual_loss',
]);

/** Decimals kept for non-amount numbers such as confidence, to drop float noise. */
const MAX_OTHER_DECIMALS = 4;

/**
 * Decimals kept for period_weeks: the loss divides by the exact span, so the
 * CSV keeps enough of it to redo the owner's loss to the cent.
 */
const PERIOD_WEEKS_DECIMALS = 10;

/** A cell: numbers are written through the number formatter, never the text escaper. */
type Cell = string | number | null;

/** Rows rendered per chunk by the chunked renderers. */
const CHUNK_ROWS = 500;

export function renderOpportunitiesCsv(report: AuditReport, options: CsvOptions): string {
  return [...renderOpportunitiesCsvChunks(report, options)].join('');
}

/**
 * Yields the opportunities CSV a few hundred rows at a time, so writing it
 * never builds one string of every row. The chunks join to `renderOpportunitiesCsv`.
 */
export function* renderOpportunitiesCsvChunks(report: AuditReport, options: CsvOptions): Generator<string> {
  const currency = report.assumptions.currency;
  const { opportunities } = report;
  yield writeCsv(OPPORTUNITY_COLUMNS, [], options, true);
  for (let start = 0; start < opportunities.length; start += CHUNK_ROWS) {
    const rows = opportunities.slice(start, start + CHUNK_ROWS).map((o) => opportunityRow(o, currency));
    yield writeCsv(OPPORTUNITY_COLUMNS, rows, options, false);
  }
}

export function renderSummaryCsv(report: AuditReport, options: CsvOptions): string {
  const currency = report.assumptions.currency;
  const rows: Cell[][] = [];
  for (const category of CATEGORIES) {
    const opportunities = report.opportunities.filter((o) => o.category === category);
    rows.push(['category', category, ...countRow(opportunities), currency, ...valueRow(opportunities), null, null, null]);
  }
  // Owner rows also give the weeks and leads the loss used for that owner, so an
  // owner whose mailboxes hold no opportunity gets a row too.
  const periods = new Map(report.summary.byOwner.map((item) => [ownerLabel(item.owner), item]));
  const owners = new Set([...rankOwners(report).map((total) => total.account), ...periods.keys()]);
  for (const owner of [...owners].sort()) {
    const opportunities = report.opportunities.filter((o) => (o.owner ?? '(no owner)') === owner);
    const period = periods.get(owner);
    const used = period === undefined ? [null, null, null] : [period.periodWeeks, period.invisibleLeads, period.estimatedAnnualLoss];
    rows.push(['owner', owner, ...countRow(opportunities), currency, ...valueRow(opportunities), ...used]);
  }
  return writeCsv(SUMMARY_COLUMNS, rows, options);
}

function countRow(opportunities: Opportunity[]): number[] {
  const count = (status: string) => opportunities.filter((o) => o.crm.status === status).length;
  const sum = (list: Opportunity[]) => list.reduce((total, o) => total + o.estimatedValue, 0);
  const invisible = opportunities.filter((o) => o.crm.status === 'invisible');
  return [
    opportunities.length,
    count('covered'),
    count('invisible'),
    count('ambiguous'),
    sum(opportunities),
    sum(invisible),
  ];
}

/**
 * Returns the invisible pipeline value (the period loss before annualising)
 * and the revenue at risk, which the two columns before keep mixed. Undated and
 * outside-period requests are in neither: the loss leaves them out and they are no churn risk.
 */
function valueRow(opportunities: Opportunity[]): number[] {
  let pipeline = 0;
  let atRisk = 0;
  for (const o of opportunities) {
    const kind = valueKind(o);
    if (kind === 'revenue-at-risk') atRisk += o.estimatedValue;
    else if (kind === 'pipeline' && o.crm.status === 'invisible') pipeline += o.estimatedValue;
  }
  return [pipeline, atRisk];
}

function opportunityRow(o: Opportunity, currency: string): Cell[] {
  const first = o.evidence[0];
  return [
    o.id,
    o.category,
    o.account,
    o.domain,
    o.contacts.join(LIST_SEPARATOR),
    o.owner,
    o.firstSeen,
    o.lastSeen,
    o.quantity,
    o.confidence,
    o.crm.status,
    o.crm.record,
    o.crm.recordAmount,
    o.crm.recordCurrency,
    o.crm.account,
    o.crm.matchedBy,
    o.crm.reason,
    o.estimatedValue,
    currency,
    o.evidence.length,
    first?.date ?? null,
    first === undefined ? null : describeSender(first),
    first?.subject ?? null,
    first?.snippet ?? null,
    first?.rule ?? null,
    // `pipeline` rows enter the loss when invisible. `revenue-at-risk` (churn risk),
    // `undated` (no date) and `outside-period` (a stray date) rows never do.
    valueKind(o),
    o.sameLeadAs,
    o.referredCompany,
  ];
}

/**
 * Writes rows as CSV, after the header row (and the Excel BOM) when
 * `hasHeader` is set. Every row ends with a line break, so separate calls
 * concatenate into one valid file.
 */
function writeCsv(columns: readonly string[], rows: Cell[][], options: CsvOptions, hasHeader = true): string {
  // Control characters from mail or CRM text become U+FFFD; tab and line breaks stay, quoted.
  const cleaned = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? replaceControls(cell) : cell)));
  const records = hasHeader ? [[...columns], ...cleaned] : cleaned;
  // An amount takes the decimals of the currency in its row: crm_amount that of
  // crm_currency, the others that of currency (0 for JPY, 3 for KWD).
  const currencyColumns = columns.map((column) =>
    !AMOUNT_COLUMNS.has(column) ? -1 : columns.indexOf(column === 'crm_amount' ? 'crm_currency' : 'currency'),
  );
  const formatCell = (value: number, index: number, record: number) => {
    const currencyColumn = currencyColumns[index] ?? -1;
    const currency = records[record]?.[currencyColumn];
    const text =
      currencyColumn === -1
        ? String(Number(value.toFixed(columns[index] === 'period_weeks' ? PERIOD_WEEKS_DECIMALS : MAX_OTHER_DECIMALS)))
        : value.toFixed(typeof currency === 'string' && currency !== '' ? minorDigits(currency) : 2);
    return options.excel ? text.replace('.', ',') : text;
  };

  // csv-stringify receives real numbers here, so `escape_formulas` leaves a leading
  // minus alone, and the cast formats them after that check. Its `records` context is
  // the index of the record being written.
  return stringify(records, {
    delimiter: options.excel ? EXCEL_DELIMITER : options.delimiter,
    bom: options.excel && hasHeader,
    escape_formulas: true,
    cast: { number: (value, context) => formatCell(value, Number(context.index), context.records) },
  });
}
