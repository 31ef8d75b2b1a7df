// The HTML report of real audits (the bundled sample and the Enron corpus
// against the Dynamics export) opened in headless Chromium: the figures and
// rows on the page must equal the JSON report of the same run, and the
// headline cards must sit in one row at 1280 px and in one column at 375 px.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { launchOfflineBrowser, skipBrowser } from '../helpers/browser.js';
import type { OfflineBrowser } from '../helpers/browser.js';
import { runLeak } from '../helpers/cli.js';
import { corpusPath, REPO_ROOT } from '../helpers/paths.js';

const OUTPUT = path.join(REPO_ROOT, 'test-output');

const AUDITS = [
  { name: 'sample', args: [] as string[] },
  {
    name: 'enron',
    args: [
      '--mbox',
      corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox'),
      '--crm',
      corpusPath('crm', 'dynamics365-demo_eboocock', 'Opportunity.csv'),
      '--crm',
      corpusPath('crm', 'dynamics365-demo_eboocock', 'Account.csv'),
      '--crm',
      corpusPath('crm', 'dynamics365-demo_eboocock', 'Contact.csv'),
    ],
  },
];

const FIGURES = [
  'invisible',
  'coverageRate',
  'estimatedAnnualLoss',
  'estimatedAnnualLossWithSecondOrder',
  'revenueAtRisk',
] as const;

/** Box of one headline card and of its value, in CSS pixels rounded to whole pixels. */
interface CardBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
  valueTop: number;
  /** Number of lines of the value's text. */
  valueLines: number;
  valueOverflows: boolean;
}

/** Returns the box of each headline card at a page width, in page order, then sets the width back to 1280 px. */
async function measureCards(page: Page, width: number): Promise<CardBox[]> {
  await page.setViewportSize({ width, height: 900 });
  try {
    return await page.$$eval('#headline .figure', (cards) =>
      cards.map((card) => {
        const box = card.getBoundingClientRect();
        const value = card.querySelector('.value');
        if (value === null) throw new Error('headline card has no .value element');
        const text = card.ownerDocument.createRange();
        text.selectNodeContents(value);
        const lineTops = new Set([...text.getClientRects()].map((rect) => Math.round(rect.top)));
        return {
          top: Math.round(box.top),
          bottom: Math.round(box.bottom),
          left: Math.round(box.left),
          right: Math.round(box.right),
          valueTop: Math.round(value.getBoundingClientRect().top),
          valueLines: lineTops.size,
          valueOverflows: value.scrollWidth > value.clientWidth,
        };
      }),
    );
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

describe.skipIf(skipBrowser).each(AUDITS)('html report of the $name audit', ({ name, args }) => {
  let browser: OfflineBrowser;
  let report: AuditReport;
  const errors: string[] = [];
  let page: Awaited<ReturnType<OfflineBrowser['context']['newPage']>>;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `leak-html-${name}-`));
    const html = path.join(dir, 'report.html');
    const result = await runLeak(['audit', '--no-progress', '--json', '--html', html, ...args]);
    expect(result.status).toBe(0);
    report = JSON.parse(result.stdout) as AuditReport;

    browser = await launchOfflineBrowser();
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(html).href);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, `${name}-report.png`), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('page loads offline without errors', () => {
    expect(errors).toEqual([]);
    expect(browser.blockedRequests).toEqual([]);
  });

  test.each(FIGURES)('headline %s equals json', async (figure) => {
    const value = await page.getAttribute(`[data-figure="${figure}"]`, 'data-value');
    expect(Number(value)).toBe(report.summary[figure]);
  });

  test('table rows equal invisible opportunities', async () => {
    const rows = await page.$$eval('#invisible-table tbody tr', (items) =>
      items.map((row) => ({
        id: row.getAttribute('data-id'),
        value: Number(row.getAttribute('data-value')),
      })),
    );
    const invisible = report.opportunities.filter((item) => item.crm.status === 'invisible');
    expect(rows.map((row) => row.id).sort()).toEqual(invisible.map((item) => item.id).sort());
    for (const row of rows) {
      expect(row.value).toBe(invisible.find((item) => item.id === row.id)?.estimatedValue);
    }
  });

  test('headline cards one row at 1280', async () => {
    const cards = await measureCards(page, 1280);
    expect(cards).toHaveLength(FIGURES.length);
    for (const card of cards) {
      expect(card.top).toBe(cards[0]?.top);
      expect(card.valueTop).toBe(cards[0]?.valueTop);
      expect(card.valueLines).toBe(1);
      expect(card.valueOverflows).toBe(false);
      expect(card.right).toBeLessThanOrEqual(1280);
    }
    for (let index = 1; index < cards.length; index += 1) {
      expect(cards[index]?.left).toBeGreaterThan(cards[index - 1]?.right ?? Infinity);
    }
  });

  test('headline cards stacked at 375', async () => {
    const cards = await measureCards(page, 375);
    expect(cards).toHaveLength(FIGURES.length);
    for (const card of cards) {
      expect(card.left).toBe(cards[0]?.left);
      expect(card.left).toBeGreaterThanOrEqual(0);
      expect(card.right).toBeLessThanOrEqual(375);
      expect(card.valueLines).toBe(1);
      expect(card.valueOverflows).toBe(false);
    }
    for (let index = 1; index < cards.length; index += 1) {
      expect(cards[index]?.top).toBeGreaterThan(cards[index - 1]?.bottom ?? Infinity);
    }
  });

  test('screenshot saved', () => {
    expect(readFileSync(path.join(OUTPUT, `${name}-report.png`)).length).toBeGreaterThan(10_000);
  });
});
