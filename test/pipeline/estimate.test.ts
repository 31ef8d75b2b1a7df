import { describe, expect, test } from 'vitest';
import {
  buildAssumptions,
  checkPeriodGaps,
  MailDates,
  PERIOD_GAP_WEEKS,
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
    sameLeadAs: null,
    evidence: [],
  };
}

function mailbox(path: string, firstDate: string | null, lastDate: string | null) {
  return { path, firstDate, lastDate };
}

function measure(dates: Array<string | null>) {
  const collected = new MailDates();
  for (const date of dates) collected.add(date);
  return collected.measure();
}

/** Returns one ISO date a day for `days` days, from `start` at its time of day. */
function daily(start: string, days: number): string[] {
  const first = Date.parse(start);
  return Array.from({ length: days }, (_, index) => new Date(first + index * 86_400_000).toISOString());
}

describe('MailDates', () => {
  test('short spans count as one week', () => {
    const period = measure(['2026-10-01T00:00:00.000Z', '2026-10-03T00:00:00.000Z']);
    expect(period.weeks).toBe(1);
  });

  test('weeks from first to last date', () => {
    const period = measure(['2026-10-29T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-10-15T09:00:00.000Z']);
    expect(period.weeks).toBe(4);
    expect(period.start).toBe('2026-10-01T00:00:00.000Z');
    expect(period.end).toBe('2026-10-29T00:00:00.000Z');
    expect(period.spans).toEqual([
      { start: '2026-10-01T00:00:00.000Z', end: '2026-10-29T00:00:00.000Z', weeks: 4, messages: 3 },
    ]);
  });

  test('no dates gives one week', () => {
    const period = measure([null, 'not a date']);
    expect(period.weeks).toBe(1);
    expect(period.spans).toEqual([]);
    const problems = checkPeriodGaps([mailbox('a', null, null)], period);
    expect(problems.map((problem) => problem.code)).toEqual(['MAIL_UNDATED']);
  });

  test('single messages weeks apart form one stretch', () => {
    // One .eml file per message, each its own input: the weeks between them are mail weeks.
    const dates = Array.from({ length: 10 }, (_, index) => new Date(Date.parse('2026-01-05T10:00:00Z') + index * 7 * 86_400_000).toISOString());
    expect(measure(dates).weeks).toBe(9);
  });

  test('separate exports sum their own weeks', () => {
    const period = measure([...daily('2025-06-01T00:00:00.000Z', 29), ...daily('2000-03-02T00:00:00.000Z', 15)]);
    expect(period.weeks).toBe(6);
    expect(period.start).toBe('2000-03-02T00:00:00.000Z');
    expect(period.end).toBe('2025-06-29T00:00:00.000Z');
    expect(period.spans.map((span) => [span.weeks, span.messages])).toEqual([[2, 15], [4, 29]]);
    const mailboxes = [mailbox('new', '2025-06-01T00:00:00.000Z', '2025-06-29T00:00:00.000Z'), mailbox('old', '2000-03-02T00:00:00.000Z', '2000-03-16T00:00:00.000Z'), mailbox('empty', null, null)];
    const problems = checkPeriodGaps(mailboxes, period);
    expect(problems.map((problem) => problem.code)).toEqual(['MAILBOX_PERIODS_DISJOINT']);
    expect(problems[0]?.file).toBe('new, old');
    expect(problems[0]?.detail).toContain('2000-03-02 to 2000-03-16 (15 messages); 2025-06-01 to 2025-06-29 (29 messages)');
  });

  test('one far-future date adds no weeks', () => {
    // Before, a single message dated 2099 stretched the period to 3,774 weeks.
    const period = measure([...daily('2026-09-01T08:00:00.000Z', 71), '2099-01-01T00:00:00.000Z']);
    expect(period.weeks).toBe(10);
    expect(period.spans.map((span) => span.messages)).toEqual([71, 1]);
  });

  test('a gap of exactly 13 weeks keeps one stretch', () => {
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const end = new Date(start + PERIOD_GAP_WEEKS * 7 * 86_400_000).toISOString();
    expect(measure(['2026-01-01T00:00:00.000Z', end]).spans).toHaveLength(1);
    const later = new Date(start + PERIOD_GAP_WEEKS * 7 * 86_400_000 + 1000).toISOString();
    expect(measure(['2026-01-01T00:00:00.000Z', later]).spans).toHaveLength(2);
  });

  test('short period is reported', () => {
    const period = measure(daily('2026-10-01T00:00:00.000Z', 10));
    const problems = checkPeriodGaps([mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-10T00:00:00.000Z')], period);
    expect(problems.map((problem) => problem.code)).toEqual(['PERIOD_SHORT']);
    expect(problems[0]?.detail).toContain('only 1.29 weeks');
  });

  test('an undated mailbox among dated ones is reported', () => {
    const period = measure(daily('2026-10-01T00:00:00.000Z', 29));
    const mailboxes = [
      { ...mailbox('dated', '2026-10-01T00:00:00.000Z', '2026-10-29T00:00:00.000Z'), messages: 29 },
      { ...mailbox('undated', null, null), messages: 5 },
      { ...mailbox('empty', null, null), messages: 0 },
    ];
    const problems = checkPeriodGaps(mailboxes, period);
    expect(problems.map((problem) => [problem.code, problem.file])).toEqual([['MAILBOX_UNDATED', 'undated']]);
  });

  test('one long stretch raises no problem', () => {
    const period = measure(daily('2026-10-01T00:00:00.000Z', 29));
    expect(checkPeriodGaps([mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-29T00:00:00.000Z')], period)).toEqual([]);
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
