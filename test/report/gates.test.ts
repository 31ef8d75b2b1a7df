import { describe, expect, test } from 'vitest';
import { evaluateGates, renderVerdictLine, type GateOptions } from '../../src/report/gates.js';
import { buildSampleReport } from './sample-report.js';

// The sample report has 5 invisible opportunities, 25% coverage and a loss of EUR 39,000.00.
const report = buildSampleReport();

describe('evaluateGates', () => {
  test.each<[string, GateOptions, boolean]>([
    ['no gates', {}, true],
    ['invisible at limit', { maxInvisible: 5 }, true],
    ['invisible over limit', { maxInvisible: 4 }, false],
    ['coverage at limit', { minCoverage: 0.25 }, true],
    ['coverage under limit', { minCoverage: 0.5 }, false],
    ['loss at limit', { maxLoss: 39000 }, true],
    ['loss over limit', { maxLoss: 38999.99 }, false],
    ['zero invisible allowed', { maxInvisible: 0 }, false],
  ])('%s', (_, gates, passed) => {
    expect(evaluateGates(report, gates).passed).toBe(passed);
  });

  test('invisible failure sentence', () => {
    expect(evaluateGates(report, { maxInvisible: 3 }).failures).toEqual([
      '5 invisible opportunities exceed --max-invisible 3.',
    ]);
  });

  test('coverage failure sentence', () => {
    // The threshold as typed, and enough digits that 38.46% never reads as below 38.5%.
    const close = buildSampleReport();
    close.summary = { ...close.summary, opportunities: 13, covered: 5, coverageRate: 0.3846 };
    expect(evaluateGates(close, { minCoverage: 0.385 }).failures).toEqual([
      'CRM coverage 38.46% is below --min-coverage 0.385 (38.5%).',
    ]);
    // The exact share 5/13 = 0.3846153…, not the rounded coverageRate 0.3846, is compared.
    expect(evaluateGates(close, { minCoverage: 0.38461 }).passed).toBe(true);
    expect(evaluateGates(close, { minCoverage: 0.3846154 }).failures).toEqual([
      'CRM coverage 38.461538% is below --min-coverage 0.3846154 (38.46154%).',
    ]);
    expect(evaluateGates(report, { minCoverage: 0.5 }).failures).toEqual([
      'CRM coverage 25% is below --min-coverage 0.5 (50%).',
    ]);
  });

  test('loss failure sentence', () => {
    expect(evaluateGates(report, { maxLoss: 10000 }).failures).toEqual([
      'Estimated annual loss EUR 39,000.00 exceeds --max-loss EUR 10,000.00.',
    ]);
    // A threshold under the loss by less than a cent gets the decimals that tell them apart.
    expect(evaluateGates(report, { maxLoss: 38999.995 }).failures).toEqual([
      'Estimated annual loss EUR 39,000.000 exceeds --max-loss EUR 38,999.995.',
    ]);
  });

  test('no opportunities passes coverage', () => {
    const empty = buildSampleReport({ opportunities: [] });
    empty.summary = { ...empty.summary, opportunities: 0, covered: 0, invisible: 0, coverageRate: null };
    const result = evaluateGates(empty, { minCoverage: 0.5 });
    expect(result.passed).toBe(true);
    expect(renderVerdictLine(empty, result)).toContain('CRM coverage n/a (no opportunities)');
  });

  test('all failures listed', () => {
    const result = evaluateGates(report, { maxInvisible: 0, minCoverage: 1, maxLoss: 0 });
    expect(result.failures).toHaveLength(3);
  });
});

describe('renderVerdictLine', () => {
  test('pass line', () => {
    const line = renderVerdictLine(report, evaluateGates(report, { maxInvisible: 5 }));
    expect(line).toBe(
      'PASS: 5 invisible of 8 opportunities, CRM coverage 25%, estimated annual loss EUR 39,000.00 ' +
        '(1 CRM row skipped; 3 messages skipped)',
    );
  });

  test('without a gate the line neither passes nor fails', () => {
    const result = evaluateGates(report, {});
    expect(result.checked).toBe(0);
    expect(renderVerdictLine(report, result)).toBe(
      'AUDIT: 5 invisible of 8 opportunities, CRM coverage 25%, estimated annual loss EUR 39,000.00 ' +
        '(1 CRM row skipped; 3 messages skipped; no gate set)',
    );
  });

  test('counts the gates set', () => {
    expect(evaluateGates(report, { maxInvisible: 9, minCoverage: 0.1, maxLoss: 1e9 }).checked).toBe(3);
  });

  test('one opportunity is singular', () => {
    const single = buildSampleReport();
    single.summary = { ...single.summary, opportunities: 1, invisible: 1 };
    expect(renderVerdictLine(single, evaluateGates(single, {}))).toContain('1 invisible of 1 opportunity,');
  });

  test('fail line', () => {
    const line = renderVerdictLine(report, evaluateGates(report, { maxInvisible: 3 }));
    expect(line).toBe(
      'FAIL: 5 invisible of 8 opportunities, CRM coverage 25%, estimated annual loss EUR 39,000.00 ' +
        '(1 CRM row skipped; 3 messages skipped). 5 invisible opportunities exceed --max-invisible 3.',
    );
  });

  test('single line', () => {
    const line = renderVerdictLine(report, evaluateGates(report, { maxInvisible: 0, maxLoss: 0 }));
    expect(line).not.toContain('\n');
  });
});

describe('renderVerdictLine caveats', () => {
  const passed = { passed: true, checked: 1, failures: [] };
  // The sample report skips 1 CRM row and 3 messages; these variants read everything.
  const complete = {
    ...report,
    inputs: {
      mailboxes: report.inputs.mailboxes.map((mailbox) => ({ ...mailbox, skipped: 0 })),
      crm: (report.inputs.crm ?? []).map((file) => ({ ...file, skipped: 0 })),
    },
  };

  test('nothing to say', () => {
    expect(renderVerdictLine(complete, passed)).toBe(
      'PASS: 5 invisible of 8 opportunities, CRM coverage 25%, estimated annual loss EUR 39,000.00',
    );
  });

  test('bundled sample', () => {
    expect(renderVerdictLine({ ...complete, sample: true }, passed)).toBe(
      'PASS: 5 invisible of 8 opportunities, CRM coverage 25%, estimated annual loss EUR 39,000.00 ' +
        '(bundled sample, not your mail)',
    );
  });

  test('no CRM export', () => {
    const line = renderVerdictLine({ ...complete, inputs: { ...complete.inputs, crm: null } }, passed);
    expect(line).toMatch(/ \(no CRM export: every opportunity is invisible\)$/);
  });

  test('one skipped row and message are singular', () => {
    const crm = (complete.inputs.crm ?? []).map((file, index) => ({ ...file, skipped: index === 0 ? 1 : 0 }));
    const mailboxes = complete.inputs.mailboxes.map((mailbox, index) => ({
      ...mailbox,
      skipped: index === 0 ? 1 : 0,
    }));
    const line = renderVerdictLine({ ...complete, inputs: { mailboxes, crm } }, passed);
    expect(line).toMatch(/ \(1 CRM row skipped; 1 message skipped\)$/);
  });

  test('warnings are counted', () => {
    expect(renderVerdictLine(complete, passed, 1)).toMatch(/ \(1 warning on stderr\)$/);
    expect(renderVerdictLine({ ...complete, sample: true }, passed, 3)).toMatch(/ \(bundled sample, not your mail; 3 warnings on stderr\)$/);
  });

  test('a failed gate follows the caveats', () => {
    const line = renderVerdictLine({ ...complete, sample: true }, evaluateGates(report, { maxInvisible: 3 }));
    expect(line).toMatch(/\(bundled sample, not your mail\)\. 5 invisible opportunities exceed/);
  });
});
