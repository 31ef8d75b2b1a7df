import { describe, expect, test } from 'vitest';
import { unmatchedVerdict } from '../../src/match/index.js';
import { markSharedLeads, type LeadKey } from '../../src/pipeline/leads.js';
import type { Category, Opportunity } from '../../src/types.js';

function opportunity(id: string, category: Category, firstSeen: string): Opportunity {
  return {
    id,
    category,
    account: 'acme.example',
    owner: null,
    domain: 'acme.example',
    contacts: [],
    firstSeen,
    lastSeen: firstSeen,
    outsidePeriod: false,
    quantity: null,
    confidence: 0.9,
    crm: unmatchedVerdict('no CRM account'),
    estimatedValue: 5000,
    sameLeadAs: null,
    referredCompany: null,
    evidence: [],
  };
}

function valued(opportunities: Opportunity[], keys: LeadKey[]): string[] {
  return markSharedLeads(opportunities, keys)
    .filter((item) => item.sameLeadAs === null)
    .map((item) => item.id);
}

const key = (threadId: string, account = 'acme.example'): LeadKey => ({ threadId, account });

describe('markSharedLeads', () => {
  test('two categories of one thread are one lead', () => {
    const items = [opportunity('a', 'upgrade', '2026-03-02T09:00:00Z'), opportunity('b', 'closing', '2026-03-02T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t1')])).toEqual(['a']);
  });

  test('dated request carries the value', () => {
    const undated = { ...opportunity('a', 'upgrade', ''), firstSeen: null, lastSeen: null };
    const items = [undated, opportunity('b', 'closing', '2026-03-02T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t1')])).toEqual(['b']);
  });

  test('the same request sent again is one lead', () => {
    const items = [
      opportunity('a', 'expansion', '2026-03-02T09:00:00Z'),
      opportunity('b', 'expansion', '2026-03-09T09:00:00Z'),
      opportunity('c', 'expansion', '2026-03-16T09:00:00Z'),
    ];
    expect(valued(items, [key('t1'), key('t2'), key('t3')])).toEqual(['a']);
  });

  test('requests months apart are two leads', () => {
    const items = [opportunity('a', 'expansion', '2026-01-05T09:00:00Z'), opportunity('b', 'expansion', '2026-09-07T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t2')])).toEqual(['a', 'b']);
  });

  test('one sales cycle over several threads is one lead', () => {
    const items = [
      opportunity('a', 'new-business', '2026-03-02T09:00:00Z'),
      opportunity('b', 'closing', '2026-03-20T09:00:00Z'),
      opportunity('c', 'expansion', '2026-04-10T09:00:00Z'),
    ];
    // The value goes to the first category in category order, expansion here.
    expect(valued(items, [key('t1'), key('t2'), key('t3')])).toEqual(['c']);
  });

  test('other categories months apart stay apart', () => {
    const items = [opportunity('a', 'new-business', '2026-01-05T09:00:00Z'), opportunity('b', 'upgrade', '2026-09-07T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t2')])).toEqual(['a', 'b']);
  });

  test('a referral stays apart from pipeline', () => {
    const items = [opportunity('a', 'expansion', '2026-03-02T09:00:00Z'), opportunity('b', 'referral', '2026-03-03T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t2')])).toEqual(['a', 'b']);
  });

  test('a referral in the quote thread stays apart', () => {
    const items = [
      opportunity('a', 'new-business', '2026-03-02T09:00:00Z'),
      opportunity('b', 'closing', '2026-03-10T09:00:00Z'),
      opportunity('c', 'referral', '2026-03-11T09:00:00Z'),
      opportunity('d', 'referral', '2026-08-03T09:00:00Z'),
    ];
    expect(valued(items, [key('t1'), key('t2'), key('t2'), key('t3')])).toEqual(['b', 'c', 'd']);
  });

  // An introduction and the introduced company's own request are one deal: counting both
  // doubled its value in the loss.
  test('a named referral joins the referred company request', () => {
    const referral = { ...opportunity('r', 'referral', '2026-03-02T09:00:00Z'), referredCompany: 'keller-bau.example' };
    const items = [referral, opportunity('n', 'new-business', '2026-03-05T09:00:00Z'), opportunity('x', 'expansion', '2026-03-05T09:00:00Z')];
    const keys = [key('t1', 'keller-bau.example'), key('t2', 'keller-bau.example'), key('t3', 'orbit.example')];
    expect(valued(items, keys)).toEqual(['n', 'x']);
  });

  test('a named referral far from the request stays apart', () => {
    const referral = { ...opportunity('r', 'referral', '2026-01-05T09:00:00Z'), referredCompany: 'keller-bau.example' };
    const items = [referral, opportunity('n', 'new-business', '2026-06-01T09:00:00Z')];
    expect(valued(items, [key('t1', 'keller-bau.example'), key('t2', 'keller-bau.example')])).toEqual(['r', 'n']);
  });

  test('the window runs from the first request', () => {
    // Requests at weeks 0, 12 and 24: the third is over 13 weeks after the lead began.
    const items = [
      opportunity('a', 'expansion', '2026-01-05T09:00:00Z'),
      opportunity('b', 'expansion', '2026-03-30T09:00:00Z'),
      opportunity('c', 'expansion', '2026-06-22T09:00:00Z'),
    ];
    expect(valued(items, [key('t1'), key('t2'), key('t3')])).toEqual(['a', 'c']);
  });

  test('a covered request keeps the lead out of the loss', () => {
    // The CRM won the January deal; the April request of the same conversation is no new loss.
    const covered = { ...opportunity('a', 'closing', '2026-01-05T09:00:00Z'), crm: { ...unmatchedVerdict('won'), status: 'covered' as const } };
    const items = [covered, opportunity('b', 'closing', '2026-03-30T09:00:00Z')];
    const marked = markSharedLeads(items, [key('t1'), key('t2')]);
    expect(marked.map((item) => item.sameLeadAs)).toEqual([null, 'a']);
    expect(marked[1]?.estimatedValue).toBe(0);
  });

  test('exactly 13 weeks apart are two leads', () => {
    const items = [opportunity('a', 'upgrade', '2026-01-05T09:00:00Z'), opportunity('b', 'upgrade', '2026-04-06T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t2')])).toEqual(['a', 'b']);
  });

  test('other accounts stay apart', () => {
    const items = [opportunity('a', 'expansion', '2026-03-02T09:00:00Z'), opportunity('b', 'expansion', '2026-03-02T09:00:00Z')];
    expect(valued(items, [key('t1', 'acme.example'), key('t1', 'globex.example')])).toEqual(['a', 'b']);
  });

  test('churn risk is one per account', () => {
    const items = [opportunity('a', 'churn-risk', '2026-01-05T09:00:00Z'), opportunity('b', 'churn-risk', '2026-11-02T09:00:00Z')];
    const marked = markSharedLeads(items, [key('t1'), key('t2')]);
    expect(marked.map((item) => item.estimatedValue)).toEqual([5000, 0]);
    expect(marked[1]?.sameLeadAs).toBe('a');
  });

  test('a retention quote joins the churn risk', () => {
    // "We will cancel at renewal" then "send the proposal" in one thread: the proposal is no new money.
    const items = [opportunity('a', 'churn-risk', '2026-10-15T09:00:00Z'), opportunity('b', 'closing', '2026-10-20T09:00:00Z')];
    const marked = markSharedLeads(items, [key('t1'), key('t1')]);
    expect(marked.map((item) => item.sameLeadAs)).toEqual([null, 'a']);
    expect(marked[1]?.estimatedValue).toBe(0);
  });

  test('a covered retention quote leaves churn valued', () => {
    const quote = { ...opportunity('a', 'closing', '2026-10-20T09:00:00Z'), crm: { ...unmatchedVerdict('won'), status: 'covered' as const } };
    const items = [quote, opportunity('b', 'churn-risk', '2026-10-15T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t1')])).toEqual(['b']);
  });

  test('a quote in another thread stays pipeline', () => {
    const items = [opportunity('a', 'churn-risk', '2026-10-15T09:00:00Z'), opportunity('b', 'closing', '2026-10-20T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t2')])).toEqual(['a', 'b']);
  });

  test('more seats beside a churn threat stay pipeline', () => {
    const items = [opportunity('a', 'churn-risk', '2026-10-15T09:00:00Z'), opportunity('b', 'expansion', '2026-10-20T09:00:00Z')];
    expect(valued(items, [key('t1'), key('t1')])).toEqual(['a', 'b']);
  });

  test('another account in the thread stays pipeline', () => {
    const items = [opportunity('a', 'churn-risk', '2026-10-15T09:00:00Z'), opportunity('b', 'closing', '2026-10-20T09:00:00Z')];
    expect(valued(items, [key('t1', 'acme.example'), key('t1', 'globex.example')])).toEqual(['a', 'b']);
  });
});
