// Amounts are rounded once, to the currency's minor unit, so the terminal, JSON and
// CSV print the same figures and a reader can redo the headline from the CSV rows.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { minorDigits, multiplyMoney, roundMoney } from '../../src/money.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

interface Report {
  assumptions: { periodWeeks: number };
  summary: { estimatedAnnualLoss: number; estimatedAnnualLossWithSecondOrder: number; revenueAtRisk: number; revenueAtRiskCount: number };
}

async function audit(flags: string[]): Promise<{ report: Report; rows: Record<string, string>[] }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-money-'));
  const csv = path.join(folder, 'opportunities.csv');
  const result = await runLeak(['audit', '--json', '--csv', csv, ...flags]);
  const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
  return { report: JSON.parse(result.stdout) as Report, rows };
}

describe('money rounding', () => {
  test.each([
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['XYZ', 2],
  ])('%s has %i decimals', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  test('rounds to the minor unit', () => {
    expect(roundMoney(185.175, 'KWD')).toBe(185.175);
    expect(roundMoney(1234.5, 'JPY')).toBe(1235);
    expect(roundMoney(3703.7025, 'USD')).toBe(3703.7);
    expect(roundMoney(0.15 * 6.7, 'EUR')).toBe(1.01);
    expect(roundMoney(-2.5, 'JPY')).toBe(-3);
    expect(roundMoney(1e-7, 'EUR')).toBe(0);
  });

  test('multiplies as printed decimals', () => {
    // In binary 66,334.93 x 1.5 is 99,502.39499999999; by hand it is 99,502.395.
    expect(multiplyMoney(66_334.93, 1.5, 'USD')).toBe(99_502.4);
    expect(multiplyMoney(0.15, 12_345.67, 'USD')).toBe(1851.85);
    expect(multiplyMoney(0.15, 6.7, 'EUR')).toBe(1.01);
    expect(multiplyMoney(0.1, 1001, 'JPY')).toBe(100);
    expect(multiplyMoney(185.175, 1, 'KWD')).toBe(185.175);
    expect(multiplyMoney(-2.5, 1, 'JPY')).toBe(-3);
    expect(multiplyMoney(1e21, 2, 'EUR')).toBe(2e21);
    expect(multiplyMoney(1.5e-7, 3, 'EUR')).toBe(0);
  });

  test('second order rounds the printed product', async () => {
    // 99,453.45 x 2.3 is 228,742.935 by hand but 228,742.93499999997 in binary.
    const mbox = path.join(FIXTURES, 'period', '61-days.mbox');
    const flags = ['--mbox', mbox, '--owner', 'claire@vendor.example', '--conversion', '0.15', '--ltv', '12345.67'];
    const { report } = await audit([...flags, '--currency', 'USD', '--second-order', '2.3']);
    expect(report.summary.estimatedAnnualLoss).toBe(99_453.45);
    expect(report.summary.estimatedAnnualLossWithSecondOrder).toBe(228_742.94);
  });

  test('LTV with too many decimals is rejected', async () => {
    const result = await runLeak(['audit', '--currency', 'JPY', '--ltv', '1000.5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--ltv 1000.5: too many decimals for JPY; give the LTV in whole JPY, such as 1001.');
    const euro = await runLeak(['audit', '--ltv', '12345.678']);
    expect(euro.status).toBe(2);
    expect(euro.stderr).toContain('give the LTV in EUR with at most 2 decimals, such as 12345.68.');
  });

  test('the CSV rows redo the headline', async () => {
    // 15% of 24,691.35 is 3,703.7025: each lead is worth 3,703.70 in the CSV.
    const { report, rows } = await audit(['--conversion', '0.15', '--ltv', '24691.35', '--currency', 'USD']);
    const leads = rows.filter((row) => row.value_kind === 'pipeline' && row.crm_status === 'invisible' && row.same_lead_as === '');
    const sum = leads.reduce((total, row) => total + Number(row.estimated_value), 0);
    expect(rows.every((row) => /^\d+\.\d{2}$/.test(row.estimated_value ?? ''))).toBe(true);
    expect(roundMoney((sum * 52) / report.assumptions.periodWeeks, 'USD')).toBe(report.summary.estimatedAnnualLoss);
  });

  test('second order multiplies the printed loss', async () => {
    const { report } = await audit(['--conversion', '0.15', '--ltv', '24691.35', '--currency', 'USD', '--second-order', '2']);
    expect(report.summary.estimatedAnnualLossWithSecondOrder).toBe(roundMoney(report.summary.estimatedAnnualLoss * 2, 'USD'));
  });

  test('KWD keeps three decimals everywhere', async () => {
    const { report, rows } = await audit(['--conversion', '0.15', '--ltv', '1234.5', '--currency', 'KWD']);
    expect(rows.find((row) => row.value_kind === 'pipeline')?.estimated_value).toBe('185.175');
    expect(report.summary.revenueAtRisk).toBe(roundMoney(report.summary.revenueAtRiskCount * 1234.5, 'KWD'));
    const terminal = await runLeak(['audit', '--conversion', '0.15', '--ltv', '1234.5', '--currency', 'KWD']);
    expect(terminal.stdout).toContain('KWD 185.175');
  });

  test('the formula names a rounded lead value', async () => {
    // 15% of JPY 12,345 is 1,851.75, and the loss is computed from 1,852 per lead.
    const terminal = await runLeak(['audit', '--currency', 'JPY', '--ltv', '12345', '--conversion', '0.15']);
    expect(terminal.stdout).toContain('x JPY 12,345 LTV (JPY 1,852 per lead, rounded) = JPY');
  });

  test('JPY has no decimals in the CSV', async () => {
    const { rows } = await audit(['--ltv', '12345', '--currency', 'JPY']);
    expect(rows.find((row) => row.value_kind === 'pipeline')?.estimated_value).toBe('1235');
  });
});
