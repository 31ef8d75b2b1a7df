// Money cells as CRM exports write them: `$12,400.00`, `50 000,00 €`,
// `1.234,50 €`, `EUR 7 500`, `(3 200,00)`. The decimal separator is decided
// from the digits: a last separator followed by 1-2 digits is decimal, and
// groups of exactly 3 digits are grouping.

export type AmountResult =
  | { kind: 'empty' }
  | {
      kind: 'value';
      value: number;
      currency: string | null;
      /** The symbol the currency was read from ("$", "A$", "€"), or null for a code or no currency. */
      symbol: string | null;
    }
  | { kind: 'invalid'; reason: string };

export interface AmountOptions {
  /**
   * The report currency (--currency). A bare symbol that this currency writes
   * ("$" for AUD, "¥" for CNY) is read as it instead of the table's reading.
   */
  preferredCurrency?: string;
}

/** Maximum length of an amount cell. Real amounts are short, and the cap bounds the currency regex on hostile cells. */
const MAX_AMOUNT_CHARS = 64;

/**
 * Symbols read as a currency. A bare `$`, `£` or `¥` is shared by several
 * currencies: it is read as --currency when that currency writes the symbol
 * (see `readSymbol`), else as the currency listed here.
 */
const CURRENCY_SYMBOLS: ReadonlyArray<readonly [string, string]> = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['C$', 'CAD'],
  ['AU$', 'AUD'],
  ['A$', 'AUD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['R$', 'BRL'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['Fr.', 'CHF'],
];

/** Space-like characters used as thousands separators: space, U+00A0, U+2007, U+2009, U+202F. */
const SPACE_SEPARATORS = /[ \u00A0\u2007\u2009\u202F]/g;

/** Apostrophes used as Swiss thousands separators. */
const APOSTROPHES = /['’]/g;

const NARROW_SYMBOLS = new Map<string, string | null>();

/**
 * Returns the narrow symbol a currency is written with in CLDR, from Node's
 * ICU data ("$" for AUD, CAD, MXN or USD; "¥" for CNY and JPY), or null.
 */
export function narrowSymbol(currency: string): string | null {
  let symbol = NARROW_SYMBOLS.get(currency);
  if (symbol === undefined) {
    try {
      const parts = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(1);
      symbol = parts.find((part) => part.type === 'currency')?.value ?? null;
    } catch {
      symbol = null;
    }
    NARROW_SYMBOLS.set(currency, symbol);
  }
  return symbol;
}

/**
 * Symbols that several currencies write alone and that a CRM export commonly
 * holds for more than one of them. Their reading is reported, with how to change it.
 */
export const SHARED_SYMBOLS: ReadonlyMap<string, { reading: string; others: string }> = new Map([
  ['$', { reading: 'USD', others: 'AUD, CAD, NZD, SGD, HKD, MXN or another dollar' }],
  ['¥', { reading: 'JPY', others: 'CNY' }],
]);

/** Returns the currency of a bare symbol: the preferred currency when it writes that symbol, else the table's. */
export function readSymbol(symbol: string, tableCurrency: string, preferred: string | undefined): string {
  if (preferred === undefined || preferred === tableCurrency) return tableCurrency;
  return narrowSymbol(preferred) === symbol ? preferred : tableCurrency;
}

function takeCurrency(
  text: string,
  options: AmountOptions,
): { rest: string; currency: string | null; symbol: string | null } | null {
  const code = /^([A-Z]{3})\s*(.*)$/.exec(text) ?? /^(.*?)\s*([A-Z]{3})$/.exec(text);
  if (code !== null) {
    const isPrefix = /^[A-Z]{3}/.test(text);
    return {
      rest: (isPrefix ? code[2] : code[1]) ?? '',
      currency: (isPrefix ? code[1] : code[2]) ?? null,
      symbol: null,
    };
  }
  for (const [symbol, iso] of CURRENCY_SYMBOLS) {
    const rest = text.startsWith(symbol) ? text.slice(symbol.length) : text.endsWith(symbol) ? text.slice(0, -symbol.length) : null;
    if (rest === null) continue;
    return { rest, currency: readSymbol(symbol, iso, options.preferredCurrency), symbol };
  }
  return /[^\d.,\s\u00A0\u2007\u2009\u202F'’-]/.test(text) ? null : { rest: text, currency: null, symbol: null };
}

function takeSign(text: string): { rest: string; isNegative: boolean } {
  let rest = text.trim().replace(/\u2212/g, '-');
  let isNegative = false;
  if (rest.startsWith('(') && rest.endsWith(')')) {
    rest = rest.slice(1, -1).trim();
    isNegative = true;
  }
  if (rest.startsWith('-')) {
    rest = rest.slice(1).trim();
    isNegative = !isNegative;
  } else if (rest.endsWith('-')) {
    rest = rest.slice(0, -1).trim();
    isNegative = !isNegative;
  }
  return { rest, isNegative };
}

/** Checks that `integer` splits on `separator` into a 1-3 digit group then 3-digit groups. */
function isValidGrouping(integer: string, separator: string): boolean {
  const groups = integer.split(separator);
  if (groups.length === 1) return /^\d+$/.test(integer);
  const [first, ...rest] = groups;
  return /^\d{1,3}$/.test(first ?? '') && rest.every((group) => /^\d{3}$/.test(group));
}

/** Reads a digits-and-separators string in which spaces and apostrophes were turned into `_`. */
function readNumber(text: string): number | string {
  if (!/^\d[\d.,_]*$/.test(text) || /[.,_]{2}|[.,_]$/.test(text)) return 'not a number';
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  let decimal: string | null = null;
  let grouping: string | null = null;

  if (dots > 0 && commas > 0) {
    decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    grouping = decimal === '.' ? ',' : '.';
    if ((decimal === '.' ? dots : commas) > 1) return 'decimal separator written twice';
  } else if (dots + commas > 0) {
    const separator = dots > 0 ? '.' : ',';
    const tail = text.slice(text.lastIndexOf(separator) + 1);
    if (dots + commas > 1 || (tail.length === 3 && !/^0[.,]/.test(text))) grouping = separator;
    else if (tail.length === 3) return `"${text}" could be a decimal or a thousands group`;
    else decimal = separator;
  }
  if (grouping !== null && text.includes('_')) return 'two different thousands separators';

  const [integerPart = '', fraction = ''] = decimal === null ? [text] : text.split(decimal);
  const integer = integerPart.replace(/_/g, grouping ?? '_');
  if (!isValidGrouping(integer, grouping ?? '_')) return 'digit groups are not groups of three';
  const digits = integer.split(grouping ?? '_').join('');
  return Number(fraction === '' ? digits : `${digits}.${fraction}`);
}

/** Parses one amount cell. Currency codes and symbols are kept, and empty cells give `empty`. */
export function parseAmount(cell: string, options: AmountOptions = {}): AmountResult {
  const trimmed = cell.replace(SPACE_SEPARATORS, ' ').trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.length > MAX_AMOUNT_CHARS)
    return { kind: 'invalid', reason: `amount cell longer than ${MAX_AMOUNT_CHARS} characters` };
  const signed = takeSign(trimmed);
  const withCurrency = takeCurrency(signed.rest, options);
  if (withCurrency === null) return { kind: 'invalid', reason: `unreadable amount "${cell}"` };
  const sign = takeSign(withCurrency.rest);
  const isNegative = signed.isNegative !== sign.isNegative;
  const compact = sign.rest.trim().replace(SPACE_SEPARATORS, '_').replace(APOSTROPHES, '_');
  const value = readNumber(compact);
  if (typeof value === 'string')
    return { kind: 'invalid', reason: `ambiguous or unreadable amount "${cell}": ${value}` };
  if (!Number.isFinite(value))
    return { kind: 'invalid', reason: `amount "${cell}" is out of range` };
  return {
    kind: 'value',
    value: isNegative && value !== 0 ? -value : value,
    currency: withCurrency.currency,
    symbol: withCurrency.symbol,
  };
}
