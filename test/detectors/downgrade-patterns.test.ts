// A request to move down or back to a plan matches the upgrade patterns, because the
// tier sets contain names such as "Pro" and "Plus" as both low and high tiers.
// `downgradePatterns` set aside the upgrade matches of a sentence with such a move.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet } from '../../src/detectors/index.js';

const rules = loadRuleSet();

function categories(text: string, language: string): string[] {
  return explainText(text, rules, { language }).hits.map((hit) => hit.category);
}

function movesDown(text: string, language: string): { ruleId: string; cue: string }[] {
  return explainText(text, rules, { language })
    .nearMisses.filter((miss) => miss.reason === 'moves-down')
    .map((miss) => ({ ruleId: miss.ruleId, cue: miss.cue }));
}

describe('downgrade patterns', () => {
  test.each([
    ['en', 'Can we go down from Pro to Plus at the end of this billing month, and cancel the Loyalty add-on?'],
    ['en', 'Can we go from Pro down to Grow at the end of the current billing month?'],
    ['en', 'Can we go back to Growth and take the Maintenance Portal off at the same time?'],
    ['fr', "Nous allons devoir revenir à l'offre Essentiel : les fonctions avancées sont appréciées, mais je ne peux pas les défendre."],
  ])('%s: %s is no upgrade', (language, text) => {
    expect(categories(text, language)).not.toContain('upgrade');
    expect(movesDown(text, language).length).toBeGreaterThan(0);
  });

  // The churn rules read the same sentence: only upgrade matches are set aside.
  test('a churn rule in the same clause still fires', () => {
    const text = 'Can we go down from Pro to Plus at the end of this billing month, and cancel the Loyalty add-on?';
    expect(categories(text, 'en')).toEqual(['churn-risk']);
    expect(categories("Nous allons devoir revenir à l'offre Essentiel au 1er janvier.", 'fr')).toEqual(['churn-risk']);
  });

  test.each([
    ['en', 'Could we go from Pro to Enterprise at the end of this month?'],
    ['en', "I'll go back to the board next week, but we'd like to move up to the Premium plan."],
    ['fr', "Je reviens vers vous la semaine prochaine : nous voudrions passer à l'offre Premium."],
  ])('%s: a move up still fires (%s)', (language, text) => {
    expect(categories(text, language)).toContain('upgrade');
    expect(movesDown(text, language)).toEqual([]);
  });

  test('a --rules file adds its own downgrade patterns to the pack', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-downgrade-patterns-')), 'extra.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  downgradePatterns: ["trim|trimming our plan"]\nrules: []\n');
    const text = 'Trimming our plan: could we move to Standard from Enterprise?';
    expect(explainText(text, loadRuleSet(), { language: 'en' }).hits.map((hit) => hit.category)).toContain('upgrade');
    const extended = explainText(text, loadRuleSet([file]), { language: 'en' });
    expect(extended.hits.map((hit) => hit.category)).not.toContain('upgrade');
    expect(extended.nearMisses.map((miss) => miss.cue)).toContain('trim|trimming our plan');
  });

  test('a malformed entry names the field', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-downgrade-patterns-')), 'broken.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  downgradePatterns: ["down *9 plan"]\nrules: []\n');
    expect(() => loadRuleSet([file])).toThrow(/downgradePatterns/);
  });
});
