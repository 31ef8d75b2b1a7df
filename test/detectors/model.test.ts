// The learned model is off unless switched on. When on, it only adds categories
// the rules did not fire, with a reason naming its terms and a confidence below 0.7.
import { describe, expect, test } from 'vitest';
import { detectSignals, loadRuleSet } from '../../src/detectors/index.js';
import { findCategories, isReadableTerm, isRuledOut, judgeCategories, participantWords, modelConfidence, NUMBER_FEATURE, readModelText, sentenceFeatures, toLinearModel, trainModel } from '../../src/detectors/model.js';
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
    // A bigram needs two content words (a number counts as one) or a negation.
    expect(features).not.toContain(`${NUMBER_FEATURE} of`);
    // "us" is a stopword: no unigram, and no bigram with a function word; the comma ends the chain.
    expect(features).not.toContain('us');
    expect(features).not.toContain('to us');
    expect(features).not.toContain('transfer to');
    expect(features.some((feature) => feature.startsWith('us '))).toBe(false);
  });

  test('drops function-word-only features', () => {
    const french = rules.packs.find((pack) => pack.language === 'fr');
    if (french === undefined) throw new Error('no French pack');
    const { features } = sentenceFeatures(french, tokenize(french.settings, 'Je lui ai dit que le bug serait corrigé vendredi.', null));
    for (const feature of ['lui', 'ai', 'je lui', 'lui ai', 'serait']) expect(features).not.toContain(feature);
    expect(features.some((feature) => feature.startsWith('vendred'))).toBe(true);
    const english2 = sentenceFeatures(english, tokenize(english.settings, 'We will not renew.', null)).features;
    expect(english2).not.toContain('we will');
    expect(english2).toContain('not renew');
  });

  test('drops participant name words', () => {
    const names = participantWords([{ name: 'Claire Dubois', address: 'c.dubois@client.example' }, { name: '', address: 'tomasz@client.example' }]);
    expect([...names].sort()).toEqual(['claire', 'dubois', 'tomasz']);
    const text = readModelText(english, [toUnit('body', 'Claire will send the bank details, Tomasz too.')], 'none', names);
    const features = text.sentences.flatMap((sentence) => sentence.features);
    expect(features.some((feature) => feature.split(' ').some((word) => word.startsWith('clair') || word.startsWith('tomasz')))).toBe(false);
    expect(features).toContain('send');
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

  test('positive weight raises its category only', () => {
    const plain = trainModel('en', docs, options);
    const weighted = trainModel('en', docs, { ...options, positiveWeights: { expansion: 3 } });
    const expansion = plain.categories.indexOf('expansion');
    const churn = plain.categories.indexOf('churn-risk');
    const score = (model: typeof plain, category: number, features: string[]) => features.reduce((sum, feature) => sum + (model.weights[feature]?.[category] ?? 0), model.bias[category] ?? 0);
    expect(score(weighted, expansion, ['staff', 'join', 'payrol'])).toBeGreaterThan(score(plain, expansion, ['staff', 'join', 'payrol']));
    expect(score(weighted, expansion, ['staff', 'new', 'site'])).toBeGreaterThan(score(plain, expansion, ['staff', 'new', 'site']));
    expect(weighted.bias[churn]).toBe(plain.bias[churn]);
  });

  test('document weight 1 changes nothing', () => {
    const unitWeighted = docs.map((doc) => ({ ...doc, weight: 1 }));
    expect(JSON.stringify(trainModel('en', unitWeighted, options))).toBe(JSON.stringify(trainModel('en', docs, options)));
  });

  test('heavier negative lowers feature weights', () => {
    const plain = trainModel('en', docs, options);
    const weighted = trainModel('en', docs.map((doc) => (doc.labels.length === 0 ? { ...doc, weight: 3 } : doc)), options);
    const churn = plain.categories.indexOf('churn-risk');
    expect(weighted.weights.address?.[churn] ?? 0).toBeLessThan(plain.weights.address?.[churn] ?? 0);
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

  test('applies the sentence share of the threshold', () => {
    const twoSentences = readModelText(english, [toUnit('body', 'Six staff join us.'), toUnit('body', 'They start at the new site.')]);
    const model = toLinearModel({ ...trained, threshold: 0.5 });
    const [judgement] = judgeCategories(model, twoSentences).filter((item) => item.category === 'expansion');
    if (judgement === undefined) throw new Error('no expansion judgement');
    expect(judgement.sentenceProbability).toBeLessThan(judgement.probability);
    const share = judgement.sentenceProbability / 0.5 + 0.01;
    expect(findCategories(toLinearModel({ ...trained, threshold: 0.5, sentenceShare: share }), twoSentences)).toEqual([]);
    const dropped = judgeCategories(toLinearModel({ ...trained, threshold: 0.5, sentenceShare: share }), twoSentences).find((item) => item.category === 'expansion');
    expect(dropped?.dropped).toBe(judgement.probability >= 0.5 ? 'weak-sentence' : null);
  });

  test('finds nothing in a supplier offer in offer mode', () => {
    const model = toLinearModel({ ...trained, threshold: 0.5 });
    const offer = readModelText(english, [toUnit('body', 'Six staff join us at the new site.'), toUnit('body', 'We can offer you 20% off our services.')], 'offer');
    if (!offer.supplierOffer) throw new Error('the rules no longer read this as a supplier offer');
    expect(findCategories(model, offer, { mode: 'offer' })).toEqual([]);
    expect(judgeCategories(model, offer, { mode: 'offer' }).find((item) => item.category === 'expansion')?.dropped).toBe('supplier-offer');
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

describe('churn guard', () => {
  test('churn risk rules out upgrade', () => {
    const churn = new Set(['churn-risk'] as const);
    expect(isRuledOut('upgrade', churn)).toBe(true);
    expect(isRuledOut('expansion', churn)).toBe(true);
    expect(isRuledOut('closing', churn)).toBe(false);
    expect(isRuledOut('upgrade', churn, false)).toBe(false);
    expect(isRuledOut('upgrade', new Set(['closing'] as const))).toBe(false);
    expect(isRuledOut('new-business', new Set(['upgrade'] as const))).toBe(true);
  });

  test('sibling guard off by default', () => {
    const expansion = new Set(['expansion'] as const);
    const upgrade = new Set(['upgrade'] as const);
    expect(isRuledOut('upgrade', expansion)).toBe(false);
    expect(isRuledOut('expansion', upgrade)).toBe(false);
    expect(isRuledOut('upgrade', expansion, true, true)).toBe(true);
    expect(isRuledOut('expansion', upgrade, true, true)).toBe(true);
    expect(isRuledOut('closing', expansion, true, true)).toBe(false);
  });

  test('no model upgrade beside cancellation', () => {
    const docs = [
      { features: ['roadmap', 'pictur'], labels: ['upgrade' as const] },
      { features: ['roadmap', 'chang'], labels: ['upgrade' as const] },
      { features: ['invoic', 'address'], labels: [] },
    ];
    const trained = trainModel('en', docs, { l2: 0.01, iterations: 200, learningRate: 0.2, minDocs: 1 });
    const toy = { ...rules, models: new Map([['en', toLinearModel({ ...trained, threshold: 0.5 })]]) };
    const roadmap = 'If there is anything on your roadmap that changes the picture, now is the time to tell me.';
    const alone = detectSignals(makeMessage({ text: `Hi Claire,\n\n${roadmap}\n\nThanks,\nDana` }), toy);
    expect(alone.map((hit) => hit.ruleId)).toContain('model-upgrade');
    const cancelling = makeMessage({ text: `Hi Claire,\n\nWe are considering cancelling our subscription when the current term ends in February. ${roadmap}\n\nThanks,\nDana` });
    const hits = detectSignals(cancelling, toy);
    expect(hits.map((hit) => hit.category)).toContain('churn-risk');
    expect(hits.map((hit) => hit.ruleId)).not.toContain('model-upgrade');
  });
});
