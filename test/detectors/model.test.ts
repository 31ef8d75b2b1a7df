// The learned model is off unless switched on. When on, it only adds categories
// the rules did not fire, with a reason naming its terms and a confidence below 0.7.
import { describe, expect, test } from 'vitest';
import { detectSignals, loadRuleSet } from '../../src/detectors/index.js';
import { findCategories, isReadableTerm, modelConfidence, NUMBER_FEATURE, readModelText, sentenceFeatures, toLinearModel, trainModel } from '../../src/detectors/model.js';
import { toUnit } from '../../src/detectors/detect.js';
import { tokenize } from '../../src/detectors/tokens.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet([], false);
const withModel = loadRuleSet([], true);
const english = rules.packs.find((pack) => pack.language === 'en');
if (english === undefined) throw new Error('no English pack');

describe('features', () => {
  test('reads stems, numbers and bigrams', () => {
    const { features } = sentenceFeatures(english, tokenize(english.settings, '23 of their staff transfer to us, payroll', null));
    expect(features).toContain(NUMBER_FEATURE);
    expect(features).toContain('staff');
    expect(features).toContain('staff transfer');
    expect(features).toContain(`${NUMBER_FEATURE} of`);
    // "us" is a stopword: no unigram, but bigrams keep it; the comma ends the chain.
    expect(features).not.toContain('us');
    expect(features).toContain('to us');
    expect(features.some((feature) => feature.startsWith('us '))).toBe(false);
  });
});

describe('training', () => {
  const docs = [
    { features: ['staff', 'join', 'payrol'], labels: ['expansion' as const] },
    { features: ['staff', 'new', 'site'], labels: ['expansion' as const] },
    { features: ['cancel', 'contract'], labels: ['churn-risk' as const] },
    { features: ['invoic', 'address'], labels: [] },
    { features: ['invoic', 'cancel'], labels: ['churn-risk' as const] },
  ];
  const options = { l2: 0.01, iterations: 200, learningRate: 0.2, minDocs: 1 };

  test('repeats the same weights', () => {
    expect(JSON.stringify(trainModel('en', docs, options))).toBe(JSON.stringify(trainModel('en', docs, options)));
  });

  test('finds category, sentence and terms', () => {
    const model = toLinearModel({ ...trainModel('en', docs, options), threshold: 0.5 });
    const text = readModelText(english, [toUnit('body', 'Thanks for the invoice.'), toUnit('body', 'Six staff join us at the new site.')]);
    const findings = findCategories(model, text);
    expect(findings.map((finding) => finding.category)).toEqual(['expansion']);
    expect(findings[0]?.sentence.sentence).toBe('Six staff join us at the new site.');
    expect(findings[0]?.terms).toContain('staff');
  });

  test('keeps confidence within 0.5-0.7', () => {
    expect(modelConfidence(0.2, 0.2)).toBe(0.5);
    expect(modelConfidence(1, 0.2)).toBe(0.7);
  });
});

describe('switch', () => {
  const situation = makeMessage({ text: 'Hi Maya,\n\nSee below from Lucy, who runs our sister company in Leeds.\n\nThanks,\nDan' });

  test('is off by default', () => {
    expect(rules.models).toBeUndefined();
    expect(detectSignals(situation, rules).some((hit) => hit.ruleId.startsWith('model-'))).toBe(false);
  });

  test('adds only unfired categories', () => {
    const ruleHits = detectSignals(situation, rules);
    const hits = detectSignals(situation, withModel);
    const added = hits.filter((hit) => hit.ruleId.startsWith('model-'));
    expect(added.length).toBeGreaterThan(0);
    for (const hit of added) {
      expect(ruleHits.map((rule) => rule.category)).not.toContain(hit.category);
      expect(hit.phrase).toMatch(/^model: "/);
      expect(hit.confidence).toBeGreaterThanOrEqual(0.5);
      expect(hit.confidence).toBeLessThanOrEqual(0.7);
    }
    expect(hits.filter((hit) => !hit.ruleId.startsWith('model-'))).toEqual(ruleHits);
  });
});

describe('precision guards', () => {
  const docs = [
    { features: ['staff', 'join', 'payrol'], labels: ['expansion' as const] },
    { features: ['staff', 'new', 'site'], labels: ['expansion' as const] },
    { features: ['cancel', 'contract'], labels: ['churn-risk' as const] },
    { features: ['invoic', 'address'], labels: [] },
  ];
  const options = { l2: 0.01, iterations: 200, learningRate: 0.2, minDocs: 1 };
  const trained = trainModel('en', docs, options);
  const text = readModelText(english, [toUnit('body', 'Six staff join us at the new site.')]);

  test('reads one threshold per category', () => {
    const open = toLinearModel({ ...trained, threshold: 0.5 });
    expect(findCategories(open, text).map((finding) => finding.category)).toEqual(['expansion']);
    const thresholds = trained.categories.map((category) => (category === 'expansion' ? 0.99 : 0.5));
    const strict = toLinearModel({ ...trained, threshold: 0.5, thresholds });
    expect(strict.thresholds[strict.categories.indexOf('expansion')]).toBe(0.99);
    expect(findCategories(strict, text)).toEqual([]);
  });

  test('applies the sentence threshold', () => {
    const model = toLinearModel({ ...trained, threshold: 0.5, sentenceThreshold: 0.999 });
    expect(findCategories(model, text)).toEqual([]);
    expect(findCategories(model, text, { sentenceThreshold: 0 }).map((finding) => finding.category)).toEqual(['expansion']);
  });

  test('finds nothing in a supplier offer in offer mode', () => {
    const model = toLinearModel({ ...trained, threshold: 0.5 });
    const offer = readModelText(english, [toUnit('body', 'Six staff join us at the new site.'), toUnit('body', 'We can offer you 20% off our services.')], 'offer');
    if (!offer.supplierOffer) throw new Error('the rules no longer read this as a supplier offer');
    expect(findCategories(model, offer, { mode: 'offer' })).toEqual([]);
    expect(findCategories(model, offer, { mode: 'none' }).map((finding) => finding.category)).toEqual(['expansion']);
  });

  test('names no function word or number in the reason', () => {
    expect(isReadableTerm(english, 'staff')).toBe(true);
    expect(isReadableTerm(english, 'not renew')).toBe(true);
    expect(isReadableTerm(english, 'who')).toBe(false);
    expect(isReadableTerm(english, 'to the')).toBe(false);
    expect(isReadableTerm(english, '23')).toBe(false);
    const message = makeMessage({ text: 'Hi Maya,\n\nSee below from Lucy, who runs our sister company in Leeds.\n\nThanks,\nDan' });
    for (const hit of detectSignals(message, withModel).filter((item) => item.ruleId.startsWith('model-'))) {
      const terms = [...hit.phrase.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '');
      expect(terms.length).toBeGreaterThan(0);
      for (const term of terms) expect(isReadableTerm(english, term)).toBe(true);
    }
  });
});
