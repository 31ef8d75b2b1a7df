// `blockerPatterns` are blockers in pattern syntax, so one entry covers the forms such a
// clause takes. A match sets its clause aside, as a surface blocker does.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet } from '../../src/detectors/index.js';

describe('blocker patterns', () => {
  test('a --rules file adds its own blocker patterns to the pack', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-blocker-patterns-')), 'extra.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  blockerPatterns: ["our|the printer *3 quote"]\nrules: []\n');
    const text = 'The printer sent a quote for the new brochures.';
    expect(explainText(text, loadRuleSet(), { language: 'en' }).hits.map((hit) => hit.category)).toContain('closing');
    const extended = explainText(text, loadRuleSet([file]), { language: 'en' });
    expect(extended.hits).toEqual([]);
    expect(extended.nearMisses.map((miss) => miss.cue)).toContain('our|the printer *3 quote');
  });

  test('a malformed entry names the field', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-blocker-patterns-')), 'broken.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  blockerPatterns: ["quote *9 printer"]\nrules: []\n');
    expect(() => loadRuleSet([file])).toThrow(/blockerPatterns/);
  });
});
