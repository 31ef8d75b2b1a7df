// Loads the rule packs shipped in rules/ plus any --rules files and compiles
// them once into per-language pattern indexes.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeakError } from '../errors.js';
import type { Category } from '../types.js';
import { contextEntryFile, describeRulePlace, readPackFile, type ContextSource, type PackSource, type RuleSource } from './rule-file.js';
import { elementStems, parsePattern, PatternIndex, PatternSyntaxError } from './patterns.js';
import { readModelFile, type LinearModel } from './model.js';
import { compileScores, ScoreTermError, type ScoreIndex } from './score.js';
import { createTokenizer, FAST_SPLITTERS, findStemmer, KNOWN_STEMMERS, KNOWN_TOKENIZERS, splitWords, stemWord, type TokenizerSettings } from './tokens.js';
import { applyCatalog, type Catalog } from './catalog.js';
import { buildTriggerSet, type TriggerSet } from './trigger.js';
import { buildTypoIndex, type TypoIndex } from './typos.js';
import { splitWordPunct } from './word-punct.js';

export type ContextKind = keyof ContextSource;

/** Starts the stem of an `ownStems` word; no stemmer output contains it. */
const OWN_STEM_PREFIX = '!';

/** Owner of a compiled pattern: a rule, or one of the pack's context lists. */
export type PatternOwner = { kind: 'rule'; rule: RuleSource } | { kind: 'context'; context: ContextKind };

export interface CompiledPack {
  language: string;
  /** Pack files merged into this pack, default pack first. */
  files: string[];
  settings: TokenizerSettings;
  stopwords: ReadonlySet<string>;
  rules: RuleSource[];
  /** Patterns per rule id, in file order, for explanations and `rules list`. */
  patternCount: ReadonlyMap<string, number>;
  rulePatterns: PatternIndex<PatternOwner>;
  contextPatterns: PatternIndex<PatternOwner>;
  /** The `supplierOffer` context list, compiled as patterns rather than surface words. */
  supplierPatterns: PatternIndex<PatternOwner>;
  /** Term groups of the scored rules. */
  scores: ScoreIndex;
  typos: TypoIndex;
  /** Stems of the pack's `unit` set: nouns a count can measure ("7 licences", "2 caisses"). */
  unitStems: ReadonlySet<string>;
  /** Required words of the rule patterns and score objects, for the first pass that skips mail no rule can match. */
  trigger: TriggerSet;
  /**
   * Required words of the rule patterns, supplier offers, and each scored rule's objects and
   * intents, grouped by SENTENCE_GROUPS and `scoredGroups`, so that one scan of a sentence
   * finds which of them can match.
   */
  sentenceTrigger: TriggerSet;
  /** The sentence trigger's group bits of the scored rules, one entry per group. */
  scoredGroups: ScoredGroup[];
  /** Every group bit of the sentence trigger. */
  sentenceGroupMask: number;
  /** True when some scored rule gives a question mark points, so that a question counts as a request. */
  questionCounts: boolean;
}

/** Group bits of the sentence trigger's rule patterns and supplier offers. */
export const SENTENCE_GROUPS = { rule: 1, supplier: 2 } as const;

/**
 * Scored rules with their own object and intent bits in the sentence trigger. Past this many,
 * the last pair of bits is shared, with the loosest window and question mark of its rules.
 */
export const MAX_SCORED_GROUPS = 14;

/** One or more scored rules of the sentence trigger: such a rule can fire only with its own request near its own object. */
export interface ScoredGroup {
  /** Group bit of the rules' object terms. */
  object: number;
  /** Group bit of the rules' intent terms. */
  intent: number;
  /** Widest window of the rules. */
  window: number;
  /** True when a question mark gives one of the rules points. */
  question: boolean;
}

// Scored rule `index` of a pack takes the object bit 4 << 2 * group, and the intent bit above it.
function scoredGroupOf(index: number): number {
  return Math.min(index, MAX_SCORED_GROUPS - 1);
}

function scoredGroups(scores: ScoreIndex): ScoredGroup[] {
  const groups: ScoredGroup[] = [];
  scores.rules.forEach((rule, index) => {
    const at = scoredGroupOf(index);
    const current = groups[at];
    const window = rule.score?.window ?? 0;
    const question = (rule.score?.question ?? 0) > 0;
    if (current === undefined) groups[at] = { object: 4 << (2 * at), intent: 8 << (2 * at), window, question };
    else groups[at] = { ...current, window: Math.max(current.window, window), question: current.question || question };
  });
  return groups;
}

function scoredBit(scores: ScoreIndex, rule: RuleSource, group: 'object' | 'intent'): number {
  const at = scoredGroupOf(scores.rules.indexOf(rule));
  return (group === 'object' ? 4 : 8) << (2 * at);
}

export interface RuleSet {
  /** Packs sorted by language code. */
  packs: CompiledPack[];
  /** Learned models by language, present only when switched on (see loadRuleSet). */
  models?: ReadonlyMap<string, LinearModel>;
  files: string[];
  ruleCount: number;
  /** The sources the packs were compiled from, for worker threads; absent in hand-made sets. */
  sources?: readonly LanguageSource[];
}

export interface RuleInfo {
  id: string;
  category: Category;
  language: string;
  weight: number;
  phrases: number;
  file: string;
}

/** Returns the folder of package.json above this module: the repository or the installed package. */
function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new LeakError('RULES_INVALID', `package.json not found above ${folder}; reinstall leak.`);
    folder = parent;
  }
  return folder;
}

export function defaultRuleFiles(): string[] {
  const folder = path.join(findPackageRoot(), 'rules');
  if (!existsSync(folder)) throw new LeakError('RULES_INVALID', `rule folder ${folder} not found; reinstall leak.`);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(folder, name));
}

function mergeLists(base: ContextSource, extra: ContextSource): ContextSource {
  const merged = { ...base };
  for (const key of Object.keys(extra) as ContextKind[]) merged[key] = [...base[key], ...extra[key]];
  return merged;
}

/** Files of the merged context entries, in the order mergeLists puts the entries. */
function mergeContextFiles(base: PackSource, extra: PackSource): Partial<Record<ContextKind, string[]>> {
  const files: Partial<Record<ContextKind, string[]>> = {};
  for (const key of Object.keys(extra.context) as ContextKind[]) {
    const from = (source: PackSource) => source.context[key].map((_, position) => contextEntryFile(source, key, position));
    files[key] = [...from(base), ...from(extra)];
  }
  return files;
}

/** Adds a --rules file to the pack of its language: same rule id replaces, sets and lists extend. */
function mergePack(base: PackSource, extra: PackSource): PackSource {
  const replaced = new Set(extra.rules.map((rule) => rule.id));
  return {
    ...base,
    tokenizer: extra.tokenizer ?? base.tokenizer,
    stemmer: extra.stemmer ?? base.stemmer,
    stopwords: [...base.stopwords, ...extra.stopwords],
    numbers: { ...base.numbers, ...extra.numbers },
    contractions: { ...base.contractions, ...extra.contractions },
    elisions: { ...base.elisions, ...extra.elisions },
    sets: { ...base.sets, ...extra.sets },
    context: mergeLists(base.context, extra.context),
    contextFiles: mergeContextFiles(base, extra),
    typoExempt: [...base.typoExempt, ...extra.typoExempt],
    ownStems: [...base.ownStems, ...extra.ownStems],
    rules: [...base.rules.filter((rule) => !replaced.has(rule.id)), ...extra.rules],
  };
}

function createSettings(source: PackSource): TokenizerSettings {
  // A pack for a new language has no built-in pack to inherit these from, so it must name both.
  const missing = [source.tokenizer === null ? '"tokenizer"' : null, source.stemmer === null ? '"stemmer"' : null].filter(
    (field): field is string => field !== null,
  );
  if (missing.length > 0) {
    throw new LeakError(
      'RULES_INVALID',
      `${source.file}: pack: language "${source.language}" has no built-in pack, so the file must set ${missing.join(' and ')}; ` +
        `tokenizers: ${KNOWN_TOKENIZERS.join(', ')}; stemmers: ${KNOWN_STEMMERS.join(', ')}. ` +
        'The README section "Custom rules" shows a German pack.',
    );
  }
  const tokenizerName = source.tokenizer ?? '';
  const stemmerName = source.stemmer ?? '';
  const tokenizer = createTokenizer(tokenizerName);
  if (tokenizer === null) {
    throw new LeakError('RULES_INVALID', `${source.file}: pack: field "tokenizer" "${tokenizerName}" is not a known natural tokenizer; use one of ${KNOWN_TOKENIZERS.join(', ')}.`);
  }
  const stemmer = findStemmer(stemmerName);
  if (stemmer === null) {
    throw new LeakError('RULES_INVALID', `${source.file}: pack: field "stemmer" "${stemmerName}" is not a known natural stemmer; use one of ${KNOWN_STEMMERS.join(', ')}.`);
  }
  const apostrophes = {
    words: new Map<string, string>(),
    suffixes: new Map<string, string>(),
    elisions: new Map(Object.entries(source.elisions).map(([key, value]) => [key.replace(/'$/, ''), value])),
  };
  for (const [key, value] of Object.entries(source.contractions)) {
    if (key.startsWith("'")) apostrophes.suffixes.set(key.slice(1), value);
    else if (key === "n't") apostrophes.suffixes.set(key, value);
    else apostrophes.words.set(key, value);
  }
  const numbers = new Map(Object.entries(source.numbers));
  const split = Object.hasOwn(FAST_SPLITTERS, tokenizerName) ? FAST_SPLITTERS[tokenizerName] : undefined;
  const settings: TokenizerSettings = { tokenizer, stemmer, apostrophes, numbers, stemCache: new Map(), ...(split === undefined ? {} : { split }) };
  // A cached stem is never recomputed, so text and rule words both get the own stem.
  for (const word of source.ownStems.flatMap((entry) => splitWords(settings, entry))) {
    settings.stemCache.set(word, `${OWN_STEM_PREFIX}${word}`);
  }
  return settings;
}

function compileRule(source: PackSource, settings: TokenizerSettings, rule: RuleSource, index: PatternIndex<PatternOwner>): number {
  const sets = new Map(Object.entries(source.sets));
  const owner: PatternOwner = { kind: 'rule', rule };
  const entries = [
    ...rule.phrases.map((text) => ({ text, mode: 'literal' as const, field: 'phrases' })),
    ...rule.patterns.map((text) => ({ text, mode: 'pattern' as const, field: 'patterns' })),
  ];
  for (const entry of entries) {
    try {
      const elements = parsePattern(settings, entry.text, sets, entry.mode);
      index.add({ owner, source: entry.text, elements, isLiteral: entry.mode === 'literal' });
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      throw new LeakError('RULES_INVALID', `${rule.file}: ${describeRulePlace(rule.id, rule.line)}: field "${entry.field}" entry "${entry.text}" ${error.message}. Fix the rule file or leave it out of --rules.`);
    }
  }
  return entries.length;
}

/** Context lists written in rule pattern syntax rather than as surface words. */
const PATTERN_LISTS: ReadonlySet<ContextKind> = new Set(['supplierOffer', 'blockerPatterns', 'downgradePatterns', 'restrictive', 'reductive']);

function compileContext(source: PackSource, settings: TokenizerSettings): PatternIndex<PatternOwner> {
  const index = new PatternIndex<PatternOwner>();
  for (const kind of Object.keys(source.context) as ContextKind[]) {
    if (PATTERN_LISTS.has(kind)) continue;
    source.context[kind].forEach((phrase, position) => {
      try {
        const elements = parsePattern(settings, phrase, new Map(), 'surface');
        index.add({ owner: { kind: 'context', context: kind }, source: phrase, elements, isLiteral: true });
      } catch (error) {
        if (!(error instanceof PatternSyntaxError)) throw error;
        throw contextError(source, kind, position, error);
      }
    });
  }
  compileBlockerPatterns(source, settings, index);
  addContextPatterns(source, settings, index, 'downgradePatterns', 'downgradePatterns');
  addContextPatterns(source, settings, index, 'restrictive', 'restrictive');
  addContextPatterns(source, settings, index, 'reductive', 'reductive');
  return index;
}

/**
 * Builds the error for a context entry that does not parse. It names the file the entry came
 * from, a --rules file or the built-in pack, and the entry's place in that file's list.
 */
function contextError(source: PackSource, kind: ContextKind, position: number, error: PatternSyntaxError): LeakError {
  const file = contextEntryFile(source, kind, position);
  const item = source.context[kind].slice(0, position + 1).filter((_, at) => contextEntryFile(source, kind, at) === file).length;
  const entry = source.context[kind][position] ?? '';
  return new LeakError('RULES_INVALID', `${file}: context: field "${kind}" item ${item} "${entry}" ${error.message}. Fix the rule file or leave it out of --rules.`);
}

/** Adds the `blockerPatterns` list to the context index as `blockers` cues, matched on stems and sets. */
function compileBlockerPatterns(source: PackSource, settings: TokenizerSettings, index: PatternIndex<PatternOwner>): void {
  addContextPatterns(source, settings, index, 'blockerPatterns', 'blockers');
}

/** Parses each pattern of a context list into `index` under `context`, naming the list's file on a syntax error. */
function addContextPatterns(
  source: PackSource,
  settings: TokenizerSettings,
  index: PatternIndex<PatternOwner>,
  list: 'blockerPatterns' | 'downgradePatterns' | 'supplierOffer' | 'restrictive' | 'reductive',
  context: 'blockers' | 'downgradePatterns' | 'supplierOffer' | 'restrictive' | 'reductive',
): void {
  const sets = new Map(Object.entries(source.sets));
  source.context[list].forEach((pattern, position) => {
    try {
      const elements = parsePattern(settings, pattern, sets, 'pattern');
      index.add({ owner: { kind: 'context', context }, source: pattern, elements, isLiteral: false });
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      throw contextError(source, list, position, error);
    }
  });
}

function compileSupplierOffers(source: PackSource, settings: TokenizerSettings): PatternIndex<PatternOwner> {
  const index = new PatternIndex<PatternOwner>();
  addContextPatterns(source, settings, index, 'supplierOffer', 'supplierOffer');
  return index;
}

function compileScoredRules(source: PackSource, settings: TokenizerSettings): ScoreIndex {
  try {
    return compileScores(settings, new Map(Object.entries(source.sets)), source.rules);
  } catch (error) {
    if (!(error instanceof ScoreTermError)) throw error;
    const { rule, group, term } = error;
    throw new LeakError('RULES_INVALID', `${rule.file}: ${describeRulePlace(rule.id, rule.line)}: field "score.${group}" entry "${term}" ${error.message}. Fix the rule file or leave it out of --rules.`);
  }
}

function ruleWords(source: PackSource, settings: TokenizerSettings): Set<string> {
  const words = new Set<string>();
  const texts = [
    ...source.rules.flatMap((rule) => [...rule.phrases, ...rule.patterns, ...(rule.score?.object ?? [])]),
    ...Object.values(source.sets).flat(),
  ];
  for (const text of texts) for (const word of splitWords(settings, text.replace(/[|?{}*@]/g, ' '))) words.add(word);
  return words;
}

export function compilePack(source: PackSource, files: string[]): CompiledPack {
  const settings = createSettings(source);
  const rulePatterns = new PatternIndex<PatternOwner>();
  const patternCount = new Map<string, number>();
  const seen = new Set<string>();
  for (const rule of source.rules) {
    if (seen.has(rule.id)) throw new LeakError('RULES_INVALID', `${rule.file}: ${describeRulePlace(rule.id, rule.line)}: field "id" is used twice in the "${source.language}" pack. Give each rule its own id; to replace a default rule, use its id once.`);
    seen.add(rule.id);
    const scoreTerms = rule.score === null ? 0 : rule.score.intent.length + rule.score.object.length + rule.score.blockers.length;
    patternCount.set(rule.id, compileRule(source, settings, rule, rulePatterns) + scoreTerms);
  }

  const scores = compileScoredRules(source, settings);
  const supplierPatterns = compileSupplierOffers(source, settings);
  const objectTerms = scores.terms.patterns.filter((pattern) => pattern.owner.group === 'object');
  const intentTerms = scores.terms.patterns.filter((pattern) => pattern.owner.group === 'intent');
  const knownStems = new Set(
    [...rulePatterns.patterns, ...objectTerms].flatMap((pattern) => elementStems(pattern.elements)),
  );
  const groups = scoredGroups(scores);
  const exempt = new Set(source.typoExempt.flatMap((word) => splitWords(settings, word)));
  return {
    language: source.language,
    files,
    settings,
    stopwords: new Set(source.stopwords.flatMap((word) => splitWords(settings, word))),
    rules: source.rules,
    patternCount,
    rulePatterns,
    contextPatterns: compileContext(source, settings),
    supplierPatterns,
    scores,
    typos: buildTypoIndex(ruleWords(source, settings), knownStems, exempt),
    // A scored rule needs an object term, so object terms are enough to trigger the scan.
    trigger: buildTriggerSet([...rulePatterns.patterns, ...objectTerms]),
    sentenceTrigger: buildTriggerSet(
      [...rulePatterns.patterns, ...objectTerms, ...intentTerms, ...supplierPatterns.patterns],
      [
        ...rulePatterns.patterns.map(() => SENTENCE_GROUPS.rule),
        ...objectTerms.map((pattern) => scoredBit(scores, pattern.owner.rule, 'object')),
        ...intentTerms.map((pattern) => scoredBit(scores, pattern.owner.rule, 'intent')),
        ...supplierPatterns.patterns.map(() => SENTENCE_GROUPS.supplier),
      ],
      // With splitWordPunct, each number token is also a word the trigger reads, so a number slot can be required.
      { numbers: settings.split === splitWordPunct },
    ),
    scoredGroups: groups,
    sentenceGroupMask: groups.reduce((mask, group) => mask | group.object | group.intent, SENTENCE_GROUPS.rule | SENTENCE_GROUPS.supplier),
    questionCounts: scores.rules.some((rule) => (rule.score?.question ?? 0) > 0),
    unitStems: new Set((source.sets.unit ?? []).flatMap((word) => splitWords(settings, word)).map((word) => stemWord(settings, word))),
  };
}

/** Returns the model file of a language, as `npm run train` writes it: rules/model-<language>.json. */
export function modelFile(language: string): string {
  return path.join(findPackageRoot(), 'rules', `model-${language}.json`);
}

/** Loads the model of each pack language that has a model file. */
export function loadModels(packs: readonly CompiledPack[]): Map<string, LinearModel> {
  const models = new Map<string, LinearModel>();
  for (const pack of packs) {
    const file = modelFile(pack.language);
    if (existsSync(file)) models.set(pack.language, readModelFile(file));
  }
  return models;
}

/** Pack sources of one language, merged, with the files they came from, default pack first. */
export interface LanguageSource {
  source: PackSource;
  files: string[];
}

/**
 * Loads the default packs plus `extraFiles`, merging files of the same language, and compiles them.
 * The learned model loads too when `withModel` is true (`--model`), and a catalogue (`--catalog`)
 * adds its rules and units to every pack.
 */
export function loadRuleSet(extraFiles: string[] = [], withModel = false, catalog: Catalog | null = null): RuleSet {
  return compileRuleSet(applyCatalog(readRuleSources(extraFiles), catalog), withModel);
}

/** Reads and checks the default packs plus `extraFiles`, merging files of the same language. */
export function readRuleSources(extraFiles: string[] = []): LanguageSource[] {
  const byLanguage = new Map<string, LanguageSource>();
  for (const file of [...defaultRuleFiles(), ...extraFiles]) {
    const source = readPackFile(file);
    const existing = byLanguage.get(source.language);
    if (existing === undefined) byLanguage.set(source.language, { source, files: [file] });
    else byLanguage.set(source.language, { source: mergePack(existing.source, source), files: [...existing.files, file] });
  }
  return [...byLanguage.values()];
}

/**
 * Compiles sources from readRuleSources(). They are plain data, so a worker
 * thread can compile a copy of the main thread's sources instead of parsing
 * the YAML files again, which is most of the loading time.
 */
export function compileRuleSet(sources: readonly LanguageSource[], withModel = false): RuleSet {
  const packs = sources
    .map(({ source, files }) => compilePack(source, files))
    .sort((a, b) => a.language.localeCompare(b.language));
  return {
    packs,
    ...(withModel ? { models: loadModels(packs) } : {}),
    // A catalogue is merged into every pack, so it would be listed once per language.
    files: [...new Set(packs.flatMap((pack) => pack.files))],
    ruleCount: packs.reduce((total, pack) => total + pack.rules.length, 0),
    sources,
  };
}

/** Lists every rule for `leak rules list`, sorted by language, category order and id. */
export function describeRules(rules: RuleSet): RuleInfo[] {
  return rules.packs
    .flatMap((pack) =>
      pack.rules.map((rule) => ({
        id: rule.id,
        category: rule.category,
        language: rule.language,
        weight: rule.weight,
        phrases: pack.patternCount.get(rule.id) ?? 0,
        file: rule.file,
      })),
    )
    .sort((a, b) => a.language.localeCompare(b.language) || a.id.localeCompare(b.id));
}
