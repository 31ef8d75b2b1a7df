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
/** `20261201`, the ISO 8601 basic format. */
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** Years accepted in a compact date, so that an 8-digit id or amount is not read as one. */
const COMPACT_YEAR_MIN = 1900;
const COMPACT_YEAR_MAX = 2199;
/** A time after a date with a month name: `Dec 1, 2026 9:30 AM`, `1 déc. 2026 09:30`. */
const TRAILING_TIME = /(?:,?\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?$/;
/** `1 Dec 2026`, `1-Dec-26`, `1 déc. 2026`, `1. Dezember 2026`. */
const DAY_MONTH_NAME = /^(\d{1,2})\.?[\s-]+(\p{L}+)\.?[\s-]+(\d{4}|\d{2})$/u;
/** `Dec 1, 2026`, `December 1st 2026`. */
const MONTH_NAME_DAY = /^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/u;
/** A dotted day/month date, `04.09.2026`: a day-first convention, as month-first locales write slashes. */
const DOTTED_DATE = /^\d{1,2}\.\d{1,2}\./;

/**
 * Month names and abbreviations in English, French and German, folded as `foldMonth` does.
 * Where the languages share a spelling (`mai`, `nov`) they mean the same month.
 */
const MONTH_NAMES: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, ['jan', 'january', 'janv', 'janvier', 'januar', 'janner']],
      [2, ['feb', 'february', 'fev', 'fevr', 'fevrier', 'februar']],
      [3, ['mar', 'march', 'mars', 'marz', 'maerz', 'mrz']],
      [4, ['apr', 'april', 'avr', 'avril']],
      [5, ['may', 'mai']],
      [6, ['jun', 'june', 'juin', 'juni']],
      [7, ['jul', 'july', 'juil', 'juillet', 'juli']],
      [8, ['aug', 'august', 'aout']],
      [9, ['sep', 'sept', 'september', 'septembre']],
      [10, ['oct', 'october', 'octobre', 'okt', 'oktober']],
      [11, ['nov', 'november', 'novembre']],
      [12, ['dec', 'december', 'decembre', 'dez', 'dezember']],
    ] as const
  ).flatMap(([month, names]) => names.map((name) => [name, month] as const)),
);

/** Lower-cases a month name and drops its accents (`déc` to `dec`, `März` to `marz`). */
function foldMonth(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

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
  // Dotted dates are always read day-first, so beside slash dates they decide nothing.
  const hasSlashDates = cells.some((cell) => NUMERIC_DATE.test(cell.trim()) && !DOTTED_DATE.test(cell.trim()));
  for (const cell of cells) {
    const match = NUMERIC_DATE.exec(cell.trim());
    if (match === null) continue;
    const isDottedCell = DOTTED_DATE.test(cell.trim());
    if (isDottedCell && hasSlashDates) continue;
    numericCount += 1;
    if (isDottedCell) dottedCount += 1;
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
    // Dotted dates are read day-first whatever another column proves.
    if (decision.isDotted) continue;
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
    // A dotted date is day-first even in a column whose slash dates are month-first.
    const cellOrder = DOTTED_DATE.test(text) ? 'day-first' : order;
    const [day, month] = cellOrder === 'day-first' ? [first, second] : [second, first];
    const value = isoFromParts(fullYear(numeric[3] ?? ''), month, day);
    if (value === null)
      return { kind: 'invalid', reason: `invalid date "${text}" when read ${cellOrder}` };
    return { kind: 'value', iso: value };
  }

  const named = parseMonthName(text);
  if (named !== null) return named;

  const compact = COMPACT_DATE.exec(text);
  if (compact !== null) {
    const year = Number(compact[1]);
    const value = isoFromParts(year, Number(compact[2]), Number(compact[3]));
    if (value !== null && year >= COMPACT_YEAR_MIN && year <= COMPACT_YEAR_MAX) return { kind: 'value', iso: value };
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

/**
 * Parses a date whose month is a name (`Dec 1, 2026`, `1 déc. 2026`, `1-Dec-26`), or returns
 * null when the cell has no such shape. The name fixes the order, so the column's order is unused.
 */
function parseMonthName(text: string): DateResult | null {
  const bare = text.replace(TRAILING_TIME, '');
  const dayFirst = DAY_MONTH_NAME.exec(bare);
  const monthFirst = dayFirst === null ? MONTH_NAME_DAY.exec(bare) : null;
  if (dayFirst === null && monthFirst === null) return null;
  const [day, name, year] =
    dayFirst !== null
      ? [dayFirst[1], dayFirst[2], dayFirst[3]]
      : [monthFirst?.[2], monthFirst?.[1], monthFirst?.[3]];
  const month = MONTH_NAMES.get(foldMonth(name ?? ''));
  if (month === undefined) return { kind: 'invalid', reason: `unknown month name "${name ?? ''}" in "${text}"` };
  const value = isoFromParts(fullYear(year ?? ''), month, Number(day));
  return value === null ? { kind: 'invalid', reason: `invalid date "${text}"` } : { kind: 'value', iso: value };
}
