// The French ligatures œ and æ have no Unicode decomposition, so folding spells
// them out ("Œnologie" -> "oenologie", "mise en œuvre" -> "mise en oeuvre"):
// tokens, rule patterns, catalogue names and the model's features then read the
// word a customer also types without the ligature.
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet, parseCatalog } from '../../src/detectors/index.js';
import { sentenceFeatures } from '../../src/detectors/model.js';
import { foldText } from '../../src/detectors/normalize.js';
import { tokenize } from '../../src/detectors/tokens.js';

const rules = loadRuleSet([], false);
const french = rules.packs.find((pack) => pack.language === 'fr');
if (french === undefined) throw new Error('no French pack');

describe('ligatures', () => {
  test.each([
    ['œ', 'mise en œuvre', 'mise en oeuvre'],
    ['Œ', 'Module Œnologie', 'module oenologie'],
    ['æ', 'curriculum vitæ', 'curriculum vitae'],
    ['Æ', 'ÆGIS', 'aegis'],
  ])('fold %s', (_name, text, expected) => {
    expect(foldText(text)).toBe(expected);
  });

  test('tokens keep the word whole', () => {
    const stems = tokenize(french.settings, 'la mise en œuvre du module Œnologie', null).map((token) => token.stem);
    expect(stems).toEqual(tokenize(french.settings, 'la mise en oeuvre du module Oenologie', null).map((token) => token.stem));
    expect(stems).not.toContain('uvr');
  });

  test('a rule reads the ligature as the two letters', () => {
    // fr-referral-intro writes "consoeur"; a customer types "consœur".
    const hits = explainText('Une consœur de Lyon cherche un outil pour son cabinet.', rules, { language: 'fr' }).hits;
    expect(hits.map((hit) => hit.ruleId)).toContain('fr-referral-intro');
  });

  test('a catalogue may name a product with a ligature', () => {
    const catalog = parseCatalog({ addons: ['Œnologie'] }, 'catalog.yaml');
    const custom = loadRuleSet([], false, catalog);
    for (const text of ['Nous souhaitons ajouter le module Œnologie.', 'Nous souhaitons ajouter le module Oenologie.']) {
      expect(explainText(text, custom, { language: 'fr' }).hits.map((hit) => hit.ruleId)).toContain('catalog-upgrade');
    }
    const miss = explainText('Le module Œnologie ne nous intéresse pas.', custom, { language: 'fr' }).hits;
    expect(miss.map((hit) => hit.ruleId)).not.toContain('catalog-upgrade');
  });

  test('model features read the word with the ligature', () => {
    const withLigature = sentenceFeatures(french, tokenize(french.settings, 'notre œnologue conseil', null)).features;
    const without = sentenceFeatures(french, tokenize(french.settings, 'notre oenologue conseil', null)).features;
    expect(withLigature).toEqual(without);
    expect(withLigature.some((feature) => feature.startsWith('oenolog'))).toBe(true);
  });
});
