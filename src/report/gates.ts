// CI gates: thresholds checked on the report summary. A failed gate makes the
// bin exit with code 1, but this module only returns the verdict.
import {
  countMessages,
  countNoun,
  formatCoverage,
  formatMoney,
  formatNumber,
} from './format.js';
import { minorDigits } from '../money.js';
import type { AuditReport } from './schema.js';

export interface GateOptions {
  /** Maximum number of invisible opportunities allowed. */
  maxInvisible?: number;
  /** Minimum CRM coverage allowed, between 0 and 1. */
  minCoverage?: number;
  /** Maximum estimated annual loss allowed, in the report currency. */
  maxLoss?: number;
}

export interface GateResult {
  passed: boolean;
  /** Number of gates set. With none, nothing was checked and the verdict line starts with AUDIT. */
  checked: number;
  /** One sentence per failed gate, with the value and the threshold. */
  failures: string[];
}

/** Most decimals printed to tell a value from its threshold; doubles carry about 17 significant digits. */
const MAX_DECIMALS = 12;

/** Writes a number with exactly `digits` decimals and thousands separators. */
function formatDigits(value: number, digits: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Writes a rate as a percentage with at most `digits` decimals: 0.384615 gives 38.46% at 2. */
function formatPercentDigits(rate: number, digits: number): string {
  // Through the decimal form, so 0.385 gives 38.5 and not 38.500000000000004.
  const percent = Number(`${rate}e2`);
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(percent)}%`;
}

/**
 * Formats a value and its threshold with the fewest decimals, from `minDigits`,
 * at which they read differently, so a failed gate never prints "X exceeds X".
 */
function tellApart(
  value: number,
  limit: number,
  format: (amount: number, digits: number) => string,
  minDigits: number,
): [string, string] {
  for (let digits = minDigits; digits < MAX_DECIMALS; digits += 1) {
    const pair: [string, string] = [format(value, digits), format(limit, digits)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [format(value, MAX_DECIMALS), format(limit, MAX_DECIMALS)];
}

export function evaluateGates(report: AuditReport, gates: GateOptions): GateResult {
  const { summary, assumptions } = report;
  const failures: string[] = [];

  if (gates.maxInvisible !== undefined && summary.invisible > gates.maxInvisible) {
    failures.push(
      `${countNoun(summary.invisible, 'invisible opportunity exceeds', 'invisible opportunities exceed')} ` +
        `--max-invisible ${formatNumber(gates.maxInvisible)}.`,
    );
  }
  // With no opportunity, coverage is undefined (shown n/a) and the CRM misses nothing, so the gate passes.
  // The gate compares the exact share, not the rounded coverageRate of the JSON.
  const coverage = summary.opportunities > 0 ? summary.covered / summary.opportunities : null;
  if (gates.minCoverage !== undefined && coverage !== null && coverage < gates.minCoverage) {
    const [shown, limit] = tellApart(coverage, gates.minCoverage, formatPercentDigits, 2);
    failures.push(`CRM coverage ${shown} is below --min-coverage ${String(gates.minCoverage)} (${limit}).`);
  }
  if (gates.maxLoss !== undefined && summary.estimatedAnnualLoss > gates.maxLoss) {
    const currency = assumptions.currency;
    // Starts at the minor unit, as every money figure is printed, and adds decimals only to tell the two apart.
    const money = (amount: number, digits: number): string => `${currency} ${formatDigits(amount, digits)}`;
    const [loss, limit] = tellApart(summary.estimatedAnnualLoss, gates.maxLoss, money, minorDigits(currency));
    failures.push(`Estimated annual loss ${loss} exceeds --max-loss ${limit}.`);
  }
  const checked = [gates.maxInvisible, gates.minCoverage, gates.maxLoss].filter((value) => value !== undefined).length;
  return { passed: failures.length === 0, checked, failures };
}

/**
 * Returns the verdict line that --quiet prints, failures included, without a line break. It starts
 * with PASS or FAIL when a gate was set, and with AUDIT when none was. Caveats
 * about the input (bundled sample, no CRM export, skipped input, the number of warnings printed
 * on stderr) follow the figures in brackets, so a CI log that keeps only this line still has them.
 */
export function renderVerdictLine(report: AuditReport, gates: GateResult, warnings = 0): string {
  const { summary, assumptions } = report;
  const figures =
    `${formatNumber(summary.invisible)} invisible of ${countNoun(summary.opportunities, 'opportunity', 'opportunities')}, ` +
    `CRM coverage ${formatCoverage(summary)}, ` +
    `estimated annual loss ${formatMoney(summary.estimatedAnnualLoss, assumptions.currency)}`;
  const caveats = describeCaveats(report);
  if (warnings > 0) caveats.push(`${countNoun(warnings, 'warning', 'warnings')} on stderr`);
  // A CI job that greps for PASS must not read an audit without thresholds as passed.
  if (gates.checked === 0) caveats.push('no gate set');
  const line = caveats.length === 0 ? figures : `${figures} (${caveats.join('; ')})`;
  if (gates.checked === 0) return `AUDIT: ${line}`;
  if (gates.passed) return `PASS: ${line}`;
  return `FAIL: ${line}. ${gates.failures.join(' ')}`;
}

/** Lists the input caveats that a reader of the figures alone would miss. */
function describeCaveats(report: AuditReport): string[] {
  const caveats: string[] = [];
  if (report.sample) caveats.push('bundled sample, not your mail');
  const crm = report.inputs.crm;
  if (crm === null || crm.length === 0) caveats.push('no CRM export: every opportunity is invisible');
  const skippedRows = (crm ?? []).reduce((total, file) => total + file.skipped, 0);
  if (skippedRows > 0) caveats.push(`${countNoun(skippedRows, 'CRM row', 'CRM rows')} skipped`);
  const skippedMessages = countMessages(report).skipped;
  if (skippedMessages > 0) {
    caveats.push(`${countNoun(skippedMessages, 'message', 'messages')} skipped`);
  }
  return caveats;
}
