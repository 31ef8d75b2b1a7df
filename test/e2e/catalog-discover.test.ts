// `leak catalog discover` and `leak audit --catalog auto` on the bundled sample.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { runLeak } from '../helpers/cli.js';
import { CORPUS, REPO_ROOT } from '../helpers/paths.js';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'sample', 'inbox.mbox');

describe('catalog discover', () => {
  test('prints checked YAML', async () => {
    const result = await runLeak(['catalog', 'discover', '--mbox', SAMPLE]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('order: unknown');
    expect(result.stdout).toMatch(/- Pro # seen in \d+ sentences, \d+ messages, \d+ threads/);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-discover-'));
    const file = path.join(folder, 'catalog.yaml');
    writeFileSync(file, result.stdout);
    expect((parse(result.stdout) as { plans: string[] }).plans).toEqual(['Enterprise', 'Pro']);
    const audit = await runLeak(['audit', '--no-progress', '--catalog', file]);
    expect(audit.status).toBe(0);
  });

  test('reading problems go to stderr', async () => {
    const result = await runLeak(['catalog', 'discover', '--mbox', path.join(CORPUS, 'mbox', 'mailpile_tests.mbx.mbox')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('reading the mail gave 2 problem(s)');
    expect(result.stderr).toContain('message 9 (byte 123511)');
  });

  test('no mail is a usage error', async () => {
    const result = await runLeak(['catalog', 'discover']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('needs --mbox FILE or --eml FOLDER');
  });

  test('audit names discovered entries', async () => {
    const result = await runLeak(['audit', '--no-progress', '--catalog', 'auto']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('catalogue discovered in the mailbox: plans (order unknown) Enterprise, Pro');
    const json = await runLeak(['audit', '--no-progress', '--catalog', 'auto', '--json']);
    const files = (JSON.parse(json.stdout) as { rules: { files: string[] } }).rules.files;
    expect(files.some((file) => file.startsWith('catalogue discovered in the mailbox'))).toBe(true);
  });
});

describe('catalog discovery limit', () => {
  test('mail past the limit stops with advice naming the file', async () => {
    const { discoverFromSources } = await import('../../src/commands/catalog.js');
    await expect(discoverFromSources([{ kind: 'mbox', path: SAMPLE }], '', 1_000)).rejects.toThrow(
      /inbox\.mbox: catalogue discovery keeps the text of every message in memory.*limit of 1,000 characters.*pass it with --catalog FILE/,
    );
  });
});
