// A request seen only in a message whose date cannot be read is left out of the
// annual loss. Every output must then agree: the CSV row marks it in value_kind,
// the README's recipe over the CSV gives the JSON headline to the cent, the
// summary CSV's invisible_pipeline_value leaves it out, the formula line counts
// it apart, and stderr warns about the date.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak, type CliResult } from '../helpers/cli.js';

/** One owner, two dated requests from one account and one request dated 1 Jan 1970 (the epoch, read as no date). */
const MBOX = [
  'From olivia.hart@northwind.example Thu Sep  3 09:22:41 2026',
  'From: Olivia Hart <olivia.hart@northwind.example>',
  'To: Claire Martin <claire.martin@vendor.example>',
  'Subject: Adding users to our account',
  'Date: Thu, 03 Sep 2026 10:22:41 +0100',
  'Message-ID: <r1@northwind.example>',
  '',
  'Hi Claire, we would like to add 15 more users to our account. Can you send a quote?',
  '',
  'Olivia',
  '',
  'From MAILER-DAEMON Thu Jan  1 00:00:00 1970',
  'From: Ben Ode <ben@contoso.example>',
  'To: Claire Martin <claire.martin@vendor.example>',
  'Subject: Quote for the Enterprise plan',
  'Date: Thu, 01 Jan 1970 00:00:00 +0000',
  'Message-ID: <r2@contoso.example>',
  '',
  'Hello Claire, could you send us a quote for the Enterprise plan for 40 seats?',
  '',
  'Ben',
  '',
  'From claire.martin@vendor.example Thu Oct  8 09:22:41 2026',
  'From: Claire Martin <claire.martin@vendor.example>',
  'To: Olivia Hart <olivia.hart@northwind.example>',
  'Subject: Re: Adding users to our account',
  'Date: Thu, 08 Oct 2026 10:22:41 +0100',
  'Message-ID: <r3@vendor.example>',
  'In-Reply-To: <r1@northwind.example>',
  '',
  'Hi Olivia, thanks for the call today.',
  '',
  'Claire',
  '',
].join('\n');

type Row = Record<string, string>;

describe('a request dated 1 Jan 1970', () => {
  let run: CliResult;
  let report: AuditReport;
  let rows: Row[];
  let summary: Row[];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-undated-'));
    const mbox = path.join(dir, 'inbox.mbox');
    writeFileSync(mbox, MBOX);
    const csv = path.join(dir, 'opportunities.csv');
    const summaryCsv = path.join(dir, 'summary.csv');
    run = await runLeak(['audit', '--json', '--no-progress', '--mbox', mbox, '--csv', csv, '--summary-csv', summaryCsv]);
    expect(run.status).toBe(0);
    report = JSON.parse(run.stdout) as AuditReport;
    rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Row[];
    summary = parse(readFileSync(summaryCsv, 'utf8'), { columns: true }) as Row[];
  });

  test('CSV recipe matches the headline', () => {
    const undated = rows.filter((row) => row.first_seen === '' && row.same_lead_as === '');
    expect(undated).toHaveLength(1);
    expect(undated[0]).toMatchObject({ crm_status: 'invisible', estimated_value: '5000.00', value_kind: 'undated' });

    // The README: sum estimated_value over invisible pipeline rows, times 52, over each owner's weeks.
    const counted = rows.filter((row) => row.crm_status === 'invisible' && row.value_kind === 'pipeline');
    const periodValue = counted.reduce((total, row) => total + Number(row.estimated_value), 0);
    expect(periodValue).toBe(5000);
    const owners = summary.filter((row) => row.group === 'owner');
    expect(owners).toHaveLength(1);
    const weeks = Number(owners[0]?.period_weeks);
    expect(Math.round((periodValue * 52 * 100) / weeks) / 100).toBe(report.summary.estimatedAnnualLoss);
    expect(report.summary.estimatedAnnualLoss).toBe(52000);
    expect(report.summary.invisibleLeads).toBe(1);
  });

  test('summary CSV pipeline value excludes it', () => {
    const owner = summary.find((row) => row.group === 'owner');
    expect(owner?.invisible_pipeline_value).toBe('5000.00');
    expect(owner?.estimated_annual_loss).toBe('52000.00');
    const categories = summary.filter((row) => row.group === 'category');
    const byCategory = categories.reduce((total, row) => total + Number(row.invisible_pipeline_value), 0);
    expect(byCategory).toBe(5000);
    expect(categories.find((row) => row.name === 'upgrade')?.invisible_pipeline_value).toBe('0.00');
  });

  test('stderr warns about the date', () => {
    expect(run.stderr).toContain('leak: warning: ');
    expect(run.stderr).toContain('a message has a Date header leak cannot read');
    expect(run.stderr).toContain('left out of the annual loss');
    expect(run.stderr).toContain('MESSAGE_DATE_INVALID');
  });

  test('terminal formula counts it apart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-undated-'));
    const mbox = path.join(dir, 'inbox.mbox');
    writeFileSync(mbox, MBOX);
    const terminal = await runLeak(['audit', '--no-progress', '--mbox', mbox]);
    expect(terminal.status).toBe(0);
    expect(terminal.stdout).toContain(
      'invisible per week = 1 invisible pipeline lead (churn-risk excluded, 1 more in the same lead as another opportunity, ' +
        '2 seen only in undated mail, left out) / 5 weeks = 0.2',
    );
    expect(terminal.stdout).toContain('4 (4 pipeline: 2 in 1 lead, 2 undated, left out of the loss; 0 churn-risk)');
    expect(terminal.stdout).toContain('EUR 5,000.00 (undated, left out of the loss)');
    // The top accounts table sums the same pipeline value as the CSV recipe.
    const contoso = terminal.stdout.split('\n').find((line) => line.includes('│ contoso.example'));
    expect(contoso).toMatch(/│\s+0\.00 │\s+0\.00 │$/);
  });
});
