// Markdown summary for CI job pages and tickets: headline, assumptions, the
// category table and the top invisible opportunities.
import type { Opportunity } from '../types.js';
import {
  describeSender,
  CHURN_NOTE,
  NO_CRM_NOTE,
  SAMPLE_NOTE,
  categoryLabel,
  countMessages,
  countNoun,
  describeAssumptions,
  describeInvisible,
  describeLossFormula,
  describeRateFormula,
  formatCoverage,
  formatDate,
  formatMoney,
  formatNumber,
  formatRate,
  listInvisible,
  summariseCategories,
  describeRowValue,
  describeDuplicates,
} from './format.js';
import type { GateResult } from './gates.js';
import { replaceControls, showBidiControls } from './control-chars.js';
import type { AuditReport } from './schema.js';

/** Invisible opportunities listed; the full list is in the other outputs. */
export const MARKDOWN_TOP_INVISIBLE = 10;

/** Maximum length of an evidence sentence in a table cell, in characters. */
const MAX_SNIPPET_CHARS = 160;

/**
 * Escapes text for a Markdown table cell: pipes, backslashes, characters that
 * start inline markup, and HTML, which GitHub and GitLab would render.
 */
export function escapeMarkdown(text: string): string {
  return showBidiControls(replaceControls(text.replace(/\s+/g, ' ')))
    .replace(/[\\`*_[\]|~#]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Renders the Markdown summary. With `gates` (the verdict of the CI gates
 * given), the first line states PASS or FAIL and the reasons, so a published
 * job summary shows whether the job failed.
 */
export function renderMarkdown(report: AuditReport, gates?: GateResult): string {
  const sections = [
    ...(gates === undefined ? [] : [renderGates(gates)]),
    renderHeadline(report),
    renderAssumptions(report),
    renderCategories(report),
    renderTopInvisible(report),
    ...renderAmbiguous(report),
  ];
  return `${sections.join('\n\n')}\n`;
}

function renderGates(gates: GateResult): string {
  if (gates.passed) return '**CI gates: PASS**';
  return ['**CI gates: FAIL**', '', ...gates.failures.map((failure) => `- ${escapeMarkdown(failure)}`)].join('\n');
}

function renderHeadline(report: AuditReport): string {
  const { summary } = report;
  const currency = report.assumptions.currency;
  const messages = countMessages(report);
  const lines = ['# Revenue leak audit', ''];
  if (report.sample) lines.push(`> ${SAMPLE_NOTE}`, '');
  if (report.inputs.crm === null) lines.push(`> ${NO_CRM_NOTE}`, '');
  if (report.redacted) lines.push('> Personal data in this report is redacted.', '');
  lines.push(
    `- **Estimated annual loss:** ${formatMoney(summary.estimatedAnnualLoss, currency)} ` +
      `(${formatMoney(summary.estimatedAnnualLossWithSecondOrder, currency)} with second-order effects)`,
    `- **Invisible opportunities:** ${describeInvisible(report)} of ` +
      `${formatNumber(summary.opportunities)} (${formatRate(summary.invisiblePerWeek)} pipeline per week)`,
    `- **CRM coverage:** ${formatCoverage(summary)} ` +
      `(${formatNumber(summary.covered)} covered, ${formatNumber(summary.ambiguous)} ambiguous)`,
    `- **Revenue at risk (churn-risk):** ${formatMoney(summary.revenueAtRisk, currency)} ` +
      `(${countNoun(summary.revenueAtRiskCount, 'account', 'accounts')})`,
    `- **Messages:** ${formatNumber(summary.messages)} read${describeDuplicates(report)}, ` +
      `${formatNumber(messages.skipped)} skipped, ${countNoun(report.problems.length, 'problem', 'problems')}`,
  );
  return lines.join('\n');
}

function renderAssumptions(report: AuditReport): string {
  const lines = describeAssumptions(report).map(({ label, value }) => `- ${label}: ${value}`);
  return [
    '## Assumptions',
    '',
    ...lines,
    '',
    `\`${describeRateFormula(report)}\``,
    '',
    `\`${describeLossFormula(report)}\``,
    '',
    CHURN_NOTE,
  ].join('\n');
}

function renderCategories(report: AuditReport): string {
  const lines = [
    '## By category',
    '',
    '| Category | Opportunities | Covered | Invisible | Ambiguous |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of summariseCategories(report)) {
    lines.push(
      `| ${categoryLabel(row.category)} | ${row.opportunities} | ${row.covered} | ` +
        `${row.invisible} | ${row.ambiguous} |`,
    );
  }
  return lines.join('\n');
}

function renderTopInvisible(report: AuditReport): string {
  const invisible = listInvisible(report);
  const listed = invisible.slice(0, MARKDOWN_TOP_INVISIBLE);
  const title = `## Top invisible opportunities (${listed.length} of ${invisible.length})`;
  if (listed.length === 0) return `${title}\n\nNone: the CRM knows every opportunity found.`;
  const lines = [
    title,
    '',
    '| Account | Category | Estimated value | First seen | Contact | Evidence |',
    '| --- | --- | ---: | --- | --- | --- |',
    ...listed.map((opportunity) => renderRow(report, opportunity)),
  ];
  return lines.join('\n');
}

/** Ambiguous matches with their candidates, which count neither as covered nor in the loss. */
function renderAmbiguous(report: AuditReport): string[] {
  const ambiguous = report.opportunities.filter((opportunity) => opportunity.crm.status === 'ambiguous');
  if (ambiguous.length === 0) return [];
  const lines = [
    `## Ambiguous CRM matches (${ambiguous.length})`,
    '',
    'Not counted as covered or in the loss until the CRM accounts are told apart.',
    '',
    ...ambiguous.map(
      (opportunity) =>
        `- ${escapeMarkdown(opportunity.account)}, ${categoryLabel(opportunity.category)}: ${escapeMarkdown(opportunity.crm.reason)}`,
    ),
  ];
  return [lines.join('\n')];
}

function renderRow(report: AuditReport, opportunity: Opportunity): string {
  const first = opportunity.evidence[0];
  const cells = [
    escapeMarkdown(opportunity.account),
    categoryLabel(opportunity.category),
    describeRowValue(opportunity, formatMoney(opportunity.estimatedValue, report.assumptions.currency)),
    formatDate(opportunity.firstSeen),
    escapeMarkdown(first === undefined ? (opportunity.contacts[0] ?? '') : describeSender(first)),
    escapeMarkdown(truncate(first?.snippet ?? '', MAX_SNIPPET_CHARS)),
  ];
  return `| ${cells.join(' | ')} |`;
}
