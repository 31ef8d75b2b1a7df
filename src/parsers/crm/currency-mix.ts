// The CRM_CURRENCY_MISMATCH warning: CRM amounts in a currency other than the
// report's. The advice depends on what --currency can change. It sets the
// currency of --ltv and of rows written without one, never that of a row
// that names its currency. So an export whose rows name two currencies can
// never match one --currency, and the warning must not send the user from
// one value to the other.
import type { CrmOpportunity, Problem } from '../../types.js';
import { compareText } from '../../compare.js';

/** Opportunities of one export and how many of them were read in --currency for want of one. */
export interface CurrencyFacts {
  path: string;
  opportunities: readonly CrmOpportunity[];
  /** Rows with an amount but no currency in the file, read in `currency`. */
  assumedCurrencyRows: number;
}

/**
 * Returns the CRM_CURRENCY_MISMATCH problem of one export, or null when every
 * amount is in `currency` (the value of --currency).
 */
export function checkCrmCurrency(facts: CurrencyFacts, currency: string): Problem | null {
  const named = countNamedCurrencies(facts, currency);
  const codes = [...named.keys()].sort(compareText);
  if (codes.every((code) => code === currency)) return null;

  const assumed = facts.assumedCurrencyRows;
  const assumedText =
    assumed === 0 ? '' : `; ${rows(assumed)} without a currency ${assumed === 1 ? 'is' : 'are'} read as ${currency} from --currency`;
  const problem = (detail: string): Problem => ({ code: 'CRM_CURRENCY_MISMATCH', file: facts.path, where: '-', detail });

  if (codes.length === 1) {
    const other = codes[0] as string;
    const follow = assumed === 0 ? '' : ` (the ${rows(assumed)} without a currency then read as ${other} too)`;
    return problem(
      `CRM amounts are in ${other} (${rows(named.get(other) ?? 0)}) but --ltv is in ${currency}${assumedText}. ` +
        `To match them, pass --currency ${other} with --ltv in ${other}${follow}`,
    );
  }

  // Several named currencies: no --currency matches them all, so the warning explains what leak does with them.
  const split = codes.map((code) => `${rows(named.get(code) ?? 0)} in ${code}`).join(', ');
  return problem(
    `the export mixes currencies: ${split}${assumedText}. ` +
      'leak shows each CRM amount in its own currency and never converts or adds them across currencies. ' +
      `CRM amounts never enter the loss, which is in ${currency} from --ltv. No --currency can match every row, ` +
      'so set it to the currency of --ltv. To compare the amounts with the loss, convert the export to one currency first',
  );
}

/**
 * Counts the rows with an amount per currency the file names. Rows read in
 * `currency` for want of one are left out, because they follow --currency.
 */
function countNamedCurrencies(facts: CurrencyFacts, currency: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { amount, currency: code } of facts.opportunities) {
    if (amount !== null && code !== null) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const named = (counts.get(currency) ?? 0) - facts.assumedCurrencyRows;
  if (named > 0) counts.set(currency, named);
  else counts.delete(currency);
  return counts;
}

function rows(count: number): string {
  return `${count} ${count === 1 ? 'row' : 'rows'}`;
}
