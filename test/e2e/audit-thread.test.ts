// The audit runs on a worker thread (src/commands/audit-thread.ts): its
// errors, exit codes, progress and spill folders must reach the user as if it
// ran on the main thread.
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { AuditProgress } from '../../src/audit.js';
import { run } from '../../src/cli.js';
import { auditInThread } from '../../src/commands/audit-thread.js';
import type { AuditFlags } from '../../src/commands/audit.js';
import type { Io } from '../../src/commands/io.js';
import { LeakError } from '../../src/errors.js';
import { corpusPath } from '../helpers/paths.js';

const recorded = vi.hoisted(() => ({ updates: [] as unknown[], done: 0 }));

// Records what the main thread's progress display is given.
vi.mock('../../src/commands/progress.js', () => ({
  createProgress: () => ({
    update: (progress: unknown) => recorded.updates.push(progress),
    done: () => {
      recorded.done += 1;
    },
  }),
}));

interface Captured extends Io {
  out: string[];
  err: string[];
}

function captureIo(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    color: false,
    stderrIsTty: false,
  };
}

function flags(overrides: Partial<AuditFlags>): AuditFlags {
  return {
    mbox: [],
    eml: [],
    crm: [],
    crmMap: [],
    owner: [],
    rules: [],
    conversion: '0.10',
    ltv: '50000',
    currency: 'EUR',
    secondOrder: '2',
    json: false,
    excel: false,
    redact: false,
    quiet: false,
    verbose: false,
    progress: false,
    ...overrides,
  };
}


describe('audit thread', () => {
  test('an error raised in the thread keeps its class and code', async () => {
    const io = captureIo();
    const failure = auditInThread(flags({ mbox: ['/no/such/inbox.mbox'] }), io);
    await expect(failure).rejects.toBeInstanceOf(LeakError);
    await expect(failure).rejects.toMatchObject({
      code: 'INPUT_NOT_FOUND',
      message: '--mbox /no/such/inbox.mbox: no such file or folder. Check the path.',
    });
  });

  test('an input error exits 2 with one line on stderr', async () => {
    const io = captureIo();
    expect(await run(['audit', '--mbox', '/no/such/inbox.mbox'], io)).toBe(2);
    expect(io.err.join('')).toBe('leak: --mbox /no/such/inbox.mbox: no such file or folder. Check the path.\n');
    expect(io.out).toEqual([]);
  });

  test('a failed gate exits 1 after the report', async () => {
    const io = captureIo();
    expect(await run(['audit', '--no-progress', '--max-invisible', '0'], io)).toBe(1);
    expect(io.out.join('')).toContain('invisible');
    expect(io.err.at(-1)).toMatch(/^leak: gate failed: /);
  });

  test('progress reaches the main thread', async () => {
    recorded.updates.length = 0;
    recorded.done = 0;
    const io = captureIo();
    const mailbox = corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox');
    expect(await auditInThread(flags({ mbox: [mailbox], json: true, progress: true }), io)).toBe(0);
    expect(recorded.done).toBe(1);
    expect(recorded.updates.length).toBeGreaterThan(0);
    const report = JSON.parse(io.out.join('')) as { summary: { messages: number } };
    const last = recorded.updates.at(-1) as AuditProgress;
    expect(last.messages).toBe(report.summary.messages);
    expect(last.bytesDone).toBeGreaterThan(0);
  });

  test('no progress is relayed with --no-progress or --quiet', async () => {
    recorded.updates.length = 0;
    recorded.done = 0;
    await auditInThread(flags({ quiet: true, progress: true }), captureIo());
    await auditInThread(flags({ progress: false }), captureIo());
    expect(recorded.updates).toEqual([]);
    expect(recorded.done).toBe(0);
  });

  test('the spill folders of the thread are gone after the audit', async () => {
    // A folder of its own, since other runs share the system's temporary folder.
    const previous = process.env.TMPDIR;
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-e2e-'));
    process.env.TMPDIR = folder;
    try {
      const mailbox = corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox');
      await auditInThread(flags({ mbox: [mailbox], json: true }), captureIo());
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    expect(readdirSync(folder)).toEqual([]);
  });
});
