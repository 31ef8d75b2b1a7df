// Figures and groupings shared by the human-readable renderers (terminal,
// Markdown, HTML), so each output shows the same numbers in the same order.
import { compareText } from '../compare.js';
import { CATEGORIES, type Category, type Evidence, type Opportunity, type Problem } from '../types.js';
import type { AttachedCounts, AuditReport, DefaultedAssumption } from './schema.js';
import { estimateOwnersLoss, leadValue } from '../pipeline/estimate.js';
import { formatMoney, multiplyMoney } from '../money.js';

export { formatMoney };

/** Weeks in a year, for per-week rates turned into annual figures. */
export const WEEKS_PER_YEAR = 52;

/** Conversion rates in the sensitivity table, besides the one the audit used. */
export const SENSITIVITY_CONVERSIONS = [0.05, 0.1, 0.2] as const;

/** LTV multipliers in the sensitivity table (half, as given, double). */
export const SENSITIVITY_LTV_FACTORS = [0.5, 1, 2] as const;

const CATEGORY_LABELS: Record<Category, string> = {
  expansion: 'Expansion',
  upgrade: 'Upgrade',
  closing: 'Closing',
  'new-business': 'New business',
  referral: 'Referral',
  'churn-risk': 'Churn risk',
};

export function categoryLabel(category: Category): string {
  return CATEGORY_LABELS[category];
}

/** Formats a share between 0 and 1 as a percentage with at most one decimal. */
export function formatPercent(rate: number): string {
  const value = Math.round(rate * 1000) / 10;
  return `${value}%`;
}

/** Formats a count or rate with at most two decimals and thousands separators. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
}

/** Formats a per-week rate with up to four decimals, so the formula can be redone by hand. */
export function formatRate(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }).format(value);
}

/**
 * Kind of an opportunity's value. `pipeline` enters the loss when invisible.
 * `revenue-at-risk` (churn risk) never does, nor do `undated` and
 * `outside-period`: a request seen only in mail without a usable date, or only
 * in mail whose date the period leaves out as a stray, cannot be placed in the
 * period. Every output reads the kind from `valueKind`, so the CSV recipe and
 * the loss agree.
 */
export type ValueKind = 'pipeline' | 'revenue-at-risk' | 'undated' | 'outside-period';

/** Returns the kind of an opportunity's value. */
export function valueKind(opportunity: Pick<Opportunity, 'category' | 'firstSeen' | 'outsidePeriod'>): ValueKind {
  if (opportunity.category === 'churn-risk') return 'revenue-at-risk';
  if (opportunity.firstSeen === null) return 'undated';
  return opportunity.outsidePeriod ? 'outside-period' : 'pipeline';
}

/** Words for a pipeline request that the loss leaves out, by value kind. */
export const LEFT_OUT_LABELS: Partial<Record<ValueKind, string>> = {
  undated: 'undated, left out of the loss',
  'outside-period': 'dated outside the period, left out of the loss',
};

/**
 * Returns a row's value, with `(same lead as opp-…)` when another opportunity
 * carries it, or with LEFT_OUT_LABELS for a pipeline request the loss cannot
 * place in the period.
 */
export function describeRowValue(opportunity: Opportunity, value: string): string {
  if (opportunity.sameLeadAs !== null) return `${value} (same lead as ${opportunity.sameLeadAs})`;
  const label = LEFT_OUT_LABELS[valueKind(opportunity)];
  return label === undefined ? value : `${value} (${label})`;
}

/**
 * Returns `1 week`, `9 weeks`, or `8.71 weeks (61 days)` when two decimals
 * round the weeks. The days, with up to four decimals, give the span the
 * loss divides by, so a reader can redo it.
 */
export function formatWeeks(weeks: number): string {
  const days = formatSpanDays(weeks);
  return days === null ? countNoun(weeks, 'week', 'weeks') : `${countNoun(weeks, 'week', 'weeks')} (${days})`;
}

/** Returns `9 weeks (dates)`, or `8.71 weeks (61 days, dates)` when two decimals round the weeks. */
export function formatPeriodWeeks(weeks: number, dates: string): string {
  const days = formatSpanDays(weeks);
  return `${countNoun(weeks, 'week', 'weeks')} (${days === null ? '' : `${days}, `}${dates})`;
}

/** Returns `61 days` for weeks that two decimals would round, else null. */
function formatSpanDays(weeks: number): string | null {
  if (Math.abs(Math.round(weeks * 100) / 100 - weeks) < WEEKS_SHOWN_EXACTLY) return null;
  const days = weeks * 7;
  return `${formatRate(days)} ${formatRate(days) === '1' ? 'day' : 'days'}`;
}

/** Largest difference between weeks and their two-decimal form that the printed weeks may hide. */
const WEEKS_SHOWN_EXACTLY = 1e-9;

/** Returns `1 opportunity` or `3 opportunities`, with the count formatted. */
export function countNoun(count: number, singular: string, plural: string): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}

/** Describes a mailbox's attached-message counts: `attached messages 2 read (1 duplicate), 0 skipped, 1 left unopened …`. */
export function describeAttachedCounts(counts: AttachedCounts): string {
  const duplicates = counts.duplicates === 0 ? '' : ` (${countNoun(counts.duplicates, 'duplicate', 'duplicates')})`;
  const unopened = counts.unopened === 0 ? '' : `, ${formatNumber(counts.unopened)} left unopened in bulk, automated, chat, spam or deleted mail`;
  return `attached messages ${formatNumber(counts.read)} read${duplicates}, ${formatNumber(counts.skipped)} skipped${unopened}`;
}

/** Returns the date part of an ISO timestamp, or `unknown date`. */
/** Names the author of a piece of evidence, and the web form's robot when one sent it. */
export function describeSender(item: Pick<Evidence, 'from' | 'relayedBy'>): string {
  return item.relayedBy === undefined ? item.from : `${item.from} (Reply-To of a web form sent by ${item.relayedBy})`;
}

export function formatDate(iso: string | null): string {
  return iso === null ? 'unknown date' : iso.slice(0, 10);
}

/** Counts the invisible opportunities that enter the loss formula and those left out as churn risk. */
export function splitInvisible(report: AuditReport): { pipeline: number; churnRisk: number } {
  const churnRisk = report.summary.byCategory.find((row) => row.category === 'churn-risk')?.invisible ?? 0;
  return { pipeline: report.summary.invisible - churnRisk, churnRisk };
}


/** Returns `8 (7 pipeline, 1 churn-risk)`: the invisible count with its split. */
export function describeInvisible(report: AuditReport): string {
  const { churnRisk } = splitInvisible(report);
  const pipeline = describePipeline(report);
  // A pipeline text that lists its own parts after a colon needs a stronger break before churn risk.
  const separator = pipeline.includes(':') || pipeline.includes(',') ? ';' : ',';
  return `${formatNumber(report.summary.invisible)} (${pipeline}${separator} ${formatNumber(churnRisk)} churn-risk)`;
}

/**
 * Returns `7 pipeline`, or `11 pipeline in 10 leads` when several invisible
 * opportunities are one lead, so the count matches the rate, which counts leads.
 * Retention requests valued with a churn risk are named apart, because they are
 * no pipeline lead: `7 pipeline: 6 leads and 1 retention request`. Requests seen
 * only in undated mail, or only on dates left out of the period, are named apart
 * too, because the loss leaves them out:
 * `4 pipeline: 2 in 1 lead, 2 undated, left out of the loss`.
 */
export function describePipeline(report: AuditReport): string {
  const { pipeline } = splitInvisible(report);
  const undated = countUndatedPipeline(report);
  const outside = countLeftOutPipeline(report, 'outside-period');
  if (undated === 0 && outside === 0) return `${formatNumber(pipeline)} pipeline${describeDatedPipeline(report, pipeline)}`;
  const counted = pipeline - undated - outside;
  const countedText = counted === 0 ? '0 in the period' : `${formatNumber(counted)}${describeDatedPipeline(report, counted)}`;
  const leftOut = [
    ...(undated > 0 ? [`${formatNumber(undated)} undated`] : []),
    ...(outside > 0 ? [`${formatNumber(outside)} dated outside the period`] : []),
  ];
  return `${formatNumber(pipeline)} pipeline: ${countedText}, ${leftOut.join(', ')}, left out of the loss`;
}

/** Returns the lead split of `count` dated invisible pipeline opportunities: empty, ` in 10 leads` or `: 6 leads and 1 retention request`. */
function describeDatedPipeline(report: AuditReport, count: number): string {
  const leads = report.summary.invisibleLeads;
  if (leads === count) return '';
  const leadText = countNoun(leads, 'lead', 'leads');
  const retention = countRetentionRequests(report);
  if (retention === 0) return ` in ${leadText}`;
  const retentionText = countNoun(retention, 'retention request', 'retention requests');
  const joiner = leads + retention === count ? ':' : ' in';
  return `${joiner} ${leadText} and ${retentionText}`;
}

/**
 * Counts the invisible pipeline opportunities of leads seen only in undated
 * mail: the lead's carrier (the opportunity itself, or the one its `sameLeadAs`
 * names) has no date, so the loss leaves the whole lead out.
 */
export function countUndatedPipeline(report: AuditReport): number {
  return countLeftOutPipeline(report, 'undated');
}

/**
 * Counts the invisible pipeline opportunities whose lead's carrier has the
 * given value kind (`undated` or `outside-period`), so the loss leaves the
 * whole lead out.
 */
export function countLeftOutPipeline(report: AuditReport, kind: 'undated' | 'outside-period'): number {
  const byId = new Map(report.opportunities.map((item) => [item.id, item]));
  return report.opportunities.filter((item) => {
    if (item.category === 'churn-risk' || item.crm.status !== 'invisible') return false;
    const carrier = item.sameLeadAs === null ? item : byId.get(item.sameLeadAs);
    return carrier !== undefined && valueKind(carrier) === kind;
  }).length;
}

/** Writes how the weekly rate is computed, churn risk left out, with the audit's own numbers. */
export function describeRateFormula(report: AuditReport): string {
  const leads = report.summary.invisibleLeads;
  const { pipeline } = splitInvisible(report);
  const retention = countRetentionRequests(report);
  const undated = countUndatedPipeline(report);
  const outside = countLeftOutPipeline(report, 'outside-period');
  const shared = pipeline - leads - retention - undated - outside;
  const notes = ['churn-risk excluded'];
  if (shared > 0) notes.push(`${formatNumber(shared)} more in the same lead as another opportunity`);
  if (retention > 0) {
    notes.push(
      `${countNoun(retention, 'retention request', 'retention requests')} in a churn-risk thread, counted in revenue at risk`,
    );
  }
  if (undated > 0) notes.push(`${formatNumber(undated)} seen only in undated mail, left out`);
  if (outside > 0) notes.push(`${formatNumber(outside)} seen only in mail dated outside the period, left out`);
  const counted = `${countNoun(leads, 'invisible pipeline lead', 'invisible pipeline leads')} (${notes.join(', ')})`;
  const owners = report.summary.byOwner;
  if (owners.length > 1) {
    const terms = owners.map((owner) => `${formatNumber(owner.invisibleLeads)} / ${formatWeeks(owner.periodWeeks)} (${ownerLabel(owner.owner)})`);
    return `invisible per week = ${counted}, each over its owner's weeks: ${terms.join(' + ')} = ${formatRate(report.summary.invisiblePerWeek)}`;
  }
  return `invisible per week = ${counted} / ${formatWeeks(report.assumptions.periodWeeks)} = ${formatRate(report.summary.invisiblePerWeek)}`;
}

/** Names a mailbox owner, or the mailboxes without one. */
export function ownerLabel(owner: string | null): string {
  return owner ?? '(no owner)';
}

/** Counts invisible pipeline opportunities valued as part of a churn risk: a renewal or retention request. */
function countRetentionRequests(report: AuditReport): number {
  const churnIds = new Set(report.opportunities.filter((item) => item.category === 'churn-risk').map((item) => item.id));
  return report.opportunities.filter(
    (item) =>
      item.category !== 'churn-risk' &&
      item.crm.status === 'invisible' &&
      item.sameLeadAs !== null &&
      churnIds.has(item.sameLeadAs),
  ).length;
}

/** Sentence on why churn risk is counted apart from the loss. */
export const CHURN_NOTE =
  'Churn-risk opportunities count as revenue at risk (one LTV per account, known to the CRM or not), never as pipeline loss.';

/**
 * Formats CRM coverage, or `n/a (no opportunities)` when there is nothing to
 * cover: the JSON then has coverageRate null.
 */
export function formatCoverage(summary: { opportunities: number; coverageRate: number | null }): string {
  return summary.opportunities === 0 || summary.coverageRate === null
    ? 'n/a (no opportunities)'
    : formatPercent(summary.coverageRate);
}

/**
 * Writes the headline formula with the audit's own numbers filled in. It
 * starts from the count and the span (weeks, and days when the weeks are
 * rounded), not the rounded weekly rate, so the printed inputs redo the loss.
 */
export function describeLossFormula(report: AuditReport): string {
  const { assumptions, summary } = report;
  if (summary.byOwner.length > 1) {
    const terms = summary.byOwner.map(
      (owner) => `${formatMoney(owner.estimatedAnnualLoss, assumptions.currency)} (${ownerLabel(owner.owner)})`,
    );
    return (
      'estimated annual loss = per owner, invisible pipeline leads / weeks of that owner\'s mail' +
      ` x ${WEEKS_PER_YEAR} weeks x ${formatExactPercent(assumptions.conversionRate)} conversion` +
      ` x ${formatMoney(assumptions.ltv, assumptions.currency)} LTV${roundedLeadValue(report)}:` +
      ` ${terms.join(' + ')} = ${formatMoney(summary.estimatedAnnualLoss, assumptions.currency)}`
    );
  }
  return (
    `estimated annual loss = ${countNoun(report.summary.invisibleLeads, 'invisible pipeline lead', 'invisible pipeline leads')}` +
    ` / ${formatWeeks(assumptions.periodWeeks)} x ${WEEKS_PER_YEAR} weeks` +
    ` x ${formatExactPercent(assumptions.conversionRate)} conversion` +
    ` x ${formatMoney(assumptions.ltv, assumptions.currency)} LTV` +
    roundedLeadValue(report) +
    ` = ${formatMoney(summary.estimatedAnnualLoss, assumptions.currency)}`
  );
}

/**
 * Names the value of one lead when rounding it to the currency's minor unit changed it, because
 * the loss is computed from that rounded value (JPY 1,851.75 becomes JPY 1,852).
 */
function roundedLeadValue(report: AuditReport): string {
  const { conversionRate, ltv, currency } = report.assumptions;
  const rounded = leadValue(conversionRate, ltv, currency);
  return Math.abs(rounded - conversionRate * ltv) < 1e-9 ? '' : ` (${formatMoney(rounded, currency)} per lead, rounded)`;
}

/** Formats a rate given by the user as a percentage without rounding it away (0.0375 is 3.75%). */
export function formatExactPercent(rate: number): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }).format(rate * 100)}%`;
}

export interface AssumptionLine {
  label: string;
  value: string;
}

/**
 * Returns the dates the period was measured between: `2026-09-01 to 2026-11-10`, or for mail in
 * separate stretches `2 stretches between 2020-03-25 and 2024-01-26`, whose weeks alone count.
 */
export function describePeriodRange(report: AuditReport): string {
  const { periodStart, periodEnd, periodSpans } = report.assumptions;
  if (periodStart === null || periodEnd === null) return 'no dated messages';
  if (periodSpans.length > 1) {
    return `${periodSpans.length} stretches between ${formatDate(periodStart)} and ${formatDate(periodEnd)}`;
  }
  return `${formatDate(periodStart)} to ${formatDate(periodEnd)}`;
}

/** Lists the assumptions behind the money figures as label and value pairs. */
export function describeAssumptions(report: AuditReport): AssumptionLine[] {
  const a = report.assumptions;
  const period = describePeriodRange(report);
  // A default is leak's figure, not the client's, so the lines name the ones that were not given.
  const mark = (field: DefaultedAssumption, flag: string) => (a.defaults.includes(field) ? ` (default; set with ${flag})` : '');
  const lines = [
    { label: 'Conversion rate', value: `${formatExactPercent(a.conversionRate)}${mark('conversionRate', '--conversion')}` },
    { label: 'Customer lifetime value (LTV)', value: `${formatMoney(a.ltv, a.currency)}${mark('ltv', '--ltv')}` },
    { label: 'Currency', value: `${a.currency}${mark('currency', '--currency')}` },
    // The factor multiplies the whole loss, not a referral or expansion share of it.
    {
      label: 'Second-order multiplier',
      value: `x${formatNumber(a.secondOrderMultiplier)} on the whole annual loss${mark('secondOrderMultiplier', '--second-order')}`,
    },
    { label: 'Period', value: formatPeriodWeeks(a.periodWeeks, period) },
  ];
  // With several owners, each owner's leads are annualised over that owner's own weeks.
  const owners = report.summary.byOwner;
  if (owners.length > 1) {
    lines[lines.length - 1] = {
      label: 'Period',
      value: `${formatPeriodWeeks(a.periodWeeks, period)}, all mailboxes together; the loss uses each owner's own weeks`,
    };
    for (const owner of owners) {
      const dates =
        owner.periodStart === null || owner.periodEnd === null
          ? 'no dated messages, so the whole period'
          : `${formatDate(owner.periodStart)} to ${formatDate(owner.periodEnd)}`;
      lines.push({
        label: `Period of owner ${ownerLabel(owner.owner)}`,
        value:
          `${formatPeriodWeeks(owner.periodWeeks, `${dates}; ${owner.mailboxes.join(', ')}`)}: ` +
          `${countNoun(owner.invisibleLeads, 'invisible pipeline lead', 'invisible pipeline leads')}, ` +
          `${formatRate(owner.invisiblePerWeek)} per week, ${formatMoney(owner.estimatedAnnualLoss, a.currency)} a year`,
      });
    }
  }
  // With several mailboxes, each one's span shows how the period was assembled.
  if (report.inputs.mailboxes.length > 1) {
    for (const mailbox of report.inputs.mailboxes) {
      const span =
        mailbox.firstDate === null || mailbox.lastDate === null
          ? 'no dated messages'
          : `${formatDate(mailbox.firstDate)} to ${formatDate(mailbox.lastDate)}`;
      lines.push({ label: `Period of ${mailbox.path}`, value: span });
    }
  }
  if (a.periodSpans.length > 1) {
    const spans = a.periodSpans.map(
      (item) =>
        `${formatDate(item.start)} to ${formatDate(item.end)} (${formatWeeks(item.weeks)}, ${countNoun(item.messages, 'message', 'messages')})`,
    );
    lines.push({ label: 'Stretches of mail (13-week gaps split them)', value: spans.join(', ') });
  }

  const stages = a.stageOverrides;
  const stageLists: Array<[string, string[]]> = [
    ['open', stages.open],
    ['closed won', stages.closedWon],
    ['closed lost', stages.closedLost],
  ];
  const stageText = stageLists
    .filter(([, names]) => names.length > 0)
    .map(([status, names]) => `${names.join(', ')} counted as ${status}`);
  if (stageText.length > 0) lines.push({ label: 'CRM stages set by flags', value: stageText.join('; ') });
  lines.push({ label: 'Detection', value: describeDetection(report) });
  return lines;
}

/** Writes what found the signals: the rule count, and whether the learned model added its findings. */
function describeDetection(report: AuditReport): string {
  const rules = countNoun(report.rules.count, 'rule', 'rules');
  // `--catalog auto` names its entries where a catalogue file would be named.
  const discovered = report.rules.files.filter((file) => file.startsWith('catalogue discovered')).map((file) => `; ${file}`).join('');
  if (report.rules.models.length === 0) return `${rules} only (the learned model is off: --no-model)${discovered}`;
  const veto = report.assumptions.modelVeto;
  const vetoText = veto.enabled ? `; the model vetoes a rule's finding below its floor (${describeFloors(veto.floors)})` : '';
  return `${rules} and the learned model (rule ids model-*; switch it off with --no-model)${vetoText}${discovered}`;
}

/** Writes the veto floors of each model language, leaving out categories at 0; one list when the languages agree. */
function describeFloors(floors: Record<string, Record<string, number>>): string {
  const lists = Object.entries(floors).map(([language, byCategory]) => ({ language, text: describeLanguageFloors(byCategory) }));
  if (new Set(lists.map((list) => list.text)).size === 1) return lists[0]?.text ?? '';
  return lists.map((list) => `${list.language}: ${list.text || 'none'}`).join('; ');
}

/** Writes one language's floors as "expansion 0.03, closing 0.05", or "0.03 for every category" when all are equal. */
function describeLanguageFloors(byCategory: Record<string, number>): string {
  const entries = Object.entries(byCategory);
  const values = new Set(entries.map(([, floor]) => floor));
  const only = [...values][0];
  if (values.size === 1 && only !== undefined && only > 0) return `${only} for every category`;
  return entries.filter(([, floor]) => floor > 0).map(([category, floor]) => `${category} ${floor}`).join(', ');
}

/** Invisible opportunities, highest estimated value first, then oldest first, then by id. */
export function listInvisible(report: AuditReport): Opportunity[] {
  return report.opportunities
    .filter((opportunity) => opportunity.crm.status === 'invisible')
    .sort(
      (a, b) =>
        b.estimatedValue - a.estimatedValue ||
        compareText(a.firstSeen ?? '~', b.firstSeen ?? '~') ||
        compareText(a.id, b.id),
    );
}

export interface AccountTotal {
  account: string;
  opportunities: number;
  invisible: number;
  /** Sum of estimatedValue over all opportunities, churn risk at full LTV included. */
  estimatedValue: number;
  /** Expected value of the invisible opportunities that enter the loss (churn risk excluded). */
  invisiblePipelineValue: number;
  /** LTV of every churn-risk opportunity, covered or not, as in the headline revenue at risk. */
  revenueAtRisk: number;
}

export { compareText };

/** Accounts ranked by invisible pipeline value, then revenue at risk, then name. */
export function rankAccounts(report: AuditReport, limit: number): AccountTotal[] {
  return rankBy(report.opportunities, (opportunity) => opportunity.account).slice(0, limit);
}

/** Mailbox owners ranked like accounts. Opportunities without an owner count as `(no owner)`. */
export function rankOwners(report: AuditReport): AccountTotal[] {
  return rankBy(report.opportunities, (opportunity) => opportunity.owner ?? '(no owner)');
}

function rankBy(opportunities: Opportunity[], keyOf: (o: Opportunity) => string): AccountTotal[] {
  const totals = new Map<string, AccountTotal>();
  for (const opportunity of opportunities) {
    const key = keyOf(opportunity);
    const total = totals.get(key) ?? {
      account: key,
      opportunities: 0,
      invisible: 0,
      estimatedValue: 0,
      invisiblePipelineValue: 0,
      revenueAtRisk: 0,
    };
    const isInvisible = opportunity.crm.status === 'invisible';
    total.opportunities += 1;
    total.invisible += isInvisible ? 1 : 0;
    total.estimatedValue += opportunity.estimatedValue;
    // Undated and outside-period requests are in neither column: the loss leaves them out and they are no churn risk.
    const kind = valueKind(opportunity);
    if (kind === 'revenue-at-risk') total.revenueAtRisk += opportunity.estimatedValue;
    else if (kind === 'pipeline' && isInvisible) total.invisiblePipelineValue += opportunity.estimatedValue;
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) =>
      b.invisiblePipelineValue - a.invisiblePipelineValue ||
      b.revenueAtRisk - a.revenueAtRisk ||
      compareText(a.account, b.account),
  );
}

export interface ProblemCount {
  code: string;
  count: number;
  /** One detail of the first problem with this code, as an example. */
  example: string;
}

/** Problems grouped by code, most frequent first, then by code. */
export function countProblems(problems: Problem[]): ProblemCount[] {
  const counts = new Map<string, ProblemCount>();
  for (const problem of sortProblems(problems)) {
    const count = counts.get(problem.code);
    if (count === undefined) {
      counts.set(problem.code, { code: problem.code, count: 1, example: problem.detail });
    } else {
      count.count += 1;
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || compareText(a.code, b.code));
}

/** Problems in a stable order: by code, file, then position as written. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.code, b.code) ||
      compareText(a.file, b.file) ||
      a.where.localeCompare(b.where, 'en', { numeric: true }) ||
      compareText(a.detail, b.detail),
  );
}

export interface SensitivityCell {
  conversion: number;
  ltvFactor: number;
  loss: number;
  /** True for the conversion and LTV the audit used. */
  isChosen: boolean;
}

/** Conversion rates shown in the sensitivity table: the fixed ones plus the chosen one, sorted. */
export function sensitivityConversions(report: AuditReport): number[] {
  const rates = new Set<number>([...SENSITIVITY_CONVERSIONS, report.assumptions.conversionRate]);
  return [...rates].sort((a, b) => a - b);
}

/**
 * Computes the annual loss for each conversion rate and LTV multiplier of the
 * sensitivity table, from each owner's invisible pipeline leads and weeks, as the
 * headline is computed, so the chosen cell equals the headline to the cent.
 */
export function computeSensitivity(report: AuditReport): SensitivityCell[][] {
  const { assumptions } = report;
  return sensitivityConversions(report).map((conversion) =>
    SENSITIVITY_LTV_FACTORS.map((ltvFactor) => ({
      conversion,
      ltvFactor,
      loss: estimateOwnersLoss(report.summary.byOwner, conversion, sensitivityLtv(report, ltvFactor), assumptions.currency),
      isChosen: conversion === assumptions.conversionRate && ltvFactor === 1,
    })),
  );
}

/** Returns the LTV of a sensitivity column, rounded to the minor unit, so its header shows the amount its cells use. */
export function sensitivityLtv(report: AuditReport, ltvFactor: number): number {
  return multiplyMoney(report.assumptions.ltv, ltvFactor, report.assumptions.currency);
}

/** Categories in report order, each with its summary row (zeros when the audit found none). */
export function summariseCategories(report: AuditReport) {
  return CATEGORIES.map(
    (category) =>
      report.summary.byCategory.find((row) => row.category === category) ?? {
        category,
        opportunities: 0,
        covered: 0,
        invisible: 0,
        ambiguous: 0,
      },
  );
}

/**
 * Returns ` (including 3 duplicates)` for the messages read that repeat a
 * message read before, or '' when none does. A duplicate counts as read and
 * as excluded, and its signals count once.
 */
export function describeDuplicates(report: AuditReport): string {
  const count = report.exclusions.byKind['duplicate'] ?? 0;
  return count === 0 ? '' : ` (including ${countNoun(count, 'duplicate', 'duplicates')})`;
}

/** Messages read and skipped, summed over all mailboxes. */
export function countMessages(report: AuditReport) {
  let read = 0;
  let skipped = 0;
  let excluded = 0;
  for (const mailbox of report.inputs.mailboxes) {
    read += mailbox.messages;
    skipped += mailbox.skipped;
    excluded += mailbox.excluded;
  }
  return { read, skipped, excluded };
}

/** Exclusion counts by kind, as `auto-reply 3, bulk 12`, sorted by kind. */
export function describeExclusions(report: AuditReport): string {
  const kinds = Object.entries(report.exclusions.byKind).sort(([a], [b]) => compareText(a, b));
  if (kinds.length === 0) return 'none';
  return kinds.map(([kind, count]) => `${kind} ${formatNumber(count)}`).join(', ');
}

/** Sentence printed when the audit compared against no CRM export. */
export const NO_CRM_NOTE =
  'No CRM export was given, so every opportunity counts as invisible.';

/** Sentence printed when the bundled sample mailbox was audited. */
export const SAMPLE_NOTE =
  'This audit read the bundled sample mailbox, not your mail. Pass --mbox or --eml to audit your own.';

/**
 * Describes the CRM rows whose amount had no currency and was read in the report's
 * currency, because a USD export read as EUR would otherwise pass for read values.
 */
export function assumedCurrencyNote(crm: { assumedCurrencyRows: number }, currency: string): string {
  if (crm.assumedCurrencyRows === 0) return '';
  return ` (${countNoun(crm.assumedCurrencyRows, 'row', 'rows')} without a currency, read as ${currency} from --currency)`;
}

/** Names the report footer lines of a CRM export, which are not data rows and so not skipped ones. */
export function describeFooter(crm: { footerRows: number }): string {
  if (crm.footerRows === 0) return '';
  return `${countNoun(crm.footerRows, 'footer line', 'footer lines')} ignored, `;
}
