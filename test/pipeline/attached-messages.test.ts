// Messages attached as message/rfc822 parts are read as messages of their own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit, type AuditOptions } from '../../src/audit.js';
import { loadRuleSet } from '../../src/detectors/index.js';
import { MAX_ATTACHED_DEPTH } from '../../src/parsers/message.js';
import { processItem } from '../../src/pipeline/work.js';
import type { AuditReport } from '../../src/report/schema.js';
import { FIXTURES } from '../helpers/paths.js';

const FOLDER = path.join(FIXTURES, 'attached-messages');
const OWNER = 'claire.martin@vendor.example';

function auditOptions(mbox: string, jobs = 1): AuditOptions {
  return {
    mbox: [path.join(FOLDER, mbox)],
    eml: [],
    crm: [],
    crmMap: {},
    owners: [OWNER],
    rules: [],
    redact: false,
    jobs,
    conversionRate: 0.1,
    ltv: 50000,
    currency: 'EUR',
    secondOrderMultiplier: 2,
  };
}

function accounts(report: AuditReport): string[] {
  return report.opportunities.map((opportunity) => opportunity.account).sort();
}

function exclusionsOf(report: AuditReport): Array<[string, string, string]> {
  return [...report.exclusions.messages].map((item) => [item.kind, item.where, item.reason]);
}

describe('attached messages', () => {
  // Attached messages share their carrier's index: two requests in two threads, forwarded in one
  // mail, were once grouped as one opportunity because their thread key ignored the position.
  it('keeps two attached requests of two threads apart', async () => {
    const report = await runAudit(auditOptions('two-attached-threads.mbox'));
    expect(report.opportunities.map((opportunity) => opportunity.evidence.length)).toEqual([1, 1]);
    expect(accounts(report)).toEqual(['inner.example', 'inner.example']);
  });

  it('reads a customer mail attached to another', async () => {
    const report = await runAudit(auditOptions('rfc822.mbox'));
    expect(accounts(report)).toEqual(['c1509.example', 'inner303.example']);
    const inner = report.opportunities.find((opportunity) => opportunity.account === 'inner303.example');
    expect(inner?.evidence[0]?.messageId).toBe('inner303@x.example');
    expect(inner?.evidence[0]?.date).toBe('2026-09-02T10:00:00Z');
    expect(report.inputs.mailboxes[0]?.messages).toBe(4);
    expect(report.inputs.mailboxes[0]?.attached).toEqual({ read: 2, duplicates: 0, skipped: 0, unopened: 0 });
  });

  it('keeps their dates out of the period', async () => {
    const report = await runAudit(auditOptions('rfc822.mbox'));
    expect(report.inputs.mailboxes[0]?.firstDate).toBe('2026-09-05T10:00:00Z');
  });

  it('reads a colleague forward as the customer', async () => {
    const report = await runAudit(auditOptions('colleague-fwd.mbox'));
    expect(accounts(report)).toEqual(['inner301.example']);
    expect(report.opportunities[0]?.contacts).toEqual(['buyer301@inner301.example']);
  });

  it('names the mail an inline forward carries', async () => {
    const report = await runAudit(auditOptions('colleague-fwd.mbox'));
    const reasons = exclusionsOf(report).map(([, , reason]) => reason);
    expect(reasons).toEqual([
      'internal mail from bob@vendor.example',
      'internal mail from bob@vendor.example; it forwards mail from buyer302@inner302.example inline, which is not read as a customer\'s message',
    ]);
  });

  it('counts a copy once by Message-ID', async () => {
    const report = await runAudit(auditOptions('copies-and-kinds.mbox'));
    const file = path.join(FOLDER, 'copies-and-kinds.mbox');
    expect(accounts(report)).toEqual(['c701.example', 'c702.example']);
    expect(report.opportunities.map((opportunity) => opportunity.evidence.length)).toEqual([1, 1]);
    const duplicates = exclusionsOf(report).filter(([kind]) => kind === 'duplicate');
    expect(duplicates).toEqual([
      ['duplicate', 'message 2 (byte 303), attached message 1', `same message as message 1 (byte 0) of ${file}`],
      ['duplicate', 'message 4 (byte 1701)', `same message as message 3 (byte 1150), attached message 1 of ${file}`],
    ]);
  });

  it('counts unread and unopened ones', async () => {
    const report = await runAudit(auditOptions('copies-and-kinds.mbox'));
    const [mailbox] = report.inputs.mailboxes;
    expect(mailbox?.attached).toEqual({ read: 2, duplicates: 1, skipped: 1, unopened: 2 });
    expect(mailbox?.messages).toBe(8);
    expect(mailbox?.skipped).toBe(1);
    const skipped = report.problems.find((problem) => problem.code === 'MBOX_NO_HEADERS');
    expect(skipped?.where).toBe('message 6 (byte 2510), attached message 1');
  });

  it('gives the same report with two jobs', async () => {
    for (const mbox of ['rfc822.mbox', 'colleague-fwd.mbox', 'copies-and-kinds.mbox']) {
      const single = await runAudit(auditOptions(mbox, 1));
      const double = await runAudit(auditOptions(mbox, 2));
      expect(JSON.stringify({ ...double, exclusions: [...double.exclusions.messages] })).toBe(
        JSON.stringify({ ...single, exclusions: [...single.exclusions.messages] }),
      );
    }
  });
});

describe('attached message nesting', () => {
  /** Builds a customer mail that attaches the next one, `levels` deep. */
  function nested(levels: number): string {
    let mail = 'From: Ann <ann@c.example>\nDate: Wed, 02 Sep 2026 10:00:00 +0000\nMessage-ID: <level0@c.example>\n\nWe would like to add 12 users to our account.\n';
    for (let level = 1; level <= levels; level += 1) {
      mail = `From: Ann <ann@c.example>\nDate: Wed, 02 Sep 2026 10:00:00 +0000\nMessage-ID: <level${level}@c.example>\nContent-Type: message/rfc822\n\n${mail}`;
    }
    return mail;
  }

  it('reads attached messages up to the limit', async () => {
    const context = { mailbox: 'm.mbox', file: 'm.mbox', index: 0, offset: 0, envelopeDate: null };
    const outcome = await processItem(Buffer.from(nested(MAX_ATTACHED_DEPTH + 1)), context, loadRuleSet([]));
    expect(outcome.attached.filter((item) => item !== null)).toHaveLength(MAX_ATTACHED_DEPTH);
    expect(outcome.attached.filter((item) => item === null)).toHaveLength(1);
    const [problem] = outcome.problems;
    expect(problem?.code).toBe('MESSAGE_ATTACHED_TOO_DEEP');
    expect(problem?.where).toBe('message 1 (byte 0), attached message 1.1.1.1.1');
  });

  it('reads every level below the limit', async () => {
    const context = { mailbox: 'm.mbox', file: 'm.mbox', index: 0, offset: 0, envelopeDate: null };
    const outcome = await processItem(Buffer.from(nested(MAX_ATTACHED_DEPTH)), context, loadRuleSet([]));
    expect(outcome.attached.map((item) => item?.summary.id)).toEqual(['level4@c.example', 'level3@c.example', 'level2@c.example', 'level1@c.example', 'level0@c.example']);
    expect(outcome.attached.at(-1)?.summary.hits.length).toBeGreaterThan(0);
    expect(outcome.problems).toEqual([]);
  });
});
