// The learned model as a veto on the rules' findings: a rule's category in a message
// is dropped when the shipped model's probability for it there is below the floor
// that its file sets. Real sentences and the shipped files, no mocks.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { detectSignals, explainMiss, explainText, formatExplanation, formatMiss, loadRuleSet, modelFile } from '../../src/detectors/index.js';
import { toLinearModel, type ModelFile } from '../../src/detectors/model.js';
import { modelVetoOf } from '../../src/audit.js';
import { checkRuleRows } from '../../src/commands/rules-check.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeMessage } from './message.js';

const rulesOnly = loadRuleSet([], false);
const withModel = loadRuleSet([], true);

/**
 * Returns `base` (the shipped rules by default) with every floor raised to `floor`, so the veto acts
 * on a party order, and with `vetoBelow` set when given.
 */
function withFloors(floor: number, base = withModel, vetoBelow?: number) {
  const models = new Map(
    [...(base.models?.keys() ?? [])].map((language) => {
      const file = JSON.parse(readFileSync(modelFile(language), 'utf8')) as ModelFile;
      return [language, toLinearModel({ ...file, vetoFloors: file.categories.map(() => floor), ...(vetoBelow === undefined ? {} : { vetoBelow }) })] as const;
    }),
  );
  return { ...base, models };
}
const highFloors = withFloors(0.08);

/** A party order: the new-business rule fires on "planning to buy", but nothing is bought from the owner. */
const CAKES = 'We are planning to buy two cakes for our party.';
/** A plain upgrade request, which the model backs. */
const UPGRADE = "We'd like to upgrade to the Pro plan for our whole team.";

function mail(sentence: string) {
  return makeMessage({ subject: 'Friday', text: `Hi Claire,\n\n${sentence}\n\nThanks,\nAnna` });
}

function categories(rules: typeof withModel, sentence: string): string[] {
  return detectSignals(mail(sentence), rules).map((hit) => hit.category);
}

describe('model veto', () => {
  test('shipped files set the floors', () => {
    for (const language of ['en', 'fr']) {
      const model = withModel.models?.get(language);
      expect([...(model?.vetoFloors ?? [])]).toEqual([0.03, 0.03, 0.03, 0.03, 0.03, 0.03]);
      expect(model?.categories).toEqual(['expansion', 'upgrade', 'closing', 'new-business', 'referral', 'churn-risk']);
    }
  });

  test('vetoes an unlikely rule finding', () => {
    expect(categories(rulesOnly, CAKES)).toContain('new-business');
    expect(categories(highFloors, CAKES)).not.toContain('new-business');
  });

  test('vetoBelow spares a finding whose rules are at least that sure', () => {
    const confidence = Math.max(...detectSignals(mail(CAKES), rulesOnly).filter((hit) => hit.category === 'new-business').map((hit) => hit.confidence));
    expect(confidence).toBeGreaterThan(0);
    // At the hit's own confidence the finding is out of reach; just above it, the floor acts again.
    expect(categories(withFloors(0.08, withModel, confidence), CAKES)).toContain('new-business');
    expect(categories(withFloors(0.08, withModel, Math.min(1, confidence + 0.001)), CAKES)).not.toContain('new-business');
  });

  test('keeps first requests with few known words', () => {
    // With a new-business floor of 0.08, above the category's base rate, these were vetoed.
    for (const sentence of [
      'We are planning to buy USRP.',
      'We are interested in buying your platform for our 3 clinics.',
      'We are looking to purchase the software for our accounting team.',
    ]) {
      expect(categories(highFloors, sentence)).not.toContain('new-business');
      expect(categories(withModel, sentence)).toContain('new-business');
    }
  });

  test('keeps a likely rule finding', () => {
    const hits = detectSignals(mail(UPGRADE), withModel).filter((hit) => hit.category === 'upgrade');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => !hit.ruleId.startsWith('model-'))).toBe(true);
  });

  test('file without floors vetoes nothing', () => {
    const models = new Map(
      [...(withModel.models?.keys() ?? [])].map((language) => {
        const { vetoFloors, ...file } = JSON.parse(readFileSync(modelFile(language), 'utf8')) as ModelFile;
        expect(vetoFloors).toBeDefined();
        return [language, toLinearModel(file)] as const;
      }),
    );
    const older = { ...highFloors, models };
    expect([...(models.get('en')?.vetoFloors ?? [])]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(categories(older, CAKES)).toContain('new-business');
    expect(modelVetoOf(older).enabled).toBe(false);
  });

  test('rules test names the veto', () => {
    const explanation = explainText(CAKES, highFloors, { language: 'en' });
    expect(explanation.hits.some((hit) => hit.category === 'new-business')).toBe(false);
    const vetoed = explanation.vetoed.find((item) => item.category === 'new-business');
    expect(vetoed?.floor).toBe(0.08);
    expect(vetoed?.probability).toBeGreaterThan(0);
    expect(vetoed?.probability).toBeLessThan(0.08);
    // A vetoed rule fired, so it is not listed again as a near miss.
    expect(explanation.nearMisses.some((miss) => miss.ruleId === vetoed?.ruleId)).toBe(false);
    const text = formatExplanation(explanation, false);
    expect(text).toContain('Vetoed by the learned model');
    expect(text).toContain(`${vetoed?.ruleId}  new-business  model probability / floor ${vetoed?.probability.toFixed(2)} / 0.08`);
  });

  test('miss explanation names the veto', () => {
    const miss = explainMiss(mail(CAKES), highFloors, 'new-business');
    expect(miss.vetoed.map((item) => item.floor)).toEqual([0.08]);
    const lines = formatMiss(miss, '  ');
    expect(lines.some((line) => line.startsWith(`  vetoed ${miss.vetoed[0]?.ruleId} `))).toBe(true);
    expect(lines).not.toContain('  no rule of the category matches any sentence');
  });

  test('report assumptions list the floors', () => {
    const veto = modelVetoOf(withModel);
    expect(veto.enabled).toBe(true);
    expect(veto.floors['fr']).toEqual({ expansion: 0.03, upgrade: 0.03, closing: 0.03, 'new-business': 0.03, referral: 0.03, 'churn-risk': 0.03 });
    expect(modelVetoOf(rulesOnly)).toEqual({ enabled: false, floors: {} });
  });

  test('rules check fails a fires row the veto drops', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-veto-rows-')), 'party.yaml');
    writeFileSync(
      file,
      [
        'language: en',
        'rules:',
        '  - id: my-party',
        '    category: new-business',
        '    weight: 0.8',
        '    patterns: ["planning to buy"]',
        '    fires:',
        `      - text: ${JSON.stringify(CAKES)}`,
        '    misses:',
        '      - text: "We bought two cakes for our party."',
        '',
      ].join('\n'),
    );
    const shipped = loadRuleSet([file], true);
    expect(checkRuleRows(shipped, [file]).failures).toEqual([]);
    const { failures } = checkRuleRows(withFloors(0.08, shipped), [file]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.ruleId).toBe('my-party');
    expect(failures[0]?.detail).toMatch(/^it fires, but the learned model vetoes it as in an audit: its probability for new-business is 0\.0\d\d, below the floor 0\.08/);
    expect(checkRuleRows(withFloors(0.08, loadRuleSet([file], false)), [file]).failures).toEqual([]);
  });

  test('rules check keeps a row an unsure audit keeps', () => {
    // With the language set to French, only the French model scores this invoice line, below
    // the floor. An audit is unsure of so short a text, so it runs both packs and reads the higher probability.
    const sentence = 'Veuillez trouver ci-joint la facture 2231. Paiement à 30 jours.';
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-veto-rows-')), 'facture.yaml');
    writeFileSync(
      file,
      [
        'language: fr',
        'rules:',
        '  - id: ma-facture',
        '    category: referral',
        '    weight: 0.8',
        '    patterns: ["trouver ci joint la facture"]',
        '    fires:',
        `      - text: ${JSON.stringify(sentence)}`,
        '    misses:',
        '      - text: "La facture est payée."',
        '',
      ].join('\n'),
    );
    const rules = loadRuleSet([file], true);
    const told = explainText(sentence, rules, { language: 'fr' });
    expect(told.vetoed.map((item) => item.ruleId)).toContain('ma-facture');
    const guessed = explainText(sentence, rules, {});
    expect(guessed.hits.map((hit) => hit.ruleId)).toContain('ma-facture');
    expect(checkRuleRows(rules, [file]).failures).toEqual([]);
  });
});
