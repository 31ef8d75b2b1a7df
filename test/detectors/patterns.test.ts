// The pattern matcher backtracks over optional elements and gaps on one shared
// state, so a failed branch must leave nothing behind in a match.
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { parsePattern, PatternIndex } from '../../src/detectors/patterns.js';
import { compileRuleSet, readRuleSources } from '../../src/detectors/rule-set.js';
import { detectSignals } from '../../src/detectors/detect.js';
import { tokenize } from '../../src/detectors/tokens.js';
import { makeMessage } from './message.js';

const RULES = loadRuleSet([]);
const ENGLISH = RULES.packs.find((pack) => pack.language === 'en');
if (ENGLISH === undefined) throw new Error('English pack not found in rules/');
const PACK = ENGLISH;

function scan(sources: string[], text: string) {
  const index = new PatternIndex<string>();
  for (const source of sources) {
    index.add({ owner: source, source, elements: parsePattern(PACK.settings, source, new Map(), 'pattern'), isLiteral: false });
  }
  return index.scan(tokenize(PACK.settings, text, PACK.typos));
}

describe('pattern matcher', () => {
  test('optional number backtracks cleanly', () => {
    const [match] = scan(['send {n}? {qty} users'], 'send 5 users');
    expect(match?.quantity).toBe(5);
    expect(match?.uncaptured).toEqual([]);
    expect(match?.consumed).toEqual([0, 1, 2]);
    expect(match?.end).toBe(3);
  });

  test('first captured quantity wins', () => {
    const [match] = scan(['from {qty} to {qty} seats'], 'from 40 to 55 seats');
    expect(match?.quantity).toBe(40);
    expect(match?.consumed).toEqual([0, 1, 2, 3, 4]);
  });

  test('uncaptured numbers are kept', () => {
    const [match] = scan(['from {n} to {qty} seats'], 'from 40 to 55 seats');
    expect(match?.quantity).toBe(55);
    expect(match?.uncaptured).toEqual([40]);
  });

  test('typo of a failed branch is dropped', () => {
    // "quotte" is one letter away from "quote": the first branch takes it as the
    // optional word and then finds no token left, so the match skips the optional word.
    const [match] = scan(['send quote? quotte'], 'send quotte');
    expect(match?.typos).toEqual([]);
    expect(match?.consumed).toEqual([0, 1]);
  });

  test('typo of the match is reported', () => {
    const [match] = scan(['send a quote'], 'send a quotte');
    expect(match?.typos).toEqual(['quotte']);
  });

  test('gap takes the shortest skip', () => {
    const [match] = scan(['need * licences'], 'need new licences and licences');
    expect(match?.end).toBe(3);
    expect(match?.consumed).toEqual([0, 2]);
  });

  test('gap stops at a full stop', () => {
    expect(scan(['need * licences'], 'need it. licences')).toEqual([]);
  });

  test('matches do not share arrays', () => {
    const matches = scan(['need licences', 'licences'], 'need licences');
    expect(matches).toHaveLength(2);
    expect(matches[0]?.consumed).toEqual([0, 1]);
    expect(matches[1]?.consumed).toEqual([1]);
    expect(matches[0]?.consumed).not.toBe(matches[1]?.consumed);
  });

  test('surface start matches the word as written', () => {
    expect(scan(['=devis envoyer'], 'devis envoyer')).toHaveLength(1);
    expect(scan(['=devis envoyer'], 'devi envoyer')).toEqual([]);
  });
});

// A try is skipped when the token after its start cannot be the pattern's next word.
// These cases check that the skip drops no match.
describe('second-token test of pattern starts', () => {
  test('typo as the next word', () => {
    const [match] = scan(['send quote'], 'send quotte');
    expect(match?.typos).toEqual(['quotte']);
    expect(match?.consumed).toEqual([0, 1]);
  });

  test('start on the last token', () => {
    expect(scan(['need licences'], 'we need')).toEqual([]);
    expect(scan(['need licences'], 'we need.')).toEqual([]);
  });

  test('optional start element', () => {
    const [match] = scan(['new? licences'], 'new seats and licences');
    expect(match?.start).toBe(3);
    expect(match?.consumed).toEqual([3]);
  });

  test('gap or optional second element', () => {
    expect(scan(['need * licences'], 'need two licences')[0]?.end).toBe(3);
    expect(scan(['need more? licences'], 'need licences')[0]?.consumed).toEqual([0, 1]);
  });

  test('number and surface starts', () => {
    expect(scan(['{qty} users'], 'we need 5 seats')).toEqual([]);
    expect(scan(['{qty} users'], 'we need 5 users')[0]?.quantity).toBe(5);
    expect(scan(['=us|we need'], 'we need it')[0]?.consumed).toEqual([0, 1]);
    expect(scan(['=us|we need'], 'we want it')).toEqual([]);
  });
});

describe('rule sources for workers', () => {
  test('cloned sources compile alike', () => {
    const copy = compileRuleSet(structuredClone(readRuleSources()));
    expect(copy.packs.map((pack) => pack.language)).toEqual(RULES.packs.map((pack) => pack.language));
    expect(copy.ruleCount).toBe(RULES.ruleCount);
    expect(copy.files).toEqual(RULES.files);
  });

  test('cloned sources detect alike', () => {
    const copy = compileRuleSet(structuredClone(readRuleSources()));
    const message = makeMessage({ subject: 'Licences', text: 'Could you send us a quote for 40 licences by Friday?' });
    const hits = detectSignals(message, RULES);
    expect(hits.length).toBeGreaterThan(0);
    expect(detectSignals(message, copy)).toEqual(hits);
  });
});

describe('pattern syntax inside a word', () => {
  // The tokenizer drops braces and stars, so "{qty" once loaded as the word "qty" and the rule
  // never fired. A half-written slot must be an error that names the element.
  test.each(['{qty extra seats', 'extra seats}', 'seat*', 'add mo=re'])('"%s" is rejected', (source) => {
    expect(() => parsePattern(PACK.settings, source, new Map(), 'pattern')).toThrow(/mixes a word with pattern syntax/);
  });

  test('whole slots, gaps and surface words still parse', () => {
    expect(() => parsePattern(PACK.settings, 'add {qty} extra? * =seats', new Map(), 'pattern')).not.toThrow();
  });
});
