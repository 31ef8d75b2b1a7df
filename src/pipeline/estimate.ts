// The loss estimate. Every input is an assumption printed next to the result:
//   invisible per week = invisible pipeline opportunities / weeks of mail
//   annual loss        = invisible per week x 52 x conversion rate x LTV
//   with second order  = annual loss x multiplier (referrals, expansion)
// churn-risk opportunities are revenue at risk (count x LTV), never pipeline loss.
import { CATEGORIES } from '../types.js';
import type { Opportunity } from '../types.js';
import type { Assumptions, CategorySummary, Summary } from '../report/schema.js';

export interface EstimateOptions {
  conversionRate: number;
  ltv: number;
  currency: string;
  secondOrderMultiplier: number;
}

const MS_PER_WEEK = 7 * 24 * 60 * 60 * 1000;
const WEEKS_PER_YEAR = 52;

/** Returns the mail period: first to last message date, at least one week. */
export function measurePeriod(dates: Iterable<string | null>): {
  start: string | null;
  end: string | null;
  weeks: number;
} {
  let start: string | null = null;
  let end: string | null = null;
  for (const date of dates) {
    if (date === null) continue;
    if (start === null || date < start) start = date;
    if (end === null || date > end) end = date;
  }
  if (start === null || end === null) return { start, end, weeks: 1 };
  const span = (Date.parse(end) - Date.parse(start)) / MS_PER_WEEK;
  // Rounded first, so a reader can redo the arithmetic from the printed figure.
  return { start, end, weeks: Math.max(1, roundTo(span, 2)) };
}

/** Expected value of one opportunity: conversion x LTV, or the full LTV at risk for churn. */
export function valueOpportunity(opportunity: Pick<Opportunity, 'category'>, options: EstimateOptions): number {
  if (opportunity.category === 'churn-risk') return roundTo(options.ltv, 2);
  return roundTo(options.conversionRate * options.ltv, 2);
}

export function buildAssumptions(
  options: EstimateOptions,
  period: { start: string | null; end: string | null; weeks: number },
): Assumptions {
  return {
    conversionRate: options.conversionRate,
    ltv: options.ltv,
    currency: options.currency,
    secondOrderMultiplier: options.secondOrderMultiplier,
    periodWeeks: period.weeks,
    periodStart: period.start,
    periodEnd: period.end,
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
