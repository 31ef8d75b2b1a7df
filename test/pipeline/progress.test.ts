// Progress figures: the same sequence of messages and bytes whatever --jobs,
// and plain lines on a non-TTY stderr only every few seconds.
import { afterEach, describe, expect, test, vi } from 'vitest';
import path from 'node:path';
import { runAudit } from '../../src/audit.js';
import type { AuditOptions, AuditProgress } from '../../src/audit.js';
import { createProgress } from '../../src/commands/progress.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';

const BASE: AuditOptions = {
  mbox: [path.join(FIXTURES, 'sample', 'inbox.mbox'), corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox')],
  eml: [],
  crm: [],
  crmMap: {},
  owners: [],
  rules: [],
  redact: false,
  conversionRate: 0.1,
  ltv: 50_000,
  currency: 'EUR',
  secondOrderMultiplier: 2,
};

async function recordProgress(jobs: number): Promise<AuditProgress[]> {
  const calls: AuditProgress[] = [];
  await runAudit({ ...BASE, jobs, onProgress: (progress) => calls.push({ ...progress }) });
  return calls;
}

describe('audit progress', () => {
  test('workers report the same figures', async () => {
    const single = await recordProgress(1);
    const double = await recordProgress(2);
    expect(single.length).toBeGreaterThan(400);
    expect(double).toEqual(single);
  });

  test('duplicates and skips advance it', async () => {
    const calls: AuditProgress[] = [];
    const mbox = path.join(FIXTURES, 'mail-faults', 'duplicates.mbox');
    await runAudit({ ...BASE, mbox: [mbox], jobs: 1, onProgress: (progress) => calls.push({ ...progress }) });
    expect(calls.map((call) => call.messages)).toEqual([1, 2, 3]);
    expect(calls[2]?.bytesDone).toBeGreaterThan(calls[1]?.bytesDone ?? 0);
  });

  test('bytes grow with messages', async () => {
    const calls = await recordProgress(2);
    const first = calls[0];
    const last = calls[calls.length - 1];
    expect(first?.messages).toBe(1);
    expect(first?.bytesDone).toBeLessThan((last?.bytesTotal ?? 0) / 10);
    expect(last?.bytesDone).toBeGreaterThan((last?.bytesTotal ?? 0) * 0.9);
  });
});

describe('plain progress lines', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('first line after five seconds', () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const lines: string[] = [];
    const io = { stdout: () => {}, stderr: (text: string) => lines.push(text), color: false, stderrIsTty: false };
    const progress = createProgress(io, { enabled: true });
    const at = (ms: number, messages: number) => {
      vi.setSystemTime(ms);
      progress.update({ mailbox: 'a', messages, signals: 0, bytesDone: messages * 1_000_000, bytesTotal: 100 * 1_000_000 });
    };
    at(100, 1);
    at(2_500, 10);
    at(4_900, 20);
    expect(lines).toEqual([]);
    at(5_000, 30);
    at(9_000, 40);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('30 MB of 100 MB, 30 messages');
    at(10_000, 50);
    expect(lines).toHaveLength(2);
    progress.done();
  });

  test('rate and ETA wait for data', () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const lines: string[] = [];
    const io = { stdout: () => {}, stderr: (text: string) => lines.push(text), color: false, stderrIsTty: false };
    const progress = createProgress(io, { enabled: true });
    const at = (ms: number, bytesDone: number) => {
      vi.setSystemTime(ms);
      progress.update({ mailbox: 'a', messages: 1, signals: 0, bytesDone, bytesTotal: 44_000_000 });
    };
    // Workers start slowly: the first message comes after 4.9 s, the next ones quickly.
    at(4_900, 20_000);
    at(5_000, 40_000);
    expect(lines).toEqual(['leak: 0 MB of 44 MB, 1 messages, 0 signals\n']);
    at(10_000, 10_020_000);
    expect(lines[1]).toBe('leak: 10 MB of 44 MB, 1 messages, 0 signals, 2.0 MB/s, ETA 17 s\n');
    progress.done();
  });

  test('small input in kB', () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const lines: string[] = [];
    const io = { stdout: () => {}, stderr: (text: string) => lines.push(text), color: false, stderrIsTty: false };
    const progress = createProgress(io, { enabled: true });
    vi.setSystemTime(6_000);
    progress.update({ mailbox: 'a', messages: 3, signals: 1, bytesDone: 2_500, bytesTotal: 40_000 });
    expect(lines).toEqual(['leak: 3 kB of 40 kB, 3 messages, 1 signals\n']);
    progress.done();
  });

  test('disabled progress prints nothing', () => {
    const lines: string[] = [];
    const io = { stdout: () => {}, stderr: (text: string) => lines.push(text), color: false, stderrIsTty: false };
    const progress = createProgress(io, { enabled: false });
    progress.update({ mailbox: 'a', messages: 1, signals: 0, bytesDone: 1, bytesTotal: 2 });
    expect(lines).toEqual([]);
  });
});
