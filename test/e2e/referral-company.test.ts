// A referral is another company's deal, so the CRM is checked for the company
// referred: a thread participant on another domain than the referrer first,
// else a CRM account named in the referrer's text, else the referrer's own
// account as before. fixtures/referral/nu26 is a new user's mailbox and CRM
// export, copied as they sent them; fixtures/referral/cases contains one case per
// way of naming the company.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import type { Opportunity } from '../../src/types.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const NU26 = path.join(FIXTURES, 'referral', 'nu26');
const CASES = path.join(FIXTURES, 'referral', 'cases');
const OUT = mkdtempSync(path.join(os.tmpdir(), 'leak-referral-'));

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

async function auditJson(args: string[]): Promise<AuditReport> {
  const result = await runLeak(['audit', '--no-progress', '--json', ...args]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

function referrals(report: AuditReport): Opportunity[] {
  return report.opportunities.filter((item) => item.category === 'referral');
}

const NU26_ARGS = ['--mbox', path.join(NU26, 'nimbus.mbox'), '--crm', path.join(NU26, 'crm_keller.csv')];
const CASE_ARGS = [
  '--mbox', path.join(CASES, 'inbox.mbox'),
  '--crm', path.join(CASES, 'crm.csv'),
  '--owner', 'sophie@nimbus-ledger.example',
];

describe('referral checked against the referred company', () => {
  // A review found a covered customer copied on an introduction (an accountant) decide the
  // referral, hiding the lead of the company introduced, which has no CRM account.
  test('known and unknown companies copied: ambiguous', async () => {
    const report = await auditJson([
      '--mbox', path.join(FIXTURES, 'referral', 'mixed', 'inbox.mbox'),
      '--crm', path.join(CASES, 'crm.csv'),
      '--owner', 'sophie@nimbus-ledger.example',
    ]);
    const [referral] = referrals(report);
    expect(referral?.referredCompany).toBe('Helix Print or keller-bau.example');
    expect(referral?.crm.status).toBe('ambiguous');
    expect(referral?.crm.reason).toContain('unclear which company is referred: Helix Print (covered:');
    expect(referral?.crm.reason).toContain('or keller-bau.example (no CRM account)');
  });

  test('company named in the text', async () => {
    const [referral] = referrals(await auditJson(NU26_ARGS));
    expect(referral?.account).toBe('Fjord Analytics');
    expect(referral?.referredCompany).toBe('Keller Bau');
    expect(referral?.crm.status).toBe('covered');
    expect(referral?.crm.account).toBe('Keller Bau');
    expect(referral?.crm.record).toBe('Keller Bau - Ledger');
    expect(referral?.crm.reason).toBe(
      'referred company Keller Bau (named in the mail): open opportunity "Keller Bau - Ledger" (Qualification), ' +
        'created on 2026-10-13, expected to close on 2026-12-31',
    );
  });

  test('company of a participant, then text, then none', async () => {
    const found = referrals(await auditJson(CASE_ARGS)).map((item) => ({
      account: item.account,
      referredCompany: item.referredCompany,
      status: item.crm.status,
      reason: item.crm.reason,
      sameLeadAs: item.sameLeadAs,
    }));
    expect(found).toEqual([
      // Paul at helix-print.example is copied: Helix Print's open deal covers the referral.
      {
        account: 'Orbit Tools',
        referredCompany: 'Helix Print',
        status: 'covered',
        reason:
          'referred company Helix Print (copied on the thread): open opportunity "Helix Print - Ledger" (Qualification), ' +
          'created on 2026-10-14, expected to close on 2026-12-31',
        sameLeadAs: null,
      },
      // The copied participant outranks "Helix Print" in the text, and the CRM has no account for her company.
      // Another company than the first referral, so another lead, though Orbit Tools sent both.
      {
        account: 'Orbit Tools',
        referredCompany: 'zephyr-labs.example',
        status: 'invisible',
        reason: 'referred company zephyr-labs.example (copied on the thread): no CRM account',
        sameLeadAs: null,
      },
      // "Quill Data" is the referrer and "Nimbus Ledger" the owner's company: no company is named,
      // so the referrer's account is checked as before.
      {
        account: 'Quill Data',
        referredCompany: null,
        status: 'covered',
        reason:
          "referred company not named (no thread participant on another domain, no CRM account name in the text), " +
          "so the referrer's account is checked: open opportunity \"Quill Data - Renewal\" (Proposal), " +
          'created on 2026-09-01, expected to close on 2026-12-15',
        sameLeadAs: null,
      },
    ]);
  });

  test('terminal, CSV and HTML show it', async () => {
    const csv = path.join(OUT, 'nu26.csv');
    expect((await runLeak(['audit', '--no-progress', ...NU26_ARGS, '--csv', csv])).status).toBe(0);

    const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(header?.split(',').at(-1)).toBe('referred_company');
    const referralRow = rows.find((row) => row.includes(',referral,'));
    expect(referralRow?.endsWith(',Keller Bau')).toBe(true);
    expect(rows.filter((row) => row.endsWith(',Keller Bau'))).toHaveLength(1);

    // The terminal and the HTML table list invisible opportunities only, as the zephyr-labs referral is.
    const page = path.join(OUT, 'cases.html');
    const result = await runLeak(['audit', '--no-progress', ...CASE_ARGS, '--html', page]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('  Referred company: zephyr-labs.example\n');
    expect(readFileSync(page, 'utf8')).toContain('<div class="reason">referred company: zephyr-labs.example</div>');
  });

  // Workers find the text a company is named in, so both ways of naming one run with workers too.
  test.each([
    ['nu26', NU26_ARGS],
    ['cases', CASE_ARGS],
  ])('jobs 1 and 2 agree on %s', async (name, args) => {
    const outputs = [];
    for (const jobs of ['1', '2']) {
      const csv = path.join(OUT, `${name}-jobs-${jobs}.csv`);
      const result = await runLeak(['audit', '--no-progress', '--json', '--jobs', jobs, ...args, '--csv', csv]);
      expect(result.status).toBe(0);
      outputs.push({ json: result.stdout, csv: readFileSync(csv, 'utf8') });
    }
    expect(outputs[1]?.json).toBe(outputs[0]?.json);
    expect(outputs[1]?.csv).toBe(outputs[0]?.csv);
  });
});
