import { describe, expect, test } from 'vitest';
import {
  buildAssumptions,
  checkPeriodGaps,
  measureMailboxPeriod,
  summarize,
  valueOpportunity,
} from '../../src/pipeline/estimate.js';
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
    evidence: [],
  };
}

function mailbox(path: string, firstDate: string | null, lastDate: string | null) {
  return { path, firstDate, lastDate };
}

describe('measureMailboxPeriod', () => {
  test('short spans count as one week', () => {
    const period = measureMailboxPeriod([mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-03T00:00:00.000Z')]);
    expect(period.weeks).toBe(1);
  });

  test('weeks from first to last date', () => {
    const period = measureMailboxPeriod([mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-29T00:00:00.000Z')]);
    expect(period.weeks).toBe(4);
    expect(period.start).toBe('2026-10-01T00:00:00.000Z');
    expect(period.end).toBe('2026-10-29T00:00:00.000Z');
  });

  test('no dates gives one week', () => {
    const period = measureMailboxPeriod([mailbox('a', null, null)]);
    expect(period.weeks).toBe(1);
    expect(period.spans).toEqual([]);
  });

  test('overlapping mailboxes merge', () => {
    const period = measureMailboxPeriod([
      mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-15T00:00:00.000Z'),
      mailbox('b', '2026-10-08T00:00:00.000Z', '2026-10-29T00:00:00.000Z'),
    ]);
    expect(period.weeks).toBe(4);
    expect(period.spans).toHaveLength(1);
  });

  test('disjoint mailboxes sum their own weeks', () => {
    const mailboxes = [
      mailbox('new', '2025-06-01T00:00:00.000Z', '2025-06-29T00:00:00.000Z'),
      mailbox('old', '2000-03-02T00:00:00.000Z', '2000-03-16T00:00:00.000Z'),
      mailbox('empty', null, null),
    ];
    const period = measureMailboxPeriod(mailboxes);
    expect(period.weeks).toBe(6);
    expect(period.start).toBe('2000-03-02T00:00:00.000Z');
    expect(period.end).toBe('2025-06-29T00:00:00.000Z');
    expect(period.spans.map((span) => span.weeks)).toEqual([2, 4]);
    const problems = checkPeriodGaps(mailboxes, period);
    expect(problems.map((problem) => problem.code)).toEqual(['MAILBOX_PERIODS_DISJOINT']);
    expect(problems[0]?.file).toBe('new, old');
    expect(problems[0]?.detail).toContain('2000-03-02 to 2000-03-16; 2025-06-01 to 2025-06-29');
  });

  test('one span raises no gap problem', () => {
    const mailboxes = [mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-29T00:00:00.000Z')];
    expect(checkPeriodGaps(mailboxes, measureMailboxPeriod(mailboxes))).toEqual([]);
  });
});

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
