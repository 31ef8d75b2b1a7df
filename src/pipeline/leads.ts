// Leads: the opportunities that count once in the loss. One customer request
// can touch several categories ("a quote for the Enterprise plan" is upgrade
// and closing), be sent again as a new e-mail, or move from a demo to a quote
// to a purchase order in separate threads, but conversion x LTV counts once
// for it.
import { CATEGORIES } from '../types.js';
import type { Opportunity } from '../types.js';

/** Pipeline requests of one account closer than this in time are one lead. */
export const LEAD_WINDOW_WEEKS = 13;

const MS_PER_WEEK = 7 * 24 * 60 * 60 * 1000;

/** Thread and account of one opportunity, the two facts grouping reads besides the opportunity. */
export interface LeadKey {
  threadId: string;
  /** Matched CRM account, else the sender's domain or free-mail address. */
  account: string;
}

/**
 * Values one opportunity per lead. Pipeline opportunities of one account are
 * one lead when they share a thread, or when they started at most
 * LEAD_WINDOW_WEEKS apart: one buying conversation often runs over several
 * threads (demo, quote, purchase order). A referral joins only referrals in
 * the window, because it is another company's deal. Churn risk is one lead
 * per account: a customer can leave once.
 * The first invisible one in category order carries the value, else the
 * first. The others keep their category and verdict, with value 0 and
 * `sameLeadAs` naming it.
 */
export function markSharedLeads(opportunities: Opportunity[], keys: LeadKey[]): Opportunity[] {
  const parent = opportunities.map((_, position) => position);
  const find = (position: number): number => {
    let root = position;
    while (parent[root] !== root) root = parent[root] as number;
    parent[position] = root;
    return root;
  };
  const join = (a: number, b: number) => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };

  const byAccount = new Map<string, number[]>();
  opportunities.forEach((opportunity, position) => {
    const account = `${opportunity.category === 'churn-risk' ? 'churn' : 'pipeline'}\u0000${keys[position]?.account ?? ''}`;
    byAccount.set(account, [...(byAccount.get(account) ?? []), position]);
  });
  for (const positions of byAccount.values()) {
    for (const [index, a] of positions.entries()) {
      for (const b of positions.slice(index + 1)) {
        if (isSameLead(opportunities[a] as Opportunity, opportunities[b] as Opportunity, keys[a], keys[b])) join(a, b);
      }
    }
  }

  const groups = new Map<number, number[]>();
  opportunities.forEach((_, position) => {
    const root = find(position);
    groups.set(root, [...(groups.get(root) ?? []), position]);
  });
  const order = (position: number) => CATEGORIES.indexOf((opportunities[position] as Opportunity).category);
  const result = [...opportunities];
  for (const positions of groups.values()) {
    if (positions.length < 2) continue;
    const sorted = [...positions].sort((a, b) => order(a) - order(b) || a - b);
    const lead =
      sorted.find((position) => (opportunities[position] as Opportunity).crm.status === 'invisible') ??
      (sorted[0] as number);
    const leadId = (opportunities[lead] as Opportunity).id;
    for (const position of positions) {
      if (position === lead) continue;
      result[position] = { ...(opportunities[position] as Opportunity), estimatedValue: 0, sameLeadAs: leadId };
    }
  }
  return result;
}

function isSameLead(a: Opportunity, b: Opportunity, keyA: LeadKey | undefined, keyB: LeadKey | undefined): boolean {
  if (a.category === 'churn-risk') return true;
  if (keyA !== undefined && keyB !== undefined && keyA.threadId === keyB.threadId) return true;
  if ((a.category === 'referral') !== (b.category === 'referral')) return false;
  if (a.firstSeen === null || b.firstSeen === null) return false;
  return Math.abs(Date.parse(a.firstSeen) - Date.parse(b.firstSeen)) <= LEAD_WINDOW_WEEKS * MS_PER_WEEK;
}
