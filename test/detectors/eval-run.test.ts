// The eval runner's scoring and thread reading, on small hand-made results
// and on the dev split itself.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { confusion, countCategory, readCatalogs, readSplit, runEval, scores, type EvalThread, type ThreadResult } from '../../eval/run.js';
import { loadRuleSet } from '../../src/detectors/index.js';
import { FIXTURES } from '../helpers/paths.js';
import type { Category } from '../../src/types.js';

function result(expected: Category[], predicted: Category[]): ThreadResult {
  const thread: EvalThread = { id: 't', file: 'f', language: 'en', domain: 'saas', owner: 'o@vendor.example', expected, note: '', messages: [] };
  return { thread, predicted, evidence: [] };
}

describe('eval scoring', () => {
  const results = [result(['expansion'], ['expansion']), result([], ['expansion']), result(['expansion', 'closing'], ['closing'])];

  test('counts per category', () => {
    expect(countCategory(results, 'expansion')).toEqual({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
  });

  test('precision and recall', () => {
    const { precision, recall, f1 } = scores({ truePositives: 3, falsePositives: 1, falseNegatives: 2 });
    expect(precision).toBe(0.75);
    expect(recall).toBe(0.6);
    expect(f1).toBeCloseTo(2 / 3, 10);
  });

  test('nothing to count scores 1', () => {
    expect(scores({ truePositives: 0, falsePositives: 0, falseNegatives: 0 }).precision).toBe(1);
  });

  test('confusion counts none', () => {
    const matrix = confusion(results);
    expect(matrix.get('none')?.get('expansion')).toBe(1);
    expect(matrix.get('expansion')?.get('closing')).toBe(1);
  });
});

describe('eval threads', () => {
  test('dev split has at least 60 threads', () => {
    expect(readSplit(path.join(FIXTURES, 'eval', 'dev')).length).toBeGreaterThanOrEqual(60);
  });

  test('dev ids are unique', () => {
    const ids = readSplit(path.join(FIXTURES, 'eval', 'dev')).map((thread) => thread.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('dev covers both languages and domains', () => {
    const threads = readSplit(path.join(FIXTURES, 'eval', 'dev'));
    expect(new Set(threads.map((thread) => `${thread.language}-${thread.domain}`))).toEqual(
      new Set(['en-saas', 'en-finance', 'fr-saas', 'fr-finance']),
    );
  });

  test('ordinary split holds only negatives', () => {
    const threads = readSplit(path.join(FIXTURES, 'eval', 'ordinary'));
    expect(threads).toHaveLength(200);
    expect(threads.every((thread) => thread.expected.length === 0)).toBe(true);
  });

  test('blind splits never list failures', () => {
    const rules = loadRuleSet([], false);
    const report = runEval(path.resolve(FIXTURES, '..'), rules, true, ['ordinary']);
    expect(report).toContain('ordinary: 200 threads');
    expect(report).not.toContain('failures:');
  });

  test('catalogue file is not threads', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-eval-'));
    writeFileSync(path.join(folder, 'x.yaml'), '- id: x-1\n  language: en\n  domain: saas\n  owner: a@b.example\n  expected: []\n  messages: [{ from: a@c.example, body: hi }]\n');
    writeFileSync(path.join(folder, 'catalogs.yaml'), 'x.yaml:\n  addons: [Time Clock]\n');
    expect(readSplit(folder)).toHaveLength(1);
    expect(readCatalogs(folder).get('x.yaml')?.addons[0]?.name).toBe('Time Clock');
  });

  test('missing folder gives no threads', () => {
    expect(readSplit('/nonexistent/eval')).toEqual([]);
  });

  test('unknown category is rejected', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-eval-'));
    writeFileSync(path.join(folder, 'x.yaml'), '- id: x-1\n  language: en\n  domain: saas\n  owner: a@b.example\n  expected: [sales]\n  messages: [{ from: a@c.example, body: hi }]\n');
    expect(() => readSplit(folder)).toThrow(/x-1: field "expected"/);
  });
});

// A root with one split folder holding one thread whose expansion is missed: its customer
// turns a request down, and the owner's own offer is no signal.
function missRoot(split: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'leak-eval-miss-'));
  const folder = path.join(root, 'fixtures', 'eval', split);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, 'x.yaml'),
    [
      '- id: x-1',
      '  language: en',
      '  domain: saas',
      '  owner: owner@vendor.example',
      '  expected: [expansion]',
      '  messages:',
      '    - from: ana@client.example',
      '      subject: Seats',
      `      body: ${JSON.stringify('Hello Owen,\n\nWe do not need 5 more seats this year.\nThe team is fine as it is.\n\n> On Monday Owen wrote:\n> Shall we add 5 more seats for you?\n')}`,
    ].join('\n'),
  );
  return root;
}

describe('eval failures of a missed category', () => {
  test('lists scored sentences and near misses', () => {
    const report = runEval(missRoot('tuning'), loadRuleSet([], true), true, ['tuning']);
    const listing = report.slice(report.indexOf('tuning failures:'));
    expect(listing).toContain('x-1: expected [expansion], got []');
    expect(listing).toContain('missed expansion:');
    expect(listing).toContain('message 1 from ana@client.example:');
    expect(listing).toMatch(/model for the message: en \d\.\d+ \/ \d\.\d+/);
    // Each new-text sentence is listed with the model's score on it alone. The quoted offer is not read.
    expect(listing).toMatch(/en \d\.\d\d +We do not need 5 more seats this year\./);
    expect(listing).toMatch(/en \d\.\d\d +The team is fine as it is\./);
    expect(listing).not.toContain('Shall we add');
    expect(listing).toMatch(/near miss en-expansion-\S+ \(.*\): negated by "not"; in: We do not need 5 more seats this year\./);
  });

  test('lists unscored sentences without model', () => {
    const report = runEval(missRoot('dev'), loadRuleSet([], false), true, ['dev']);
    expect(report).toContain('packs en; model for the message: none');
    expect(report).toMatch(/- +The team is fine as it is\./);
  });

  test('never lists holdout or ordinary misses', () => {
    for (const split of ['holdout', 'ordinary'] as const) {
      const report = runEval(missRoot(split), loadRuleSet([], true), true, [split]);
      expect(report).toContain(`${split}: 1 threads`);
      expect(report).not.toContain('failures:');
      expect(report).not.toContain('missed');
      expect(report).not.toContain('We do not need');
    }
  });
});
