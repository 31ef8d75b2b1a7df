// Every money figure a reader compares is printed one way: the currency code,
// thousands separators and always the currency's minor unit. A half-euro LTV gives
// a lead worth EUR 4,594.50 next to whole figures such as the revenue at risk, so a
// whole figure printed without its cents would show here.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { formatAmount, formatMoney } from '../../src/money.js';
import { runLeak } from '../helpers/cli.js';

/** Returns the number after each "CODE 1,234.5" figure in a text. */
function moneyFigures(text: string, currency: string): string[] {
  return [...text.matchAll(new RegExp(`\\b${currency} (\\d[\\d,]*(?:\\.\\d+)?)`, 'g'))].map((match) => match[1] ?? '');
}

/** Returns the figures that break the rule: not grouped by thousands, or without exactly `digits` decimals. */
function offRule(figures: string[], digits: number): string[] {
  const decimals = digits === 0 ? '' : `\\.\\d{${digits}}`;
  const rule = new RegExp(`^\\d{1,3}(?:,\\d{3})*${decimals}$`);
  return figures.filter((figure) => !rule.test(figure));
}

describe('formatMoney', () => {
  test.each([
    [4594.5, 'EUR', 'EUR 4,594.50'],
    [9189, 'EUR', 'EUR 9,189.00'],
    [0, 'EUR', 'EUR 0.00'],
    [-0.001, 'EUR', 'EUR 0.00'],
    [9189, 'JPY', 'JPY 9,189'],
    [9189, 'KWD', 'KWD 9,189.000'],
  ])('%d %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
    expect(formatAmount(amount, currency)).toBe(expected.slice(4));
  });
});

describe('one money format in every output', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-money-format-'));
  const html = path.join(folder, 'report.html');
  const markdown = path.join(folder, 'report.md');
  // LTV 45,945 at 10%: each lead is EUR 4,594.50, the revenue at risk a whole EUR 91,890.
  const flags = ['audit', '--no-progress', '--ltv', '45945'];
  let terminal = '';
  let quiet = '';

  beforeAll(async () => {
    const full = await runLeak([...flags, '--html', html, '--markdown', markdown]);
    expect(full.status).toBe(0);
    terminal = full.stdout;
    const gate = await runLeak([...flags, '--quiet', '--max-loss', '1']);
    expect(gate.status).toBe(1);
    quiet = gate.stdout + gate.stderr;
  });

  test('terminal report', () => {
    expect(terminal).toContain('EUR 4,594.50  [opp-');
    expect(terminal).toMatch(/Revenue at risk \(churn-risk\) +EUR 91,890\.00 \(2 accounts\)/);
    expect(terminal).toContain('Customer lifetime value (LTV): EUR 45,945.00');
    expect(terminal).toContain('amounts EUR 149,040.00');
    expect(offRule(moneyFigures(terminal, 'EUR'), 2)).toEqual([]);
    // The top accounts table names the currency in its header and keeps the cents in its cells.
    expect(terminal).toMatch(/│ +4,594\.50 │ +0\.00 │/);
  });

  test('quiet line and gate message', () => {
    expect(quiet).toContain('exceeds --max-loss EUR 1.00.');
    expect(offRule(moneyFigures(quiet, 'EUR'), 2)).toEqual([]);
  });

  test('Markdown and HTML', () => {
    for (const text of [readFileSync(markdown, 'utf8'), readFileSync(html, 'utf8')]) {
      const figures = moneyFigures(text, 'EUR');
      expect(figures.length).toBeGreaterThan(5);
      expect(offRule(figures, 2)).toEqual([]);
      expect(figures).toContain('91,890.00');
    }
  });

  test('crm inspect', async () => {
    const result = await runLeak(['crm', 'inspect', 'fixtures/sample/crm.csv']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('total EUR 149,040.00');
  });

  test('a currency without decimals prints none', async () => {
    const result = await runLeak(['audit', '--no-progress', '--currency', 'JPY', '--ltv', '45945']);
    expect(result.status).toBe(0);
    const figures = moneyFigures(result.stdout, 'JPY');
    expect(figures).toContain('45,945');
    expect(offRule(figures, 0)).toEqual([]);
  });
});
