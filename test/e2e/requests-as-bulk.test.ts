// End to end: customer requests that arrive the way bulk mail does. A web form's robot sends the
// visitor's request with the visitor in Reply-To, and the request stays the visitor's.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const DIR = path.join(FIXTURES, 'requests-as-bulk');
const OWNER = ['--owner', 'claire@vendor.example', '--no-progress'];

async function audit(file: string): Promise<AuditReport> {
  const result = await runLeak(['audit', '--mbox', path.join(DIR, file), '--json', ...OWNER]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

describe('web-form notifications', () => {
  test('visitor in Reply-To is the lead', async () => {
    const report = await audit('form-relay.mbox');
    expect(report.opportunities.map((o) => [o.account, o.contacts])).toEqual([
      ['delta.example', ['dan@delta.example']],
      ['zeta.example', ['zed@zeta.example']],
    ]);
    // Two leads over the exact span of 71 days (10.14 weeks): 2 / (71 / 7) x 52 x EUR 5,000.
    expect(report.summary.estimatedAnnualLoss).toBe(51267.61);
  });

  test('evidence names the form robot', async () => {
    const report = await audit('form-relay.mbox');
    const evidence = report.opportunities.map((o) => [o.evidence[0]?.from, o.evidence[0]?.relayedBy]);
    expect(evidence).toEqual([
      ['Dan Delta <dan@delta.example>', 'noreply@vendor.example'],
      ['zed@zeta.example', 'notifications@forms-saas.example'],
    ]);
  });

  test('terminal report names the form robot', async () => {
    const result = await runLeak(['audit', '--mbox', path.join(DIR, 'form-relay.mbox'), ...OWNER]);
    expect(result.stdout).toContain('Dan Delta <dan@delta.example> (Reply-To of a web form sent by noreply@vendor.example)');
  });

  test('no-reply relay is no account', async () => {
    const report = await audit('form-relay.mbox');
    expect(report.opportunities.some((o) => o.account === 'linkedin.example')).toBe(false);
    expect(Array.from(report.exclusions.messages, (e) => [e.where, e.kind, e.reason])).toEqual([
      ['message 3 (byte 955)', 'bulk', 'no-reply sender messages-noreply@linkedin.example'],
    ]);
  });
});
