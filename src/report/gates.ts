// CI gates: thresholds checked on the report summary. A failed gate makes the
// bin exit with code 1, but this module only returns the verdict.
import { formatCoverage, formatExactPercent, formatMoney, formatNumber } from './format.js';
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
  /** One sentence per failed gate, with the value and the threshold. */
  failures: string[];
}

export function evaluateGates(report: AuditReport, gates: GateOptions): GateResult {
  const { summary, assumptions } = report;
  const failures: string[] = [];

  if (gates.maxInvisible !== undefined && summary.invisible > gates.maxInvisible) {
    failures.push(
      `${formatNumber(summary.invisible)} invisible opportunities exceed ` +
        `--max-invisible ${formatNumber(gates.maxInvisible)}.`,
    );
  }
  // With no opportunity, coverage is undefined (shown n/a) and the CRM misses nothing, so the gate passes.
  const hasCoverage = summary.opportunities > 0;
  if (gates.minCoverage !== undefined && hasCoverage && summary.coverageRate < gates.minCoverage) {
    failures.push(
      `CRM coverage ${formatExactPercent(summary.coverageRate)} is below ` +
        `--min-coverage ${String(gates.minCoverage)} (${formatExactPercent(gates.minCoverage)}).`,
    );
  }
  if (gates.maxLoss !== undefined && summary.estimatedAnnualLoss > gates.maxLoss) {
    failures.push(
      `Estimated annual loss ${formatMoney(summary.estimatedAnnualLoss, assumptions.currency)} ` +
        `exceeds --max-loss ${formatMoney(gates.maxLoss, assumptions.currency)}.`,
    );
  }
  return { passed: failures.length === 0, failures };
}

/** Returns the verdict line that --quiet prints, failures included, without a line break. */
export function renderVerdictLine(report: AuditReport, gates: GateResult): string {
  const { summary, assumptions } = report;
  const figures =
    `${formatNumber(summary.invisible)} invisible of ${formatNumber(summary.opportunities)} ` +
    `opportunities, CRM coverage ${formatCoverage(summary)}, ` +
    `estimated annual loss ${formatMoney(summary.estimatedAnnualLoss, assumptions.currency)}`;
  if (gates.passed) return `PASS: ${figures}`;
  return `FAIL: ${figures}. ${gates.failures.join(' ')}`;
}
