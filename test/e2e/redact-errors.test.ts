// End to end: what --redact masks beyond the report's text, and the key of its
// tokens. Error messages quote CRM cells, the first line of a file that is no
// mailbox and the folder of an output path. Problem lists quote contact e-mail
// cells. Output files are private, and one key gives the same tokens in every
// run while another key gives others.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');

let dir: string;
let crm: string;

/** Cells with people in them that the free-text masking does not know: an opportunity name, then contact e-mail cells. */
const CELLS = ['Müller renewal', 'jean.dupont@@dupont.example', 'Stone, Bob', 'olivia hart at northwind.example'];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'leak-redact-errors-'));
  crm = path.join(dir, 'crm.csv');
  writeFileSync(
    crm,
    [
      'Opportunity Name,Account Name,Stage,Amount,Close Date,Contact Email,Owner',
      'Müller renewal 2026,Acme,Prospecting,2000,2026-02-01,jean.dupont@@dupont.example,Claire Martin',
      'Second seats,Stone Ltd,Prospecting,1000,2026-01-01,"Stone, Bob",Claire Martin',
      'Pilot,Northwind,Prospecting,1,2026-01-01,olivia hart at northwind.example,Claire Martin',
      'Support,Initech,Prospecting,5,2026-01-01,anna@initech.example,Claire Martin',
      '',
    ].join('\n'),
  );
});

function expectNoCell(text: string): void {
  for (const cell of CELLS) expect(text).not.toContain(cell);
}

describe('--redact masks what errors quote', () => {
  test('the folder of an output path', async () => {
    const output = path.join(dir, 'Jean Dupont', 'out.csv');
    const result = await runLeak(['audit', '--redact', '--no-progress', '--csv', output]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('leak: [--csv path 1]: folder [folder of --csv path 1] not found; create it or choose another path.\n');
  });

  test('the first line of a file that is no mailbox', async () => {
    const folder = path.join(dir, 'Hélène Lefèvre');
    mkdirSync(folder, { recursive: true });
    const notes = path.join(folder, 'notes.txt');
    writeFileSync(notes, 'Hélène Lefèvre, 06 12 34 56 78, Directrice achats\nMore notes\n');
    const result = await runLeak(['audit', '--redact', '--no-progress', '--mbox', notes]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('[--mbox path 1]');
    expect(result.stderr).toContain('"[masked]"');
    expect(result.stderr).not.toMatch(/Hélène|Lefèvre|Directrice/);
    // Without --redact the user sees the line, to tell what the file is.
    expect((await runLeak(['audit', '--no-progress', '--mbox', notes])).stderr).toContain('Hélène Lefèvre');
  });

  test('a CRM cell given as an example', async () => {
    const result = await runLeak(['audit', '--redact', '--no-progress', '--mbox', SAMPLE_MBOX, '--crm', crm, '--crm-map', 'amount=Opportunity Name']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('column "Opportunity Name"');
    expect(result.stderr).toContain('(for example "[masked]" on line 2)');
    expectNoCell(result.stderr);
  });

  test('the file of crm inspect', async () => {
    const missing = path.join(dir, 'Jean Dupont.csv');
    const result = await runLeak(['crm', 'inspect', '--redact', missing]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('[crm inspect path 1]');
    expect(result.stderr).not.toContain('Jean Dupont');
  });

  test('crm inspect file after --', async () => {
    const missing = path.join(dir, 'Jean Dupont.csv');
    const result = await runLeak(['crm', 'inspect', '--redact', '--', missing]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('[crm inspect path 1]');
    expect(result.stderr).not.toContain('Jean Dupont');
  });
});

describe('--redact masks the cells problems quote', () => {
  test('JSON, --verbose and HTML give contact e-mail cells as tokens', async () => {
    const json = await runLeak(['audit', '--redact', '--no-progress', '--mbox', SAMPLE_MBOX, '--crm', crm, '--json']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as AuditReport;
    const details = report.problems.filter((problem) => problem.code === 'CRM_EMAIL_UNREADABLE').map((problem) => problem.detail);
    expect(details).toHaveLength(3);
    expect(details[0]).toMatch(/^contact e-mail cell "person-[0-9a-f]{6}@dupont\.example" has parts/);
    expect(details[1]).toMatch(/^contact e-mail cell "person-[0-9a-f]{6}" has parts/);
    expectNoCell(JSON.stringify(report.problems));
    const html = path.join(dir, 'problems.html');
    const verbose = await runLeak(['audit', '--redact', '--no-progress', '--mbox', SAMPLE_MBOX, '--crm', crm, '--verbose', '--html', html]);
    expect(verbose.status).toBe(0);
    // The verdict of an opportunity quotes its name, which the free-text masking
    // handles, so only the contact e-mail cells are looked for here.
    for (const text of [verbose.stdout, verbose.stderr, readFileSync(html, 'utf8').replace(/&#39;/g, "'")]) {
      for (const cell of CELLS.slice(1)) expect(text).not.toContain(cell);
    }
    // The same cell gets the same token in every output.
    const token = /cell "(person-[0-9a-f]{6})"/.exec(details[1] ?? '')?.[1] ?? 'none';
    expect(verbose.stdout).toContain(token);
  });

  test('crm inspect --redact, as text and as JSON', async () => {
    const text = await runLeak(['crm', 'inspect', '--redact', crm]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('CRM_EMAIL_UNREADABLE');
    expect(text.stdout).toContain('[crm inspect path 1]');
    expectNoCell(text.stdout);
    expect(text.stdout).not.toContain(dir);
    const json = await runLeak(['crm', 'inspect', '--redact', '--json', crm]);
    expect(json.status).toBe(0);
    expectNoCell(json.stdout);
    // Headers and stages stay.
    expect(json.stdout).toContain('Contact Email');
    expect(json.stdout).toContain('Prospecting');
    expect((await runLeak(['crm', 'inspect', crm])).stdout).toContain('Stone, Bob');
  });
});

describe('one token per person', () => {
  test('audit and crm inspect agree', async () => {
    const audit = await runLeak(['audit', '--redact', '--no-progress', '--mbox', SAMPLE_MBOX, '--crm', crm, '--json']);
    const inspect = await runLeak(['crm', 'inspect', '--redact', '--json', crm]);
    expect(audit.status).toBe(0);
    expect(inspect.status).toBe(0);
    const cellToken = /cell \\"(person-[0-9a-f]{6}@dupont\.example)\\"/;
    const fromAudit = cellToken.exec(audit.stdout)?.[1];
    expect(fromAudit).toBeDefined();
    expect(cellToken.exec(inspect.stdout)?.[1]).toBe(fromAudit);
  });
});

describe('output files', () => {
  test('a new output file is readable by its owner only, an existing one keeps its mode', async () => {
    const fresh = ['o.csv', 's.csv', 'o.html', 'o.md'].map((name) => path.join(dir, `fresh-${name}`));
    const kept = path.join(dir, 'kept.html');
    writeFileSync(kept, 'old report');
    chmodSync(kept, 0o644);
    const result = await runLeak([
      'audit', '--no-progress', '--csv', fresh[0]!, '--summary-csv', fresh[1]!, '--html', fresh[2]!, '--markdown', fresh[3]!,
    ]);
    expect(result.status).toBe(0);
    for (const file of fresh) expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await runLeak(['audit', '--no-progress', '--html', kept]);
    expect(again.status).toBe(0);
    expect(statSync(kept).mode & 0o777).toBe(0o644);
    expect(readFileSync(kept, 'utf8')).toContain('<!DOCTYPE html>');
  });
});

describe('--redact-key', () => {
  // A getter: the CRM file is written in beforeAll, after this block is read.
  const redacted = (): string[] => ['audit', '--redact', '--no-progress', '--json', '--mbox', SAMPLE_MBOX, '--crm', crm];

  test('one key gives byte-identical output, another key other tokens', async () => {
    const first = path.join(dir, 'first.key');
    const second = path.join(dir, 'second.key');
    writeFileSync(first, 'a first secret for the redaction tokens\n', { mode: 0o600 });
    writeFileSync(second, 'a second secret for the redaction tokens\n', { mode: 0o600 });
    const a = await runLeak([...redacted(), '--redact-key', first]);
    const b = await runLeak([...redacted(), '--redact-key', first]);
    const c = await runLeak([...redacted(), '--redact-key', second]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const tokens = (text: string) => [...new Set(text.match(/person-[0-9a-f]{6}/g))].sort();
    expect(tokens(a.stdout).length).toBeGreaterThan(0);
    expect(tokens(c.stdout).filter((token) => tokens(a.stdout).includes(token))).toEqual([]);
    // LEAK_REDACT_KEY_FILE names the key when the flag is not given.
    const fromEnv = await runLeak(redacted(), { env: { LEAK_REDACT_KEY_FILE: first } });
    expect(fromEnv.stdout).toBe(a.stdout);
  });

  test('the per-user key is made once, with a note, under XDG_CONFIG_HOME', async () => {
    const config = mkdtempSync(path.join(dir, 'config-'));
    const env = { LEAK_REDACT_KEY_FILE: '', XDG_CONFIG_HOME: config };
    const made = await runLeak(redacted(), { env });
    const file = path.join(config, 'leak', 'redact.key');
    expect(made.status).toBe(0);
    expect(made.stderr).toContain(`leak: created the redaction key ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const reused = await runLeak(redacted(), { env });
    expect(reused.stderr).not.toContain('created the redaction key');
    expect(reused.stdout).toBe(made.stdout);
  });

  test('an empty key file is an error that names it', async () => {
    const empty = path.join(dir, 'empty.key');
    writeFileSync(empty, '');
    const result = await runLeak([...redacted(), '--redact-key', empty]);
    expect(result.status).toBe(2);
    // Under --redact the path is masked as every path given on the command line is.
    expect(result.stderr).toContain('leak: --redact-key [--redact-key path 1]: the redaction key file is empty.');
    expect(result.stdout).toBe('');
  });

  test('a missing key path is masked as a whole token', async () => {
    const result = await runLeak([...redacted(), '--redact-key', 'key'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^leak: --redact-key \[--redact-key path 1\]: /);
    expect(result.stderr).toContain("open '[--redact-key path 1]'");
    expect(result.stderr).not.toContain('--redact-[');
  });

  test('a missing LEAK_REDACT_KEY_FILE is masked', async () => {
    const missing = path.join(dir, 'Jean Dupont', 'redact.key');
    const result = await runLeak(redacted(), { env: { LEAK_REDACT_KEY_FILE: missing } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('leak: LEAK_REDACT_KEY_FILE=[LEAK_REDACT_KEY_FILE path 1]: the redaction key cannot be read');
    expect(result.stderr).not.toContain('Jean Dupont');
  });

  test('a key file others can read gives one warning', async () => {
    const open = path.join(dir, 'open.key');
    writeFileSync(open, 'a secret that the group can read\n');
    chmodSync(open, 0o644);
    const warning = `leak: warning: the redaction key ${open} is readable by its group or by other users`;
    const audit = await runLeak([...redacted(), '--redact-key', open]);
    expect(audit.status).toBe(0);
    expect(audit.stderr.split(warning)).toHaveLength(2);
    expect(audit.stderr).toContain(`run \`chmod 600 ${open}\``);
    const inspect = await runLeak(['crm', 'inspect', '--redact', '--redact-key', open, crm]);
    expect(inspect.stderr.split(warning)).toHaveLength(2);
    chmodSync(open, 0o600);
    const closed = await runLeak([...redacted(), '--redact-key', open]);
    expect(closed.stderr).not.toContain('leak: warning: the redaction key');
  });

  test('crm inspect --redact-key without --redact is a usage error', async () => {
    const result = await runLeak(['crm', 'inspect', '--redact-key', path.join(dir, 'first.key'), crm]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('leak: --redact-key sets the tokens of --redact; add --redact or remove it.\n');
    expect(result.stdout).toBe('');
  });

  test('--redact-key without --redact is a usage error', async () => {
    const result = await runLeak(['audit', '--no-progress', '--redact-key', path.join(dir, 'first.key')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--redact-key sets the tokens of --redact');
  });
});
