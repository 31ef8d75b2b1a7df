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

  // Each README example: the sentence before it, the output file it comes from (stdout when
  // null) and how many lines it shows at least.
  test.each([
    ['The start of the\nterminal report:', null, 20],
    ['Each invisible opportunity is then listed with its evidence:', null, 5],
    ['`--csv` writes one row per opportunity:', csv, 2],
    ['`--summary-csv` writes one row per category and per owner:', summary, 4],
  ] as const)('example after %j', (marker, file, least) => {
    const output = file === null ? stdout : readFileSync(file, 'utf8');
    const printed = new Set(output.split(/\r?\n/));
    const exampleLines = exampleAfter(marker);
    expect(exampleLines.length).toBeGreaterThanOrEqual(least);
    expect(exampleLines.filter((line) => !printed.has(line))).toEqual([]);
  });
});
