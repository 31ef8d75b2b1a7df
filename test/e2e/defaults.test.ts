// A money assumption left at leak's default is marked as such, so a reader does not
// take 10% conversion or EUR 50,000 LTV for the client's own figures.
import { describe, expect, test } from 'vitest';
import { runLeak } from '../helpers/cli.js';

describe('default assumptions', () => {
  test('the sample marks all four', async () => {
    const result = await runLeak(['audit']);
    expect(result.stdout).toContain('Conversion rate: 10% (default; set with --conversion)');
    expect(result.stdout).toContain('Second-order multiplier: x2 on the whole annual loss (default; set with --second-order)');
  });

  test('a given value is not marked', async () => {
    const result = await runLeak(['audit', '--ltv', '20000', '--conversion', '0.10', '--json']);
    const report = JSON.parse(result.stdout) as { assumptions: { defaults: string[] } };
    expect(report.assumptions.defaults).toEqual(['currency', 'secondOrderMultiplier']);
  });

  test('the terminal leaves given values bare', async () => {
    const result = await runLeak(['audit', '--ltv', '20000']);
    expect(result.stdout).toContain('Customer lifetime value (LTV): EUR 20,000.00\n');
  });
});
