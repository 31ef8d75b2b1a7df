// The loss estimate. Every input is an assumption printed next to the result:
//   weeks of mail      = per mailbox owner, the weeks that owner's own mail covers (period.ts)
//   invisible per week = sum over owners of the owner's invisible pipeline leads
//                        (one per thread and account) / the owner's weeks of mail
//   annual loss        = sum over owners of leads / weeks x 52 x conversion rate x LTV,
//                        each owner's figure rounded to the minor unit
//   with second order  = annual loss x multiplier (referrals, expansion)
// The rate of missed leads belongs to each salesperson's mailbox over the weeks it
// covers, so two owners' exports that only partly overlap in time do not dilute
// each other. With one owner this is leads / weeks of mail.
// Each lead's value (conversion rate x LTV) is rounded to the currency's minor unit
// first, as the CSV rows show it, so the sum of those rows redoes the headline.
// churn-risk opportunities are revenue at risk (one LTV per account), never pipeline loss.
import { CATEGORIES } from '../types.js';
import type { Opportunity } from '../types.js';
import type { Assumptions, CategorySummary, DefaultedAssumption, ModelVeto, OwnerSummary, PeriodSpan, Summary } from '../report/schema.js';
import { multiplyMoney, roundMoney } from '../money.js';
import type { OwnerWeeks } from './period.js';

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
  return multiplyMoney(conversion, ltv, currency);
}

/**
 * Computes the annual loss of `leads` invisible pipeline leads seen over `weeks`, from
 * each lead's value rounded to the minor unit, so the CSV rows add up to it.
 */
export function estimateAnnualLoss(leads: number, weeks: number, conversion: number, ltv: number, currency: string): number {
  return roundMoney((leads * leadValue(conversion, ltv, currency) * WEEKS_PER_YEAR) / weeks, currency);
}

/**
 * Computes the annual loss summed over owners: each owner's leads over that owner's
 * weeks, rounded to the minor unit, so the printed per-owner figures add up to it.
 * With one owner it equals estimateAnnualLoss.
 */
export function estimateOwnersLoss(
  owners: ReadonlyArray<Pick<OwnerSummary, 'invisibleLeads' | 'periodWeeks'>>,
  conversion: number,
  ltv: number,
  currency: string,
): number {
  const losses = owners.map((owner) => estimateAnnualLoss(owner.invisibleLeads, owner.periodWeeks, conversion, ltv, currency));
  return roundMoney(losses.reduce((sum, loss) => sum + loss, 0), currency);
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
  modelVeto: ModelVeto = { enabled: false, floors: {} },
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
    modelVeto,
  };
}

/**
 * Summarises the audit. `owners` gives each mailbox owner's weeks; without it the
 * whole period counts as one owner's (owner null), as for a single mailbox.
 */
export function summarize(
  opportunities: Opportunity[],
  messageCount: number,
  assumptions: Assumptions,
  owners?: readonly OwnerWeeks[],
): Summary {
  const pipeline = opportunities.filter((item) => item.category !== 'churn-risk');
  // One churn risk per account: the others of the same account have sameLeadAs set.
  const atRisk = opportunities.filter((item) => item.category === 'churn-risk' && item.sameLeadAs === null);
  const covered = opportunities.filter((item) => item.crm.status === 'covered').length;
  const invisible = opportunities.filter((item) => item.crm.status === 'invisible').length;
  const ambiguous = opportunities.filter((item) => item.crm.status === 'ambiguous').length;
  // One lead per thread and account: the others of the same request have sameLeadAs set.
  // A lead seen only in undated mail, or only on dates left out of the period as strays,
  // lies outside the period, so it does not count in a rate per week.
  const leads = pipeline.filter(
    (item) => item.crm.status === 'invisible' && item.sameLeadAs === null && item.firstSeen !== null && !item.outsidePeriod,
  );
  const invisiblePipeline = leads.length;

  const { currency } = assumptions;
  const groups: readonly OwnerWeeks[] =
    owners !== undefined && owners.length > 0
      ? owners
      : [{ owner: null, mailboxes: [], start: assumptions.periodStart, end: assumptions.periodEnd, weeks: assumptions.periodWeeks, spans: [] }];
  const leadCounts = countLeadsByOwner(leads, groups);
  const byOwner = groups.map((group, index): OwnerSummary => {
    const count = leadCounts[index] ?? 0;
    return {
      owner: group.owner,
      mailboxes: [...group.mailboxes],
      periodStart: group.start,
      periodEnd: group.end,
      periodWeeks: group.weeks,
      invisibleLeads: count,
      invisiblePerWeek: roundTo(count / group.weeks, 4),
      estimatedAnnualLoss: estimateAnnualLoss(count, group.weeks, assumptions.conversionRate, assumptions.ltv, currency),
    };
  });
  const invisiblePerWeek = groups.reduce((sum, group, index) => sum + (leadCounts[index] ?? 0) / group.weeks, 0);
  const annualLoss = estimateOwnersLoss(byOwner, assumptions.conversionRate, assumptions.ltv, currency);

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
    estimatedAnnualLossWithSecondOrder: multiplyMoney(annualLoss, assumptions.secondOrderMultiplier, currency),
    revenueAtRiskCount: atRisk.length,
    revenueAtRisk: roundMoney(atRisk.length * roundMoney(assumptions.ltv, currency), currency),
    byCategory: CATEGORIES.map((category) => summarizeCategory(opportunities, category)),
    byOwner,
  };
}

/**
 * Counts the leads of each owner group. A lead counts for its owner (the
 * opportunity's owner) when that owner has mailboxes in the audit whose period
 * contains the lead's first date, else for the owner of the mailbox of its
 * first evidence, else for the first group. So no lead counts in an owner's
 * rate whose weeks leave out its date. A lead two owners saw is one
 * opportunity after markSharedLeads, so it counts once.
 */
function countLeadsByOwner(leads: readonly Opportunity[], groups: readonly OwnerWeeks[]): number[] {
  const counts = groups.map(() => 0);
  const byOwner = new Map<string, number>();
  const byMailbox = new Map<string, number>();
  groups.forEach((group, index) => {
    if (group.owner !== null) byOwner.set(group.owner, index);
    for (const mailbox of group.mailboxes) byMailbox.set(mailbox, index);
  });
  for (const lead of leads) {
    const mailbox = lead.evidence[0]?.mailbox;
    const ownerIndex = lead.owner === null ? undefined : byOwner.get(lead.owner);
    const ownerGroup = ownerIndex === undefined ? undefined : groups[ownerIndex];
    const isInOwnerPeriod = ownerGroup !== undefined && isWithinSpans(lead.firstSeen, ownerGroup);
    const index =
      (isInOwnerPeriod ? ownerIndex : undefined) ??
      (mailbox === undefined ? undefined : byMailbox.get(mailbox)) ??
      ownerIndex ??
      0;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

/** Tells whether a date lies in one of an owner's stretches of mail; an owner without dated mail has none to miss. */
function isWithinSpans(date: string | null, group: OwnerWeeks): boolean {
  if (date === null || group.spans.length === 0) return true;
  return group.spans.some((span) => date >= span.start && date <= span.end);
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
