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

async function auditJson(args: string[]): Promise<{ report: AuditReport; stderr: string }> {
  const result = await runLeak(['audit', '--json', '--no-progress', ...args]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return { report: JSON.parse(result.stdout) as AuditReport, stderr: result.stderr };
}

async function expectUsageError(args: string[], message: string): Promise<void> {
  const result = await runLeak(['audit', '--no-progress', ...args]);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(message);
}

describe('stage lists', () => {
  test('open stages add to the defaults', async () => {
    const { report } = await auditJson([...SAMPLE, '--open-stages', 'Closed Lost']);
    const statusOf = (account: string) =>
      report.opportunities.find((item) => item.account === account)?.crm.status;
    // Read as open, Lumière's deal was still expected to close on 2025-06-30,
    // more than 13 weeks before the 2026 request: stale, so it covers nothing.
    const lumiere = report.opportunities.find((item) => item.account === 'Lumière Events');
    expect(lumiere?.crm.status).toBe('invisible');
    expect(lumiere?.crm.reason).toContain('expected to close on 2025-06-30, more than 13 weeks before the signal');
    expect(statusOf('Initech')).toBe('covered');
    expect(statusOf('Librairies Vasseur')).toBe('covered');
    expect(report.summary.covered).toBe(5);
  });

  test('unknown open stage changes nothing', async () => {
    const plain = (await auditJson(SAMPLE)).report;
    const { report } = await auditJson([...SAMPLE, '--open-stages', 'Nonexistent']);
    expect(report.summary).toEqual(plain.summary);
  });

  test('unknown stage is reported as a problem', async () => {
    const { report } = await auditJson([...SAMPLE, '--open-stages', 'Negociation, Closed Lost']);
    const unused = report.problems.filter((item) => item.code === 'CRM_STAGE_UNUSED');
    expect(unused).toHaveLength(1);
    expect(unused[0]?.where).toBe('--open-stages');
    expect(unused[0]?.detail).toContain('"Negociation"');
  });

  test('report records the stage flags', async () => {
    const { report } = await auditJson([...SAMPLE, '--open-stages', 'Closed Lost', '--closed-stages', 'Signed']);
    expect(report.assumptions.stageOverrides).toEqual({
      open: ['Closed Lost'],
      closedWon: ['Signed'],
      closedLost: [],
    });
    const terminal = await runLeak(['audit', '--no-progress', ...SAMPLE, '--open-stages', 'Closed Lost']);
    expect(terminal.stdout).toContain('CRM stages set by flags');
    expect(terminal.stdout).toContain('Closed Lost counted as open');
  });

  test('stage in two lists exits 2', async () => {
    await expectUsageError(
      [...SAMPLE, '--open-stages', 'Closed Won', '--lost-stages', 'closed won'],
      '--open-stages and --lost-stages both name the stage',
    );
    const inspect = await runLeak(['crm', 'inspect', SAMPLE_CRM, '--open-stages', 'A', '--closed-stages', 'a']);
    expect(inspect.status).toBe(2);
  });

  test('crm inspect previews stage flags', async () => {
    const result = await runLeak(['crm', 'inspect', SAMPLE_CRM, '--json', '--open-stages', 'Closed Lost']);
    expect(result.status).toBe(0);
    const stages = (JSON.parse(result.stdout) as { stages: Array<{ stage: string; status: string }> }).stages;
    expect(stages.find((item) => item.stage === 'Closed Lost')?.status).toBe('open');
    expect(stages.find((item) => item.stage === 'Negotiation/Review')?.status).toBe('open');
    expect(stages.find((item) => item.stage === 'Closed Won')?.status).toBe('won');
  });
});

describe('several mailboxes', () => {
  test('period sums each mailbox span', async () => {
    const enron = corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox');
    const alone = (await auditJson(['--mbox', enron, '--currency', 'USD'])).report;
    const { report, stderr } = await auditJson([
      '--mbox',
      enron,
      '--mbox',
      SAMPLE_MBOX,
      '--currency',
      'USD',
    ]);
    const sample = (await auditJson(['--mbox', SAMPLE_MBOX])).report;
    const expected = alone.assumptions.periodWeeks + sample.assumptions.periodWeeks;
    expect(report.assumptions.periodWeeks).toBeCloseTo(expected, 1);
    expect(report.assumptions.periodSpans).toHaveLength(2);
    expect(report.inputs.mailboxes.map((item) => item.firstDate === null)).toEqual([false, false]);
    // Two owners years apart: each counts its own weeks, so the years between are no problem.
    const weeksOf = (file: string) => report.summary.byOwner.find((item) => item.mailboxes.includes(file))?.periodWeeks;
    expect(weeksOf(enron)).toBe(alone.assumptions.periodWeeks);
    expect(weeksOf(SAMPLE_MBOX)).toBe(sample.assumptions.periodWeeks);
    expect(report.problems.map((item) => item.code)).not.toContain('MAILBOX_PERIODS_DISJOINT');
    expect(stderr).not.toContain('separate date ranges');
  });

  test('terminal lists each mailbox period', async () => {
    const result = await runLeak(['audit', '--no-progress', '--mbox', SAMPLE_MBOX, '--eml', corpusPath('eml')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Period of ${SAMPLE_MBOX}: 2026-09-01 to 2026-11-10`);
  });

  test('same mailbox twice is read once', async () => {
    const { report, stderr } = await auditJson([...SAMPLE, '--mbox', SAMPLE_MBOX]);
    expect(report.inputs.mailboxes).toHaveLength(1);
    expect(report.inputs.mailboxes[0]?.messages).toBe(40);
    expect(report.inputs.mailboxes[0]?.excluded).toBe(20);
    expect(report.problems.map((item) => item.code)).toContain('MAILBOX_DUPLICATE_INPUT');
    expect(stderr).toContain('given twice');
  });
});

describe('owner flag', () => {
  test('name instead of address exits 2', async () => {
    await expectUsageError([...SAMPLE, '--owner', 'Claire Martin'], '--owner Claire Martin: invalid value');
  });

  test('free-mail domain exits 2', async () => {
    await expectUsageError([...SAMPLE, '--owner', 'gmail.com'], "give the owner's full address");
  });

  test('company domain is accepted', async () => {
    const { report } = await auditJson([...SAMPLE, '--owner', 'vendor.example']);
    expect(report.summary.opportunities).toBe(13);
    expect(report.problems).toEqual([]);
  });

  test('absent owner warns', async () => {
    const { report, stderr } = await auditJson([...SAMPLE, '--owner', 'someone@else.example']);
    expect(stderr).toContain('someone@else.example is not in From or To');
    expect(report.problems.map((item) => item.code)).toEqual(['OWNER_NOT_SEEN']);
  });

  test('present owner does not warn', async () => {
    const { stderr } = await auditJson([...SAMPLE, '--owner', 'claire.martin@vendor.example']);
    expect(stderr).toBe('');
  });
});

describe('empty input', () => {
  test('empty mbox exits 2 naming it', async () => {
    const file = path.join(tempDir(), 'empty.mbox');
    writeFileSync(file, '');
    const result = await runLeak(['audit', '--quiet', '--mbox', file, '--max-invisible', '0']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`no messages read from ${file}`);
  });

  test('folder without mail exits 2', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'not mail\n');
    const result = await runLeak(['audit', '--quiet', '--eml', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no messages read from');
  });

  test('without a gate the line says AUDIT, not PASS', async () => {
    const eml = corpusPath('eml', 'nodemailer-mailparser_simple.eml');
    const result = await runLeak(['audit', '--no-progress', '--quiet', '--eml', eml]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^AUDIT: .*no gate set\)\n$/);
  });

  test('no opportunities passes coverage gate as n/a', async () => {
    const eml = corpusPath('eml', 'nodemailer-mailparser_simple.eml');
    const result = await runLeak(['audit', '--no-progress', '--quiet', '--eml', eml, '--min-coverage', '0.5']);
    expect(result.stdout).toContain('CRM coverage n/a (no opportunities)');
    expect(result.status).toBe(0);
  });
});

describe('conflicting output flags', () => {
  test('json with quiet exits 2', async () => {
    await expectUsageError(['--json', '--quiet'], '--json and --quiet');
  });

  test('quiet with verbose exits 2', async () => {
    await expectUsageError(['--quiet', '--verbose'], '--quiet and --verbose');
  });

  test('excel with a delimiter exits 2', async () => {
    const file = path.join(tempDir(), 'out.csv');
    await expectUsageError(['--excel', '--csv-delimiter', 'tab', '--csv', file], 'cannot take --csv-delimiter');
  });

  test('excel without a csv output exits 2', async () => {
    await expectUsageError(['--excel'], 'add one of them');
  });
});

describe('value checks', () => {
  test.each([
    [['--currency', 'XYZ'], '--currency XYZ: unknown currency'],
    [['--second-order', '0'], '--second-order 0: invalid value'],
    [['--second-order', '0.5'], '--second-order 0.5: invalid value'],
    [['--ltv', '0x10'], '--ltv 0x10: invalid value'],
    [['--ltv', '1e5'], '--ltv 1e5: invalid value'],
    [['--ltv', '50.000'], '--ltv 50.000: ambiguous amount; write it without separators, such as 50000'],
    [['--max-loss', '100.000'], '--max-loss 100.000: ambiguous amount'],
    [['--owner', 'co.uk'], '--owner co.uk: a public suffix'],
    [['--csv', 'x.csv', '--csv-delimiter', '0'], '--csv-delimiter "0": invalid value'],
    [['--csv', 'x.csv', '--csv-delimiter', '.'], '--csv-delimiter ".": invalid value'],
  ])('%j exits 2', async (args, message) => {
    await expectUsageError(args, message);
  });

  test('lower-case currency code is accepted', async () => {
    const { report } = await auditJson([...SAMPLE, '--currency', 'usd']);
    expect(report.assumptions.currency).toBe('USD');
  });
});

describe('error messages', () => {
  test('crm folder names the next step', async () => {
    await expectUsageError(['--mbox', SAMPLE_MBOX, '--crm', path.join(FIXTURES, 'sample')], 'pass each CSV export in it with its own flag');
  });

  test('output folder exits 2 before auditing', async () => {
    const dir = tempDir();
    await expectUsageError(['--html', dir], `${dir}: is a folder; give the path of a file inside it`);
  });

  test('output in missing folder exits 2', async () => {
    const file = path.join(tempDir(), 'missing', 'report.html');
    await expectUsageError(['--html', file], 'not found; create it');
  });
});

describe('help text', () => {
  test('audit usage hides the stray argument', async () => {
    const result = await runLeak(['audit', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: leak audit [options]\n');
    expect(result.stdout).not.toContain('unexpected');
    expect(result.stdout).not.toContain('(default: [])');
  });

  test('readme lists every audit flag', async () => {
    const readme = readFileSync(path.join(FIXTURES, '..', 'README.md'), 'utf8');
    const help = (await runLeak(['audit', '--help'])).stdout;
    const flags = [...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((match) => match[1] as string);
    expect(flags.length).toBeGreaterThan(20);
    for (const flag of flags.filter((item) => item !== '--help')) {
      expect(readme, flag).toContain(`\`${flag}`);
    }
  });
});

describe('figures reconcile', () => {
  test('csv pipeline rows give the loss', async () => {
    const dir = tempDir();
    const csvFile = path.join(dir, 'opportunities.csv');
    const summaryFile = path.join(dir, 'summary.csv');
    const { report } = await auditJson([...SAMPLE, '--csv', csvFile, '--summary-csv', summaryFile]);
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

  test('terminal splits churn risk from pipeline', async () => {
    const result = await runLeak(['audit', '--no-progress', ...SAMPLE]);
    expect(result.stdout).toMatch(/Invisible to the CRM\s+8 \(7 pipeline in 5 leads and 1 retention request, 1 churn-risk\)/);
    expect(result.stdout).toContain(
      'invisible per week = 5 invisible pipeline leads (churn-risk excluded, 1 more in the same lead as another opportunity, ' +
        '1 retention request in a churn-risk thread, counted in revenue at risk) / 10.01 weeks (70.0835 days) = 0.4994',
    );
    expect(result.stdout).toContain('never as pipeline loss');
  });

  test('markdown splits churn risk from pipeline', async () => {
    const file = path.join(tempDir(), 'summary.md');
    expect((await runLeak(['audit', '--no-progress', '--quiet', ...SAMPLE, '--markdown', file])).status).toBe(0);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toContain('8 (7 pipeline in 5 leads and 1 retention request, 1 churn-risk) of 13');
    expect(markdown).toContain('churn-risk excluded');
    expect(markdown).toContain('never as pipeline loss');
  });
});

describe('one request, one lead', () => {
  test('upgrade and closing in one thread count once in the loss', async () => {
    const dir = tempDir();
    const mbox = path.join(dir, 'one-request.mbox');
    writeFileSync(
      mbox,
      [
        'From pat@pyramid.example Mon Mar  2 09:00:00 2026',
        'From: Pat Stone <pat@pyramid.example>',
        'To: Claire Martin <claire.martin@vendor.example>',
        'Subject: Enterprise plan',
        'Date: Mon, 2 Mar 2026 09:00:00 +0000',
        'Message-ID: <one-request@pyramid.example>',
        '',
        'Hi Claire,',
        '',
        'Could you send us a quote for the Enterprise plan?',
        '',
        'Pat',
        '',
      ].join('\n'),
    );

    const { report } = await auditJson(['--mbox', mbox, '--owner', 'vendor.example']);
    const categories = report.opportunities.map((item) => item.category).sort();
    expect(categories).toEqual(['closing', 'upgrade']);

    const valued = report.opportunities.filter((item) => item.sameLeadAs === null);
    expect(valued).toHaveLength(1);
    const other = report.opportunities.find((item) => item.sameLeadAs !== null);
    expect(other?.estimatedValue).toBe(0);
    expect(other?.sameLeadAs).toBe(valued[0]?.id);

    expect(report.summary.invisible).toBe(2);
    expect(report.summary.invisibleLeads).toBe(1);
    // One week of mail, one lead: 1 x 52 x 10% x 50,000.
    expect(report.summary.estimatedAnnualLoss).toBe(260_000);
    expect(report.problems.map((item) => item.code)).toContain('PERIOD_SHORT');
  });
});

describe('markdown gates', () => {
  test('summary says whether the gates passed', async () => {
    const dir = tempDir();
    const failing = path.join(dir, 'fail.md');
    const result = await runLeak(['audit', '--no-progress', '--quiet', ...SAMPLE, '--max-invisible', '2', '--markdown', failing]);
    expect(result.status).toBe(1);
    const markdown = readFileSync(failing, 'utf8');
    expect(markdown.startsWith('**CI gates: FAIL**')).toBe(true);
    expect(markdown).toContain('exceed --max-invisible 2');
    const plain = path.join(dir, 'plain.md');
    await runLeak(['audit', '--no-progress', '--quiet', ...SAMPLE, '--markdown', plain]);
    expect(readFileSync(plain, 'utf8').startsWith('# Revenue leak audit')).toBe(true);
  });
});

describe('churn risk per account', () => {
  test('three cancellation mails from one customer are one LTV at risk', async () => {
    const dir = tempDir();
    const mbox = path.join(dir, 'churn.mbox');
    const message = (day: number) =>
      [
        `From pat@pyramid.example Mon Mar  ${day} 09:00:00 2026`,
        'From: Pat Stone <pat@pyramid.example>',
        'To: Claire Martin <claire.martin@vendor.example>',
        `Subject: Our subscription ${day}`,
        `Date: Mon, ${day} Mar 2026 09:00:00 +0000`,
        `Message-ID: <churn-${day}@pyramid.example>`,
        '',
        'We are considering cancelling our subscription when the current term ends.',
        '',
      ].join('\n');
    writeFileSync(mbox, [2, 3, 4].map(message).join('\n'));
    const { report } = await auditJson(['--mbox', mbox, '--owner', 'vendor.example']);
    expect(report.opportunities.filter((item) => item.category === 'churn-risk')).toHaveLength(3);
    expect(report.summary.revenueAtRiskCount).toBe(1);
    expect(report.summary.revenueAtRisk).toBe(50_000);
  });
});

describe('duplicates without a Message-ID', () => {
  test('a copy with a Status line is still the same message', async () => {
    const dir = tempDir();
    const message = (status: string[]) =>
      [
        'From pat@pyramid.example Mon Mar  2 09:00:00 2026',
        'From: Pat Stone <pat@pyramid.example>',
        'To: Claire Martin <claire.martin@vendor.example>',
        'Subject: More seats',
        'Date: Mon, 2 Mar 2026 09:00:00 +0000',
        ...status,
        '',
        'We need 12 more licences for the Leeds team.',
        '',
      ].join('\n');
    const first = path.join(dir, 'a.mbox');
    const second = path.join(dir, 'b.mbox');
    writeFileSync(first, message([]));
    writeFileSync(second, message(['Status: RO', 'X-Mozilla-Status: 0001']));
    const { report } = await auditJson(['--mbox', first, '--mbox', second, '--owner', 'vendor.example']);
    expect(report.exclusions.byKind.duplicate).toBe(1);
    expect(report.opportunities).toHaveLength(1);
  });
});

describe('senders without an address', () => {
  test('Sender stands in, and a signal with no address is reported', async () => {
    const dir = tempDir();
    const mbox = path.join(dir, 'no-address.mbox');
    const message = (day: number, from: string, extra: string[]) =>
      [
        `From olivia@northwind.example Mon Mar  ${day} 09:00:00 2026`,
        `From: ${from}`,
        ...extra,
        'To: Claire Martin <claire.martin@vendor.example>',
        `Subject: Seats ${day}`,
        `Date: Mon, ${day} Mar 2026 09:00:00 +0000`,
        `Message-ID: <no-address-${day}@northwind.example>`,
        '',
        'We are considering adding 12 users to our Pro subscription.',
        '',
      ].join('\n');
    writeFileSync(
      mbox,
      [message(2, 'Olivia Hart', ['Sender: olivia.hart@northwind.example']), message(3, 'Olivia Hart <>', [])].join('\n'),
    );
    const { report } = await auditJson(['--mbox', mbox, '--owner', 'vendor.example']);
    expect(report.opportunities.map((item) => item.contacts)).toEqual([['olivia.hart@northwind.example']]);
    expect(report.problems.filter((item) => item.code === 'SIGNAL_NO_SENDER').map((item) => item.where)).toEqual(['message 2']);
  });
});

describe('flag mistakes', () => {
  test('value flag given twice exits 2', async () => {
    const result = await runLeak(['audit', '--quiet', '--conversion', '0.1', '--conversion', '0.2']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('leak: --conversion is given more than once; keep one value.\n');
  });

  test('repeatable flag given twice is kept', async () => {
    const result = await runLeak(['rules', 'list', '--rules', 'rules/en.yaml', '--rules', 'rules/fr.yaml']);
    expect(result.stderr).not.toContain('more than once');
  });

  test('unknown flag gives a short hint', async () => {
    const result = await runLeak(['audit', '--bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("leak: unknown option '--bogus'\n(add --help for usage)\n");
  });

  test('flag with a word added names the flag', async () => {
    const result = await runLeak(['audit', '--crm-file', 'x.csv']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('(Did you mean --crm?)');
  });

  test('audit flag without audit names the command', async () => {
    const result = await runLeak(['--mbox', 'inbox.mbox']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--mbox is an option of leak audit: put the command first, as in leak audit --mbox');
  });
});

describe('crm path mistakes', () => {
  const earthfink = corpusPath('crm', 'salesforce-devorg_earthfink1982');
  const hubspot = corpusPath('crm', 'hubspot-export_emrearmand', 'hubspot-crm-exports-all-customers-2025-04-08.csv');

  test('audit folder lists its CSV files', async () => {
    const result = await runLeak(['audit', '--quiet', '--mbox', SAMPLE_MBOX, '--crm', earthfink]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`is a folder; pass each CSV export in it with its own flag, for example --crm ${path.join(earthfink, 'Account.csv')} --crm `);
  });

  test('inspect folder says so', async () => {
    const result = await runLeak(['crm', 'inspect', earthfink]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`leak: ${earthfink}: is a folder, not a CSV file; pass each CSV export in it as a file\n`);
  });

  test('mapped header missing is named', async () => {
    const result = await runLeak(['audit', '--quiet', '--mbox', SAMPLE_MBOX, '--crm', hubspot, '--crm-map', 'account=Nope']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(': --crm-map account=Nope names no column of this file; its headers are "Record ID", ');
  });
});
