// The flags of every command: a value flag does not take the next option as its value,
// every --help reads without placeholders or switch defaults, and the commands that read
// mail take the stderr flags of audit.
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/cli.js';
import type { Io } from '../../src/commands/io.js';
import { runLeak } from '../helpers/cli.js';
import { CORPUS, FIXTURES } from '../helpers/paths.js';

const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');

/** Commands a user runs, with the operands each needs besides its flags. */
const COMMANDS: ReadonlyArray<{ words: string[]; operands: string[] }> = [
  { words: ['audit'], operands: [] },
  { words: ['rules', 'list'], operands: [] },
  { words: ['rules', 'test'], operands: ['We need 10 more seats.'] },
  { words: ['rules', 'check'], operands: [] },
  { words: ['catalog', 'discover'], operands: [] },
  { words: ['crm', 'inspect'], operands: [path.join(FIXTURES, 'sample', 'crm.csv')] },
];

/** Runs the CLI in this process and returns its exit code and what it wrote. */
async function runInProcess(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
    stderrIsTty: false,
  };
  const status = await run(argv, io);
  return { status, stdout, stderr };
}

/** Returns the value flags that a command's --help lists, with their placeholders. */
async function valueFlags(words: string[]): Promise<Array<[string, string]>> {
  const help = (await runInProcess([...words, '--help'])).stdout;
  return [...help.matchAll(/^ {2}(--[a-z-]+) (<[^>]+>)/gm)].map((match) => [match[1] ?? '', match[2] ?? '']);
}

describe('value flag followed by an option', () => {
  test.each(COMMANDS.map((command) => ({ ...command, name: command.words.join(' ') })))('$name rejects each one', async ({ words, operands }) => {
    const flags = await valueFlags(words);
    expect(flags.length).toBeGreaterThan(0);
    for (const [flag, placeholder] of flags) {
      const result = await runInProcess([...words, flag, '--help', ...operands]);
      expect(result.status, flag).toBe(2);
      expect(result.stdout, flag).toBe('');
      expect(result.stderr, flag).toContain(`leak: ${flag} is missing its ${placeholder}: --help is an option, not a value.`);
    }
  });

  test('mbox before no-progress', async () => {
    const result = await runLeak(['audit', '--mbox', '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'leak: --mbox is missing its <file>: --no-progress is an option, not a value. Put the <file> right after --mbox. ' +
        'A path that starts with a dash is written ./-name: --mbox ./-name or --mbox=./-name.\n',
    );
  });

  test('version flags and -- are not values', async () => {
    // Commander handles these words before a subcommand's value flag reads them, so they have their own check.
    const cases: Array<[string[], string, string]> = [
      [['audit', '--mbox', '-V'], '--mbox', '-V is an option, not a value'],
      [['audit', '--mbox', '--version'], '--mbox', '--version is an option, not a value'],
      [['rules', 'list', '--rules', '-V'], '--rules', '-V is an option, not a value'],
      [['audit', '--mbox', '--', 'x'], '--mbox', '-- ends the options and is not a value'],
      [['rules', 'test', '--rules', '--', 'We need 10 more seats.'], '--rules', '-- ends the options and is not a value'],
    ];
    for (const [argv, flag, reason] of cases) {
      const result = await runInProcess(argv);
      expect(result.status, argv.join(' ')).toBe(2);
      expect(result.stdout, argv.join(' ')).toBe('');
      expect(result.stderr, argv.join(' ')).toBe(
        `leak: ${flag} is missing its <file>: ${reason}. Put the <file> right after ${flag}. ` +
          `A path that starts with a dash is written ./-name: ${flag} ./-name or ${flag}=./-name.\n`,
      );
    }
    const rate = await runLeak(['audit', '--conversion', '-V']);
    expect(rate.status).toBe(2);
    expect(rate.stderr).toBe('leak: --conversion is missing its <rate>: -V is an option, not a value. Put the <rate> right after --conversion.\n');
  });

  test('-V alone still prints the version', async () => {
    for (const argv of [['-V'], ['--version'], ['audit', '-V']]) {
      const result = await runInProcess(argv);
      expect(result.status, argv.join(' ')).toBe(0);
      expect(result.stdout, argv.join(' ')).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });

  test('option after an equals sign', async () => {
    const result = await runInProcess(['audit', '--mbox=--quiet']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('leak: --mbox is missing its <file>: --quiet is an option, not a value.');
  });

  test('non-path value gets no path hint', async () => {
    const result = await runInProcess(['audit', '--conversion', '--ltv', '5000']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'leak: --conversion is missing its <rate>: --ltv is an option, not a value. Put the <rate> right after --conversion.\n',
    );
  });

  test('option of another command', async () => {
    const result = await runInProcess(['catalog', 'discover', '--mbox', '--crm', 'crm.csv']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('leak: --mbox is missing its <file>: --crm is an option, not a value.');
  });

  test('paths that start with a dash', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-dash-path-'));
    copyFileSync(SAMPLE_MBOX, path.join(folder, '-odd.mbox'));
    for (const flags of [['--mbox', './-odd.mbox'], ['--mbox=./-odd.mbox'], ['--mbox=-odd.mbox']]) {
      const result = await runLeak(['audit', '--no-progress', '--quiet', ...flags], { cwd: folder });
      expect(result.status, flags.join(' ')).toBe(0);
      expect(result.stdout, flags.join(' ')).toMatch(/^AUDIT: 13 invisible of 13 opportunities/);
    }
  });
});

describe('help of every command', () => {
  const pages = [[], ['rules'], ['catalog'], ['crm'], ...COMMANDS.map((command) => command.words)].map((words) => ({
    words,
    name: ['leak', ...words, '--help'].join(' '),
  }));

  test.each(pages)('$name', async ({ words }) => {
    const result = await runInProcess([...words, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: leak /);
    expect(result.stdout).not.toContain('unexpected');
    expect(result.stdout).not.toContain('(default: false)');
    expect(result.stdout).not.toContain('(default: true)');
    expect(result.stdout).not.toContain('(default: [])');
  });

  test('command list shows audit plainly', async () => {
    const result = await runInProcess(['--help']);
    expect(result.stdout).toMatch(/\n {2}audit \[options\] +Audit mailboxes/);
  });

  test('defaults are printed as typed', async () => {
    const result = await runInProcess(['audit', '--help']);
    expect(result.stdout).toContain('(default: 0.10)');
    expect(result.stdout).toContain('(default: EUR)');
    expect(result.stdout).not.toContain('(default: "EUR")');
    expect(result.stdout).toMatch(/--json +print the JSON report instead of the terminal report\n/);
  });
});

describe('stderr flags of commands that read mail', () => {
  test('catalog discover takes them', async () => {
    const result = await runLeak(['catalog', 'discover', '--mbox', SAMPLE_MBOX, '--no-progress', '--quiet']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('plans:');
    expect(result.stderr).toBe('');
  });

  test('each takes what audit takes', async () => {
    for (const words of [['audit'], ['catalog', 'discover']]) {
      const flags = (await runInProcess([...words, '--help'])).stdout;
      for (const flag of ['--no-progress', '--quiet', '--verbose']) expect(flags, `${words.join(' ')} ${flag}`).toContain(`  ${flag} `);
    }
  });

  test('verbose lists every problem', async () => {
    const mailbox = path.join(CORPUS, 'mbox', 'mailpile_tests.mbx.mbox');
    const result = await runLeak(['catalog', 'discover', '--mbox', mailbox, '--verbose', '--no-progress']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('reading the mail gave 2 problem(s)');
    expect(result.stderr.split('\n').filter((line) => line.startsWith(`  ${mailbox} `))).toHaveLength(2);
  });

  test('quiet with verbose exits 2', async () => {
    const result = await runInProcess(['catalog', 'discover', '--mbox', SAMPLE_MBOX, '--quiet', '--verbose']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('leak: --quiet and --verbose contradict each other; pass one of them.\n');
  });
});
