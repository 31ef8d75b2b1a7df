// Renders the HTML report of the bundled sample audit and saves the top of the
// page as docs/report-screenshot.png for the README. Needs Debian's chromium.
// Usage: node scripts/screenshot.mjs (after npm ci)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'leak-screenshot-'));
const html = path.join(work, 'report.html');
execFileSync(process.execPath, [path.join(root, 'bin', 'leak.js'), 'audit', '--quiet', '--html', html]);

const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  headless: true,
  viewport: { width: 1280, height: 1500 },
});
const page = await context.newPage();
await page.goto(pathToFileURL(html).href);
await page.screenshot({ path: path.join(root, 'docs', 'report-screenshot.png') });
await context.close();
rmSync(work, { recursive: true, force: true });
