// Static checks of the HTML page; html-browser.test.ts checks it in Chromium.
import { describe, expect, test } from 'vitest';
import { redactReport } from '../../src/redact.js';
import { countSignalsPerWeek, weekStart } from '../../src/report/html-charts.js';
import { renderHtml } from '../../src/report/html.js';
import { buildSampleReport } from './sample-report.js';

const report = buildSampleReport();
const html = renderHtml(report);

describe('renderHtml', () => {
  test('no remote src or href', () => {
    const references = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]);
    expect(references.filter((value) => value?.includes('//'))).toEqual([]);
  });

  test('no http urls', () => {
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('no external resources', () => {
    // The one link is the empty icon in the page itself.
    expect(html.replace('<link rel="icon" href="data:,">', '')).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(/i);
  });

  test('inline empty icon', () => {
    // A browser that loads the report over HTTP then requests no /favicon.ico.
    expect(html.match(/<link\b[^>]*>/g)).toEqual(['<link rel="icon" href="data:,">']);
  });

  test('subject script escaped', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; upgrade &amp; &quot;pricing&quot;');
  });

  test('single inline script', () => {
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  test('snippet markup escaped', () => {
    expect(html).toContain('the &lt;b&gt;Premium&lt;/b&gt; tier');
    expect(html).not.toContain('<b>Premium</b>');
  });

  test('print stylesheet', () => {
    expect(html).toContain('@media print');
  });

  test('sensitivity chosen cell', () => {
    expect(html).toMatch(/data-conversion="0.1" data-ltv-factor="1" data-value="39000"/);
  });

  test('sensitivity double ltv', () => {
    expect(html).toMatch(/data-conversion="0.2" data-ltv-factor="2" data-value="156000"/);
  });

  test('assumption flags kept whole', () => {
    expect(html).toContain('switch it off with <span class="flag">--no-model</span>');
  });

  test('sensitivity rounding caption', () => {
    expect(html).toMatch(/<\/table><p class="caption">Each cell is computed from the lead count and rounded once/);
  });

  test('owner chart with two owners', () => {
    expect(html).toContain('id="chart-owners"');
  });

  test('no owner chart for one owner', () => {
    const single = buildSampleReport();
    single.opportunities = single.opportunities.map((o) => ({ ...o, owner: 'claire.martin@vendor.example' }));
    expect(renderHtml(single)).not.toContain('id="chart-owners"');
  });

  test('methods list crm columns', () => {
    expect(html).toContain('<td>account</td><td>Account Name</td>');
  });

  test('methods list rule files', () => {
    expect(html).toContain('<code>rules/fr.yaml</code>');
  });

  test('no crm note', () => {
    const page = renderHtml(buildSampleReport({ inputs: { mailboxes: [], crm: null } }));
    expect(page).toContain('No CRM export was given');
  });

  test('deterministic', () => {
    expect(renderHtml(buildSampleReport())).toBe(html);
  });

  test('redacted page hides addresses', () => {
    const page = renderHtml(redactReport(report));
    expect(page).not.toContain('anna.lindqvist');
    expect(page).toContain('Redacted: email local parts');
  });
});

describe('weekly chart data', () => {
  test.each([
    ['2026-09-07T00:00:00.000Z', '2026-09-07'],
    ['2026-09-13T23:59:59.000Z', '2026-09-07'],
    ['2026-09-14T00:00:00.000Z', '2026-09-14'],
    ['not a date', null],
  ])('week of %s', (iso, expected) => {
    expect(weekStart(iso)).toBe(expected);
  });

  test('empty weeks filled', () => {
    const data = countSignalsPerWeek(report);
    expect(data.weeks[0]).toBe('2026-09-07');
    expect(data.weeks).toHaveLength(8);
  });

  test('signals counted', () => {
    const data = countSignalsPerWeek(report);
    const total = data.counts.reduce(
      (sum, row) => sum + Object.values(row).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(9);
    expect(data.cutSignals).toBe(0);
  });

  test('cut weeks count their signals', () => {
    // Move the first opportunity's evidence five years back, out of the drawn weeks.
    const [first, ...rest] = report.opportunities;
    const old = { ...first!, evidence: first!.evidence.map((item) => ({ ...item, date: '2021-03-01T09:00:00.000Z' })) };
    const spread = { ...report, opportunities: [old, ...rest] };
    const data = countSignalsPerWeek(spread);
    expect(data.cutWeeks).toBeGreaterThan(0);
    expect(data.cutSignals).toBe(first!.evidence.length);
    const page = renderHtml(spread);
    expect(page).toContain(`older weeks (${first!.evidence.length === 1 ? '1 signal' : `${first!.evidence.length} signals`}) not drawn.`);
    expect(page).toMatch(/text-anchor="middle">\d{4}-\d{2}-\d{2}<\/text>/);
  });
});

describe('renderHtml empty audit', () => {
  const empty = buildSampleReport({ opportunities: [], problems: [] });
  const page = renderHtml(empty);

  test('no invisible table', () => {
    expect(page).not.toContain('id="invisible-table"');
    expect(page).toContain('None: the CRM knows every opportunity found.');
  });

  test('charts say empty', () => {
    expect(page).toContain('No dated signals.');
    expect(page).toContain('Nothing to show.');
  });
});
