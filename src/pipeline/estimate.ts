// The loss estimate. Every input is an assumption printed next to the result:
//   weeks of mail      = the audited period, measured from message dates (period.ts)
//   invisible per week = invisible pipeline leads (one per thread and account) / weeks of mail
//   annual loss        = invisible per week x 52 x conversion rate x LTV
//   with second order  = annual loss x multiplier (referrals, expansion)
// churn-risk opportunities are revenue at risk (one LTV per account), never pipeline loss.
import { CATEGORIES } from '../types.js';
import type { Opportunity } from '../types.js';
import type { Assumptions, CategorySummary, PeriodSpan, Summary } from '../report/schema.js';

export interface EstimateOptions {
  conversionRate: number;
  ltv: number;
  currency: string;
  secondOrderMultiplier: number;
}

const WEEKS_PER_YEAR = 52;

/** Expected value of one opportunity: conversion x LTV, or the full LTV at risk for churn. */
export function valueOpportunity(opportunity: Pick<Opportunity, 'category'>, options: EstimateOptions): number {
  if (opportunity.category === 'churn-risk') return roundTo(options.ltv, 2);
  return roundTo(options.conversionRate * options.ltv, 2);
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
