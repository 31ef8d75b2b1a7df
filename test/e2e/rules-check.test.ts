// `leak rules check` runs the test rows of custom rule files through the bin.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLeak } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

function ruleFile(misses: string[]): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-rules-'));
  const file = path.join(folder, 'pilot.yaml');
  const rows = misses.map((text) => `      - text: ${JSON.stringify(text)}`).join('\n');
  writeFileSync(
    file,
    [
      'language: en',
      'rules:',
      '  - id: my-pilot',
      '    category: new-business',
      '    weight: 0.8',
      '    patterns: ["join *2 pilot programme|program"]',
      '    fires:',
      '      - text: "We would like to join the pilot programme in January."',
      '    misses:',
      rows,
      '',
    ].join('\n'),
  );
  return file;
}

describe('rules check', () => {
  test('passing rows exit 0', async () => {
    const result = await runLeak(['rules', 'check', '--rules', ruleFile(['The pilot programme ended last year.'])]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 of 2 test rows pass');
  });

  test('--no-model checks the rules alone', async () => {
    const result = await runLeak(['rules', 'check', '--no-model', '--rules', ruleFile(['The pilot programme ended last year.'])]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 of 2 test rows pass');
  });

  test('failing row exits 1', async () => {
    const file = ruleFile(['We want to join the pilot program.']);
    const result = await runLeak(['rules', 'check', '--rules', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`FAIL my-pilot (${file}): expected to stay quiet, but it fires`);
    expect(result.stdout).toContain('1 of 2 test rows pass');
    expect(result.stdout).toContain(`Run leak rules test "<sentence>" --lang <code> --rules ${file} to see why a row fails.`);
  });

  test('README example passes', async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /### Custom rules[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-rules-')), 'example.yaml');
    writeFileSync(file, example ?? '');
    const result = await runLeak(['rules', 'check', '--rules', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('3 of 3 test rows pass');
  });

  test('rule without rows exits 1', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-rules-'));
    const file = path.join(folder, 'bare.yaml');
    writeFileSync(file, 'language: en\nrules:\n  - id: my-bare\n    category: expansion\n    weight: 0.8\n    phrases: ["more widgets"]\n');
    const result = await runLeak(['rules', 'check', '--rules', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`FAIL my-bare (${file}): no "fires" or "misses" row`);
  });

  test('summary names a missing row', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-rules-'));
    const file = path.join(folder, 'half.yaml');
    writeFileSync(
      file,
      'language: en\nrules:\n  - id: my-half\n    category: new-business\n    weight: 0.8\n' +
        '    phrases: ["walk us through the dashboard"]\n    fires: ["Could you walk us through the dashboard next week?"]\n',
    );
    const result = await runLeak(['rules', 'check', '--rules', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('1 of 1 test rows pass');
    expect(result.stdout).toContain('1 rule lacks a required row, so the check fails');
  });

  test('README German pack passes', async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /A German start:\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-rules-')), 'de.yaml');
    writeFileSync(file, example ?? '');
    const result = await runLeak(['rules', 'check', '--rules', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 of 2 test rows pass');
  });

  test('context-only file checks nothing', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-rules-')), 'context.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  blockerPatterns: ["resell|resold *2 to our client|clients"]\n');
    const result = await runLeak(['rules', 'check', '--rules', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${file}: no rules, so no test rows to run`);
    expect(result.stdout).toContain('No test rows were run');
    expect(result.stdout).not.toContain('0 of 0');
  });

  test('default packs pass', async () => {
    const result = await runLeak(['rules', 'check']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/(\d+) of \1 test rows pass \(all active rules\)/);
  });
});
