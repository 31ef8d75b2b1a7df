// Money amounts are rounded to their currency's minor unit (2 decimals for EUR, 0 for JPY,
// 3 for KWD) once, where they are computed, so every report prints the same figure.

const MINOR_DIGITS = new Map<string, number>();

/** Returns the decimals a currency is written with (0 for JPY, 3 for KWD), or 2 for an unknown code. */
export function minorDigits(currency: string): number {
  let digits = MINOR_DIGITS.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    MINOR_DIGITS.set(currency, digits);
  }
  return digits;
}

/**
 * Rounds an amount to its currency's minor unit, halves away from zero. The shift goes
 * through the number's shortest decimal form, so 0.15 x 6.7 (1.0049999999999999 in binary,
 * printed 1.005) rounds to 1.01 as a reader redoing it by hand expects.
 */
export function roundMoney(amount: number, currency: string): number {
  const digits = minorDigits(currency);
  return Math.sign(amount) * shiftDecimal(Math.round(shiftDecimal(Math.abs(amount), digits)), -digits);
}

/**
 * Multiplies two amounts as the decimals they print as, and rounds the product
 * to the currency's minor unit, halves away from zero. In binary 66,334.93 x 1.5
 * is 99,502.39499999999, which would round down, but a reader redoing it by hand
 * gets 99,502.395 and rounds up, and so does this.
 */
export function multiplyMoney(amount: number, factor: number, currency: string): number {
  const left = toDecimal(amount);
  const right = toDecimal(factor);
  const product = left.digits * right.digits;
  const scale = left.scale + right.scale;
  const digits = minorDigits(currency);
  let rounded: bigint;
  if (scale <= digits) {
    rounded = product * 10n ** BigInt(digits - scale);
  } else {
    const divisor = 10n ** BigInt(scale - digits);
    rounded = product / divisor;
    if ((product % divisor) * 2n >= divisor) rounded += 1n;
  }
  const sign = Math.sign(amount) * Math.sign(factor);
  // Parsing the decimal text gives the double nearest to it, as a typed amount has.
  return sign * Number(`${rounded}e-${digits}`) + 0;
}

/** Reads a finite number's shortest decimal form as integer digits and a count of decimals. */
function toDecimal(value: number): { digits: bigint; scale: number } {
  const [mantissa = '0', exponent = '0'] = String(Math.abs(value)).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(`${whole}${fraction}`);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** Multiplies a number by 10^places through its decimal form ("1.005" becomes "1.005e2"), which keeps 100.5 exact. */
function shiftDecimal(value: number, places: number): number {
  const [mantissa = '0', exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/**
 * Formats an amount for a reader: the ISO code, thousands separators and always the
 * currency's minor unit (EUR 5,000.00, JPY 5,000, KWD 5,000.000). Whole amounts keep
 * their decimals too, so figures printed next to each other line up and compare.
 */
export function formatMoney(amount: number, currency: string): string {
  return `${currency} ${formatAmount(amount, currency)}`;
}

/** Formats an amount as formatMoney does, without the code, for a table column that names it in its header. */
export function formatAmount(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const number = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  // + 0 turns -0 into 0, which would print as "-0.00".
  return number.format(roundMoney(amount, currency) + 0);
}
