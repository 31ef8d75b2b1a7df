// File and folder names chosen by whoever exported the mail (often built from a
// subject) reach the terminal in problems, inputs and errors. Control
// characters in them must not act on the terminal, and a line feed must not
// split a problem line in two.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLeak } from '../helpers/cli.js';

const ESC = '\u001b';
const BEL = '\u0007';
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const MESSAGE =
  'From: Ann Buyer <ann@buyer.example>\nTo: Claire Martin <claire.martin@vendor.example>\n' +
  'Subject: Seats\nDate: Mon, 05 Jan 2026 09:00:00 +0000\nMessage-ID: <seats@buyer.example>\n\n' +
  'We would like to add 40 users to our account.\n';

/** Writes a folder holding a valid .eml and two files whose names carry ESC, BEL and a line feed. */
function writeHostileFolder(): string {
  const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-names-')), `mail${ESC}]0;title${BEL}`);
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'ok.eml'), MESSAGE);
  writeFileSync(path.join(folder, `${ESC}[31mred${BEL}.txt`), 'not mail\n');
  writeFileSync(path.join(folder, 'new\nline.eml'), 'garbage\n');
  return folder;
}

describe('file names on the terminal', () => {
  test('verbose report filters names', async () => {
    const folder = writeHostileFolder();
    const result = await runLeak(['audit', '--eml', folder, '--verbose', '--no-progress']);

    expect(result.status).toBe(0);
    for (const line of result.stdout.split('\n')) expect(line).not.toMatch(CONTROLS);
    expect(result.stdout).toContain('\uFFFD[31mred\uFFFD.txt');
    expect(result.stdout).toMatch(/EML_NOT_MAIL {2}\S*new line\.eml {2}-: file starts with "garbage"/);
    expect(result.stdout).toMatch(/Mailbox \S*mail\uFFFD\]0;title\uFFFD: 1 read/);
    expect(result.stderr).not.toMatch(CONTROLS);
  });

  test('quiet verdict and warnings filter names', async () => {
    const folder = writeHostileFolder();
    const result = await runLeak(['audit', '--eml', folder, '--quiet', '--no-progress']);

    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(CONTROLS);
    expect(result.stderr).not.toMatch(CONTROLS);
  });

  test('error for a missing path filters it', async () => {
    const missing = path.join(os.tmpdir(), `leak-missing-${ESC}[2J${BEL}`);
    const result = await runLeak(['audit', '--mbox', missing, '--no-progress']);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('leak-missing-\uFFFD[2J\uFFFD');
    expect(result.stderr.trimEnd()).not.toMatch(CONTROLS);
  });
});
