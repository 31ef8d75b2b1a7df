// End to end: spawns bin/leak.js as a user would and checks stdout, stderr,
// the JSON report, the CSV export and the exit code.
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { crmInspectCommand } from '../../src/commands/crm.js';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { corpusPath, FIXTURES, REPO_ROOT } from '../helpers/paths.js';

const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');
const SAMPLE_CRM = path.join(FIXTURES, 'sample', 'crm.csv');

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'leak-e2e-'));
}

async function auditJson(args: string[]): Promise<AuditReport> {
  const result = await runLeak(['audit', '--json', '--no-progress', ...args]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

describe('bundled sample', () => {
  let report: AuditReport;

  beforeAll(async () => {
    report = await auditJson([]);
  });

  test('terminal report says it read the sample', async () => {
    const result = await runLeak(['audit', '--no-progress']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('bundled sample');
    expect(result.stdout).toContain('Estimated annual loss');
    expect(result.stdout).toContain('Nous envisageons d');
  });

  test('report marks the sample', () => {
    expect(report.sample).toBe(true);
    expect(report.inputs.mailboxes[0]?.path).toBe('fixtures/sample/inbox.mbox');
    expect(report.inputs.crm?.[0]?.path).toBe('fixtures/sample/crm.csv');
    expect(report.schemaVersion).toBe(1);
    expect(report.inputs.mailboxes[0]?.messages).toBe(40);
    expect(report.inputs.mailboxes[0]?.skipped).toBe(0);
    expect(report.owners).toEqual(['claire.martin@vendor.example']);
  });

  test('opportunities match the ground truth', () => {
    const found = report.opportunities
      .map((item) => `${item.account} | ${item.category} | ${item.crm.status}`)
      .sort();
    expect(found).toEqual(
      [
        'Acme Robotics | closing | covered',
        'Cabinet Moreau Avocats | referral | invisible',
        'Durand BTP | expansion | invisible',
        'Globex Logistics | upgrade | covered',
        'Initech | closing | covered',
        'Librairies Vasseur | churn-risk | covered',
        'Lumière Events | closing | invisible',
        'Northwind Traders | expansion | covered',
        'Tailspin Toys | churn-risk | invisible',
        'Tailspin Toys | closing | invisible',
        'atelier-rousseau.example | new-business | invisible',
        'banque-horizon.example | upgrade | invisible',
        'jordan.blake.studio@gmail.com | new-business | invisible',
      ].sort(),
    );
  });

  test('summary totals match the ground truth', () => {
    expect(report.summary.opportunities).toBe(13);
    expect(report.summary.covered).toBe(5);
    expect(report.summary.invisible).toBe(8);
    expect(report.summary.ambiguous).toBe(0);
    expect(report.summary.revenueAtRiskCount).toBe(2);
  });

  test('match methods are recorded', () => {
    const byAccount = new Map(report.opportunities.map((item) => [item.account, item]));
    expect(byAccount.get('Globex Logistics')?.crm.matchedBy).toBe('domain');
    expect(byAccount.get('Initech')?.crm.matchedBy).toBe('email');
    expect(byAccount.get('banque-horizon.example')?.crm.matchedBy).toBeNull();
  });

  test('quantities come from the evidence', () => {
    const byAccount = new Map(report.opportunities.map((item) => [item.account, item]));
    expect(byAccount.get('Northwind Traders')?.quantity).toBe(15);
    expect(byAccount.get('Durand BTP')?.quantity).toBe(10);
  });

  test('loss follows the printed formula', () => {
    const { summary, assumptions } = report;
    // One per lead: the Tailspin retention proposal shares the churn risk's value, and Cabinet
    // Moreau's referral of Atelier Rousseau is one lead with Atelier Rousseau's own request.
    const pipelineInvisible = report.opportunities.filter(
      (item) => item.crm.status === 'invisible' && item.category !== 'churn-risk' && item.sameLeadAs === null,
    ).length;
    expect(pipelineInvisible).toBe(5);
    const expected = (pipelineInvisible / assumptions.periodWeeks) * 52 * 0.1 * 50_000;
    expect(summary.estimatedAnnualLoss).toBeCloseTo(expected, 1);
    expect(summary.estimatedAnnualLossWithSecondOrder).toBeCloseTo(expected * 2, 1);
  });

  test('evidence ids are Message-IDs without brackets', () => {
    for (const opportunity of report.opportunities) {
      for (const evidence of opportunity.evidence) {
        expect(evidence.messageId).not.toMatch(/[<>]/);
        expect(evidence.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
      }
    }
  });
});

describe('outputs', () => {
  test('csv has one row per opportunity', async () => {
    const dir = tempDir();
    const csvFile = path.join(dir, 'out.csv');
    const result = await runLeak(['audit', '--no-progress', '--json', '--csv', csvFile]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    const rows = parse(readFileSync(csvFile), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(report.opportunities.length);
    expect(rows.map((row) => row.id)).toEqual(report.opportunities.map((item) => item.id));
  });

  test('json and csv are byte-identical across runs', async () => {
    const dir = tempDir();
    const first = await runLeak(['audit', '--no-progress', '--json', '--csv', path.join(dir, 'a.csv')]);
    const second = await runLeak(['audit', '--no-progress', '--json', '--csv', path.join(dir, 'b.csv')]);
    expect(first.stdout).toBe(second.stdout);
    expect(readFileSync(path.join(dir, 'a.csv'))).toEqual(readFileSync(path.join(dir, 'b.csv')));
  });

  test('jobs 1, 2 and 3 give identical reports', async () => {
    const corpus = [
      '--mbox',
      corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox'),
      '--mbox',
      corpusPath('mbox', 'mimekit_content-length.mbox'),
      '--eml',
      corpusPath('eml'),
    ];
    const dir = tempDir();
    const audit = (jobs: string) =>
      runLeak(['audit', '--no-progress', '--json', '--jobs', jobs, '--csv', path.join(dir, `${jobs}.csv`), ...corpus]);
    const single = await audit('1');
    const double = await audit('2');
    const triple = await audit('3');
    expect(single.status).toBe(0);
    expect(double.stdout).toBe(single.stdout);
    expect(triple.stdout).toBe(single.stdout);
    expect(readFileSync(path.join(dir, '2.csv'))).toEqual(readFileSync(path.join(dir, '1.csv')));
    expect(readFileSync(path.join(dir, '3.csv'))).toEqual(readFileSync(path.join(dir, '1.csv')));
    // Three whole audits of two mailboxes and a folder: about 20 s on a quiet machine, over a
    // minute when other jobs load it.
  }, 240_000);

  test('quiet prints only the verdict', async () => {
    const result = await runLeak(['audit', '--quiet']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('');
  });

  test('gate failure exits 1 with reason', async () => {
    const result = await runLeak(['audit', '--no-progress', '--max-invisible', '0']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('leak: gate failed: 8 invisible opportunities exceed --max-invisible 0');
  });

  test('quiet gate failure reason printed once', async () => {
    const result = await runLeak(['audit', '--no-progress', '--quiet', '--max-invisible', '0']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL: .*8 invisible opportunities exceed --max-invisible 0/);
    expect(result.stderr).toBe('');
  });

  test('output over an input is rejected', async () => {
    const dir = tempDir();
    const mbox = path.join(dir, 'inbox.mbox');
    copyFileSync(SAMPLE_MBOX, mbox);
    const before = readFileSync(mbox);
    const result = await runLeak(['audit', '--mbox', mbox, '--csv', mbox]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(mbox);
    expect(readFileSync(mbox)).toEqual(before);
  });
});

describe('output safety', () => {
  test('output through a symlink to an input is rejected', async () => {
    const dir = tempDir();
    const mbox = path.join(dir, 'inbox.mbox');
    copyFileSync(SAMPLE_MBOX, mbox);
    symlinkSync(mbox, path.join(dir, 'link.mbox'));
    const result = await runLeak(['audit', '--mbox', mbox, '--csv', path.join(dir, 'link.mbox')]);
    expect(result.status).toBe(2);
    expect(readFileSync(mbox)).toEqual(readFileSync(SAMPLE_MBOX));
  });

  test('one file for two outputs is rejected', async () => {
    const out = path.join(tempDir(), 'report.out');
    const result = await runLeak(['audit', '--csv', out, '--html', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('two outputs');
  });

  test('output over the bundled sample is rejected', async () => {
    // With no --mbox or --crm the sample is the input, so it is protected too.
    for (const [flag, file] of [
      ['--csv', path.join(REPO_ROOT, 'fixtures', 'sample', 'crm.csv')],
      ['--html', path.join(REPO_ROOT, 'fixtures', 'sample', 'inbox.mbox')],
    ] as const) {
      const before = readFileSync(file);
      const result = await runLeak(['audit', flag, file]);
      const after = readFileSync(file);
      if (!after.equals(before)) writeFileSync(file, before);
      expect(after.equals(before)).toBe(true);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('refusing to overwrite an input file');
    }
  });

  test('output through a hard link or inside an eml folder is rejected', async () => {
    const dir = tempDir();
    const mbox = path.join(dir, 'inbox.mbox');
    copyFileSync(path.join(FIXTURES, 'sample', 'inbox.mbox'), mbox);
    const link = path.join(dir, 'report.csv');
    linkSync(mbox, link);
    const before = readFileSync(mbox);
    const linked = await runLeak(['audit', '--mbox', mbox, '--csv', link]);
    expect(linked.status).toBe(2);
    expect(readFileSync(mbox).equals(before)).toBe(true);

    const folder = path.join(dir, 'eml');
    mkdirSync(folder);
    copyFileSync(path.join(FIXTURES, 'sample', 'inbox.mbox'), path.join(folder, 'one.eml'));
    const inside = await runLeak(['audit', '--eml', folder, '--csv', path.join(folder, 'one.eml')]);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain('inside an input folder');
 
    const outside = path.join(dir, 'linked.csv');
    linkSync(path.join(folder, 'one.eml'), outside);
    const linkedInside = await runLeak(['audit', '--eml', folder, '--csv', outside]);
    expect(linkedInside.status).toBe(2);
  });

  test('output over a built-in rule pack is rejected', async () => {
    const pack = path.join(REPO_ROOT, 'rules', 'en.yaml');
    const before = readFileSync(pack);
    const result = await runLeak(['audit', '--mbox', path.join(FIXTURES, 'sample', 'inbox.mbox'), '--html', pack]);
    const after = readFileSync(pack);
    if (!after.equals(before)) writeFileSync(pack, before);
    expect(after.equals(before)).toBe(true);
    expect(result.status).toBe(2);
  });

  test('too many jobs exits 2', async () => {
    const result = await runLeak(['audit', '--jobs', '100000']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--jobs');
  });

  test('yaml alias bomb in rules exits 2', async () => {
    const file = path.join(tempDir(), 'bomb.yaml');
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const result = await runLeak(['audit', '--rules', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(file);
  });
});

describe('usage errors', () => {
  test('missing mbox exits 2 naming the file', async () => {
    const result = await runLeak(['audit', '--mbox', '/nonexistent/inbox.mbox']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('/nonexistent/inbox.mbox');
  });

  test('csv given as mbox exits 2', async () => {
    const result = await runLeak(['audit', '--mbox', SAMPLE_CRM]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(SAMPLE_CRM);
    expect(result.stderr).toContain('If it is a CRM export, pass it with --crm.');
  });

  test('mbox given as crm exits 2 naming the right flag', async () => {
    const mail = path.join(FIXTURES, 'mail-faults', 'Inbox.mbox');
    const result = await runLeak(['audit', '--mbox', mail, '--crm', SAMPLE_MBOX]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('pass it with --mbox');
  });

  test('crm without mail exits 2', async () => {
    for (const extra of [[], ['--quiet']]) {
      const result = await runLeak(['audit', '--no-progress', '--crm', SAMPLE_CRM, ...extra]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--mbox and --eml are both missing');
      expect(result.stderr).toContain('leak crm inspect FILE');
      expect(result.stdout).toBe('');
    }
  });

  test('csv given as eml names its first line', async () => {
    const csv = corpusPath('crm', 'dynamics365-demo_eboocock', 'Opportunity.csv');
    const result = await runLeak(['audit', '--eml', csv]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"Created On,Topic');
  });

  test('invalid conversion exits 2', async () => {
    const result = await runLeak(['audit', '--conversion', '1.5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--conversion');
  });

  test('stray file after a flag exits 2 with a hint', async () => {
    const result = await runLeak(['audit', '--crm', SAMPLE_CRM, SAMPLE_CRM]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--crm a.csv --crm b.csv');
  });

  test('invalid csv delimiter exits 2 before reading', async () => {
    const result = await runLeak(['audit', '--csv-delimiter', 'abc']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('bundled sample');
  });

  test('tab delimiter writes tabs', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.tsv');
    expect((await runLeak(['audit', '--quiet', '--csv-delimiter', 'tab', '--csv', file])).status).toBe(0);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toMatch(/^id\tcategory\taccount\t/);
  });

  test('mailbox without messages exits 2', async () => {
    const mmdf = corpusPath('mbox', 'neomutt_fig-mmdf.mbox');
    const result = await runLeak(['audit', '--quiet', '--mbox', mmdf]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`no messages read from ${mmdf}`);
  });

  test('one empty mailbox among others warns', async () => {
    const mmdf = corpusPath('mbox', 'neomutt_fig-mmdf.mbox');
    const result = await runLeak(['audit', '--quiet', '--mbox', mmdf, '--mbox', SAMPLE_MBOX]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('no message found');
  });

  test('currency mismatch warns on stderr', async () => {
    const result = await runLeak([
      'audit',
      '--quiet',
      '--mbox',
      SAMPLE_MBOX,
      '--crm',
      corpusPath('crm', 'dynamics365-demo_eboocock', 'Opportunity.csv'),
    ]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('CRM amounts are in USD (');
    expect(result.stderr).toContain('but --ltv is in EUR. To match them, pass --currency USD with --ltv in USD');
  });

  test('unknown flag exits 2', async () => {
    const result = await runLeak(['audit', '--no-such-flag']);
    expect(result.status).toBe(2);
  });

  test('crm without a usable column exits 2 with a mapping hint', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'crm.csv');
    writeFileSync(csv, 'Foo,Bar\n1,2\n');
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm', csv]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--crm-map');
    expect(result.stderr).toContain('Foo');
  });

  test('CRM flags without --crm exit 2', async () => {
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm-map', 'acount=Company', '--open-stages', 'Pending', '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--crm-map, --open-stages read the CRM export, but --crm FILE is missing');
  });

  test('empty crm exits 2 naming the file', async () => {
    const csv = path.join(tempDir(), 'crm.csv');
    writeFileSync(csv, '');
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm', csv, '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `leak: ${csv}: the CRM file is empty (no header row and no data rows); ` +
        'export the report again as CSV, or leave out this --crm file\n',
    );
  });

  test('crm with every row rejected exits 2', async () => {
    const csv = path.join(FIXTURES, 'crm', 'all-rows-rejected', 'deals.csv');
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm', csv, '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `leak: ${csv}: all 2 data rows were rejected, so the CRM file has no usable row. ` +
        'First rejected on line 2: row has 7 fields, the header has 6 fields. The row was ' +
        'rejected so no value lands in another column. Quote values that contain ",". ' +
        'Fix those rows or export the report again, or leave out this --crm file\n',
    );
    const inspect = await runLeak(['crm', 'inspect', csv]);
    expect(inspect.status).toBe(2);
    expect(inspect.stdout).toContain('Rows:        0 found, 2 skipped, not loaded\n');
  });

  test('inspect of an unusable export does not say none', async () => {
    const csv = path.join(tempDir(), 'deals.csv');
    writeFileSync(csv, 'Deal,Mail,Phase\nAdd users,olivia.hart@northwind.example,Proposal\n');
    const inspect = await runLeak(['crm', 'inspect', csv]);
    expect(inspect.status).toBe(2);
    expect(inspect.stdout).toContain('Problems:    the file cannot be audited (reason below)\n');
    expect(inspect.stderr).toContain('no account, account id, contact email or website column found');
  });

  test('crm without stage warns and runs', async () => {
    const csv = path.join(tempDir(), 'crm.csv');
    const lines = readFileSync(SAMPLE_CRM, 'utf8').trimEnd().split('\n');
    writeFileSync(csv, lines.map((line) => line.split(',').filter((_, cell) => cell !== 2).join(',')).join('\n'));
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm', csv, '--no-progress']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`leak: warning: ${csv}: no stage or status column found`);
    expect(result.stderr).toContain('--crm-map stage=HEADER');
    expect(result.stdout).toContain('CRM_STATUS_COLUMN_MISSING');
  });

  test('amount mapped to Stage is one error', async () => {
    const args = ['audit', '--mbox', SAMPLE_MBOX, '--crm', SAMPLE_CRM, '--crm-map', 'amount=Stage'];
    const result = await runLeak([...args, '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `leak: --crm-map amount=Stage: none of the 11 values in column "Stage" is an amount ` +
        `(for example "Closed Won" on line 2) in ${SAMPLE_CRM}; ` +
        'name the amount column with --crm-map amount=HEADER, or leave amount out of --crm-map',
    ]);
  });

  test('website mapped to Notes is one error', async () => {
    const csv = path.join(FIXTURES, 'crm', 'website-notes', 'deals.csv');
    const args = ['audit', '--mbox', SAMPLE_MBOX, '--crm', csv, '--crm-map', 'website=Notes'];
    const result = await runLeak([...args, '--quiet']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `leak: --crm-map website=Notes: none of the 2 values in column "Notes" is a website or domain ` +
        `(for example "call back" on line 2) in ${csv}; ` +
        'name the website column with --crm-map website=HEADER, or leave website out of --crm-map\n',
    );
  });

  test('alias website of words warns', async () => {
    const csv = path.join(tempDir(), 'crm.csv');
    const lines = readFileSync(SAMPLE_CRM, 'utf8').trimEnd().split('\n');
    writeFileSync(csv, lines.map((line, index) => (index === 0 ? line : line.replace(/,[^,]*$/, ',tbc'))).join('\n'));
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm', csv, '--quiet']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      `leak: warning: ${csv}: none of the 11 values in column "Website" is a website or domain`,
    );
  });

  test('crm inspect says not usable once', async () => {
    const csv = corpusPath('crm', 'bitrix24_deals.csv');
    const result = await runLeak(['crm', 'inspect', csv]);
    expect(result.status).toBe(2);
    expect(result.stdout).not.toContain('Not usable');
    expect(result.stdout).toContain('  amount         OPPORTUNITY\n');
    expect(result.stderr).toBe(
      `leak: ${csv}: column "COMPANY_ID" is empty (or 0) on all 3 rows, so no opportunity can be ` +
        'tied to a customer. Export the opportunities with their account name and name that ' +
        'column with --crm-map account=HEADER\n',
    );
  });

  test('one crm row is singular', async () => {
    const csv = path.join(tempDir(), 'crm.csv');
    const lines = readFileSync(SAMPLE_CRM, 'utf8').split('\n');
    writeFileSync(csv, `${lines[0]}\n${lines[1]}\n`);
    const result = await runLeak(['audit', '--mbox', SAMPLE_MBOX, '--crm', csv, '--no-progress']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`CRM ${csv}: 1 row, 0 skipped`);
    const inspect = await runLeak(['crm', 'inspect', csv]);
    expect(inspect.stdout).toContain('Rows:        1 loaded, 0 skipped\n');
    expect(inspect.stdout).toContain('1 row, total EUR 18,000.00');
  });
});

describe('real corpus', () => {
  test('enron mailbox against the dynamics export', async () => {
    const report = await auditJson([
      '--mbox',
      corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox'),
      '--crm',
      corpusPath('crm', 'dynamics365-demo_eboocock', 'Opportunity.csv'),
    ]);
    expect(report.inputs.mailboxes[0]?.messages).toBe(400);
    expect(report.inputs.mailboxes[0]?.skipped).toBe(0);
    expect(report.inputs.crm?.[0]?.rows).toBe(5229);
  });

  test('usrp-users list month', async () => {
    const report = await auditJson(['--mbox', corpusPath('mbox', 'usrp-users-list_2019-08-import.mboxrd.mbox')]);
    const mailbox = report.inputs.mailboxes[0];
    expect((mailbox?.messages ?? 0) + (mailbox?.skipped ?? 0)).toBe(185);
    expect(report.inputs.crm).toBeNull();
    expect(report.opportunities.every((item) => item.crm.reason === 'no CRM export given')).toBe(true);
  });

  test('mbox passed as eml keeps every message', async () => {
    const report = await auditJson(['--eml', SAMPLE_MBOX]);
    expect(report.inputs.mailboxes[0]?.messages).toBe(40);
  });

  test('eml folder reports what it passes over', async () => {
    const dir = tempDir();
    const message = corpusPath('eml', 'nodemailer-mailparser_simple.eml');
    copyFileSync(message, path.join(dir, 'a.eml'));
    copyFileSync(message, path.join(dir, '.hidden.eml'));
    symlinkSync(path.join(dir, 'a.eml'), path.join(dir, 'link.eml'));
    const report = await auditJson(['--eml', dir]);
    expect(report.inputs.mailboxes[0]?.messages).toBe(1);
    const skipped = report.problems.filter((item) => item.code === 'EML_SKIPPED_FILE');
    expect(skipped.map((item) => path.basename(item.file)).sort()).toEqual(['.hidden.eml', 'link.eml']);
  });

  test('eml folder with maildir', async () => {
    const report = await auditJson(['--eml', corpusPath('eml', 'mu_testdir_maildir')]);
    const total = report.inputs.mailboxes.reduce((sum, item) => sum + item.messages + item.skipped, 0);
    expect(total).toBe(19);
  });
});

describe('subcommands', () => {
  test.each([[''], ['   ']])('rules test rejects empty text %j', async (text) => {
    const result = await runLeak(['rules', 'test', text]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('rules test: the text is empty');
    expect(result.stdout).toBe('');
  });

  test('rules test explains a firing sentence', async () => {
    const result = await runLeak(['rules', 'test', 'Do you offer volume discounts?']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/closing/);
  });

  test('rules test explains a negated french sentence', async () => {
    const result = await runLeak(['rules', 'test', "Nous n'envisageons pas d'ajouter des licences.", '--lang', 'fr']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/n[ée]gat/i);
  });

  test('rules test shows a model finding', async () => {
    // No rule names a separate company that someone runs; the model's referral terms do.
    const text = 'See below from Lucy, who runs Keystone Auctions, a separate company from us; she asked for your details';
    const result = await runLeak(['rules', 'test', text]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('+ model-referral  referral');
    expect(result.stdout).toMatch(/\+ en referral {2}0\.\d{2,6} \/ 0\.\d\d/);
    expect(result.stdout).toMatch(/best sentence alone 0\.\d\d; it adds most: "/);
  });

  test('rules test without the model', async () => {
    const text = 'See below from Lucy, who runs Keystone Auctions, a separate company from us; she asked for your details';
    const result = await runLeak(['rules', 'test', text, '--no-model']);
    expect(result.stdout).toContain('No rule fires.');
    expect(result.stdout).not.toContain('Learned model');
  });

  test('rules test lists near misses first', async () => {
    const result = await runLeak(['rules', 'test', 'We do not need 10 more licences.']);
    const nearMisses = result.stdout.indexOf('Near misses:');
    expect(nearMisses).toBeGreaterThan(result.stdout.indexOf('No rule fires.'));
    expect(nearMisses).toBeLessThan(result.stdout.indexOf('Learned model'));
    expect(result.stdout).toContain('negated by "not"');
  });

  test('rules test says when nothing matched', async () => {
    const result = await runLeak(['rules', 'test', 'Lunch on Friday?', '--no-model']);
    expect(result.stdout).toContain('No rule pattern matches any sentence');
  });

  test('audit records whether the model ran', async () => {
    const withModel = await auditJson([]);
    expect(withModel.rules.models).toEqual(['rules/model-en.json', 'rules/model-fr.json']);
    const rulesOnly = await auditJson(['--no-model']);
    expect(rulesOnly.rules.models).toEqual([]);
    const listed = await runLeak(['rules', 'list', '--json']);
    const count = (JSON.parse(listed.stdout) as unknown[]).length;
    const terminal = await runLeak(['audit', '--no-progress', '--no-model']);
    expect(terminal.stdout).toContain(`Detection: ${count} rules only (the learned model is off: --no-model)`);
  });

  test('rules list prints both languages', async () => {
    const result = await runLeak(['rules', 'list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\ben\b/);
    expect(result.stdout).toMatch(/\bfr\b/);
  });

  test('crm inspect prints columns for every corpus export', async () => {
    const files = readdirSync(corpusPath('crm'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.csv'))
      .sort();
    expect(files.length).toBeGreaterThan(25);
    // The command runs in this process for each export, because a spawn per file takes minutes on
    // a loaded machine. One spawn of the bin checks that it prints the same output.
    const flags = { crmMap: [], currency: 'EUR', json: false };
    for (const [index, file] of files.entries()) {
      let stdout = '';
      let stderr = '';
      const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), color: false, stderrIsTty: false };
      const status = await crmInspectCommand(corpusPath('crm', file), flags, io);
      expect([0, 2], file).toContain(status);
      expect(stdout, file).toContain('Encoding:');
      expect(stdout, file).toContain('Columns:');
      if (status === 2) expect(stderr, file).toContain('--crm-map');
      if (index === 0) {
        const result = await runLeak(['crm', 'inspect', corpusPath('crm', file)]);
        expect({ status: result.status, stdout: result.stdout }).toEqual({ status, stdout });
      }
    }
  });

  test('crm inspect reads a csv with one stray NUL', async () => {
    const file = path.join(tempDir(), 'crm.csv');
    writeFileSync(file, 'Account Name,Opportunity Name,Stage\nAcme,Acme\u0000 renewal,Prospecting\nGlobex,Globex new,Closed Won\n');
    const result = await runLeak(['crm', 'inspect', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 loaded');
  });

  test('crm inspect accepts the audit exports', async () => {
    for (const file of [
      ['dynamics365-demo_eboocock', 'Opportunity.csv'],
      ['dynamics365-demo_eboocock', 'Account.csv'],
      ['dynamics365-demo_eboocock', 'Contact.csv'],
      ['maven-crm-sales-opportunities', 'sales_pipeline.csv'],
      ['salesforce-devorg_earthfink1982', 'Opportunity.csv'],
      ['salesforce-sfdc-assets_data-cloud-workshop', 'Opportunity.csv'],
    ]) {
      const result = await runLeak(['crm', 'inspect', corpusPath('crm', ...file)]);
      expect(result.status, file.join('/')).toBe(0);
      expect(result.stdout).toMatch(/\b(account|accountId)\s+\S/);
    }
  });

  test('crm inspect reads bitrix won stages', async () => {
    const csv = path.join(FIXTURES, 'crm', 'bitrix-closed-won', 'deals.csv');
    const result = await runLeak(['crm', 'inspect', csv]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('  stageSemantic  STAGE_SEMANTIC_ID\n');
    expect(result.stdout).toContain(
      'Stages:\n' +
        '  C2:LOSE         lost     1 row\n' +
        '  C2:PREPARATION  open     1 row\n' +
        '  C2:WON          won      1 row\n' +
        '  WON             won      1 row\n',
    );
  });

  test('crm inspect prints chosen columns', async () => {
    const result = await runLeak(['crm', 'inspect', SAMPLE_CRM]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Account Name');
    expect(result.stdout).toContain('Stage');
  });
});
