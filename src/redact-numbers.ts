// Numbers that identify a person to a bank or a state: payment card numbers,
// an account number after the word "account", French social security numbers
// and UK National Insurance numbers. Each pattern needs a check digit or a
// fixed shape, so order numbers, amounts and dates stay readable.

/**
 * A card number: 13 to 19 digits written in one run, in groups of four
 * ("4111 1111 1111 1111", "4111-1111-1111-1111"), or as American Express and
 * Diners Club group them (4-6-5, 4-6-4). Visa, Mastercard, American Express,
 * Diners Club, Discover and JCB numbers start with 2 to 6. A currency next to
 * the digits makes them an amount.
 */
const CARD_PATTERN =
  /(?<![\p{L}\p{N}+.,\/-]|[$€£¥]\s?)[2-6](?:\d{12,18}|\d{3}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{3}([ -])\d{6}\2\d{4,5})(?![\p{L}\p{N}]|[.,\/-]\d|\s{0,2}(?:[$€£¥]|EUR|USD|GBP|CHF|euros?|dollars?)(?![\p{L}]))/gu;
/**
 * A French social security number: sex, year, month, département (2A and 2B
 * for Corsica), commune, order number, then the two-digit key: "1 85 05 78
 * 006 084 36". Written in these groups it counts as it is. Written otherwise,
 * it counts only when its key matches.
 */
const FRENCH_SOCIAL_SECURITY_PATTERN =
  /(?<![\p{L}\p{N}])([12]) ?(\d{2}) ?(\d{2}) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\p{L}\p{N}])/gu;
/** The groups a French social security number is printed in, with a month from 01 to 12. */
const FRENCH_GROUPS = /^[12] \d{2} (?:0[1-9]|1[0-2]) (?:\d{2}|2[AB]) \d{3} \d{3} \d{2}$/;
/** A UK National Insurance number: two letters, three pairs of digits, a letter A to D: "QQ 12 34 56 C". */
const NATIONAL_INSURANCE_PATTERN = /(?<![\p{L}\p{N}])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\p{L}\p{N}])/gu;
/**
 * An account number after the word "account", "acct" or "a/c" alone: one run of 6 to
 * 20 digits. A number with spaces or a currency after it is an amount ("account
 * 1 250 000 EUR"), and one with fewer digits a year or a count ("account 2026").
 */
const BARE_ACCOUNT_PATTERN =
  /\b(account|acct\.?|a\/c)(\s{0,3}:?\s{0,3})(\d{6,20})(?![\p{L}\p{N}]|[.,]\d|\s{0,2}(?:[$€£¥]|EUR|USD|GBP|CHF|euros?|dollars?)(?![\p{L}]))/giu;

/** Checks the Luhn check digit that payment card numbers end with. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Checks that a French social security number's key is 97 minus the number modulo 97. */
function hasFrenchKey(parts: string[]): boolean {
  const key = Number(parts[parts.length - 1]);
  // Corsica's 2A and 2B count as 19 and 18 in the check.
  const body = parts
    .slice(0, -1)
    .join('')
    .replace(/^(\d{5})2A/, '$119')
    .replace(/^(\d{5})2B/, '$118');
  return 97 - Number(BigInt(body) % 97n) === key;
}

/**
 * Masks card numbers, identity numbers and account numbers after "account".
 * isReference returns true when the words before a number make it an order or
 * invoice number, which stays.
 */
export function maskIdentityNumbers(text: string, isReference: (number: string, offset: number) => boolean): string {
  let result = text.replace(CARD_PATTERN, (match, _fourGroupsSeparator, _amexSeparator, offset: number) => {
    // CARD_PATTERN admits only 13 to 19 digits, so the Luhn check and the words before decide.
    return passesLuhn(match.replace(/\D/g, '')) && !isReference(match, offset) ? '[card]' : match;
  });
  result = result.replace(FRENCH_SOCIAL_SECURITY_PATTERN, (match, ...rest: unknown[]) =>
    FRENCH_GROUPS.test(match) || hasFrenchKey(rest.slice(0, 7) as string[]) ? '[id]' : match,
  );
  result = result.replace(NATIONAL_INSURANCE_PATTERN, '[id]');
  return result.replace(BARE_ACCOUNT_PATTERN, (_, cue: string, gap: string) => `${cue}${gap}[account]`);
}
