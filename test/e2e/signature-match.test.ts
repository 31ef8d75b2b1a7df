// A customer whose domain does not name its company is matched to the CRM by
// the company in its signature, on a real Salesforce export.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';

const CRM = ['Opportunity.csv', 'Account.csv', 'Contact.csv'].flatMap((file) => [
  '--crm',
  corpusPath('crm', 'salesforce-devorg_earthfink1982', file),
]);

describe('signature company', () => {
  test('signature names the CRM account', async () => {
    const mbox = path.join(FIXTURES, 'signature', 'pricing.mbox');
    const result = await runLeak(['audit', '--no-progress', '--json', '--owner', 'sam@vendor.example', '--mbox', mbox, ...CRM]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    const verdicts = report.opportunities.map((item) => `${item.contacts.join()} ${item.crm.status} ${item.crm.matchedBy ?? '-'}`);
    // Four signatures name "Pyramid Construction Inc."; the third writes no legal form, so it stays unmatched.
    // The account's one open deal was expected to close on 2024-02-03, two years before
    // the 2026 mail: stale, so the matched ones are invisible too.
    expect(verdicts).toEqual([
      'joe0@pci0.example invisible name',
      'joe1@pci1.example invisible name',
      'joe2@pci2.example invisible -',
      'joe3@pci3.example invisible name',
      'joe4@pci4.example invisible name',
    ]);
    expect(report.opportunities[0]?.crm.account).toBe('Pyramid Construction Inc.');
  });
});
