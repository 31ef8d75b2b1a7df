// The owner hint: mail from owners guessed while reading skips detection, and a
// guess the final owners overturn makes the audit read everything again, so
// the report is the same as without the hint.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { analyzeMessage } from '../../src/pipeline/analyze.js';
import { AddressCounter, OwnerHint } from '../../src/pipeline/owners.js';
import { runAudit, type AuditOptions } from '../../src/audit.js';
import { makeMessage } from '../detectors/message.js';

const RULES = loadRuleSet([]);
const REQUEST = 'Hello,\n\nCould you send us a quote for 20 additional licences?\n\nThanks\n';

function mboxMessage(index: number, from: string, to: string, body: string): string {
  const day = String(1 + (index % 28)).padStart(2, '0');
  const month = String(1 + Math.floor(index / 28) % 12).padStart(2, '0');
  return [
    `From ${from} Mon Jan  1 00:00:00 2026`,
    `From: ${from}`,
    `To: ${to}`,
    `Subject: Message ${index}`,
    `Date: ${day} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(month) - 1]} 2026 10:00:00 +0000`,
    `Message-ID: <m${index}@test.example>`,
    '',
    body,
    '',
  ].join('\n');
}

/** Builds 1,000 messages: in the first 300 a customer looks like the owner, and the 700 after them make the real owner clear. */
function overturnedGuess(): string[] {
  const lines: string[] = [];
  for (let index = 0; index < 300; index += 1) {
    lines.push(mboxMessage(index, 'buyer@client.example', `person${index}@vendor.example`, REQUEST));
  }
  for (let index = 300; index < 1000; index += 1) {
    lines.push(mboxMessage(index, 'owner@seller.example', `contact${index}@other.example`, 'Hello,\n\nSee you on Monday.\n'));
  }
  return lines;
}

function auditOptions(mbox: string, owners: string[] = []): AuditOptions {
  return { mbox: [mbox], eml: [], crm: [], crmMap: {}, owners, rules: [], redact: false, jobs: 1, conversionRate: 0.1, ltv: 50000, currency: 'EUR', secondOrderMultiplier: 2 };
}

describe('owner hint', () => {
  test('skips detection for the hinted side', () => {
    const message = makeMessage({ from: 'claire@vendor.example', text: REQUEST });
    const side = { addresses: ['claire@vendor.example'], domains: ['vendor.example'] };
    const skipped = analyzeMessage(message, RULES, side);
    expect(skipped.skippedSender).toBe('claire@vendor.example');
    expect(skipped.summary.hits).toEqual([]);
    const read = analyzeMessage(message, RULES, null);
    expect(read.skippedSender).toBeNull();
    expect(read.summary.hits.length).toBeGreaterThan(0);
  });

  test('waits for a clear owner', () => {
    const counter = new AddressCounter();
    const hint = new OwnerHint(counter, []);
    for (let index = 0; index < 300; index += 1) {
      counter.add({ mailbox: 'm', from: { name: '', address: 'owner@vendor.example' }, to: [{ name: '', address: `c${index}@client.example` }], listAddress: null });
      hint.noteMessage();
    }
    expect(hint.current()).toEqual({ addresses: ['owner@vendor.example'], domains: ['vendor.example'] });
  });

  test('gives no hint for a tie', () => {
    const counter = new AddressCounter();
    const hint = new OwnerHint(counter, []);
    for (let index = 0; index < 300; index += 1) {
      counter.add({ mailbox: 'm', from: { name: '', address: 'a@one.example' }, to: [{ name: '', address: 'b@two.example' }], listAddress: null });
      hint.noteMessage();
    }
    expect(hint.current()).toBeNull();
  });

  test('rereads when the guess is overturned', async () => {
    // The customer's requests must still count after the guess is overturned.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-hint-'));
    const mbox = path.join(folder, 'box.mbox');
    writeFileSync(mbox, overturnedGuess().join('\n'));
    const report = await runAudit(auditOptions(mbox));
    expect(report.owners).toEqual(['owner@seller.example']);
    expect(report.opportunities.map((opportunity) => opportunity.account)).toContain('client.example');
  });

  test('a reread keeps the earlier problems', async () => {
    // The mailbox given twice raises a problem before any mail is read, and a message without
    // headers one while reading. The reread must keep each once.
    const lines = ['From nobody Mon Jan  1 00:00:00 2026\nno headers here\n', ...overturnedGuess()];
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-hint-'));
    const mbox = path.join(folder, 'a.mbox');
    writeFileSync(mbox, lines.join('\n'));
    // Problems sort by file, so the read problem of a.mbox comes before z.mbox's.
    const other = path.join(folder, 'z.mbox');
    writeFileSync(other, mboxMessage(2000, 'owner@seller.example', 'friend@other.example', 'Hello\n'));
    const report = await runAudit({ ...auditOptions(mbox), mbox: [mbox, other, other] });
    const codes = report.problems.map((problem) => problem.code);
    expect(codes.filter((code) => code === 'MAILBOX_DUPLICATE_INPUT')).toHaveLength(1);
    expect(codes.filter((code) => code.startsWith('MBOX_') || code.startsWith('MESSAGE_'))).toHaveLength(1);
  });
});
