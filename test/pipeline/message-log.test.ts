import { describe, expect, test } from 'vitest';
import { ExclusionLog, FingerprintSet, SenderLog } from '../../src/pipeline/message-log.js';

const FIRST = { mailbox: 'a.mbox', file: 'a.mbox', index: 2, offset: 812, id: 'one@x' };
const SECOND = { mailbox: 'b', file: 'b/cur/2.eml', index: 0, offset: null, id: 'two@x' };

describe('ExclusionLog', () => {
  test('yields exclusions in order', () => {
    const log = new ExclusionLog();
    log.add(FIRST, 'bulk', 'List-Id header');
    log.add(SECOND, 'auto-reply', 'Auto-Submitted: auto-replied');
    expect([...log]).toEqual([
      { mailbox: 'a.mbox', where: 'message 3 (byte 812)', messageId: 'one@x', kind: 'bulk', reason: 'List-Id header' },
      { mailbox: 'b', where: 'b/cur/2.eml', messageId: 'two@x', kind: 'auto-reply', reason: 'Auto-Submitted: auto-replied' },
    ]);
    expect(log.length).toBe(2);
  });

  test('counts per kind, keys sorted', () => {
    const log = new ExclusionLog();
    log.add(FIRST, 'owner-side', 'r');
    log.add(FIRST, 'bulk', 'r');
    log.add(SECOND, 'owner-side', 'r');
    expect(Object.entries(log.countByKind())).toEqual([
      ['bulk', 1],
      ['owner-side', 2],
    ]);
  });

  test('counts per mailbox', () => {
    const log = new ExclusionLog();
    log.add(FIRST, 'bulk', 'r');
    log.add(FIRST, 'bulk', 'r');
    log.add(SECOND, 'bulk', 'r');
    expect(log.countInMailbox('a.mbox')).toBe(2);
    expect(log.countInMailbox('b')).toBe(1);
    expect(log.countInMailbox('c')).toBe(0);
  });
});

describe('SenderLog', () => {
  test('yields messages with their senders', () => {
    const log = new SenderLog();
    log.add(FIRST, 'anna@northwind.example');
    log.add(SECOND, 'claire@vendor.example');
    expect([...log.entries()]).toEqual([
      { message: FIRST, sender: 'anna@northwind.example' },
      { message: SECOND, sender: 'claire@vendor.example' },
    ]);
  });
});

describe('FingerprintSet', () => {
  test('second copy names the first', () => {
    const seen = new FingerprintSet();
    const fingerprint = '0123456789abcdef0123456789abcdef';
    expect(seen.addOrFind(fingerprint, FIRST)).toBeNull();
    expect(seen.addOrFind(fingerprint, SECOND)).toBe('message 3 (byte 812) of a.mbox');
  });

  test('fingerprints differing in the last digit differ', () => {
    const seen = new FingerprintSet();
    expect(seen.addOrFind('0123456789abcdef0123456789abcdef', FIRST)).toBeNull();
    expect(seen.addOrFind('0123456789abcdef0123456789abcdee', SECOND)).toBeNull();
  });
});
