// The README shows the sample audit's terminal report, CSV row and summary CSV.
// Every line it shows must be a line the bundled sample prints today, so the
// examples cannot drift from the figures a reader reproduces.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runLeak } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** Returns the lines of the first ```text block after `marker`, without the "…" that stands for cut lines. */
function exampleAfter(marker: string): string[] {
  const start = readme.indexOf(marker);
  expect(start, `README has no "${marker}"`).toBeGreaterThanOrEqual(0);
  const block = /```text\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
  return block.split('\n').filter((line) => line !== '' && line !== '…');
}

describe('README examples', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-readme-'));
  const csv = path.join(folder, 'opportunities.csv');
  const summary = path.join(folder, 'summary.csv');
  let stdout = '';

  beforeAll(async () => {
    const result = await runLeak(['audit', '--no-progress', '--csv', csv, '--summary-csv', summary]);
    expect(result.status).toBe(0);
    stdout = result.stdout;
  });

  test('terminal report start', () => {
    const printed = new Set(stdout.split('\n'));
    const shown = exampleAfter('The start of the\nterminal report:');
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.filter((line) => !printed.has(line))).toEqual([]);
  });

  test('invisible opportunity block', () => {
    const printed = new Set(stdout.split('\n'));
    const shown = exampleAfter('Each invisible opportunity is then listed with its evidence:');
    expect(shown.length).toBe(5);
    expect(shown.filter((line) => !printed.has(line))).toEqual([]);
  });

  test('csv row', () => {
    const written = new Set(readFileSync(csv, 'utf8').split(/\r?\n/));
    const shown = exampleAfter('`--csv` writes one row per opportunity:');
    expect(shown.length).toBe(2);
    expect(shown.filter((line) => !written.has(line))).toEqual([]);
  });

  test('summary csv rows', () => {
    const written = new Set(readFileSync(summary, 'utf8').split(/\r?\n/));
    const shown = exampleAfter('`--summary-csv` writes one row per category and per owner:');
    expect(shown.length).toBe(4);
    expect(shown.filter((line) => !written.has(line))).toEqual([]);
  });
});
