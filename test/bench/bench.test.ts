import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackFile } from '../../src/detectors/rule-file.js';
import { generateCorpus } from '../../bench/generate.js';
import type { GeneratedCorpus } from '../../bench/generate.js';
import { parseGnuTime } from '../../bench/measure.js';
import { listDefaultPacks, writeScaledRules } from '../../bench/rules-scale.js';
import { parseSize } from '../../bench/size.js';
import { REPO_ROOT } from '../helpers/paths.js';

const TINY_BYTES = 200_000;

/** Large enough to hold every message kind: newsletters are 8% of messages. */
const MIXED_BYTES = 2_000_000;

function countWithPythonMailbox(file: string): number {
  const script = 'import mailbox, sys; print(len(mailbox.mbox(sys.argv[1], create=False)))';
  return Number(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim());
}

/** Counts MIME defects and undecodable parts that Python's email package finds in an mbox. */
function countPythonDefects(file: string): number {
  const script = [
    'import email, email.policy, mailbox, sys',
    'parse = lambda f: email.message_from_binary_file(f, policy=email.policy.default)',
    'found = 0',
    'for message in mailbox.mbox(sys.argv[1], factory=parse, create=False):',
    '    for part in message.walk():',
    '        found += len(part.defects)',
    '        if not part.is_multipart():',
    '            try: part.get_content()',
    '            except Exception: found += 1',
    'print(found)',
  ].join('\n');
  return Number(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim());
}

describe('generateCorpus', () => {
  const folders: string[] = [];
  let first: GeneratedCorpus;
  let second: GeneratedCorpus;
  let otherSeed: GeneratedCorpus;
  let mixed: GeneratedCorpus;

  async function generate(seed: number, sizeBytes = TINY_BYTES): Promise<GeneratedCorpus> {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-bench-test-'));
    folders.push(folder);
    return generateCorpus({ sizeBytes, seed, folder, hasBigAttachments: false });
  }

  beforeAll(async () => {
    first = await generate(42);
    second = await generate(42);
    otherSeed = await generate(43);
    mixed = await generate(42, MIXED_BYTES);
  });

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('same seed gives identical mbox', () => {
    expect(readFileSync(first.mboxPath).equals(readFileSync(second.mboxPath))).toBe(true);
  });

  it('same seed gives identical CRM', () => {
    expect(readFileSync(first.crmPath, 'utf8')).toBe(readFileSync(second.crmPath, 'utf8'));
  });

  it('other seed gives other mbox', () => {
    expect(readFileSync(first.mboxPath).equals(readFileSync(otherSeed.mboxPath))).toBe(false);
  });

  it('file size matches reported bytes', () => {
    expect(readFileSync(first.mboxPath).length).toBe(first.bytes);
  });

  it('stops just past the requested size', () => {
    expect(first.bytes).toBeGreaterThanOrEqual(TINY_BYTES);
    expect(first.bytes).toBeLessThan(TINY_BYTES + 40_000);
  });

  it('python mailbox count matches', () => {
    expect(countWithPythonMailbox(first.mboxPath)).toBe(first.messages);
  });

  it('escapes body lines starting with From', () => {
    const text = readFileSync(first.mboxPath, 'latin1');
    const separators = text.match(/^From /gm) ?? [];
    expect(separators.length).toBe(first.messages);
    expect(text).toMatch(/^>From /m);
  });

  it('mixes every message kind', () => {
    const { byKind } = mixed;
    expect(byKind.thread).toBeGreaterThan(0);
    expect(byKind.newsletter).toBeGreaterThan(0);
    expect(byKind['auto-reply']).toBeGreaterThan(0);
    expect(byKind.internal).toBeGreaterThan(0);
    expect(byKind.thread + byKind.newsletter + byKind['auto-reply'] + byKind.internal).toBe(mixed.messages);
  });

  it('plants signals in a few percent', () => {
    expect(mixed.signalMessages / mixed.messages).toBeGreaterThan(0.01);
    expect(mixed.signalMessages / mixed.messages).toBeLessThan(0.08);
  });

  it('python mailbox count matches at 2 MB', () => {
    expect(countWithPythonMailbox(mixed.mboxPath)).toBe(mixed.messages);
  });

  it('parts decode without defects', () => {
    expect(countPythonDefects(mixed.mboxPath)).toBe(0);
  });

  it('attachments near 60% of bytes', () => {
    const share = mixed.attachmentBytes / mixed.bytes;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.75);
  });

  it('CRM covers about half the companies', () => {
    const rows = readFileSync(first.crmPath, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('Opportunity Name,Account Name,Stage,Amount,Close Date,Created Date,Contact Email,Website');
    expect(first.crmRows).toBe(rows.length - 1);
    expect(first.crmRows).toBeGreaterThan(first.companies * 0.4);
    expect(first.crmRows).toBeLessThan(first.companies * 0.8);
  });

  it('python peer reads every message', () => {
    const output = execFileSync('python3', [path.join(REPO_ROOT, 'bench', 'peer.py'), first.mboxPath], { encoding: 'utf8' });
    const result = JSON.parse(output) as { messages: number; hits: number };
    expect(result.messages).toBe(first.messages);
    expect(result.hits).toBeGreaterThanOrEqual(0);
  });
});

describe('parseSize', () => {
  const rows: [string, number][] = [
    ['200KB', 200_000],
    ['50MB', 50_000_000],
    ['1.5GB', 1_500_000_000],
    ['4gb', 4_000_000_000],
    ['1234', 1234],
  ];
  it.each(rows)('parses %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'MB', '-5MB', '10TB', '0'])('rejects "%s"', (text) => {
    expect(() => parseSize(text)).toThrow(/invalid --size/);
  });
});

describe('parseGnuTime', () => {
  it('reads the figures line', () => {
    expect(parseGnuTime('0 1.25 0.50 20480\n')).toEqual({ exitCode: 0, cpuSeconds: 1.75, maxRssBytes: 20480 * 1024 });
  });

  it('skips the status line', () => {
    const text = 'Command exited with non-zero status 2\n2 0.10 0.00 1000\n';
    expect(parseGnuTime(text).exitCode).toBe(2);
  });

  it('rejects other output', () => {
    expect(() => parseGnuTime('time: cannot run foo\n')).toThrow(/unexpected output/);
  });
});

describe('writeScaledRules', () => {
  const hasPacks = listDefaultPacks(REPO_ROOT).length > 0;

  it.skipIf(!hasPacks)('writes valid rule files', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-bench-rules-'));
    try {
      const scaled = writeScaledRules(REPO_ROOT, folder, 3, 1);
      expect(scaled.syntheticRules).toBe(scaled.copiedRules * 2);
      expect(scaled.copiedRules).toBeGreaterThan(scaled.defaultRules / 2);
      const parsed = scaled.files.map((file) => readPackFile(file).rules.length);
      expect(parsed.reduce((sum, count) => sum + count, 0)).toBe(scaled.syntheticRules);
      for (const file of scaled.files) expect(readFileSync(file, 'utf8')).not.toMatch(/@[a-z]/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('bench runner', () => {
  const runner = path.join(REPO_ROOT, 'dist', 'bench', 'run.js');

  beforeAll(() => {
    // The runner runs from dist/; other modules' type errors must not stop the build, so the exit code is ignored.
    if (!existsSync(runner)) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT });
  });

  it('prints the table end to end', () => {
    const result = spawnSync(process.execPath, [runner, '--size', '200KB', '--runs', '1'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/pipeline\s+│\s+wall s\s+│\s+CPU s\s+│\s+MB\/s\s+│\s+messages\/s\s+│\s+peak RSS MB/);
    for (const name of ['cat', 'python peer', 'leak --jobs 1', `leak --jobs ${os.cpus().length}`]) {
      expect(result.stdout).toContain(`│ ${name} `);
    }
    expect(result.stdout).toContain('goals:');
    expect(result.stdout).toMatch(/byte-identical/);

    const folder = /generating .* in (\S+)/.exec(result.stderr)?.[1];
    expect(folder).toBeDefined();
    expect(existsSync(folder ?? '')).toBe(false);
  }, 180_000);

  it('rejects an invalid size', () => {
    const result = spawnSync(process.execPath, [runner, '--size', 'lots'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid --size "lots"');
  });
});
