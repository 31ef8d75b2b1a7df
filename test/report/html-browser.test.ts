// Opens the HTML report in headless Debian Chromium and checks the page a
// reader gets: figures, rows, sorting and filtering, with every network request blocked.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listInvisible } from '../../src/report/format.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import type { AuditReport } from '../../src/report/schema.js';
import { CHROMIUM, CHROMIUM_ARGS, skipBrowser } from '../helpers/browser.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { buildSampleReport } from './sample-report.js';

const OUTPUT = path.join(REPO_ROOT, 'test-output');

const report: AuditReport = JSON.parse(renderJson(buildSampleReport()));
let userDataDir: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const blockedRequests: string[] = [];

async function visibleRowIds(): Promise<string[]> {
  return page.$$eval('#invisible-table tbody tr:not([hidden])', (rows) =>
    rows.map((row) => row.getAttribute('data-id') ?? ''),
  );
}

beforeAll(async () => {
  if (skipBrowser) return;
  mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, 'report.html');
  writeFileSync(file, renderHtml(report));
  userDataDir = mkdtempSync(path.join(tmpdir(), 'leak-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    blockedRequests.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(pathToFileURL(file).href);
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe.skipIf(skipBrowser)('html report in chromium', () => {
  test('no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });

  test('no network requests', () => {
    expect(blockedRequests).toEqual([]);
  });

  test.each([
    'invisible',
    'coverageRate',
    'estimatedAnnualLoss',
    'estimatedAnnualLossWithSecondOrder',
    'revenueAtRisk',
  ] as const)('headline %s equals json', async (name) => {
    const value = await page.getAttribute(`[data-figure="${name}"]`, 'data-value');
    expect(Number(value)).toBe(report.summary[name]);
  });

  test('headline loss text', async () => {
    const text = await page.textContent('[data-figure="estimatedAnnualLoss"] .value');
    expect(text).toBe('EUR 39,000.00');
  });

  test('rows equal json invisible', async () => {
    const expected = listInvisible(report);
    const rows = await page.$$eval('#invisible-table tbody tr', (items) =>
      items.map((row) => ({
        id: row.getAttribute('data-id'),
        value: Number(row.getAttribute('data-value')),
        category: row.getAttribute('data-category'),
      })),
    );
    expect(rows).toEqual(
      expected.map((o) => ({ id: o.id, value: o.estimatedValue, category: o.category })),
    );
  });

  test('row shows evidence text', async () => {
    const text = await page.textContent('#invisible-table tr[data-id="opp-001"]');
    expect(text).toContain('We need another 20 seats for the Oslo office before October.');
    expect(text).toContain('anna.lindqvist@northwind.example');
    expect(text).toContain('no CRM account matches the sender domain');
  });

  test('injected subject stays text', async () => {
    const scripts = await page.$$eval('script', (items) => items.length);
    const text = await page.textContent('#invisible-table tr[data-id="opp-008"]');
    expect(scripts).toBe(1);
    expect(text).toContain('<script>alert("x")</script> upgrade & "pricing"');
  });

  test('sort by value ascending', async () => {
    await page.click('th[data-sort="value"] button');
    await page.click('th[data-sort="value"] button');
    const sort = await page.getAttribute('th[data-sort="value"]', 'aria-sort');
    const values = await page.$$eval('#invisible-table tbody tr', (rows) =>
      rows.map((row) => Number(row.getAttribute('data-value'))),
    );
    expect(sort).toBe('ascending');
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values[values.length - 1]).toBe(2700);
  });

  test('sort by account descending', async () => {
    await page.click('th[data-sort="account"] button');
    const ids = await visibleRowIds();
    expect(ids).toEqual(['opp-001', 'opp-004', 'opp-008', 'opp-003', 'opp-007']);
  });

  test('filter by text', async () => {
    await page.fill('#invisible-search', 'licences');
    const ids = await visibleRowIds();
    const count = await page.textContent('#invisible-count');
    expect(ids).toEqual(['opp-007']);
    expect(count).toBe('1 of 5 shown');
  });

  test('filter by category', async () => {
    await page.fill('#invisible-search', '');
    await page.selectOption('#invisible-category', 'expansion');
    const ids = await visibleRowIds();
    expect(ids.sort()).toEqual(['opp-001', 'opp-007']);
  });

  test('print hides controls', async () => {
    await page.emulateMedia({ media: 'print' });
    const isVisible = await page.isVisible('.controls');
    await page.emulateMedia({ media: 'screen' });
    expect(isVisible).toBe(false);
  });

  test('long mailbox paths leave the sensitivity table clear', async () => {
    // Two mailboxes with long paths add "Period of <path>" rows, which had
    // squeezed the values to one word and run under the sensitivity table.
    const long = '/home/consultant/audits/2026/client-with-a-long-name/exports/mailboxes/';
    const mailbox = report.inputs.mailboxes[0]!;
    const wide: AuditReport = {
      ...report,
      inputs: {
        ...report.inputs,
        mailboxes: [
          { ...mailbox, path: `${long}claire.martin-all-mail-including-spam-and-trash.mbox` },
          { ...mailbox, path: `${long}tom.becker-all-mail-including-spam-and-trash.mbox` },
        ],
      },
    };
    const file = path.join(OUTPUT, 'report-long-paths.html');
    writeFileSync(file, renderHtml(wide));
    const other = await context.newPage();
    await other.goto(pathToFileURL(file).href);
    const list = await other.locator('dl.assumptions').boundingBox();
    const table = await other.locator('#sensitivity').boundingBox();
    const value = await other.locator('dl.assumptions dd').first().boundingBox();
    await other.close();
    expect(list).not.toBeNull();
    expect(table).not.toBeNull();
    const isBeside = list!.x + list!.width <= table!.x + 1;
    const isBelow = list!.y + list!.height <= table!.y + 1;
    expect(isBeside || isBelow).toBe(true);
    expect(value!.width).toBeGreaterThan(60);
  });

  test('screenshot saved', async () => {
    await page.selectOption('#invisible-category', '');
    await page.click('th[data-sort="value"] button');
    const image = await page.screenshot({ path: path.join(OUTPUT, 'report.png'), fullPage: true });
    expect(image.length).toBeGreaterThan(10_000);
  });
});
