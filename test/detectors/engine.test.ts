// Matching behaviour of the compiled rules: normalisation, typos, quantities,
// context cues, explanations, and rule file validation and merging.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  describeRules,
  detectLanguage,
  detectSignals,
  explainText,
  formatExplanation,
  loadRuleSet,
} from '../../src/detectors/index.js';
import { formatProbability } from '../../src/detectors/explain.js';
import { buildTypoIndex, isOneEditApart } from '../../src/detectors/typos.js';
import type { Category } from '../../src/types.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();

function hitsOf(text: string, subject = '') {
  return detectSignals(makeMessage({ subject, text }), rules);
}

function categoriesOf(text: string): Category[] {
  return [...new Set(hitsOf(text).map((hit) => hit.category))].sort();
}

describe('must-fire sentences', () => {
  const rows: [string, Category, number | null][] = [
    ["Nous envisageons d'ajouter des utilisateurs", 'expansion', null],
    ['Pouvez-vous me parler de vos offres Enterprise ?', 'upgrade', null],
    ['Proposez-vous des remises sur volume ?', 'closing', null],
    ['We are considering adding 15 users', 'expansion', 15],
    ['Can you tell me about your Enterprise plan?', 'upgrade', null],
    ['Do you offer volume discounts?', 'closing', null],
  ];
  test.each(rows)('%s', (text, category, quantity) => {
    const hit = hitsOf(text).find((candidate) => candidate.category === category);
    expect(hit).toBeDefined();
    if (quantity !== null) expect(hit?.quantity).toBe(quantity);
  });
});

describe('normalisation', () => {
  test('curly apostrophe elision', () => {
    expect(categoriesOf('Nous envisageons d’ajouter des utilisateurs')).toContain('expansion');
  });

  test('decomposed accents', () => {
    expect(categoriesOf('Nous voulons 40 licences supple\u0301mentaires.'.normalize('NFD'))).toContain('expansion');
  });

  test('accents left out', () => {
    expect(categoriesOf('Nous voulons 40 licences supplementaires.')).toContain('expansion');
  });

  test('upper case', () => {
    expect(categoriesOf('WE WANT TO ADD 25 MORE SEATS.')).toContain('expansion');
  });

  test('grouped digits join', () => {
    expect(hitsOf('Nous voulons passer à 1 200 licences.')[0]?.quantity).toBe(1200);
  });

  test('French number word', () => {
    expect(hitsOf('Il nous faut quinze licences supplémentaires.')[0]?.quantity).toBe(15);
  });
});

describe('typo tolerance', () => {
  test('transposed letters', () => {
    expect(categoriesOf('We want 10 additional licneces.')).toContain('expansion');
  });

  test('typo lowers confidence', () => {
    const exact = hitsOf('We want 10 additional licences.')[0]?.confidence ?? 0;
    const typo = hitsOf('We want 10 additional licneces.')[0]?.confidence ?? 0;
    expect(typo).toBeLessThan(exact);
  });

  test('short words not corrected', () => {
    expect(isOneEditApart('seat', 'seal')).toBe(true);
    expect(categoriesOf('We want 10 more seal.')).toEqual([]);
  });

  test('first letter never corrected', () => {
    expect(categoriesOf('We noticed the mobile app is slower on older Android devices.')).toEqual([]);
    expect(categoriesOf('We are lowering the number of seats next year.')).toContain('churn-risk');
  });

  test('exempt word not corrected', () => {
    expect(categoriesOf('Please contact our team about the invoice.')).toEqual([]);
  });

  test('cached correction still checks stems', () => {
    const index = buildTypoIndex(['licence', 'upgrade'], new Set(['upgrad']), new Set());
    expect(index.correct('licnece', 'licnec')).toBe('licence');
    expect(index.correct('licnece', 'licnec')).toBe('licence');
    expect(index.correct('licnece', 'upgrad')).toBeNull();
    expect(index.correct('kicence', 'kicenc')).toBeNull();
  });

  test('one edit apart cases', () => {
    expect(isOneEditApart('licence', 'lisense')).toBe(false);
    expect(isOneEditApart('licence', 'lcience')).toBe(true);
    expect(isOneEditApart('licence', 'licences')).toBe(true);
    expect(isOneEditApart('licence', 'licence')).toBe(false);
  });
});

describe('context', () => {
  const rows: [string, string, Category[]][] = [
    ['negation in clause', 'We do not want to add 10 seats.', []],
    ['negation stops at but', "We don't need the Enterprise plan, but we want 10 more seats.", ['expansion']],
    ['negation stops at semicolon', 'No upgrade for now; we want 10 more seats.', ['expansion']],
    ['negation after match', "L'ajout de 10 licences n'est pas prévu.", []],
    ['no problem is not a negation', "Sure, we'll add 15 seats, no problem.", ['expansion']],
    ['sans faute is not a negation', 'Nous passons à 30 licences sans faute en janvier.', ['expansion']],
    ['past event', 'We already got the discount last year.', []],
    ['vendor offer', 'We are pleased to offer you 20% off 10 additional seats.', []],
    ['vendor question', 'Would you like to add 40 more licences?', []],
    ['customer question', 'Can we add 40 more licences?', ['expansion']],
    ['count going down is not expansion', 'We need to go from 40 to 25 users.', ['churn-risk']],
    // The seat rule reads "need … 14 seats", and the range it overlaps goes down, so no seat is added.
    ['seat range going down', "We'll need to go from 14 seats to 7 next cycle.", []],
    ['seat range going up', "We'll need to go from 7 seats to 14 next cycle.", ['expansion']],
    ['seat range down at sentence end', "We'll need to go from 14 seats to 7.", []],
    // A negation inside a parenthesis speaks of the aside only.
    ['negation inside an aside', 'Our team (not counting contractors) wants 10 more seats.', ['expansion']],
    ['sans inside an aside', 'Nous voudrions (sans changer de formule) ajouter 10 licences en juin.', ['expansion']],
    ['negation around an aside', 'We do not want 10 more seats (for now) this year.', []],
    ['negation in the same aside', 'The budget is fixed (we will not add 10 seats) this year.', []],
    ['sans around an aside', "Nous ne voulons pas ajouter 10 licences (pour l'instant) cette année.", []],
    ['sans in the same aside', 'Le budget est figé (nous ne voulons pas ajouter 10 licences) cette année.', []],
    ['sans inside an aside before the subject', 'Notre équipe (sans compter les stagiaires) veut ajouter 10 licences.', ['expansion']],
    // Nested brackets: the innermost one bounds the cue.
    ['sans inside a nested aside', 'PS (nous voudrions (sans changer de formule) ajouter 10 licences).', ['expansion']],
    ['without inside a nested aside', 'PS (we would like (without changing plans) to add 10 seats).', ['expansion']],
    // A cue after the match comments on it from its own parenthesis.
    ['postponed in an aside after', 'Adding 10 more seats (postponed to next year).', []],
    ['not a priority in an aside after', "We'd like to add 10 more seats (this is not a priority right now).", []],
    ['not needed in an aside after', "We'd like to add 10 more seats (not needed after all).", []],
    ['pas pour le moment in an aside after', 'Nous voulons ajouter 10 licences (pas pour le moment).', []],
    ['en suspens in an aside after', "Ajout de 10 licences (en suspens jusqu'en mars).", []],
    ['postponed in a nested aside after', 'PS (we want to add 10 more seats (postponed to next year)).', []],
    ['pas pour le moment in a nested aside after', 'PS (nous voulons ajouter 10 licences (pas pour le moment)).', []],
    ['postponed after the closing bracket', 'PS (we want to add 10 more seats) postponed to next year.', []],
    ['range beside the match', 'We need 5 more seats; the old plan went from 20 to 15 last spring.', ['expansion']],
    ['non-renewal is churn only', 'Please treat this as our notice of non-renewal.', ['churn-risk']],
    ['RFP phrase is not a quote request', 'We would like to request for proposal responses by May.', ['new-business']],
    ['budget cut is not expansion', 'Notre budget baisse et nous ne garderons que 10 utilisateurs sur les 18.', ['churn-risk']],
  ];
  test.each(rows)('%s', (_name, text, expected) => {
    expect(categoriesOf(text)).toEqual(expected);
  });
});

describe('hits', () => {
  test('one hit per rule per message', () => {
    const hits = hitsOf('We want to add 5 more seats. Later we will add 10 more seats.');
    const ids = hits.map((hit) => hit.ruleId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('snippet is the sentence', () => {
    const hit = hitsOf('Hello.\n\nWe want to add\n   5 more seats   soon.')[0];
    expect(hit?.snippet).toBe('We want to add 5 more seats soon.');
  });

  test('snippet is capped', () => {
    const long = `We want to add 5 more seats ${'and more words '.repeat(40)}.`;
    expect(hitsOf(long)[0]?.snippet.length).toBeLessThanOrEqual(300);
  });

  test('hit carries rule and phrase', () => {
    const hit = hitsOf('We are considering adding 15 users')[0];
    expect(hit?.ruleId).toBe('en-expansion-add-seats');
    expect(hit?.phrase).toBe('@add {qty} @more? @seat');
    expect(hit?.language).toBe('en');
  });

  test('confidence within bounds', () => {
    for (const hit of hitsOf('We want to add 5 more seats and need a quote.')) {
      expect(hit.confidence).toBeGreaterThan(0);
      expect(hit.confidence).toBeLessThanOrEqual(1);
    }
  });

  test('original subject is scanned', () => {
    const hits = detectSignals(makeMessage({ subject: 'Quote for 20 more seats', text: 'See subject.' }), rules);
    expect(hits.map((hit) => hit.category)).toContain('expansion');
  });

  test('body label run is not scanned', () => {
    const labels = 'Send Email View Contract Contact Information';
    expect(hitsOf(`Hello,\n\n${labels}\n`)).toEqual([]);
    const hits = detectSignals(makeMessage({ subject: labels, text: 'See subject.' }), rules);
    expect(hits.map((hit) => hit.ruleId)).toContain('en-closing-contract');
  });

  test('links and mail addresses are not read', () => {
    expect(hitsOf('Please respond to Rick.Buy@example.com by Friday.')).toEqual([]);
    expect(hitsOf('Please find the notes at https://www.example.com/demo')).toEqual([]);
    expect(hitsOf('Please find the notes on the demo.').map((hit) => hit.ruleId)).toContain('en-new-business-score');
  });

  test('reply subject is not scanned', () => {
    const hits = detectSignals(makeMessage({ subject: 'Re: Quote for 20 more seats', text: 'Thanks.' }), rules);
    expect(hits).toEqual([]);
  });

  test('subject follows a set-aside body', () => {
    const staff = { subject: 'Staff leaving at end of month', text: 'Three members of staff are leaving us at the end of the month.' };
    expect(detectSignals(makeMessage(staff), rules)).toEqual([]);
    const budget = { subject: 'Budget approved', text: 'Our budget for next year was approved by the board yesterday, so the refurbishment goes ahead.' };
    expect(detectSignals(makeMessage(budget), rules)).toEqual([]);
    // A body without a match of the rule leaves the subject as it is.
    const subjectOnly = { subject: 'Budget approved', text: 'Please send the paperwork.' };
    expect(detectSignals(makeMessage(subjectOnly), rules).map((hit) => hit.ruleId)).toContain('en-closing-purchase');
  });

  test('blocker sets its clause aside', () => {
    expect(hitsOf('What is the best way to give them temporary access?')).toEqual([]);
    expect(hitsOf('Three members of staff are leaving us at the end of the month.')).toEqual([]);
    // Only its own clause: the request after "but" still counts.
    expect(categoriesOf('Two of our staff are leaving us, but we need 5 more seats for the new team.')).toEqual(['expansion']);
    const explanation = formatExplanation(explainText('How do I give her access to the reports?', rules, {}), false);
    expect(explanation).toContain('blocked by "how do i"');
  });

  test('hits sorted by category order', () => {
    const hits = hitsOf('We want to cancel our subscription. We want a quote for 10 more seats.');
    expect(hits.map((hit) => hit.category)).toEqual(['expansion', 'closing', 'churn-risk']);
  });
});

describe('language detection', () => {
  test('English text', () => {
    expect(detectLanguage('We would like to add more seats to our plan, thanks.', rules.packs).language).toBe('en');
  });

  test('French text', () => {
    expect(detectLanguage('Nous souhaitons ajouter des licences pour notre équipe.', rules.packs).language).toBe('fr');
  });

  test('short text runs every pack', () => {
    expect(detectLanguage('OK', rules.packs).packs.length).toBe(rules.packs.length);
  });
});

describe('explainText', () => {
  test('negated near miss', () => {
    const explanation = explainText('We are not planning to add any users this year.', rules, {});
    expect(explanation.hits).toEqual([]);
    expect(explanation.nearMisses.map((miss) => miss.reason)).toContain('negated');
  });

  test('quoted near miss', () => {
    const explanation = explainText('Thanks.\n\n> Would you add 40 more licences?', rules, { language: 'en' });
    expect(explanation.nearMisses.map((miss) => miss.reason)).toContain('quoted');
  });

  test('forced language', () => {
    expect(explainText('Do you offer volume discounts?', rules, { language: 'fr' }).packs).toEqual(['fr']);
  });

  test('unknown language', () => {
    expect(() => explainText('x', rules, { language: 'xx' })).toThrow(/no rule pack for language "xx"/);
  });

  test('plain format has no escape codes', () => {
    const text = formatExplanation(explainText('We want 5 more seats.', rules, {}), false);
    expect(text).toContain('en-expansion-add-seats');
    expect(text).not.toMatch(/\u001b\[/);
  });

  test('prints a probability apart from its threshold', () => {
    expect(formatProbability(0.1999, 0.2)).toBe('0.1999 / 0.20');
    expect(formatProbability(0.2001, 0.2)).toBe('0.2001 / 0.20');
    expect(formatProbability(0.151, 0.15)).toBe('0.151 / 0.15');
    expect(formatProbability(0.2, 0.2)).toBe('0.20 / 0.20');
    expect(formatProbability(0.31, 0.2)).toBe('0.31 / 0.20');
  });

  test('says why a category past its threshold gives no model hit', () => {
    const explanation = explainText('We want 5 more seats.', rules, {});
    const score = { language: 'en', category: 'expansion' as const, probability: 0.4, threshold: 0.25, sentenceProbability: 0.3, terms: ['seats'] };
    const text = formatExplanation({ ...explanation, modelScores: [{ ...score, dropped: 'rule' }, { ...score, category: 'upgrade', dropped: 'supplier-offer' }] }, false);
    expect(text).toContain('~ en expansion  0.40 / 0.25');
    expect(text).toContain('best sentence alone 0.30; it adds most: "seats"');
    expect(text).toContain('dropped: a rule already fired in this category');
    expect(text).toContain("dropped: the message is a supplier's offer");
  });

  test('marks a model hit only when the model adds it', () => {
    const withModel = loadRuleSet([], true);
    for (const sentence of ['We want 5 more seats.', 'See below from Lucy, who runs Keystone Auctions, a separate company from us, she would like a chat']) {
      const explanation = explainText(sentence, withModel, {});
      for (const score of explanation.modelScores) {
        const hit = explanation.hits.some((item) => item.ruleId === `model-${score.category}` && item.language === score.language);
        const marked = score.probability >= score.threshold && score.dropped === null;
        expect(marked).toBe(hit);
      }
    }
  });
});

function writeRuleFile(content: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-rules-'));
  const file = path.join(folder, 'extra.yaml');
  writeFileSync(file, content);
  return file;
}

describe('rule files', () => {
  test('describeRules lists every rule', () => {
    const infos = describeRules(rules);
    expect(infos.length).toBe(rules.ruleCount);
    expect(infos.find((info) => info.id === 'en-expansion-add-seats')?.phrases).toBeGreaterThan(0);
  });

  test('extra rule is added', () => {
    const file = writeRuleFile('language: en\nrules:\n  - id: en-test-widgets\n    category: expansion\n    weight: 0.5\n    phrases: ["more widgets"]\n');
    const extended = loadRuleSet([file]);
    expect(extended.ruleCount).toBe(rules.ruleCount + 1);
    expect(detectSignals(makeMessage({ text: 'We want more widgets.' }), extended).map((hit) => hit.ruleId)).toContain('en-test-widgets');
  });

  test('same id replaces the default rule', () => {
    const file = writeRuleFile('language: en\nrules:\n  - id: en-closing-discount\n    category: closing\n    weight: 0.5\n    phrases: ["widget discount"]\n');
    const extended = loadRuleSet([file]);
    expect(extended.ruleCount).toBe(rules.ruleCount);
    expect(detectSignals(makeMessage({ text: 'Do you offer volume discounts?' }), extended)).toEqual([]);
  });

  test('new language needs tokenizer and stemmer', () => {
    const file = writeRuleFile('language: de\nrules:\n  - id: de-x\n    category: expansion\n    weight: 0.5\n    phrases: ["mehr Lizenzen"]\n');
    expect(() => loadRuleSet([file])).toThrow(/language "de" has no built-in pack, so the file must set "tokenizer" and "stemmer"/);
  });

  test('duplicate id says what to do', () => {
    const rule = '  - id: en-twice\n    category: closing\n    weight: 0.5\n    phrases: [a b]\n';
    const file = writeRuleFile(`language: en\nrules:\n${rule}${rule}`);
    expect(() => loadRuleSet([file])).toThrow(/rule en-twice \(line 7\): field "id" is used twice in the "en" pack\. Give each rule its own id/);
  });

  test('rule errors give the line', () => {
    const file = writeRuleFile('language: en\nrules:\n  - id: en-ok\n    category: closing\n    weight: 0.5\n    phrases: [a b]\n  - id: en-x\n    category: sales\n    weight: 0.5\n    phrases: [a b]\n');
    expect(() => loadRuleSet([file])).toThrow(/rule en-x \(line 7\): field "category"/);
  });

  test('JSON syntax error names JSON', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-rules-'));
    const file = path.join(folder, 'extra.json');
    writeFileSync(file, '{"language": "en", "rules": [ {"id": "x",, } ]}');
    expect(() => loadRuleSet([file])).toThrow(/extra\.json: invalid JSON at line 1, column 42: Unexpected , in flow map\. Fix/);
  });

  test('new language from data only', () => {
    const file = writeRuleFile(
      'language: de\ntokenizer: WordPunctTokenizer\nstemmer: PorterStemmerDe\nstopwords: [wir, und, die, der, das]\nrules:\n  - id: de-expansion-more\n    category: expansion\n    weight: 0.8\n    patterns: ["{qty} weitere lizenzen"]\n',
    );
    const extended = loadRuleSet([file]);
    const hits = detectSignals(makeMessage({ text: 'Wir brauchen und die der das 12 weitere Lizenzen.' }), extended);
    expect(hits.map((hit) => hit.ruleId)).toContain('de-expansion-more');
    expect(hits[0]?.quantity).toBe(12);
  });

  test('ownStems keeps a verb apart from its noun', () => {
    // PorterStemmer gives "evalu" for both "evaluation" and "evaluating".
    const rule = 'rules:\n  - id: en-test-evaluation\n    category: new-business\n    weight: 0.5\n    patterns: ["see *1 evaluation"]\n';
    const plain = loadRuleSet([writeRuleFile(`language: en\n${rule}`)]);
    const apart = loadRuleSet([writeRuleFile(`language: en\nownStems: [evaluating]\n${rule}`)]);
    const text = 'We will see them evaluating.';
    const idsOf = (set: typeof rules) => detectSignals(makeMessage({ text }), set).map((hit) => hit.ruleId);
    expect(idsOf(plain)).toContain('en-test-evaluation');
    expect(idsOf(apart)).not.toContain('en-test-evaluation');
  });

  const invalid: [string, string, RegExp][] = [
    ['bad category', 'language: en\nrules:\n  - id: en-x\n    category: sales\n    weight: 0.5\n    phrases: [a b]\n', /rule en-x \(line 3\): field "category"/],
    ['weight above 1', 'language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 2\n    phrases: [a b]\n', /rule en-x \(line 3\): field "weight"/],
    ['unknown field', 'language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n    phrase: [a b]\n', /rule en-x \(line 3\): unknown field "phrase"/],
    ['no phrases', 'language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n', /rule en-x \(line 3\): needs at least one/],
    ['unknown set', 'language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n    patterns: ["@nope seats"]\n', /rule en-x \(line 3\): field "patterns".*unknown set "@nope"/],
    // An alternative is one word: "{n}" in "a|{n}|few" once matched the word "n".
    ['number inside an alternation', 'language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n    patterns: ["for a|{n}|few weeks"]\n', /rule en-x \(line 3\): field "patterns".*alternative "\{n\}"/],
    ['hyphenated alternative', 'language: en\nrules:\n  - id: en-x\n    category: upgrade\n    weight: 0.5\n    patterns: ["add *2 module|add-on"]\n', /alternative "add-on" in "module\|add-on" must be exactly one word, but the tokenizer reads 2 \(add, on\): hyphens/],
    ['gap too long', 'language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n    patterns: ["a *9 b"]\n', /rule en-x \(line 3\): field "patterns"/],
    ['invalid YAML', 'language: en\nrules: [\n', /invalid YAML at line 3, column 1: /],
  ];
  test.each(invalid)('%s is rejected', (_name, content, message) => {
    const file = writeRuleFile(content);
    expect(() => loadRuleSet([file])).toThrow(message);
    try {
      loadRuleSet([file]);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('RULES_INVALID');
      expect(String(error)).toContain(file);
    }
  });

  test('missing file is rejected', () => {
    expect(() => loadRuleSet(['/nonexistent/rules.yaml'])).toThrow(/cannot be read/);
  });
});

// Inputs that made a backtracking regex or the typo index take minutes; the
// suite's timeout is the bound, so no time is asserted here.
describe('hostile input', () => {
  const rows: [string, string][] = [
    ['one 199,000-letter word', 'a'.repeat(199_000)],
    ['spaces before wrote:', `${' '.repeat(199_000)}wrote:`],
    ['repeated On', 'On '.repeat(60_000)],
    ['quote markers', '> x\n'.repeat(50_000)],
  ];
  test.each(rows)('%s', (_name, text) => {
    expect(detectSignals(makeMessage({ text }), rules)).toEqual([]);
  });
});
