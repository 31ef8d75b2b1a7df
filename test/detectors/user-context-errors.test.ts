// A --rules file's context entry that does not parse is reported against that file,
// not the built-in pack it is merged into, with the list and the entry's place in it.
// A file that only adds context lists may leave "rules" out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet } from '../../src/detectors/index.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-user-context-'));

/** Writes an English rule file that adds `entries` to one context list and returns its path. */
function userFile(name: string, list: string, entries: string[]): string {
  const file = path.join(folder, name);
  writeFileSync(file, `language: en\nrules: []\ncontext:\n  ${list}: ${JSON.stringify(entries)}\n`);
  return file;
}

/** Returns the message of the error that loading the default packs plus `files` throws. */
function loadError(...files: string[]): string {
  try {
    loadRuleSet(files);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

const BAD_PATTERNS = ['@nosuchset order', '*9 order', 'a|', '?', '*', '{qty}', '=?'];

describe('blockerPatterns in a user file', () => {
  test.each(BAD_PATTERNS)('"%s" names the user file', (entry) => {
    const file = userFile('blockers.yaml', 'blockerPatterns', ['placed an order with us', entry]);
    const message = loadError(file);
    expect(message).toContain(`${file}: context: field "blockerPatterns" item 2 "${entry}" `);
    expect(message).not.toContain('rules/en.yaml');
  });
});

/** Context lists read as surface words, with an entry that has none. */
const SURFACE_LISTS = ['negation', 'negationIgnore', 'negationAfter', 'clauseBreaks', 'past', 'pastAnywhere', 'vendorVoice', 'vendorQuestion', 'blockers', 'affirmation'];

describe('other context lists in a user file', () => {
  test.each(SURFACE_LISTS)('%s names the user file', (list) => {
    const file = userFile(`${list}.yaml`, list, ['*']);
    const message = loadError(file);
    expect(message).toContain(`${file}: context: field "${list}" item 1 "*" needs at least one word.`);
    expect(message).toContain('Fix the rule file or leave it out of --rules.');
  });

  test('supplierOffer names the user file', () => {
    const file = userFile('supplier.yaml', 'supplierOffer', ['we will take @nosuchset off']);
    expect(loadError(file)).toContain(`${file}: context: field "supplierOffer" item 1 "we will take @nosuchset off" unknown set`);
  });

  test('second user file is named', () => {
    const good = userFile('good.yaml', 'blockerPatterns', ['placed an order with us']);
    const bad = userFile('bad.yaml', 'blockerPatterns', ['?']);
    expect(loadError(good, bad)).toContain(`${bad}: context: field "blockerPatterns" item 1 "?"`);
  });
});

describe('user file without rules', () => {
  const SENTENCE = 'We need 10 more seats to resell to our clients.';

  test('context-only file applies', () => {
    const file = path.join(folder, 'context-only.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  blockerPatterns: ["resell|resold *2 to our client|clients"]\n');
    const rules = loadRuleSet([file]);
    expect(explainText(SENTENCE, loadRuleSet(), { language: 'en' }).hits.map((hit) => hit.category)).toEqual(['expansion']);
    const explained = explainText(SENTENCE, rules, { language: 'en' });
    expect(explained.hits).toEqual([]);
    expect(explained.nearMisses.map((miss) => miss.cue)).toContain('resell|resold *2 to our client|clients');
  });

  test('empty rules field is accepted', () => {
    const file = path.join(folder, 'rules-empty.yaml');
    writeFileSync(file, 'language: en\nrules:\nstopwords: [acme]\n');
    expect(loadError(file)).toBe('');
  });

  test('rules that is not a list', () => {
    const file = path.join(folder, 'rules-number.yaml');
    writeFileSync(file, 'language: en\nrules: 3\n');
    expect(loadError(file)).toBe(`${file}: pack: field "rules" must be a list. Fix the rule file or leave it out of --rules.`);
  });
});

describe('commands with a bad user file', () => {
  const file = userFile('cli.yaml', 'blockerPatterns', ['@nosuchset order']);
  const expected = `leak: ${file}: context: field "blockerPatterns" item 1 "@nosuchset order" unknown set "@nosuchset" in "@nosuchset". Fix the rule file or leave it out of --rules.\n`;
  const commands = [
    ['rules', 'test', '--lang', 'en', '--rules', file, 'x'],
    ['rules', 'check', '--rules', file],
    ['audit', '--mbox', path.join(FIXTURES, 'sample', 'inbox.mbox'), '--rules', file, '--no-progress'],
  ];

  test.each(commands.map((argv) => ({ argv, name: argv.slice(0, 2).join(' ') })))('$name exits 2', async ({ argv }) => {
    const result = await runLeak(argv);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(expected);
  });
});
