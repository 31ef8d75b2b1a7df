// End to end: flag values and combinations that leak rejects or warns about,
// and the figures a reader can redo from the CSV, through bin/leak.js.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';

const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');
const SAMPLE_CRM = path.join(FIXTURES, 'sample', 'crm.csv');
const SAMPLE = ['--mbox', SAMPLE_MBOX, '--crm', SAMPLE_CRM];

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'leak-flags-'));
}

function auditJson(args: string[]): { report: AuditReport; stderr: string } {
  const result = runLeak(['audit', '--json', '--no-progress', ...args]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return { report: JSON.parse(result.stdout) as AuditReport, stderr: result.stderr };
}

function expectUsageError(args: string[], message: string): void {
  const result = runLeak(['audit', '--no-progress', ...args]);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(message);
}

describe('stage lists', () => {
  test('open stages add to the defaults', () => {
    const { report } = auditJson([...SAMPLE, '--open-stages', 'Closed Lost']);
    const statusOf = (account: string) =>
      report.opportunities.find((item) => item.account === account)?.crm.status;
    expect(statusOf('Lumière Events')).toBe('covered');
    expect(statusOf('Initech')).toBe('covered');
    expect(statusOf('Librairies Vasseur')).toBe('covered');
    expect(report.summary.covered).toBe(6);
  });

  test('unknown open stage changes nothing', () => {
    const plain = auditJson(SAMPLE).report;
    const { report } = auditJson([...SAMPLE, '--open-stages', 'Nonexistent']);
    expect(report.summary).toEqual(plain.summary);
  });

  test('crm inspect previews stage flags', () => {
    const result = runLeak(['crm', 'inspect', SAMPLE_CRM, '--json', '--open-stages', 'Closed Lost']);
    expect(result.status).toBe(0);
    const stages = (JSON.parse(result.stdout) as { stages: Array<{ stage: string; status: string }> }).stages;
    expect(stages.find((item) => item.stage === 'Closed Lost')?.status).toBe('open');
    expect(stages.find((item) => item.stage === 'Negotiation/Review')?.status).toBe('open');
    expect(stages.find((item) => item.stage === 'Closed Won')?.status).toBe('won');
  });
});

describe('several mailboxes', () => {
  test('period sums each mailbox span', () => {
    const enron = corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox');
    const alone = auditJson(['--mbox', enron, '--currency', 'USD']).report;
    const { report, stderr } = auditJson([
      '--mbox',
      enron,
      '--mbox',
      SAMPLE_MBOX,
      '--currency',
      'USD',
    ]);
    const sample = auditJson(['--mbox', SAMPLE_MBOX]).report;
    const expected = alone.assumptions.periodWeeks + sample.assumptions.periodWeeks;
    expect(report.assumptions.periodWeeks).toBeCloseTo(expected, 1);
    expect(report.assumptions.periodSpans).toHaveLength(2);
    expect(report.inputs.mailboxes.map((item) => item.firstDate === null)).toEqual([false, false]);
    expect(report.problems.map((item) => item.code)).toContain('MAILBOX_PERIODS_DISJOINT');
    expect(stderr).toContain('separate date ranges');
  });

  test('terminal lists each mailbox period', () => {
    const result = runLeak(['audit', '--no-progress', '--mbox', SAMPLE_MBOX, '--eml', corpusPath('eml')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Period of ${SAMPLE_MBOX}: 2026-09-01 to 2026-11-10`);
  });

  test('same mailbox twice is read once', () => {
    const { report, stderr } = auditJson([...SAMPLE, '--mbox', SAMPLE_MBOX]);
    expect(report.inputs.mailboxes).toHaveLength(1);
    expect(report.inputs.mailboxes[0]?.messages).toBe(40);
    expect(report.inputs.mailboxes[0]?.excluded).toBe(20);
    expect(report.problems.map((item) => item.code)).toContain('MAILBOX_DUPLICATE_INPUT');
    expect(stderr).toContain('given twice');
  });
});

describe('owner flag', () => {
  test('name instead of address exits 2', () => {
    expectUsageError([...SAMPLE, '--owner', 'Claire Martin'], '--owner Claire Martin: invalid value');
  });

  test('free-mail domain exits 2', () => {
    expectUsageError([...SAMPLE, '--owner', 'gmail.com'], "give the owner's full address");
  });

  test('company domain is accepted', () => {
    const { report } = auditJson([...SAMPLE, '--owner', 'vendor.example']);
    expect(report.summary.opportunities).toBe(13);
    expect(report.problems).toEqual([]);
  });

  test('absent owner warns', () => {
    const { report, stderr } = auditJson([...SAMPLE, '--owner', 'someone@else.example']);
    expect(stderr).toContain('someone@else.example is not in From or To');
    expect(report.problems.map((item) => item.code)).toEqual(['OWNER_NOT_SEEN']);
  });

  test('present owner does not warn', () => {
    const { stderr } = auditJson([...SAMPLE, '--owner', 'claire.martin@vendor.example']);
    expect(stderr).toBe('');
  });
});

describe('empty input', () => {
  test('empty mbox exits 2 naming it', () => {
    const file = path.join(tempDir(), 'empty.mbox');
    writeFileSync(file, '');
    const result = runLeak(['audit', '--quiet', '--mbox', file, '--max-invisible', '0']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`no messages read from ${file}`);
  });

  test('folder without mail exits 2', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'not mail\n');
    const result = runLeak(['audit', '--quiet', '--eml', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no messages read from');
  });

  test('no opportunities passes coverage gate as n/a', () => {
    const eml = corpusPath('eml', 'nodemailer-mailparser_simple.eml');
    const result = runLeak(['audit', '--no-progress', '--quiet', '--eml', eml, '--min-coverage', '0.5']);
    expect(result.stdout).toContain('CRM coverage n/a (no opportunities)');
    expect(result.status).toBe(0);
  });
});

describe('conflicting output flags', () => {
  test('json with quiet exits 2', () => {
    expectUsageError(['--json', '--quiet'], '--json and --quiet');
  });

  test('quiet with verbose exits 2', () => {
    expectUsageError(['--quiet', '--verbose'], '--quiet and --verbose');
  });

  test('excel with a delimiter exits 2', () => {
    const file = path.join(tempDir(), 'out.csv');
    expectUsageError(['--excel', '--csv-delimiter', 'tab', '--csv', file], 'cannot take --csv-delimiter');
  });

  test('excel without a csv output exits 2', () => {
    expectUsageError(['--excel'], 'add one of them');
  });
});

describe('value checks', () => {
  test.each([
    [['--currency', 'XYZ'], '--currency XYZ: unknown currency'],
    [['--second-order', '0'], '--second-order 0: invalid value'],
    [['--second-order', '0.5'], '--second-order 0.5: invalid value'],
  ])('%j exits 2', (args, message) => {
    expectUsageError(args, message);
  });

  test('lower-case currency code is accepted', () => {
    const { report } = auditJson([...SAMPLE, '--currency', 'usd']);
    expect(report.assumptions.currency).toBe('USD');
  });
});

describe('error messages', () => {
  test('crm folder names the next step', () => {
    expectUsageError(['--crm', path.join(FIXTURES, 'sample')], 'pass each CSV export in it with its own flag');
  });

  test('output folder exits 2 before auditing', () => {
    const dir = tempDir();
    expectUsageError(['--html', dir], `${dir}: is a folder; give the path of a file inside it`);
  });

  test('output in missing folder exits 2', () => {
    const file = path.join(tempDir(), 'missing', 'report.html');
    expectUsageError(['--html', file], 'not found; create it');
  });
});

describe('help text', () => {
  test('audit usage hides the stray argument', () => {
    const result = runLeak(['audit', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: leak audit [options]\n');
    expect(result.stdout).not.toContain('unexpected');
    expect(result.stdout).not.toContain('(default: [])');
  });

  test('readme lists every audit flag', () => {
    const readme = readFileSync(path.join(FIXTURES, '..', 'README.md'), 'utf8');
    const help = runLeak(['audit', '--help']).stdout;
    const flags = [...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((match) => match[1] as string);
    expect(flags.length).toBeGreaterThan(20);
    for (const flag of flags.filter((item) => item !== '--help')) {
      expect(readme, flag).toContain(`\`${flag}`);
    }
  });
});

describe('figures reconcile', () => {
  test('csv pipeline rows give the loss', () => {
    const dir = tempDir();
    const csvFile = path.join(dir, 'opportunities.csv');
    const summaryFile = path.join(dir, 'summary.csv');
    const { report } = auditJson([...SAMPLE, '--csv', csvFile, '--summary-csv', summaryFile]);
    const rows = parse(readFileSync(csvFile, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const pipeline = rows.filter((row) => row.crm_status === 'invisible' && row.value_kind === 'pipeline');
    const periodLoss = pipeline.reduce((sum, row) => sum + Number(row.estimated_value), 0);
    const annual = (periodLoss * 52) / report.assumptions.periodWeeks;
    expect(pipeline).toHaveLength(7);
    expect(Math.abs(annual - report.summary.estimatedAnnualLoss)).toBeLessThan(5);

    const summary = parse(readFileSync(summaryFile, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const owner = summary.find((row) => row.group === 'owner');
    expect(owner?.invisible_pipeline_value).toBe(periodLoss.toFixed(2));
    expect(owner?.revenue_at_risk).toBe(report.summary.revenueAtRisk.toFixed(2));
  });

  test('terminal splits churn risk from pipeline', () => {
    const result = runLeak(['audit', '--no-progress', ...SAMPLE]);
    expect(result.stdout).toMatch(/Invisible to the CRM\s+8 \(7 pipeline, 1 churn-risk\)/);
    expect(result.stdout).toContain(
      'invisible per week = 7 invisible pipeline opportunities (churn-risk excluded) / 10.01 weeks = 0.6993',
    );
    expect(result.stdout).toContain('never as pipeline loss');
  });

  test('markdown splits churn risk from pipeline', () => {
    const file = path.join(tempDir(), 'summary.md');
    expect(runLeak(['audit', '--no-progress', '--quiet', ...SAMPLE, '--markdown', file]).status).toBe(0);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toContain('8 (7 pipeline, 1 churn-risk) of 13');
    expect(markdown).toContain('churn-risk excluded');
    expect(markdown).toContain('never as pipeline loss');
  });
});
