// Date cells as CRM exports write them, turned into ISO dates (YYYY-MM-DD).
// Day-first or month-first is a property of the export, not of one column.
// A column's values decide first, so `03/11/2026` reads the same way as the
// `15/12/2026` below it. A column that no value decides follows the order that
// another column of the same file proves.

export type DateOrder = 'day-first' | 'month-first';

export type DateResult =
  { kind: 'empty' } | { kind: 'value'; iso: string } | { kind: 'invalid'; reason: string };

export interface DateOrderDecision {
  order: DateOrder;
  /**
   * `values` when a cell proved the order, `file` when a cell of another
   * column of the same file did, `default` when none could, `conflict` when
   * cells disagree, `none-needed` when no cell is `a/b/yyyy`.
   */
  basis: 'values' | 'file' | 'default' | 'conflict' | 'none-needed';
  detail: string;
  /** Cells that read as two different dates depending on the order, such as `03/11/2026`. */
  undecidedCells: number;
  /** True when every `a/b/yyyy` cell is dotted (`04.09.2026`), a day-first convention. */
  isDotted: boolean;
}

/** One date column of a file, for deciding the order of the whole file. */
export interface DateColumn {
  field: string;
  header: string;
  cells: string[];
}

export interface FileDateOrders {
  decisions: Record<string, DateOrderDecision>;
  /** Headers of the columns whose order is a guess: no value in the file decides it. */
  guessedHeaders: string[];
  /** Headers of the columns whose values prove day-first and month-first respectively, when both occur. */
  disagreement: { dayFirst: string[]; monthFirst: string[] } | null;
}

/** Maximum length of a date cell. The longest accepted form, an ISO timestamp, has under 40 characters. */
const MAX_DATE_CHARS = 64;

/** Two-digit years below this are 20xx, the others 19xx. */
const TWO_DIGIT_YEAR_PIVOT = 70;

/**
 * Excel serial day numbers accepted as dates: 1954-10-03 to 2119-01-08.
 * Smaller or larger plain numbers in a date column are more likely ids or typos.
 */
const EXCEL_SERIAL_MIN = 20_000;
const EXCEL_SERIAL_MAX = 80_000;

/** Day 0 of Excel's 1900 date system, shifted for its 1900 leap-year bug. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/;
const NUMERIC_DATE =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)?$/;
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length === 4) return value;
  return value < TWO_DIGIT_YEAR_PIVOT ? 2000 + value : 1900 + value;
}

function isoFromParts(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Decides the order of `a/b/yyyy` dates in one column. A first number above 12
 * proves day-first and a second number above 12 proves month-first.
 */
export function decideDateOrder(cells: string[], fallback: DateOrder): DateOrderDecision {
  let dayFirst: string | null = null;
  let monthFirst: string | null = null;
  let numericCount = 0;
  let dottedCount = 0;
  let undecidedCells = 0;
  for (const cell of cells) {
    const match = NUMERIC_DATE.exec(cell.trim());
    if (match === null) continue;
    numericCount += 1;
    if (/^\d{1,2}\.\d{1,2}\./.test(cell.trim())) dottedCount += 1;
    const first = Number(match[1]);
    const second = Number(match[2]);
    if (first !== second && first >= 1 && first <= 12 && second >= 1 && second <= 12) undecidedCells += 1;
    if (dayFirst === null && first > 12) dayFirst = cell.trim();
    if (monthFirst === null && second > 12) monthFirst = cell.trim();
  }
  const isDotted = numericCount > 0 && dottedCount === numericCount;
  const facts = { undecidedCells, isDotted };
  if (numericCount === 0)
    return { order: fallback, basis: 'none-needed', detail: 'no day/month dates in this column', ...facts };
  if (dayFirst !== null && monthFirst !== null) {
    return {
      order: fallback,
      basis: 'conflict',
      detail: `"${dayFirst}" is day-first but "${monthFirst}" is month-first; using ${fallback}`,
      ...facts,
    };
  }
  if (dayFirst !== null)
    return { order: 'day-first', basis: 'values', detail: `"${dayFirst}" can only be day-first`, ...facts };
  if (monthFirst !== null)
    return {
      order: 'month-first',
      basis: 'values',
      detail: `"${monthFirst}" can only be month-first`,
      ...facts,
    };
  // Month-first locales write dates with slashes; 04.09.2026 is German, Swiss or Russian.
  if (isDotted) {
    return { order: 'day-first', basis: 'default', detail: 'no value decides the order; dotted dates are day-first', ...facts };
  }
  return {
    order: fallback,
    basis: 'default',
    detail: `no value decides the order; ${fallback} assumed`,
    ...facts,
  };
}

/**
 * Decides the order of every date column of one file. A column whose own
 * values decide nothing takes the order that another column proves, since one
 * export writes all its dates the same way. When the columns that prove an
 * order disagree, the undecided ones keep the fallback. `guessedHeaders` lists
 * the columns left to the fallback that hold a cell such as `03/11/2026`,
 * which reads as two different dates.
 */
export function decideFileDateOrders(
  columns: DateColumn[],
  fallback: DateOrder,
  fallbackReason: string,
): FileDateOrders {
  const decisions: Record<string, DateOrderDecision> = {};
  for (const column of columns) decisions[column.field] = decideDateOrder(column.cells, fallback);
  const proving = columns.filter((column) => decisions[column.field]?.basis === 'values');
  const dayFirst = proving.filter((column) => decisions[column.field]?.order === 'day-first');
  const monthFirst = proving.filter((column) => decisions[column.field]?.order === 'month-first');
  const proof = dayFirst[0] ?? monthFirst[0];
  const isAgreed = proof !== undefined && (dayFirst.length === 0 || monthFirst.length === 0);
  const guessedHeaders: string[] = [];
  for (const column of columns) {
    const decision = decisions[column.field];
    if (decision === undefined || decision.basis !== 'default') continue;
    if (isAgreed && proof !== undefined) {
      const proved = decisions[proof.field] as DateOrderDecision;
      decisions[column.field] = {
        ...decision,
        order: proved.order,
        basis: 'file',
        detail: `no value in this column decides; ${proved.detail} in "${proof.header}", and one export writes every date the same way`,
      };
      continue;
    }
    if (decision.isDotted) continue;
    if (decision.undecidedCells === 0) continue;
    decisions[column.field] = {
      ...decision,
      detail: `no value in the file decides the order; ${decision.order} assumed (${fallbackReason})`,
    };
    guessedHeaders.push(column.header);
  }
  const disagreement =
    dayFirst.length > 0 && monthFirst.length > 0
      ? { dayFirst: dayFirst.map((column) => column.header), monthFirst: monthFirst.map((column) => column.header) }
      : null;
  return { decisions, guessedHeaders, disagreement };
}

/** Parses one date cell. Time and UTC offset are ignored, so the calendar date is kept as written. */
export function parseDate(cell: string, order: DateOrder): DateResult {
  const text = cell.trim();
  if (text === '') return { kind: 'empty' };
  if (text.length > MAX_DATE_CHARS)
    return { kind: 'invalid', reason: `date cell longer than ${MAX_DATE_CHARS} characters` };

  const iso = ISO_DATE.exec(text);
  if (iso !== null) {
    const value = isoFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return value === null
      ? { kind: 'invalid', reason: `invalid date "${text}"` }
      : { kind: 'value', iso: value };
  }

  const numeric = NUMERIC_DATE.exec(text);
  if (numeric !== null) {
    const first = Number(numeric[1]);
    const second = Number(numeric[2]);
    const [day, month] = order === 'day-first' ? [first, second] : [second, first];
    const value = isoFromParts(fullYear(numeric[3] ?? ''), month, day);
    if (value === null)
      return { kind: 'invalid', reason: `invalid date "${text}" when read ${order}` };
    return { kind: 'value', iso: value };
  }

  if (EXCEL_SERIAL.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial >= EXCEL_SERIAL_MIN && serial <= EXCEL_SERIAL_MAX) {
      return {
        kind: 'value',
        iso: new Date(EXCEL_EPOCH_MS + serial * 86_400_000).toISOString().slice(0, 10),
      };
    }
  }
  return { kind: 'invalid', reason: `unreadable date "${text}"` };
}
