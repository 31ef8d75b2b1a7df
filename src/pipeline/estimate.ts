// The loss estimate. Every input is an assumption printed next to the result:
//   weeks of mail      = total length of the mailboxes' date spans, overlaps merged
//   invisible per week = invisible pipeline opportunities / weeks of mail
//   annual loss        = invisible per week x 52 x conversion rate x LTV
//   with second order  = annual loss x multiplier (referrals, expansion)
// churn-risk opportunities are revenue at risk (count x LTV), never pipeline loss.
import { CATEGORIES } from '../types.js';
import type { Opportunity, Problem } from '../types.js';
import type { Assumptions, CategorySummary, PeriodSpan, Summary } from '../report/schema.js';

export interface EstimateOptions {
  conversionRate: number;
  ltv: number;
  currency: string;
  secondOrderMultiplier: number;
}

const MS_PER_WEEK = 7 * 24 * 60 * 60 * 1000;
const WEEKS_PER_YEAR = 52;

/** Expected value of one opportunity: conversion x LTV, or the full LTV at risk for churn. */
export function valueOpportunity(opportunity: Pick<Opportunity, 'category'>, options: EstimateOptions): number {
  if (opportunity.category === 'churn-risk') return roundTo(options.ltv, 2);
  return roundTo(options.conversionRate * options.ltv, 2);
}

export interface MailPeriod {
  start: string | null;
  end: string | null;
  weeks: number;
  /** Merged spans, oldest first; empty when no message is dated. */
  spans: PeriodSpan[];
}

/**
 * Returns the period covered by several mailboxes: each mailbox's own first
 * to last date, overlapping spans merged, and the weeks summed (at least one).
 * Two exports years apart thus count their own weeks, not the gap between them.
 */
export function measureMailboxPeriod(
  mailboxes: Iterable<{ firstDate: string | null; lastDate: string | null }>,
): MailPeriod {
  const ranges: Array<{ start: string; end: string }> = [];
  for (const { firstDate, lastDate } of mailboxes) {
    if (firstDate !== null && lastDate !== null) ranges.push({ start: firstDate, end: lastDate });
  }
  ranges.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(a.end) - Date.parse(b.end));

  const merged: Array<{ start: string; end: string }> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && Date.parse(range.start) <= Date.parse(last.end)) {
      if (Date.parse(range.end) > Date.parse(last.end)) last.end = range.end;
    } else {
      merged.push({ ...range });
    }
  }
  const lengths = merged.map((span) => (Date.parse(span.end) - Date.parse(span.start)) / MS_PER_WEEK);
  const spans = merged.map((span, index) => ({ ...span, weeks: roundTo(lengths[index] ?? 0, 2) }));
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (first === undefined || last === undefined) return { start: null, end: null, weeks: 1, spans };
  const total = lengths.reduce((sum, length) => sum + length, 0);
  // Rounded first, so a reader can redo the arithmetic from the printed figure.
  return { start: first.start, end: last.end, weeks: Math.max(1, roundTo(total, 2)), spans };
}

/** First and last message date of one mailbox. */
export interface DateSpan {
  firstDate: string | null;
  lastDate: string | null;
}

/** Widens the span to include the date; ISO 8601 UTC strings compare in time order. */
export function widenSpan(span: DateSpan, date: string | null): void {
  if (date === null) return;
  if (span.firstDate === null || date < span.firstDate) span.firstDate = date;
  if (span.lastDate === null || date > span.lastDate) span.lastDate = date;
}

/**
 * Returns a problem when the mailboxes cover separate date ranges: the weekly
 * rate then uses only the weeks with mail, which a reader should know.
 */
export function checkPeriodGaps(
  mailboxes: Array<DateSpan & { path: string }>,
  period: MailPeriod,
): Problem[] {
  if (period.spans.length < 2) return [];
  const ranges = period.spans.map((span) => `${span.start.slice(0, 10)} to ${span.end.slice(0, 10)}`);
  const dated = mailboxes.filter((mailbox) => mailbox.firstDate !== null);
  return [
    {
      code: 'MAILBOX_PERIODS_DISJOINT',
      file: dated.map((mailbox) => mailbox.path).join(', '),
      where: '-',
      detail:
        `the mailboxes cover separate date ranges (${ranges.join('; ')}); the period is their ` +
        `total length, ${period.weeks} weeks, and the weeks between them are not counted`,
    },
  ];
}

export function buildAssumptions(
  options: EstimateOptions,
  period: { start: string | null; end: string | null; weeks: number; spans?: PeriodSpan[] },
): Assumptions {
  return {
    conversionRate: options.conversionRate,
    ltv: options.ltv,
    currency: options.currency,
    secondOrderMultiplier: options.secondOrderMultiplier,
    periodWeeks: period.weeks,
    periodStart: period.start,
    periodEnd: period.end,
    periodSpans: period.spans ?? [],
  };
}

export function summarize(
  opportunities: Opportunity[],
  messageCount: number,
  assumptions: Assumptions,
): Summary {
  const pipeline = opportunities.filter((item) => item.category !== 'churn-risk');
  const atRisk = opportunities.filter((item) => item.category === 'churn-risk');
  const covered = opportunities.filter((item) => item.crm.status === 'covered').length;
  const invisible = opportunities.filter((item) => item.crm.status === 'invisible').length;
  const ambiguous = opportunities.filter((item) => item.crm.status === 'ambiguous').length;
  const invisiblePipeline = pipeline.filter((item) => item.crm.status === 'invisible').length;

  const invisiblePerWeek = invisiblePipeline / assumptions.periodWeeks;
  const annualLoss =
    invisiblePerWeek * WEEKS_PER_YEAR * assumptions.conversionRate * assumptions.ltv;

  return {
    messages: messageCount,
    opportunities: opportunities.length,
    covered,
    invisible,
    ambiguous,
    coverageRate: opportunities.length === 0 ? 0 : roundTo(covered / opportunities.length, 4),
    invisiblePerWeek: roundTo(invisiblePerWeek, 4),
    estimatedAnnualLoss: roundTo(annualLoss, 2),
    estimatedAnnualLossWithSecondOrder: roundTo(annualLoss * assumptions.secondOrderMultiplier, 2),
    revenueAtRiskCount: atRisk.length,
    revenueAtRisk: roundTo(atRisk.length * assumptions.ltv, 2),
    byCategory: CATEGORIES.map((category) => summarizeCategory(opportunities, category)),
  };
}

function summarizeCategory(opportunities: Opportunity[], category: Opportunity['category']): CategorySummary {
  const inCategory = opportunities.filter((item) => item.category === category);
  return {
    category,
    opportunities: inCategory.length,
    covered: inCategory.filter((item) => item.crm.status === 'covered').length,
    invisible: inCategory.filter((item) => item.crm.status === 'invisible').length,
    ambiguous: inCategory.filter((item) => item.crm.status === 'ambiguous').length,
  };
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor + Number.EPSILON * Math.sign(value)) / factor;
}
