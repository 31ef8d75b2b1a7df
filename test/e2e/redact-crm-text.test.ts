// End to end: --redact and the CRM's own text. A name that only a CRM person
// column gives (Contact Name) is masked in every output, and a CRM name that
// shortens the company's name stays even when a contact has it as a surname.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const OWNER = ['--owner', 'claire@vendor.example', '--no-progress'];

async function redactedRun(dir: string): Promise<{ report: AuditReport; csv: string }> {
  const csvPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-redact-crm-')), 'out.csv');
  const inputs = ['--mbox', path.join(dir, 'inbox.mbox'), '--crm', path.join(dir, 'crm.csv')];
  const result = await runLeak(['audit', ...inputs, '--redact', '--json', '--csv', csvPath, ...OWNER]);
  expect(result.status).toBe(0);
  return { report: JSON.parse(result.stdout) as AuditReport, csv: readFileSync(csvPath, 'utf8') };
}

describe('CRM person columns', () => {
  const dir = path.join(FIXTURES, 'redact', 'crm-names');

  test('contact name masked in JSON', async () => {
    const { report } = await redactedRun(dir);
    const covered = report.opportunities.find((o) => o.crm.status === 'covered');
    expect(covered?.crm.record).toMatch(/^Deal with person-[0-9a-f]{6}$/);
    expect(covered?.crm.reason).toMatch(/^open opportunity "Deal with person-[0-9a-f]{6}" \(Prospecting\)/);
  });

  test('contact name masked in CSV', async () => {
    const { csv } = await redactedRun(dir);
    expect(csv).not.toMatch(/berlioz/i);
    expect(csv).toMatch(/,Deal with person-[0-9a-f]{6},4321\.99,/);
  });
});

describe('CRM names of companies', () => {
  test('company abbreviation kept', async () => {
    const { report, csv } = await redactedRun(path.join(FIXTURES, 'redact', 'company-abbreviation'));
    const records = report.opportunities.map((o) => o.crm.record);
    expect(records).toContain('Eps - deal');
    expect(csv).toContain('"open opportunity ""Eps - deal"" (Proposal/Price Quote)');
  });
});
