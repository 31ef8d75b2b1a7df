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
  /** Matched CRM account, else the sender's domain or free-mail address; for a referral, the referred company when the mail names one. */
  account: string;
}

/**
 * Values one opportunity per lead. Pipeline opportunities of one account are
 * one lead when they share a thread, or when one started less than
 * LEAD_WINDOW_WEEKS after the lead's first request. One buying conversation
 * often runs over several threads (demo, quote, purchase order), but a request
 * every quarter makes a new lead each time. Referrals group the same way among
 * themselves, because a referral is another company's deal: the caller gives a
 * referral the referred company as its account, when the mail names one. Such a
 * referral also joins that company's own requests near it. Churn risk is
 * one lead per account, because a customer can leave once. A closing request
 * in a thread where the same account threatens to leave (a renewal price, a
 * retention proposal) is part of that churn lead: the money it would bring is
 * the revenue at risk, which is counted already. The first covered
 * one in category order carries the value, because the CRM already records
 * that lead, else the first invisible one, else the first.
 * The others keep their category and verdict, with value 0 and `sameLeadAs`
 * naming it.
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

  const churnThreads = new Set<string>();
  opportunities.forEach((opportunity, position) => {
    if (opportunity.category === 'churn-risk') churnThreads.add(threadKey(keys[position]));
  });
  const kindOf = (position: number): LeadKind => {
    const opportunity = opportunities[position] as Opportunity;
    if (opportunity.category === 'closing' && churnThreads.has(threadKey(keys[position]))) return 'churn';
    return leadKind(opportunity);
  };

  const buckets = new Map<string, number[]>();
  opportunities.forEach((_, position) => {
    const bucket = `${kindOf(position)}\u0000${keys[position]?.account ?? ''}`;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), position]);
  });
  for (const positions of buckets.values()) {
    const first = positions[0] as number;
    if (kindOf(first) === 'churn') {
      for (const position of positions) join(first, position);
      continue;
    }
    joinSameThread(positions, keys, join);
    joinWithinWindow(positions, opportunities, join);
  }
  joinReferralsToRequests(opportunities, keys, kindOf, join);

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
    // In a churn lead a churn risk carries the value, as revenue at risk, never a retention request.
    const isChurn = (position: number) => (opportunities[position] as Opportunity).category === 'churn-risk';
    const candidates = sorted.some(isChurn) ? sorted.filter(isChurn) : sorted;
    // A lead the CRM already records is not lost, so a covered member carries the value first.
    // A member dated inside the period carries the value before one that is undated or
    // dated outside the period, because the loss leaves those out.
    const isInPeriod = (position: number) => {
      const opportunity = opportunities[position] as Opportunity;
      return opportunity.firstSeen !== null && !opportunity.outsidePeriod;
    };
    const withStatus = (status: string) => {
      const matching = candidates.filter((position) => (opportunities[position] as Opportunity).crm.status === status);
      return matching.find(isInPeriod) ?? matching[0];
    };
    const lead = withStatus('covered') ?? withStatus('invisible') ?? (candidates[0] as number);
    const leadId = (opportunities[lead] as Opportunity).id;
    for (const position of positions) {
      if (position === lead) continue;
      result[position] = { ...(opportunities[position] as Opportunity), estimatedValue: 0, sameLeadAs: leadId };
    }
  }
  return result;
}

type LeadKind = 'pipeline' | 'referral' | 'churn';

function threadKey(key: LeadKey | undefined): string {
  return `${key?.threadId ?? ''}\u0000${key?.account ?? ''}`;
}

function leadKind(opportunity: Opportunity): LeadKind {
  if (opportunity.category === 'churn-risk') return 'churn';
  return opportunity.category === 'referral' ? 'referral' : 'pipeline';
}

function joinSameThread(positions: number[], keys: LeadKey[], join: (a: number, b: number) => void): void {
  const byThread = new Map<string, number>();
  for (const position of positions) {
    const threadId = keys[position]?.threadId;
    if (threadId === undefined) continue;
    const earlier = byThread.get(threadId);
    if (earlier === undefined) byThread.set(threadId, position);
    else join(earlier, position);
  }
}

/**
 * Joins a referral whose referred company the mail names to that company's own requests in the
 * same thread or less than LEAD_WINDOW_WEEKS apart. An introduction and the company's later
 * demo request are one deal, so counting both would double its value.
 */
function joinReferralsToRequests(
  opportunities: Opportunity[],
  keys: LeadKey[],
  kindOf: (position: number) => LeadKind,
  join: (a: number, b: number) => void,
): void {
  const requests = new Map<string, number[]>();
  opportunities.forEach((_, position) => {
    if (kindOf(position) !== 'pipeline') return;
    const account = keys[position]?.account ?? '';
    const list = requests.get(account);
    if (list === undefined) requests.set(account, [position]);
    else list.push(position);
  });
  opportunities.forEach((referral, position) => {
    if (referral.category !== 'referral' || referral.referredCompany === null) return;
    for (const request of requests.get(keys[position]?.account ?? '') ?? []) {
      if (keys[request]?.threadId === keys[position]?.threadId || isWithinWindow(referral, opportunities[request] as Opportunity)) {
        join(position, request);
      }
    }
  });
}

function isWithinWindow(a: Opportunity, b: Opportunity): boolean {
  const [timeA, timeB] = [Date.parse(a.firstSeen ?? ''), Date.parse(b.firstSeen ?? '')];
  if (Number.isNaN(timeA) || Number.isNaN(timeB)) return false;
  return Math.abs(timeA - timeB) < LEAD_WINDOW_WEEKS * MS_PER_WEEK;
}

/** Joins each dated opportunity to the lead whose first request began less than LEAD_WINDOW_WEEKS before it. */
function joinWithinWindow(positions: number[], opportunities: Opportunity[], join: (a: number, b: number) => void): void {
  const dated = positions
    .map((position) => ({ position, time: Date.parse((opportunities[position] as Opportunity).firstSeen ?? '') }))
    .filter((item) => !Number.isNaN(item.time))
    .sort((a, b) => a.time - b.time || a.position - b.position);
  let anchor: { position: number; time: number } | undefined;
  for (const item of dated) {
    if (anchor !== undefined && item.time - anchor.time < LEAD_WINDOW_WEEKS * MS_PER_WEEK) join(anchor.position, item.position);
    else anchor = item;
  }
}
