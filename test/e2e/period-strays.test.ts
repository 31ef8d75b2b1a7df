// The annual loss counts a lead only over a period that contains its date.
// Sparse mail keeps every date, so two leads months apart are annualised over
// the months between them, never over one week. A date years from the rest of
// its mailbox (a wrong clock) leaves the period together with the leads seen
// only there, which every output lists apart with value kind outside-period.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES as ALL_FIXTURES } from '../helpers/paths.js';

const FIXTURES = path.join(ALL_FIXTURES, 'period');
const CLAIRE = 'claire@vendor.example';

type Row = Record<string, string>;

async function auditJson(mailboxes: string[], owner?: string): Promise<AuditReport> {
  const args = ['audit', '--json', '--no-progress', ...mailboxes.flatMap((name) => ['--mbox', path.join(FIXTURES, name)])];
  const result = await runLeak(owner === undefined ? args : [...args, '--owner', owner]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

describe('sparse mail keeps its dates', () => {
  test('two leads 20 weeks apart', async () => {
    const report = await auditJson(['two20w.mbox'], CLAIRE);
    expect(report.assumptions.periodWeeks).toBe(20);
    expect(report.summary.invisibleLeads).toBe(2);
    expect(report.summary.estimatedAnnualLoss).toBe(26_000);
    expect(report.problems.map((problem) => problem.code)).not.toContain('MAIL_DATES_STRAY');
  });

  test('two leads a year apart', async () => {
    const report = await auditJson(['tom.mbox']);
    expect(report.assumptions.periodWeeks).toBe(52);
    expect(report.summary.estimatedAnnualLoss).toBe(10_000);
  });

  test('a lead 14 weeks after ten keeps its date', async () => {
    // Leaving the date out but counting its lead gave 11 leads over 9 weeks.
    const report = await auditJson(['tail.mbox'], CLAIRE);
    expect(report.assumptions.periodWeeks).toBe(23);
    expect(report.summary.invisibleLeads).toBe(11);
    expect(report.summary.estimatedAnnualLoss).toBe(124_347.83);
  });

  test('four leads 14 weeks apart', async () => {
    const report = await auditJson(['sparse.mbox'], CLAIRE);
    expect(report.assumptions.periodWeeks).toBe(42);
    expect(report.summary.estimatedAnnualLoss).toBe(24_761.9);
  });

  test('owner of a year-long mailbox', async () => {
    const report = await auditJson(['claire-q1.mbox', 'claire-q3.mbox', 'tom.mbox']);
    const tom = report.summary.byOwner.find((owner) => owner.owner === 'tom@vendor.example');
    expect(tom?.periodWeeks).toBe(52);
    expect(tom?.periodStart).toBe('2026-01-01T10:00:00Z');
    expect(tom?.periodEnd).toBe('2026-12-31T10:00:00Z');
    expect(tom?.estimatedAnnualLoss).toBe(10_000);
    expect(report.summary.estimatedAnnualLoss).toBe(140_000);
  });
});

describe('a lead dated 2099 among ten', () => {
  let report: AuditReport;
  let rows: Row[];
  let summary: Row[];
  let markdown: string;
  let html: string;
  let stderr: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-strays-'));
    const files = { csv: 'rows.csv', summary: 'summary.csv', markdown: 'summary.md', html: 'report.html' };
    const out = (name: string) => path.join(dir, name);
    const result = await runLeak([
      'audit',
      '--json',
      '--no-progress',
      '--mbox',
      path.join(FIXTURES, 'stray-2099.mbox'),
      '--owner',
      CLAIRE,
      '--csv',
      out(files.csv),
      '--summary-csv',
      out(files.summary),
      '--markdown',
      out(files.markdown),
      '--html',
      out(files.html),
    ]);
    expect(result.status).toBe(0);
    report = JSON.parse(result.stdout) as AuditReport;
    stderr = result.stderr;
    rows = parse(readFileSync(out(files.csv), 'utf8'), { columns: true }) as Row[];
    summary = parse(readFileSync(out(files.summary), 'utf8'), { columns: true }) as Row[];
    markdown = readFileSync(out(files.markdown), 'utf8');
    html = readFileSync(out(files.html), 'utf8');
  });

  test('period and loss leave it out', () => {
    expect(report.assumptions.periodWeeks).toBe(9);
    expect(report.summary.invisibleLeads).toBe(10);
    expect(report.summary.estimatedAnnualLoss).toBe(288_888.89);
    expect(report.summary.byOwner[0]?.invisibleLeads).toBe(10);
  });

  test('JSON marks its opportunities', () => {
    const outside = report.opportunities.filter((item) => item.outsidePeriod);
    expect(outside.map((item) => item.account)).toEqual(['clock.example', 'clock.example']);
    expect(outside[0]?.firstSeen).toBe('2099-03-02T09:00:00Z');
  });

  test('CSV recipe matches the headline', () => {
    const leftOut = rows.filter((row) => row.value_kind === 'outside-period');
    expect(leftOut.map((row) => row.account)).toEqual(['clock.example', 'clock.example']);
    const counted = rows.filter((row) => row.crm_status === 'invisible' && row.value_kind === 'pipeline');
    const periodValue = counted.reduce((total, row) => total + Number(row.estimated_value), 0);
    expect(periodValue).toBe(50_000);
    expect(Math.round((periodValue * 52 * 100) / 9) / 100).toBe(report.summary.estimatedAnnualLoss);
  });

  test('summary CSV leaves it out', () => {
    const owner = summary.find((row) => row.group === 'owner');
    expect(owner?.invisible_pipeline_value).toBe('50000.00');
    expect(owner?.invisible_leads).toBe('10');
    expect(owner?.estimated_annual_loss).toBe('288888.89');
  });

  test('Markdown and HTML count it apart', () => {
    const counts = '22 pipeline: 20 in 10 leads, 2 dated outside the period, left out of the loss';
    expect(markdown).toContain(counts);
    expect(markdown).toContain('2 seen only in mail dated outside the period, left out) / 9 weeks');
    expect(html).toContain('<div class="reason">dated outside the period, left out of the loss</div>');
  });

  test('stderr names the date', () => {
    expect(stderr).toContain('1 message dated more than 104 weeks from the rest of the mailbox (2099-03-02)');
    expect(stderr).toContain('not counted in the annual loss');
  });
});

describe('exact span of 61 days', () => {
  test('loss divides by the unrounded weeks', async () => {
    // 9 leads over 61 days: 9 x 5,000 x 364 / 61, where 8.71 weeks would give 268,656.72.
    const report = await auditJson(['61-days.mbox'], CLAIRE);
    expect(report.assumptions.periodWeeks).toBe(61 / 7);
    expect(report.summary.invisibleLeads).toBe(9);
    expect(report.summary.estimatedAnnualLoss).toBe(268_524.59);
  });

  test('terminal prints the days', async () => {
    const result = await runLeak(['audit', '--no-progress', '--mbox', path.join(FIXTURES, '61-days.mbox'), '--owner', CLAIRE]);
    expect(result.stdout).toContain('Period: 8.71 weeks (61 days, 2026-09-01 to 2026-11-01)');
    expect(result.stdout).toContain(
      'estimated annual loss = 9 invisible pipeline leads / 8.71 weeks (61 days) x 52 weeks x 10% conversion ' +
        'x EUR 50,000.00 LTV = EUR 268,524.59',
    );
  });
});
