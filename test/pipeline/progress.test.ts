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

  test('disabled progress prints nothing', () => {
    const lines: string[] = [];
    const io = { stdout: () => {}, stderr: (text: string) => lines.push(text), color: false, stderrIsTty: false };
    const progress = createProgress(io, { enabled: false });
    progress.update({ mailbox: 'a', messages: 1, signals: 0, bytesDone: 1, bytesTotal: 2 });
    expect(lines).toEqual([]);
  });
});
