// The loss estimate. Every input is an assumption printed next to the result:
//   weeks of mail      = total length of the mailboxes' date spans, overlaps merged
//   invisible per week = invisible pipeline leads (one per thread and account) / weeks of mail
//   annual loss        = invisible per week x 52 x conversion rate x LTV
//   with second order  = annual loss x multiplier (referrals, expansion)
// churn-risk opportunities are revenue at risk (one LTV per account), never pipeline loss.
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
  /** Stretches of mail, oldest first; empty when no message is dated. */
  spans: PeriodSpan[];
}

/**
 * Message dates further apart than this split the period into separate
 * stretches: the weeks between two exports years apart, or between the mail
 * and one message dated 2099, are not weeks of observed mail.
 */
export const PERIOD_GAP_WEEKS = 13;

/** Weeks of dated mail below which the annual figures rest on too little mail, and a problem reports it. */
export const SHORT_PERIOD_WEEKS = 4;

const MS_PER_DAY = 24 * 60 * 60 * 1000;

interface DayDates {
  first: string;
  last: string;
  messages: number;
}

/**
 * Collects message dates per calendar day (UTC), so memory grows with the
 * days covered, not with the messages, and measures the period from them.
 */
export class MailDates {
  private readonly days = new Map<number, DayDates>();

  add(date: string | null): void {
    if (date === null) return;
    const time = Date.parse(date);
    if (Number.isNaN(time)) return;
    const day = Math.floor(time / MS_PER_DAY);
    const entry = this.days.get(day);
    if (entry === undefined) {
      this.days.set(day, { first: date, last: date, messages: 1 });
      return;
    }
    if (date < entry.first) entry.first = date;
    if (date > entry.last) entry.last = date;
    entry.messages += 1;
  }

  /**
   * Returns the period: the stretches of mail (dates less than
   * PERIOD_GAP_WEEKS apart), oldest first, and their summed length in weeks
   * (at least one).
   */
  measure(): MailPeriod {
    const days = [...this.days.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
    const stretches: DayDates[] = [];
    for (const day of days) {
      const last = stretches[stretches.length - 1];
      const gap = last === undefined ? Infinity : Date.parse(day.first) - Date.parse(last.last);
      if (last !== undefined && gap <= PERIOD_GAP_WEEKS * MS_PER_WEEK) {
        last.last = day.last;
        last.messages += day.messages;
      } else {
        stretches.push({ ...day });
      }
    }
    const lengths = stretches.map((item) => (Date.parse(item.last) - Date.parse(item.first)) / MS_PER_WEEK);
    const spans = stretches.map((item, index) => ({
      start: item.first,
      end: item.last,
      weeks: roundTo(lengths[index] ?? 0, 2),
      messages: item.messages,
    }));
    const first = spans[0];
    const last = spans[spans.length - 1];
    if (first === undefined || last === undefined) return { start: null, end: null, weeks: 1, spans };
    const total = lengths.reduce((sum, length) => sum + length, 0);
    // Rounded first, so a reader can redo the arithmetic from the printed figure.
    return { start: first.start, end: last.end, weeks: Math.max(1, roundTo(total, 2)), spans };
  }
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
 * Returns the problems that change how to read the period: mail in separate
 * stretches (each stretch counts only its own weeks), too few weeks of mail
 * for an annual figure, or no dated mail at all.
 */
export function checkPeriodGaps(
  mailboxes: Array<DateSpan & { path: string; messages?: number }>,
  period: MailPeriod,
): Problem[] {
  const dated = mailboxes.filter((mailbox) => mailbox.firstDate !== null);
  const files = (dated.length > 0 ? dated : mailboxes).map((mailbox) => mailbox.path).join(', ');
  if (period.spans.length === 0) {
    return [
      {
        code: 'MAIL_UNDATED',
        file: files,
        where: '-',
        detail: 'no message has a usable date, so the period is set to 1 week and the annual figures are not a measured rate',
      },
    ];
  }
  const problems: Problem[] = [];
  for (const mailbox of mailboxes) {
    if (mailbox.firstDate !== null || (mailbox.messages ?? 0) === 0) continue;
    problems.push({
      code: 'MAILBOX_UNDATED',
      file: mailbox.path,
      where: '-',
      detail:
        'no message of this mailbox has a usable date, so its signals count against the other mailboxes\' ' +
        `${period.weeks} weeks; audit it alone, or with the mail of its own period`,
    });
  }
  if (period.spans.length > 1) {
    const ranges = period.spans.map(
      (span) => `${span.start.slice(0, 10)} to ${span.end.slice(0, 10)} (${span.messages} ${span.messages === 1 ? 'message' : 'messages'})`,
    );
    problems.push({
      code: 'MAILBOX_PERIODS_DISJOINT',
      file: files,
      where: '-',
      detail:
        `the mail covers separate date ranges more than ${PERIOD_GAP_WEEKS} weeks apart (${ranges.join('; ')}); ` +
        `the period is their total length, ${period.weeks} weeks, and the weeks between them are not counted`,
    });
  }
  const measured = period.spans.reduce((sum, span) => sum + span.weeks, 0);
  if (measured < SHORT_PERIOD_WEEKS) {
    problems.push({
      code: 'PERIOD_SHORT',
      file: files,
      where: '-',
      detail:
        `the dated mail covers only ${roundTo(measured, 2)} weeks (counted as ${period.weeks}); the annual figures ` +
        `multiply it by ${roundTo(WEEKS_PER_YEAR / period.weeks, 1)}, so audit at least ${SHORT_PERIOD_WEEKS} weeks of mail before relying on them`,
    });
  }
  return problems;
}

/** Stage lists given by the user, recorded with the assumptions they change. */
export interface StageFlags {
  openStages?: string[];
  closedWonStages?: string[];
  closedLostStages?: string[];
}

export function buildAssumptions(
  options: EstimateOptions & StageFlags,
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
    stageOverrides: {
      open: [...(options.openStages ?? [])],
      closedWon: [...(options.closedWonStages ?? [])],
      closedLost: [...(options.closedLostStages ?? [])],
    },
  };
}

export function summarize(
  opportunities: Opportunity[],
  messageCount: number,
  assumptions: Assumptions,
): Summary {
  const pipeline = opportunities.filter((item) => item.category !== 'churn-risk');
  // One churn risk per account: the others of the same account have sameLeadAs set.
  const atRisk = opportunities.filter((item) => item.category === 'churn-risk' && item.sameLeadAs === null);
  const covered = opportunities.filter((item) => item.crm.status === 'covered').length;
  const invisible = opportunities.filter((item) => item.crm.status === 'invisible').length;
  const ambiguous = opportunities.filter((item) => item.crm.status === 'ambiguous').length;
  // One lead per thread and account: the others of the same request have sameLeadAs set.
  const invisiblePipeline = pipeline.filter(
    (item) => item.crm.status === 'invisible' && item.sameLeadAs === null,
  ).length;

  const invisiblePerWeek = invisiblePipeline / assumptions.periodWeeks;
  const annualLoss =
    invisiblePerWeek * WEEKS_PER_YEAR * assumptions.conversionRate * assumptions.ltv;

  return {
    messages: messageCount,
    opportunities: opportunities.length,
    covered,
    invisible,
    ambiguous,
    invisibleLeads: invisiblePipeline,
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
