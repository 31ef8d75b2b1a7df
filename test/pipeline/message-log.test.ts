import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ExclusionLog, FingerprintSet, SenderLog } from '../../src/pipeline/message-log.js';
import { openSpillFolders } from '../../src/pipeline/spill.js';

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

  test('spilled log reads the same', () => {
    const inMemory = new ExclusionLog();
    const spilling = new ExclusionLog(2);
    const before = openSpillFolders().length;
    try {
      for (let index = 0; index < 50; index += 1) {
        const message = index % 3 === 0 ? { ...SECOND, index, id: `é${index}@x` } : { ...FIRST, index, offset: index * 100 };
        for (const log of [inMemory, spilling]) log.add(message, index % 2 === 0 ? 'bulk' : 'owner-side', `reason ${index % 4}`);
      }
      expect(openSpillFolders().length).toBe(before + 1);
      expect(spilling.length).toBe(50);
      expect([...spilling]).toEqual([...inMemory]);
      // A second pass reads the file again.
      expect([...spilling]).toEqual([...inMemory]);
      expect(spilling.countByKind()).toEqual(inMemory.countByKind());
    } finally {
      spilling.close();
      inMemory.close();
    }
    expect(openSpillFolders().length).toBe(before);
  });

  test('no file below threshold', () => {
    const before = openSpillFolders().length;
    const log = new ExclusionLog(2);
    log.add(FIRST, 'bulk', 'r');
    log.add(SECOND, 'bulk', 'r');
    expect(openSpillFolders().length).toBe(before);
    log.close();
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
    seen.close();
  });

  test('fingerprints differing in the last digit differ', () => {
    const seen = new FingerprintSet();
    expect(seen.addOrFind('0123456789abcdef0123456789abcdef', FIRST)).toBeNull();
    expect(seen.addOrFind('0123456789abcdef0123456789abcdee', SECOND)).toBeNull();
    seen.close();
  });

  test('copies of written positions', () => {
    const seen = new FingerprintSet();
    const fingerprint = (index: number): string => createHash('md5').update(String(index)).digest('hex');
    // Past the write buffer, so early positions are read back from the file.
    for (let index = 0; index < 10_000; index += 1) {
      const message = index % 2 === 0 ? { ...FIRST, index, offset: index * 10 } : { ...SECOND, file: `b/cur/${index}.eml`, index };
      expect(seen.addOrFind(fingerprint(index), message)).toBeNull();
    }
    expect(seen.addOrFind(fingerprint(0), SECOND)).toBe('message 1 (byte 0) of a.mbox');
    expect(seen.addOrFind(fingerprint(4001), SECOND)).toBe('b/cur/4001.eml');
    expect(seen.addOrFind(fingerprint(9998), SECOND)).toBe('message 9999 (byte 99980) of a.mbox');
    seen.close();
  });

  test('close removes the file', () => {
    const before = openSpillFolders();
    const seen = new FingerprintSet();
    const [folder = ''] = openSpillFolders().filter((item) => !before.includes(item));
    expect(folder).not.toBe('');
    expect(existsSync(folder)).toBe(true);
    seen.close();
    expect(existsSync(folder)).toBe(false);
  });
});
