// Precision on real public mail: an Enron trader's mailbox full of 2001-era
// newsletters, broker statements and supplier pitches, and a Mailman list
// archive whose From is rewritten to the list address.
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { corpusPath } from '../helpers/paths.js';

async function audit(args: string[]): Promise<AuditReport> {
  const result = await runLeak(['audit', '--json', '--no-progress', ...args]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

function evidenceIds(report: AuditReport): Set<string> {
  return new Set(report.opportunities.flatMap((item) => item.evidence.map((evidence) => evidence.messageId)));
}

const ENRON = corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox');
const USRP = corpusPath('mbox', 'usrp-users-list_buy-license-threads.mboxrd.mbox');

// Messages with buying words in which no customer buys from the mailbox
// owner. `bulk`: one-to-many mail without list headers, excluded and listed
// with its reason. `pitch`: a supplier or recruiter selling to the owner.
const ENRON_NOISE: [string, 'bulk' | 'pitch', string][] = [
  ['682835.1075855625700.JavaMail.evans@thyme', 'bulk', 'Travelocity "Holiday Real Deals" promotion'],
  ['4659084.1075855651473.JavaMail.evans@thyme', 'bulk', 'Travelocity fare-watcher subscription mail'],
  ['1881364.1075845181400.JavaMail.evans@thyme', 'bulk', 'Money.com "Sivy on Stocks" newsletter'],
  ['30070145.1075845185944.JavaMail.evans@thyme', 'bulk', 'Money.com newsletter with a free trial issue'],
  ['17392936.1075855079059.JavaMail.evans@thyme', 'bulk', 'Money.com newsletter'],
  ['19746016.1075855069349.JavaMail.evans@thyme', 'bulk', 'Money.com newsletter'],
  ['11218632.1075845220612.JavaMail.evans@thyme', 'bulk', 'ClickZ Today newsletter'],
  ['29862367.1075845221647.JavaMail.evans@thyme', 'bulk', 'broker daily statement with a capitals disclaimer'],
  ['110198.1075845228635.JavaMail.evans@thyme', 'bulk', 'broker daily statement'],
  ['5710081.1075845230219.JavaMail.evans@thyme', 'bulk', 'broker daily statement'],
  ['17017264.1075845223963.JavaMail.evans@thyme', 'bulk', '"FREE TRIAL" trading-signal promotion'],
  ['21900841.1075845222676.JavaMail.evans@thyme', 'bulk', 'info@ investment-profile promotion'],
  ['21790214.1075845229781.JavaMail.evans@thyme', 'bulk', 'info@ free-trial promotion'],
  ['306923.1075855079130.JavaMail.evans@thyme', 'bulk', 'Consumer Reports resubscription offer'],
  ['8089755.1075840992800.JavaMail.evans@thyme', 'bulk', 'Enerfax Daily newsletter'],
  ['7173629.1075840981308.JavaMail.evans@thyme', 'bulk', 'Enerfax Daily newsletter'],
  ['31891077.1075840984356.JavaMail.evans@thyme', 'bulk', 'CultureFinder newsletter'],
  ['4951855.1075840983438.JavaMail.evans@thyme', 'bulk', '"50% Hotel Discount" prize notice'],
  ['29785164.1075863370867.JavaMail.evans@thyme', 'pitch', 'Atos Origin "Cost Saving Proposal"'],
  ['9229709.1075863357340.JavaMail.evans@thyme', 'pitch', 'Izhuta "Quality IT Services"'],
  ['11473818.1075841431259.JavaMail.evans@thyme', 'pitch', 'PIRA quoting its own licence fees'],
  ['25905353.1075863376746.JavaMail.evans@thyme', 'pitch', 'training company selling class seats'],
  ['1289982.1075861782097.JavaMail.evans@thyme', 'pitch', 'university club selling bowl tickets'],
  ['9137354.1075840387978.JavaMail.evans@thyme', 'pitch', 'recruiter offering a job'],
  ['22425344.1075840387628.JavaMail.evans@thyme', 'pitch', 'recruiter offering a job'],
];

// TVA's counter-bid on a tolling deal is the one customer asking the owner's
// company for a product, found by "let me know if the bid is acceptable".
// NOTE: the Cargill RFP posted through EnergyGateway gives no opportunity,
// because its only hits came from the site's menu, which is no longer read.
const ENRON_REAL = '31933175.1075849735165.JavaMail.evans@thyme';

describe('Enron mailbox', () => {
  let report: AuditReport;
  let ids: Set<string>;
  beforeAll(async () => {
    report = await audit(['--mbox', ENRON]);
    ids = evidenceIds(report);
  });

  test.each(ENRON_NOISE)('%s gives no opportunity', (messageId, _kind, _reason) => {
    expect(ids.has(messageId)).toBe(false);
  });

  test.each(ENRON_NOISE.filter(([, kind]) => kind === 'bulk'))('%s is listed as bulk', (messageId, _kind, _reason) => {
    const exclusion = [...report.exclusions.messages].find((item) => item.messageId === messageId);
    expect(exclusion?.kind).toBe('bulk');
  });

  test('TVA bid stays an opportunity', () => {
    expect(ids.has(ENRON_REAL)).toBe(true);
  });

  test('TVA bid is closing, not upgrade', () => {
    const tva = report.opportunities.find((item) => item.evidence.some((hit) => hit.messageId === ENRON_REAL));
    expect(tva?.category).toBe('closing');
  });

  test('every exclusion is listed', () => {
    const counted = Object.values(report.exclusions.byKind).reduce((sum, count) => sum + count, 0);
    expect(report.exclusions.messages.length).toBe(counted);
  });
});

describe('USRP list archive', () => {
  test('planning to buy is new business', async () => {
    const report = await audit(['--mbox', USRP]);
    const siemens = report.opportunities.find((item) => item.account === 'siemens.com');
    expect(siemens?.category).toBe('new-business');
    expect(siemens?.contacts).toEqual(['surabhi.kumari@siemens.com']);
  });

  test('commercial licence request is new business', async () => {
    const report = await audit(['--mbox', USRP]);
    const licence = report.opportunities.find((item) => item.account === 'mbigroup.it');
    expect(licence?.category).toBe('new-business');
  });

  test('list address is not the owner', async () => {
    const report = await audit(['--mbox', USRP]);
    expect(report.owners).not.toContain('usrp-users@lists.ettus.com');
    expect([...report.exclusions.messages].filter((item) => item.kind === 'owner-side')).toEqual([]);
  });

  test('owner on the list domain keeps external posts', async () => {
    const report = await audit(['--mbox', USRP, '--owner', 'neel.pandeya@ettus.com']);
    const accounts = report.opportunities.map((item) => item.account);
    expect(accounts).toContain('siemens.com');
    expect(accounts).toContain('mbigroup.it');
    const internal = [...report.exclusions.messages].filter((item) => item.reason.startsWith('internal mail'));
    expect(internal.map((item) => item.reason)).toEqual(['internal mail from wade.fife@ettus.com']);
  });
});

describe('gaps in a sparse folder of real .eml files', () => {
  // 131 messages from 1991 to 2024: dozens of quiet spells, each one a problem, one warning in all.
  test('gaps summarised per mailbox', async () => {
    const eml = corpusPath('eml');
    const result = await runLeak(['audit', '--json', '--no-progress', '--eml', eml]);
    expect(result.status).toBe(0);
    const gaps = (JSON.parse(result.stdout) as AuditReport).problems.filter((problem) => problem.code === 'MAILBOX_GAP');
    expect(gaps.length).toBeGreaterThan(1);
    const lines = result.stderr.split('\n').filter((line) => line.includes('with no mail'));
    expect(lines).toEqual([
      expect.stringContaining(`${eml}: ${gaps.length} gaps of more than 13 weeks with no mail, the longest from `),
    ]);
    expect(lines[0]).toContain('Each gap is a MAILBOX_GAP problem in the --json report.');
    expect(result.stderr).not.toContain('no mail from');
  });
});

