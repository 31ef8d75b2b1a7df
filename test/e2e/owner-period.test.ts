// Several salespeople's mailboxes: each owner's leads are annualised over the
// weeks of that owner's own mail, so how the exports overlap in time does not
// change the loss, and a gap between two owners' exports is not counted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-owner-period-'));

interface MailboxSpec {
  /** Owner's address; each week has one customer message to the owner and the owner's reply. */
  owner: string;
  start: string;
  weeks: number;
  /** Weeks (from 0) whose customer message requests more users: one lead each. */
  leadWeeks: number[];
  /** Time between two customer messages; a week unless given. */
  step?: number;
}

function envelope(from: string, date: Date): string {
  return `From ${from} ${date.toUTCString().replace(',', '')}`;
}

/** Writes an mbox of `spec` and returns its path. */
function writeMailbox(name: string, spec: MailboxSpec): string {
  const messages: string[] = [];
  const first = Date.parse(spec.start);
  for (let week = 0; week <= spec.weeks; week += 1) {
    const date = new Date(first + week * (spec.step ?? WEEK_MS));
    const isLead = spec.leadWeeks.includes(week);
    const customer = isLead ? `dana@buyer-${name}-${week}.example` : `bob@plain-${name}.example`;
    const body = isLead ? 'We would like to add 15 more users to our subscription next month.' : 'Thanks for the invoice, all paid.';
    const id = `${name}-${week}@${customer.split('@')[1]}`;
    messages.push(
      [
        envelope(customer, date),
        `From: ${customer}`,
        `To: ${spec.owner}`,
        `Subject: Week ${week}`,
        `Date: ${date.toUTCString()}`,
        `Message-ID: <${id}>`,
        '',
        'Hello,',
        '',
        body,
        '',
        envelope(spec.owner, date),
        `From: ${spec.owner}`,
        `To: ${customer}`,
        `Subject: Re: Week ${week}`,
        `Date: ${date.toUTCString()}`,
        `Message-ID: <re-${id}>`,
        `In-Reply-To: <${id}>`,
        '',
        'Thanks, I will come back to you.',
        '',
      ].join('\n'),
    );
  }
  const file = path.join(folder, `${name}.mbox`);
  writeFileSync(file, messages.join('\n'));
  return file;
}

async function audit(files: string[], extra: string[] = []): Promise<{ report: AuditReport; stderr: string }> {
  const args = files.flatMap((file) => ['--mbox', file]);
  const result = await runLeak(['audit', '--json', '--no-progress', ...args, ...extra]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return { report: JSON.parse(result.stdout) as AuditReport, stderr: result.stderr };
}

const CLAIRE = 'claire.martin@vendor.example';
const TOM = 'tom.reed@vendor.example';
const UNA = 'una.mays@vendor.example';

const claire = writeMailbox('claire', { owner: CLAIRE, start: '2026-01-05T09:00:00Z', weeks: 24, leadWeeks: [3, 12] });
const tomSame = writeMailbox('tom-same', { owner: TOM, start: '2026-01-05T09:00:00Z', weeks: 24, leadWeeks: [5, 20] });
const tomLater = writeMailbox('tom-later', { owner: TOM, start: '2026-04-06T09:00:00Z', weeks: 24, leadWeeks: [5, 20] });
// Starts six weeks after Claire's last message.
const una = writeMailbox('una', { owner: UNA, start: '2026-08-03T09:00:00Z', weeks: 6, leadWeeks: [2] });

describe('loss per mailbox owner', () => {
  test('overlap does not change the loss', async () => {
    const together = (await audit([claire, tomSame])).report;
    const shifted = (await audit([claire, tomLater])).report;
    expect(together.assumptions.periodWeeks).toBe(24);
    expect(shifted.assumptions.periodWeeks).toBe(37);
    expect(shifted.summary.estimatedAnnualLoss).toBe(together.summary.estimatedAnnualLoss);
    // 2 leads over 24 weeks each: 2 / 24 x 52 x 10% x 50,000 = 21,666.67 per owner.
    expect(shifted.summary.byOwner.map((row) => [row.owner, row.periodWeeks, row.invisibleLeads, row.estimatedAnnualLoss])).toEqual([
      [CLAIRE, 24, 2, 21_666.67],
      [TOM, 24, 2, 21_666.67],
    ]);
    expect(shifted.summary.estimatedAnnualLoss).toBe(43_333.34);
  });

  test('each owner as audited alone', async () => {
    const both = (await audit([claire, una])).report;
    const claireAlone = (await audit([claire])).report;
    const unaAlone = (await audit([una])).report;
    // The six weeks between the two exports are not counted.
    expect(both.summary.byOwner.map((row) => row.periodWeeks)).toEqual([24, 6]);
    expect(both.summary.estimatedAnnualLoss).toBe(
      claireAlone.summary.estimatedAnnualLoss + unaAlone.summary.estimatedAnnualLoss,
    );
    expect(both.summary.byOwner.map((row) => row.mailboxes)).toEqual([[claire], [una]]);
  });

  test('one owner keeps the single figures', async () => {
    // Consecutive exports of one person count their weeks once, as one mailbox would.
    const first = writeMailbox('tom-q1', { owner: TOM, start: '2026-01-05T09:00:00Z', weeks: 12, leadWeeks: [5] });
    const second = writeMailbox('tom-q2', { owner: TOM, start: '2026-03-30T09:00:00Z', weeks: 12, leadWeeks: [3] });
    const { report } = await audit([first, second]);
    expect(report.summary.byOwner).toHaveLength(1);
    expect(report.summary.byOwner[0]?.periodWeeks).toBe(report.assumptions.periodWeeks);
    expect(report.assumptions.periodWeeks).toBe(24);
    expect(report.summary.estimatedAnnualLoss).toBe(21_666.67);
  });

  test('one day of mail counts a week', async () => {
    const day = writeMailbox('una-day', { owner: UNA, start: '2026-02-02T09:00:00Z', weeks: 3, leadWeeks: [0], step: 3_600_000 });
    const { report, stderr } = await audit([claire, day]);
    expect(report.summary.byOwner[1]).toMatchObject({ owner: UNA, periodWeeks: 1, invisibleLeads: 1, estimatedAnnualLoss: 260_000 });
    const short = report.problems.filter((problem) => problem.code === 'PERIOD_SHORT');
    expect(short.map((problem) => problem.file)).toEqual([day]);
    expect(stderr).toContain(`the dated mail of the mailboxes of ${UNA} covers only`);
  });

  test('mailboxes without an owner count together', async () => {
    // Each message is between two new addresses, so every address ties and no owner is taken.
    const unknown = path.join(folder, 'unknown.mbox');
    const lines = [0, 1].flatMap((index) => {
      const date = new Date(Date.parse('2026-02-02T09:00:00Z') + index * 7 * WEEK_MS);
      return [
        envelope(`dana@buyer-unknown-${index}.example`, date),
        `From: dana@buyer-unknown-${index}.example`,
        `To: person${index}@elsewhere-${index}.example`,
        `Subject: Users ${index}`,
        `Date: ${date.toUTCString()}`,
        `Message-ID: <unknown-${index}@buyer.example>`,
        '',
        'We would like to add 15 more users to our subscription next month.',
        '',
      ];
    });
    writeFileSync(unknown, lines.join('\n'));
    const { report } = await audit([claire, unknown]);
    expect(report.problems.map((problem) => problem.code)).toContain('OWNER_TIED');
    const noOwner = report.summary.byOwner.find((row) => row.owner === null);
    expect(noOwner).toMatchObject({ mailboxes: [unknown], periodWeeks: 7, invisibleLeads: 2 });
    const sum = report.summary.byOwner.reduce((total, row) => total + row.estimatedAnnualLoss, 0);
    expect(report.summary.estimatedAnnualLoss).toBeCloseTo(sum, 2);
  });

  test('reports show each owner', async () => {
    const summaryFile = path.join(folder, 'summary.csv');
    const html = path.join(folder, 'report.html');
    const args = ['audit', '--no-progress', '--mbox', claire, '--mbox', una, '--summary-csv', summaryFile, '--html', html];
    const result = await runLeak(args);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Period of owner ${CLAIRE}: 24 weeks (2026-01-05 to 2026-06-22; ${claire}): 2 invisible pipeline leads`);
    expect(result.stdout).toContain(`2 / 24 weeks (${CLAIRE}) + 1 / 6 weeks (${UNA})`);
    expect(readFileSync(html, 'utf8')).toContain(`Period of owner ${UNA}`);
    const rows = parse(readFileSync(summaryFile, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const owners = rows.filter((row) => row.group === 'owner');
    expect(owners.map((row) => [row.name, row.period_weeks, row.invisible_leads, row.estimated_annual_loss])).toEqual([
      [CLAIRE, '24', '2', '21666.67'],
      [UNA, '6', '1', '43333.33'],
    ]);
  });

  test('redaction hides owners in byOwner', async () => {
    const { report } = await audit([claire, una], ['--redact']);
    const text = JSON.stringify(report.summary.byOwner);
    expect(text).not.toContain('claire.martin');
    expect(report.summary.byOwner.map((row) => row.owner)).toEqual(report.owners);
  });
});

describe('mailbox of duplicates only', () => {
  test('takes the one given owner', async () => {
    // Every message of the second mailbox repeats one of the first, so no address
    // in it can name an owner. The one --owner given is its owner.
    const fixtures = path.join(FIXTURES, 'owners');
    const result = await runLeak([
      'audit', '--json', '--no-progress', '--owner', 'claire@vendor.example',
      '--mbox', path.join(fixtures, 'copy-a.mbox'), '--mbox', path.join(fixtures, 'copy-b-duplicates.mbox'),
    ]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.summary.byOwner.map((owner) => owner.owner)).toEqual(['claire@vendor.example']);
    expect(report.summary.byOwner[0]?.mailboxes).toHaveLength(2);
  });
});
