// Text reads an elision with its full word ("d'accord" as "de accord"), so a rule word
// written as the bare elided letter ("d accord") could never match. Loading such a rule
// is an error naming the file, the rule and the word to write instead.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet } from '../../src/detectors/index.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-elided-'));

/** Writes a French rule file with one closing rule of `pattern` and returns its path. */
function frenchRule(name: string, pattern: string, fires: string): string {
  const file = path.join(folder, name);
  writeFileSync(
    file,
    [
      'language: fr',
      'rules:',
      '  - id: mon-accord',
      '    category: closing',
      '    weight: 0.8',
      `    patterns: [${JSON.stringify(pattern)}]`,
      '    fires:',
      `      - text: ${JSON.stringify(fires)}`,
      '    misses:',
      '      - text: "Le devis est arrivé hier."',
      '',
    ].join('\n'),
  );
  return file;
}

function loadError(file: string): string {
  try {
    loadRuleSet([file]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

describe('elided words in rule files', () => {
  test.each([
    ['d accord pour le devis', 'd', 'accord', 'de'],
    ['presenter l une|un a le autre', 'l', 'une|un', 'le'],
    ['valable jusqu au 30', 'jusqu', 'au', 'jusque'],
    ['qu|si il signe', 'qu|si', 'il', 'que'],
  ])('"%s" rejected', (pattern, part, next, full) => {
    const word = part.split('|')[0];
    const file = frenchRule('bare.yaml', pattern, 'Bon pour le devis.');
    const message = loadError(file);
    expect(message).toContain(`${file}: rule mon-accord`);
    expect(message).toContain(
      `invalid elided word "${word}" before "${next}": text reads "${word}'" as "${full}", so "${word}" alone never matches there. Write "${full}", or "=${word}" for the letter itself`,
    );
  });

  // Text is folded before matching, so an upper-case letter, or one written with its
  // apostrophe (straight or curly), never matches, like the bare lower-case letter.
  test.each([
    ['D accord pour le devis', 'D', 'd', 'de'],
    ["d' accord pour le devis", "d'", 'd', 'de'],
    ['d\u2019 accord pour le devis', 'd\u2019', 'd', 'de'],
  ])('"%s" rejected as its folded letter', (pattern, written, word, full) => {
    const file = frenchRule('folded.yaml', pattern, 'Bon pour le devis.');
    const message = loadError(file);
    expect(message).toContain(`${file}: rule mon-accord`);
    expect(message).toContain(`invalid elided word "${written}" before "accord": text reads "${word}'" as "${full}", so "${word}" alone never matches there`);
  });

  test.each([
    ['{qty} t de ciment en plus', 'Il nous faut 20 t de ciment en plus.'],
    ['taille =m en plus', 'Il nous faut la taille M en plus.'],
  ])('letter itself "%s" loads and matches', (pattern, sentence) => {
    const rules = loadRuleSet([frenchRule('letter.yaml', pattern, sentence)]);
    expect(explainText(sentence, rules, { language: 'fr' }).hits.map((hit) => hit.ruleId)).toContain('mon-accord');
  });

  test('capitalised context cue rejected', () => {
    const file = path.join(folder, 'context.yaml');
    writeFileSync(file, ['language: fr', 'context:', '  negation: ["N envisageons pas"]', ''].join('\n'));
    expect(loadError(file)).toContain('invalid elided word "N" before "envisageons": text reads "n\'" as "ne"');
  });

  test('full forms load and match', () => {
    const sentence = "D'accord pour le devis, on avance.";
    for (const pattern of ['de accord pour le devis', "d'accord pour le devis", 'de|d accord pour le devis', 'De|D accord pour le devis', "de|d' accord pour le devis"]) {
      const rules = loadRuleSet([frenchRule('full.yaml', pattern, sentence)]);
      expect(explainText(sentence, rules, { language: 'fr' }).hits.map((hit) => hit.ruleId)).toContain('mon-accord');
    }
  });

  test('hyphenated letter is no elision', () => {
    const sentence = 'Faudra-t-il signer le devis avant mars ?';
    const rules = loadRuleSet([frenchRule('hyphen.yaml', 'faudra-t-il signer', sentence)]);
    expect(explainText(sentence, rules, { language: 'fr' }).hits.map((hit) => hit.ruleId)).toContain('mon-accord');
  });

  test('English packs load', () => {
    expect(() => loadRuleSet([])).not.toThrow();
  });
});
