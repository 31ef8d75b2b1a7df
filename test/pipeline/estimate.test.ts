import { describe, expect, test } from 'vitest';
import { buildAssumptions, summarize, valueOpportunity } from '../../src/pipeline/estimate.js';
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
    firstSeen: null,
    lastSeen: null,
    quantity: null,
    confidence: 1,
    crm: { status, record: null, recordAmount: null, recordCurrency: null, account: null, matchedBy: null, reason: '', candidates: [] },
    estimatedValue: 0,
    sameLeadAs: null,
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
