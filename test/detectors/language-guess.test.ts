// detectFoldedLanguage() counts stopwords with a letter trie instead of a word
// list and set lookups. These tests compare it with the plain count on every
// eval and corpus message and on generated texts and stopword lists.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readSplit } from '../../eval/run.js';
import { loadRuleSet } from '../../src/detectors/index.js';
import { detectFoldedLanguage } from '../../src/detectors/language.js';
import { foldText } from '../../src/detectors/normalize.js';
import type { CompiledPack } from '../../src/detectors/rule-set.js';
import { readMailSource } from '../../src/parsers/mail-sources.js';
import { CORPUS, FIXTURES } from '../helpers/paths.js';

const rules = loadRuleSet();

/** Counts stopwords as the guess did before the trie: each a-z word looked up in each pack's set. */
function plainHits(foldedTexts: readonly string[], packs: readonly CompiledPack[]): Record<string, number> {
  const hits: Record<string, number> = Object.fromEntries(packs.map((pack) => [pack.language, 0]));
  for (const folded of foldedTexts) {
    for (const word of folded.match(/[a-z]+/g) ?? []) {
      for (const pack of packs) if (pack.stopwords.has(word)) hits[pack.language] = (hits[pack.language] ?? 0) + 1;
    }
  }
  return hits;
}

function evalTexts(): string[] {
  return ['dev', 'tuning', 'ordinary'].flatMap((split) =>
    readSplit(path.join(FIXTURES, 'eval', split)).flatMap((thread) => thread.messages.map((message) => `${message.subject}\n${message.body}`)),
  );
}

async function corpusTexts(): Promise<string[]> {
  const folder = path.join(CORPUS, 'mbox');
  const texts: string[] = [];
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.mbox')).sort()) {
    const { messages } = readMailSource({ kind: 'mbox', path: path.join(folder, name) }, []);
    for await (const message of messages) texts.push(`${message.subject}\n${message.text}`);
  }
  return texts;
}

/** Builds a stand-in pack with the only fields the guess reads: language and stopwords. */
function pack(language: string, stopwords: string[]): CompiledPack {
  return { language, stopwords: new Set(stopwords) } as unknown as CompiledPack;
}

describe('stopword count of the language guess', () => {
  test('matches plain count on eval messages', () => {
    const texts = evalTexts();
    expect(texts.length).toBeGreaterThan(100);
    for (const text of texts) {
      const folded = [foldText(text)];
      expect(detectFoldedLanguage(folded, rules.packs).scores).toEqual(plainHits(folded, rules.packs));
    }
  });

  test('matches plain count on corpus messages', async () => {
    const texts = await corpusTexts();
    expect(texts.length).toBeGreaterThan(100);
    for (const text of texts) {
      // Several pieces, as detect.ts passes one folded text per sentence.
      const folded = text.split('\n').map(foldText);
      expect(detectFoldedLanguage(folded, rules.packs).scores).toEqual(plainHits(folded, rules.packs));
    }
  }, 60_000);

  test('matches plain count on generated lists', () => {
    const word = fc.stringMatching(/^[a-dz\u00e9'-]{0,5}$/);
    const separator = fc.constantFrom(' ', '', '.', "'", '\u00e9', '1', '{', '`');
    const text = fc.array(fc.tuple(word, separator), { maxLength: 20 }).map((pieces) => pieces.map(([w, s]) => w + s).join(''));
    const lists = fc.tuple(fc.array(word, { maxLength: 8 }), fc.array(word, { maxLength: 8 }));
    fc.assert(
      fc.property(lists, fc.array(text, { maxLength: 3 }), ([first, second], texts) => {
        const packs = [pack('xx', first), pack('yy', second)];
        const guess = detectFoldedLanguage(texts, packs);
        expect(guess.scores).toEqual(plainHits(texts, packs));
      }),
      { numRuns: 2000 },
    );
  });

  test('counts shared words, not prefixes', () => {
    const packs = [pack('xx', ['de', 'the', 'la']), pack('yy', ['de', 'le', 'ces'])];
    expect(detectFoldedLanguage(['de the th them le ce ces la-de', 'xde de'], packs).scores).toEqual({ xx: 5, yy: 5 });
  });
});
