// `--rules-scale K`: writes extra rule files that make each default pack K
// times larger, to measure how matching cost grows with the rule count. Each
// synthetic rule copies a default rule with one word swapped for a made-up
// one, so it shares prefixes with real phrases (and costs partial matches)
// but never fires on the corpus, leaving the report's findings unchanged.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { readPackFile } from '../src/detectors/rule-file.js';
import type { PackSource, RuleSource } from '../src/detectors/rule-file.js';
import { Random } from './random.js';

export interface ScaledRules {
  /** Rule files to pass with `--rules`, one per default pack. */
  files: string[];
  defaultRules: number;
  syntheticRules: number;
  /** Default rules that were copied: score rules have no phrase to copy. */
  copiedRules: number;
}

/** Pattern elements that are syntax rather than words: gaps and number slots. */
const SYNTAX_ELEMENT = /^(\*\d?|\{qty\}|\{n\})$/;

function madeUpWord(copy: number, rule: number): string {
  return `zqx${copy.toString(36)}v${rule.toString(36)}`;
}

/** Replaces each `@set` alternative by the set's words, as in `@grow|go` to `increase|expand|...|go`. */
function expandSets(pattern: string, pack: PackSource): string {
  return pattern
    .split(' ')
    .map((element) => {
      const optional = element.endsWith('?') ? '?' : '';
      const core = optional === '' ? element : element.slice(0, -1);
      const alternatives = core
        .split('|')
        .flatMap((alternative) => (alternative.startsWith('@') ? (pack.sets[alternative.slice(1)] ?? [alternative]) : [alternative]));
      return `${alternatives.join('|')}${optional}`;
    })
    .join(' ');
}

function swapOneWord(random: Random, text: string, word: string): string {
  const elements = text.split(' ');
  const candidates = elements.map((element, index) => index).filter((index) => !SYNTAX_ELEMENT.test(elements[index] ?? ''));
  if (candidates.length === 0) return `${text} ${word}`;
  elements[random.pick(candidates)] = word;
  return elements.join(' ');
}

function synthesizeRule(random: Random, pack: PackSource, rule: RuleSource, copy: number, index: number) {
  const word = madeUpWord(copy, index);
  const phrases = rule.phrases.map((phrase) => swapOneWord(random, phrase, word));
  const patterns = rule.patterns.map((pattern) => swapOneWord(random, expandSets(pattern, pack), word));
  return {
    id: `${rule.id}-bench-${copy}`,
    category: rule.category,
    weight: rule.weight,
    ...(phrases.length > 0 ? { phrases } : {}),
    ...(patterns.length > 0 ? { patterns } : {}),
  };
}

/** Lists the default rule packs: `rules/*.yaml` under the repository root, sorted. */
export function listDefaultPacks(repoRoot: string): string[] {
  const folder = path.join(repoRoot, 'rules');
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => path.join(folder, name));
  } catch {
    return [];
  }
}

/** Writes one extra rule file per default pack with (scale - 1) synthetic copies of each rule. */
export function writeScaledRules(repoRoot: string, folder: string, scale: number, seed: number): ScaledRules {
  const random = new Random(seed ^ 0x7a1e5);
  const files: string[] = [];
  let defaultRules = 0;
  let copiedRules = 0;
  let syntheticRules = 0;
  for (const packFile of listDefaultPacks(repoRoot)) {
    const pack = readPackFile(packFile);
    const rules: ReturnType<typeof synthesizeRule>[] = [];
    for (let copy = 1; copy < scale; copy++) {
      pack.rules.forEach((rule, index) => {
        // Score rules have no phrase to swap a word in; the copies scale the phrase index.
        if (rule.phrases.length + rule.patterns.length === 0) return;
        rules.push(synthesizeRule(random, pack, rule, copy, index));
      });
    }
    defaultRules += pack.rules.length;
    copiedRules += pack.rules.filter((rule) => rule.phrases.length + rule.patterns.length > 0).length;
    syntheticRules += rules.length;
    const file = path.join(folder, `rules-${pack.language}-x${scale}.yaml`);
    const document = {
      language: pack.language,
      name: `Synthetic rules x${scale}`,
      ...(pack.tokenizer === null ? {} : { tokenizer: pack.tokenizer }),
      ...(pack.stemmer === null ? {} : { stemmer: pack.stemmer }),
      rules,
    };
    writeFileSync(file, stringify(document, { lineWidth: 0 }));
    files.push(file);
  }
  return { files, defaultRules, copiedRules, syntheticRules };
}
