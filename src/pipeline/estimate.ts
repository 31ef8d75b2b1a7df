// The loss estimate. Every input is an assumption printed next to the result:
//   weeks of mail      = the audited period, measured from message dates (period.ts)
//   invisible per week = invisible pipeline leads (one per thread and account) / weeks of mail
//   annual loss        = invisible per week x 52 x conversion rate x LTV
//   with second order  = annual loss x multiplier (referrals, expansion)
// Each lead's value (conversion rate x LTV) is rounded to the currency's minor unit
// first, as the CSV rows show it, so the sum of those rows redoes the headline.
// churn-risk opportunities are revenue at risk (one LTV per account), never pipeline loss.
import { CATEGORIES } from '../types.js';
import type { Opportunity } from '../types.js';
import type { Assumptions, CategorySummary, DefaultedAssumption, PeriodSpan, Summary } from '../report/schema.js';
import { roundMoney } from '../money.js';

export interface EstimateOptions {
  conversionRate: number;
  ltv: number;
  currency: string;
  secondOrderMultiplier: number;
}

const WEEKS_PER_YEAR = 52;

/** Expected value of one opportunity: conversion x LTV, or the full LTV at risk for churn. */
export function valueOpportunity(opportunity: Pick<Opportunity, 'category'>, options: EstimateOptions): number {
  if (opportunity.category === 'churn-risk') return roundMoney(options.ltv, options.currency);
  return leadValue(options.conversionRate, options.ltv, options.currency);
}

/** Computes the value of one pipeline lead, conversion rate x LTV, rounded to the currency's minor unit. */
export function leadValue(conversion: number, ltv: number, currency: string): number {
  return roundMoney(conversion * ltv, currency);
}

/**
 * Computes the annual loss of `leads` invisible pipeline leads seen over `weeks`, from
 * each lead's value rounded to the minor unit, so the CSV rows add up to it.
 */
export function estimateAnnualLoss(leads: number, weeks: number, conversion: number, ltv: number, currency: string): number {
  return roundMoney((leads * leadValue(conversion, ltv, currency) * WEEKS_PER_YEAR) / weeks, currency);
}

/** Stage lists given by the user, recorded with the assumptions they change. */
export interface StageFlags {
  openStages?: string[];
  closedWonStages?: string[];
  closedLostStages?: string[];
  /** Money assumptions the user left at their defaults, which reports mark as not the client's figures. */
  defaulted?: DefaultedAssumption[];
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
    defaults: [...new Set(options.defaulted ?? [])].sort(),
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
  const { currency } = assumptions;
  const annualLoss = estimateAnnualLoss(invisiblePipeline, assumptions.periodWeeks, assumptions.conversionRate, assumptions.ltv, currency);

  return {
    messages: messageCount,
    opportunities: opportunities.length,
    covered,
    invisible,
    ambiguous,
    invisibleLeads: invisiblePipeline,
    coverageRate: opportunities.length === 0 ? null : roundTo(covered / opportunities.length, 4),
    invisiblePerWeek: roundTo(invisiblePerWeek, 4),
    estimatedAnnualLoss: annualLoss,
    // From the rounded loss, so the two printed figures multiply out.
    estimatedAnnualLossWithSecondOrder: roundMoney(annualLoss * assumptions.secondOrderMultiplier, currency),
    revenueAtRiskCount: atRisk.length,
    revenueAtRisk: roundMoney(atRisk.length * roundMoney(assumptions.ltv, currency), currency),
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
