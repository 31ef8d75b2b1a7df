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

/** Rounds an amount to its currency's minor unit, halves away from zero. */
export function roundMoney(amount: number, currency: string): number {
  const factor = 10 ** minorDigits(currency);
  return Math.round(amount * factor + Number.EPSILON * Math.sign(amount)) / factor;
}
