import { describe, expect, test } from 'vitest';
import { buildAssumptions, estimateAnnualLoss, estimateOwnersLoss, summarize, valueOpportunity } from '../../src/pipeline/estimate.js';
import type { OwnerWeeks } from '../../src/pipeline/period.js';
import type { Opportunity, VerdictStatus } from '../../src/types.js';

const options = { conversionRate: 0.1, ltv: 50_000, currency: 'EUR', secondOrderMultiplier: 2 };

function opportunity(category: Opportunity['category'], status: VerdictStatus): Opportunity {
  return {
    id: `opp-${category}-${status}`,
    category,
    account: 'northwind.example',
    owner: null,
    domain: 'northwind.example',
    contacts: [],
    firstSeen: '2026-09-07T09:00:00Z',
    lastSeen: '2026-09-07T09:00:00Z',
    outsidePeriod: false,
    quantity: null,
    confidence: 1,
    crm: { status, record: null, recordAmount: null, recordCurrency: null, account: null, matchedBy: null, reason: '', candidates: [] },
    estimatedValue: 0,
    sameLeadAs: null,
    referredCompany: null,
    evidence: [],
  };
}

describe('summarize', () => {
  test('one invisible lead a week loses 260000 a year', () => {
    const assumptions = buildAssumptions(options, { start: null, end: null, weeks: 1 });
    const summary = summarize([opportunity('expansion', 'invisible')], 10, assumptions);
    expect(summary.invisiblePerWeek).toBe(1);
    expect(summary.estimatedAnnualLoss).toBe(260_000);
    expect(summary.estimatedAnnualLossWithSecondOrder).toBe(520_000);
  });

  test('undated lead left out of loss', () => {
    const assumptions = buildAssumptions(options, { start: null, end: null, weeks: 1 });
    const undated = { ...opportunity('upgrade', 'invisible'), firstSeen: null, lastSeen: null };
    const summary = summarize([opportunity('expansion', 'invisible'), undated], 10, assumptions);
    expect(summary.invisible).toBe(2);
    expect(summary.invisibleLeads).toBe(1);
    expect(summary.estimatedAnnualLoss).toBe(260_000);
  });

  test('lead outside the period left out', () => {
    const assumptions = buildAssumptions(options, { start: null, end: null, weeks: 1 });
    const outside = { ...opportunity('upgrade', 'invisible'), outsidePeriod: true };
    const summary = summarize([opportunity('expansion', 'invisible'), outside], 10, assumptions);
    expect(summary.invisible).toBe(2);
    expect(summary.invisibleLeads).toBe(1);
    expect(summary.estimatedAnnualLoss).toBe(260_000);
  });

  test('churn risk is not pipeline loss', () => {
    const assumptions = buildAssumptions(options, { start: null, end: null, weeks: 1 });
    const summary = summarize([opportunity('churn-risk', 'invisible')], 1, assumptions);
    expect(summary.estimatedAnnualLoss).toBe(0);
    expect(summary.revenueAtRiskCount).toBe(1);
    expect(summary.revenueAtRisk).toBe(50_000);
  });

  test('covered and ambiguous are not loss', () => {
    const assumptions = buildAssumptions(options, { start: null, end: null, weeks: 2 });
    const summary = summarize(
      [opportunity('closing', 'covered'), opportunity('upgrade', 'ambiguous'), opportunity('expansion', 'invisible')],
      3,
      assumptions,
    );
    expect(summary.estimatedAnnualLoss).toBe(130_000);
    expect(summary.coverageRate).toBe(0.3333);
    expect(summary.ambiguous).toBe(1);
  });

  test('opportunity value is conversion times ltv', () => {
    expect(valueOpportunity({ category: 'expansion' }, options)).toBe(5000);
    expect(valueOpportunity({ category: 'churn-risk' }, options)).toBe(50_000);
  });
});

/** Returns an invisible expansion lead of `owner`, first seen in `mailbox`. */
function leadOf(id: string, owner: string | null, mailbox: string): Opportunity {
  const evidence = { messageId: id, mailbox, file: mailbox, date: null, from: 'x@northwind.example', subject: '', rule: 'r', snippet: '', quantity: null, confidence: 1, language: 'en' };
  return { ...opportunity('expansion', 'invisible'), id, owner, evidence: [evidence] };
}

function weeksOf(owner: string | null, mailboxes: string[], weeks: number): OwnerWeeks {
  return { owner, mailboxes, start: null, end: null, weeks, spans: [] };
}

describe('summarize per owner', () => {
  const assumptions = buildAssumptions(options, { start: null, end: null, weeks: 37.29 });

  test('owners count their own weeks', () => {
    const leads = [leadOf('a1', 'claire@v.example', 'a'), leadOf('a2', 'claire@v.example', 'a'), leadOf('b1', 'tom@v.example', 'b'), leadOf('b2', 'tom@v.example', 'b')];
    const owners = [weeksOf('claire@v.example', ['a'], 24.29), weeksOf('tom@v.example', ['b'], 24.29)];
    const summary = summarize(leads, 10, assumptions, owners);
    expect(summary.byOwner.map((row) => [row.owner, row.invisibleLeads, row.estimatedAnnualLoss])).toEqual([
      ['claire@v.example', 2, 21_407.99],
      ['tom@v.example', 2, 21_407.99],
    ]);
    // Each owner's figure is rounded, and the headline is their sum.
    expect(summary.estimatedAnnualLoss).toBe(42_815.98);
    expect(summary.invisiblePerWeek).toBe(0.1647);
    expect(summary.invisibleLeads).toBe(4);
  });

  test('one owner gives the single-period figures', () => {
    const leads = [leadOf('a1', 'claire@v.example', 'a'), leadOf('a2', 'claire@v.example', 'b')];
    const single = buildAssumptions(options, { start: null, end: null, weeks: 10.01 });
    const withOwner = summarize(leads, 10, single, [weeksOf('claire@v.example', ['a', 'b'], 10.01)]);
    const without = summarize(leads, 10, single);
    expect(withOwner.estimatedAnnualLoss).toBe(without.estimatedAnnualLoss);
    expect(withOwner.estimatedAnnualLoss).toBe(estimateAnnualLoss(2, 10.01, 0.1, 50_000, 'EUR'));
    expect(withOwner.invisiblePerWeek).toBe(without.invisiblePerWeek);
    expect(without.byOwner).toHaveLength(1);
    expect(without.byOwner[0]?.periodWeeks).toBe(10.01);
  });

  test('an owner without leads adds nothing', () => {
    const owners = [weeksOf('claire@v.example', ['a'], 10), weeksOf('una@v.example', ['c'], 30)];
    const summary = summarize([leadOf('a1', 'claire@v.example', 'a')], 10, assumptions, owners);
    expect(summary.byOwner[1]).toMatchObject({ owner: 'una@v.example', invisibleLeads: 0, invisiblePerWeek: 0, estimatedAnnualLoss: 0 });
    expect(summary.estimatedAnnualLoss).toBe(26_000);
  });

  test('a lead without a mailbox owner follows its mailbox', () => {
    // Owner tom has no mailbox here, so the lead counts where it was first seen.
    const owners = [weeksOf('claire@v.example', ['a'], 10), weeksOf(null, ['n'], 5)];
    const leads = [leadOf('x', 'tom@v.example', 'a'), leadOf('y', null, 'n'), leadOf('z', null, 'n')];
    const summary = summarize(leads, 10, assumptions, owners);
    expect(summary.byOwner.map((row) => row.invisibleLeads)).toEqual([1, 2]);
    expect(summary.estimatedAnnualLoss).toBe(26_000 + 104_000);
  });

  test('a shared lead counts once', () => {
    const carrier = leadOf('a1', 'claire@v.example', 'a');
    const shared = { ...leadOf('b1', 'tom@v.example', 'b'), sameLeadAs: 'a1' };
    const owners = [weeksOf('claire@v.example', ['a'], 10), weeksOf('tom@v.example', ['b'], 10)];
    const summary = summarize([carrier, shared], 10, assumptions, owners);
    expect(summary.byOwner.map((row) => row.invisibleLeads)).toEqual([1, 0]);
  });

  test('owners loss sums rounded figures', () => {
    const rows = [
      { invisibleLeads: 2, periodWeeks: 24.29 },
      { invisibleLeads: 1, periodWeeks: 5.72 },
    ];
    expect(estimateOwnersLoss(rows, 0.1, 50_000, 'EUR')).toBe(66_862.54);
    expect(estimateOwnersLoss(rows.slice(0, 1), 0.1, 50_000, 'EUR')).toBe(estimateAnnualLoss(2, 24.29, 0.1, 50_000, 'EUR'));
  });
});

describe('owner of a lead', () => {
  test('counts where its date lies', () => {
    // The lead names Ann, but Ann's mail covers only January. Bob's mailbox, where
    // it was read in March, covers its date, so it counts over Bob's weeks.
    const lead = { ...leadOf('opp-1', 'ann@vendor.example', 'bob.mbox'), firstSeen: '2026-03-02T09:00:00Z' };
    const ann = { ...weeksOf('ann@vendor.example', ['ann.mbox'], 4), spans: [{ start: '2026-01-05T00:00:00Z', end: '2026-02-02T00:00:00Z', weeks: 4, messages: 5 }] };
    const bob = { ...weeksOf('bob@vendor.example', ['bob.mbox'], 10), spans: [{ start: '2026-01-05T00:00:00Z', end: '2026-03-16T00:00:00Z', weeks: 10, messages: 9 }] };
    const assumptions = buildAssumptions(options, { start: null, end: null, weeks: 10 });
    const summary = summarize([lead], 1, assumptions, [ann, bob]);
    expect(summary.byOwner.map((owner) => owner.invisibleLeads)).toEqual([0, 1]);
    expect(summary.estimatedAnnualLoss).toBe(26_000);
  });
});
