// Customer text that reply stripping and HTML reading must keep, and hidden HTML text they must
// drop, checked through the CLI on the mailboxes in fixtures/.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

async function audit(mbox: string): Promise<AuditReport> {
  const result = await runLeak(['audit', '--json', '--no-progress', '--mbox', mbox]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

describe('audit of reply and HTML faults', () => {
  test('paragraphs above attributions count', async () => {
    const report = await audit(path.join(FIXTURES, 'reply-attribution', 'reply-attribution.mbox'));
    const accounts = report.opportunities.map((item) => `${item.account} ${item.category}`).sort();
    expect(accounts).toEqual(
      ['c841', 'c845', 'c846', 'c851', 'c855', 'c856'].map((name) => `${name}.example expansion`),
    );
  });

  test('hidden HTML sentences do not count', async () => {
    const report = await audit(path.join(FIXTURES, 'mail-faults', 'hidden-html.mbox'));
    expect(report.summary.messages).toBe(4);
    expect(report.opportunities).toEqual([]);
    expect(report.summary.estimatedAnnualLoss).toBe(0);
  });

  test('message with only hidden text is named', async () => {
    const report = await audit(path.join(FIXTURES, 'mail-faults', 'hidden-only.mbox'));
    const hidden = report.problems.filter((problem) => problem.code === 'MESSAGE_TEXT_HIDDEN');
    expect(hidden.map((problem) => problem.where)).toEqual(['message 1 (byte 0)']);
  });
});
