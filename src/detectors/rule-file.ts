// Reads and validates rule pack files (YAML). Validation is strict because a
// silently ignored field would change which signals a report counts.
import { readFileSync } from 'node:fs';
import { LeakError } from '../errors.js';
import { CATEGORIES, type Category } from '../types.js';
import { parseRuleYaml } from './rule-yaml.js';
import { MAX_WINDOW, type ScoreSource } from './score.js';

/** A test row of a rule: a sentence and, for firing rows, the expected quantity. */
export interface RuleTestRow {
  text: string;
  quantity?: number | null;
  /** For near misses: why the sentence must not fire. */
  reason?: string;
}

export interface RuleSource {
  id: string;
  /** Line in `file` where the rule starts, 1-based, for error messages. */
  line: number | null;
  category: Category;
  language: string;
  /** Between 0 and 1: confidence of a hit before context adjustments. */
  weight: number;
  /** Literal word sequences; no pattern syntax is interpreted in them. */
  phrases: string[];
  /** Token patterns with alternatives, sets, gaps, optional tokens and a quantity slot. */
  patterns: string[];
  /** Weighted term groups: the rule fires on a sentence whose score reaches the threshold. */
  score: ScoreSource | null;
  /**
   * Categories that take precedence: when a rule of one of them fires in the same message at
   * no lower a confidence, this rule's hit is dropped (a renewal letter named in a non-renewal).
   */
  yieldsTo: Category[];
  /**
   * Categories that take precedence in one sentence only. When a rule of one of them fires in
   * the same sentence, at any confidence, this rule's match there is dropped. Seats counted in
   * a request for a trial are the trial's size, not more seats.
   */
  yieldsInSentence?: Category[];
  fires: RuleTestRow[];
  misses: RuleTestRow[];
  file: string;
  /**
   * For a rule made from `--catalog`: the catalogue entry each pattern or score object names,
   * such as `addons[1] "Payroll Export"`, so that a finding names the entry that matched.
   */
  catalogEntries?: Record<string, string>;
}

/** Phrase lists that decide whether a match counts, per language. */
export interface ContextSource {
  negation: string[];
  negationIgnore: string[];
  negationAfter: string[];
  /**
   * A negation word and the word that makes it restrictive, with a gap, as in « ne *4 que »
   * (only): not a negation when no `restrictiveBreakers` cue sits from its clause's start to its end.
   */
  restrictive: string[];
  /** Words that keep a `restrictive` construction a negation (« ne … pas que », « ne … jamais que »). */
  restrictiveBreakers: string[];
  /**
   * A restriction to fewer than before, as in « ne *3 plus *3 que » (only … any more): not a
   * negation of a churn-risk match in its clause, and no expansion or upgrade match there counts.
   */
  reductive: string[];
  clauseBreaks: string[];
  past: string[];
  pastAnywhere: string[];
  vendorVoice: string[];
  vendorQuestion: string[];
  /**
   * Cues anywhere in the clause that show it is about something other than buying
   * ("how do I", "is leaving us"): no rule match in that clause counts.
   */
  blockers: string[];
  /**
   * Blockers in rule pattern syntax (stems, `@set`, `*`), for a situation whose words vary
   * ("one of our clients placed an order with us"). A match sets its clause aside, as a `blockers` cue does.
   */
  blockerPatterns: string[];
  /**
   * Moves down or back to a plan, in rule pattern syntax ("@move back to", « revenir à »).
   * A sentence with one requests a lower tier, so none of its upgrade matches counts.
   * The other categories' matches are not affected, so its churn rules still count.
   */
  downgradePatterns: string[];
  /** Openings of a reply that take up the owner's quoted proposal ("yes", "sounds good"). */
  affirmation: string[];
  /**
   * Patterns (rule pattern syntax) of a supplier selling to the mailbox owner,
   * such as "we will take 20% off": a message with one carries no signal at all.
   */
  supplierOffer: string[];
}

export interface PackSource {
  file: string;
  language: string;
  /** Name of a natural tokenizer class, such as `WordPunctTokenizer`. */
  tokenizer: string | null;
  /** Name of a natural stemmer, such as `PorterStemmerFr`. */
  stemmer: string | null;
  stopwords: string[];
  numbers: Record<string, number>;
  contractions: Record<string, string>;
  elisions: Record<string, string>;
  sets: Record<string, string[]>;
  context: ContextSource;
  /**
   * File of each context entry, list by list in the order of `context`, set when --rules files
   * are merged into a pack, so that an error names the file of the entry. When absent, every
   * entry came from `file`.
   */
  contextFiles?: Partial<Record<keyof ContextSource, string[]>>;
  typoExempt: string[];
  /** Words kept apart from their stemmer stem, such as "demonstrate" from "demonstration". */
  ownStems: string[];
  rules: RuleSource[];
}

const CONTEXT_FIELDS = [
  'negation',
  'negationIgnore',
  'negationAfter',
  'restrictive',
  'restrictiveBreakers',
  'reductive',
  'clauseBreaks',
  'past',
  'pastAnywhere',
  'vendorVoice',
  'vendorQuestion',
  'blockers',
  'blockerPatterns',
  'downgradePatterns',
  'affirmation',
  'supplierOffer',
] as const;

const RULE_FIELDS = ['id', 'category', 'language', 'weight', 'phrases', 'patterns', 'score', 'yieldsTo', 'yieldsInSentence', 'fires', 'misses', 'note'];

const SCORE_FIELDS = ['threshold', 'question', 'intentPoints', 'objectPoints', 'blockerPoints', 'window', 'intent', 'object', 'blockers'];

/** Points of each score group when the rule leaves them out. */
const DEFAULT_POINTS = { question: 1, intentPoints: 1, objectPoints: 2, blockerPoints: 3 } as const;

/** Highest points or threshold accepted, so that a typo such as 30 for 3 is caught. */
const MAX_POINTS = 10;

const PACK_FIELDS = [
  'language',
  'name',
  'tokenizer',
  'stemmer',
  'stopwords',
  'numbers',
  'contractions',
  'elisions',
  'sets',
  'context',
  'typoExempt',
  'ownStems',
  'rules',
];

const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;

function rejectUnknownFields(file: string, where: string, record: Record<string, unknown>, known: string[]) {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) fail(file, where, `unknown field "${key}" (expected one of ${known.join(', ')})`);
  }
}

function fail(file: string, where: string, detail: string): never {
  throw new LeakError('RULES_INVALID', `${file}: ${where}: ${detail}. Fix the rule file or leave it out of --rules.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readStrings(file: string, where: string, field: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(file, where, `field "${field}" must be a list of strings`);
  return value.map((item, position) => {
    if (typeof item !== 'string' || item.trim() === '') {
      fail(file, where, `field "${field}" item ${position + 1} must be a non-empty string`);
    }
    return item;
  });
}

function readStringMap(file: string, field: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail(file, 'pack', `field "${field}" must be a mapping of strings`);
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') fail(file, 'pack', `field "${field}.${key}" must be a string`);
    result[key] = item;
  }
  return result;
}

function readNumbers(file: string, value: unknown): Record<string, number> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail(file, 'pack', 'field "numbers" must map words to numbers');
  const result: Record<string, number> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'number' || !Number.isFinite(item)) {
      fail(file, 'pack', `field "numbers.${key}" must be a number`);
    }
    result[key] = item;
  }
  return result;
}

function readSets(file: string, value: unknown): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail(file, 'pack', 'field "sets" must map set names to word lists');
  const result: Record<string, string[]> = {};
  for (const [name, words] of Object.entries(value)) {
    result[name] = readStrings(file, `set ${name}`, 'words', words);
  }
  return result;
}

function readContext(file: string, value: unknown): ContextSource {
  if (value !== undefined && value !== null && !isRecord(value)) {
    fail(file, 'pack', 'field "context" must be a mapping of phrase lists');
  }
  const record = isRecord(value) ? value : {};
  for (const key of Object.keys(record)) {
    if (!(CONTEXT_FIELDS as readonly string[]).includes(key)) {
      fail(file, 'context', `unknown field "${key}" (expected one of ${CONTEXT_FIELDS.join(', ')})`);
    }
  }
  const entries = CONTEXT_FIELDS.map((field) => [field, readStrings(file, 'context', field, record[field])]);
  return Object.fromEntries(entries) as ContextSource;
}

function readPoints(file: string, where: string, field: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_POINTS) {
    fail(file, where, `field "score.${field}" must be a whole number from 0 to ${MAX_POINTS}, got "${String(value)}"`);
  }
  return value;
}

function readWindow(file: string, where: string, value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_WINDOW) {
    fail(file, where, `field "score.window" must be a whole number from 0 to ${MAX_WINDOW}, got "${String(value)}"`);
  }
  return value;
}

function readScore(file: string, where: string, value: unknown): ScoreSource | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) fail(file, where, 'field "score" must be a mapping');
  rejectUnknownFields(file, `${where} score`, value, SCORE_FIELDS);
  const threshold = readPoints(file, where, 'threshold', value.threshold, 0);
  if (threshold === 0) fail(file, where, 'field "score.threshold" must be at least 1');
  const score: ScoreSource = {
    threshold,
    question: readPoints(file, where, 'question', value.question, DEFAULT_POINTS.question),
    intentPoints: readPoints(file, where, 'intentPoints', value.intentPoints, DEFAULT_POINTS.intentPoints),
    objectPoints: readPoints(file, where, 'objectPoints', value.objectPoints, DEFAULT_POINTS.objectPoints),
    blockerPoints: readPoints(file, where, 'blockerPoints', value.blockerPoints, DEFAULT_POINTS.blockerPoints),
    window: readWindow(file, where, value.window),
    intent: readStrings(file, where, 'score.intent', value.intent),
    object: readStrings(file, where, 'score.object', value.object),
    blockers: readStrings(file, where, 'score.blockers', value.blockers),
  };
  if (score.object.length === 0) fail(file, where, 'field "score.object" needs at least one term');
  return score;
}

function readYields(file: string, where: string, category: Category, value: unknown, field = 'yieldsTo'): Category[] {
  const listed = readStrings(file, where, field, value);
  for (const item of listed) {
    if (!(CATEGORIES as readonly string[]).includes(item)) {
      fail(file, where, `field "${field}" item "${item}" must be one of ${CATEGORIES.join(', ')}`);
    }
    if (item === category) fail(file, where, `field "${field}" must not list the rule's own category "${item}"`);
  }
  return [...new Set(listed as Category[])];
}

function readTestRows(file: string, where: string, field: string, value: unknown): RuleTestRow[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(file, where, `field "${field}" must be a list`);
  return value.map((row, position) => {
    if (typeof row === 'string') return { text: row };
    if (!isRecord(row) || typeof row.text !== 'string') {
      fail(file, where, `field "${field}" item ${position + 1} must be a string or have a "text" string`);
    }
    const quantity = row.quantity;
    if (quantity !== undefined && quantity !== null && typeof quantity !== 'number') {
      fail(file, where, `field "${field}" item ${position + 1} has a non-numeric "quantity"`);
    }
    const reason = typeof row.reason === 'string' ? row.reason : undefined;
    return { text: row.text, quantity: quantity ?? null, ...(reason === undefined ? {} : { reason }) };
  });
}

/** Returns the file that the entry at `position` of a context list came from. */
export function contextEntryFile(source: PackSource, kind: keyof ContextSource, position: number): string {
  return source.contextFiles?.[kind]?.[position] ?? source.file;
}

/** Returns `rule ID (line N)`, the rule's name in error messages. */
export function describeRulePlace(id: string, line: number | null): string {
  return line === null ? `rule ${id}` : `rule ${id} (line ${line})`;
}

function readRule(file: string, language: string, value: unknown, position: number, line: number | null): RuleSource {
  const atLine = line === null ? '' : ` (line ${line})`;
  if (!isRecord(value)) fail(file, `rule ${position + 1}${atLine}`, 'each rule must be a mapping');
  const id = value.id;
  if (typeof id !== 'string' || !RULE_ID.test(id)) {
    fail(file, `rule ${position + 1}${atLine}`, 'field "id" must be lower-case letters, digits and dashes');
  }
  const where = describeRulePlace(id, line);
  rejectUnknownFields(file, where, value, RULE_FIELDS);

  const category = value.category;
  if (typeof category !== 'string' || !(CATEGORIES as readonly string[]).includes(category)) {
    fail(file, where, `field "category" must be one of ${CATEGORIES.join(', ')}, got "${String(category)}"`);
  }
  const ruleLanguage = value.language ?? language;
  if (ruleLanguage !== language) {
    fail(file, where, `field "language" is "${String(ruleLanguage)}" but the pack is "${language}"`);
  }
  const weight = value.weight;
  if (typeof weight !== 'number' || !(weight > 0 && weight <= 1)) {
    fail(file, where, `field "weight" must be a number above 0 and at most 1, got "${String(weight)}"`);
  }

  const phrases = readStrings(file, where, 'phrases', value.phrases);
  const patterns = readStrings(file, where, 'patterns', value.patterns);
  const score = readScore(file, where, value.score);
  if (phrases.length + patterns.length === 0 && score === null) {
    fail(file, where, 'needs at least one of "phrases", "patterns" or "score"');
  }

  const yieldsTo = readYields(file, where, category as Category, value.yieldsTo);
  const yieldsInSentence = readYields(file, where, category as Category, value.yieldsInSentence, 'yieldsInSentence');
  const fires = readTestRows(file, where, 'fires', value.fires);
  const misses = readTestRows(file, where, 'misses', value.misses);
  return {
    id,
    line,
    category: category as Category,
    language,
    weight,
    phrases,
    patterns,
    score,
    yieldsTo,
    ...(yieldsInSentence.length > 0 ? { yieldsInSentence } : {}),
    fires,
    misses,
    file,
  };
}

/** Reads one rule pack file; throws LeakError RULES_INVALID naming the file, rule and field. */
export function readPackFile(file: string): PackSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LeakError('RULES_INVALID', `${file}: rule file cannot be read (${reason}). Check the --rules path.`);
  }

  const parsed = parseRuleYaml(text);
  if (parsed.error !== null) {
    // JSON is YAML, so a .json rule file goes through the same parser, but its error message names JSON.
    const syntax = /\.json$/i.test(file) ? 'JSON' : 'YAML';
    const { line, column } = parsed.error;
    const detail = (parsed.error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
    const where = line === null ? `invalid ${syntax}` : `invalid ${syntax} at line ${line}, column ${column}`;
    fail(file, where, detail);
  }
  const root: unknown = parsed.root;
  if (!isRecord(root)) fail(file, 'pack', 'the file must be a mapping with "language" and, usually, "rules"');

  rejectUnknownFields(file, 'pack', root, PACK_FIELDS);
  const language = root.language;
  if (typeof language !== 'string' || !/^[a-z]{2,3}$/.test(language)) {
    fail(file, 'pack', 'field "language" must be an ISO 639 code such as "en"');
  }
  // A file that only adds context lists, sets or stopwords to a pack may leave "rules" out or empty.
  const rules: unknown = root.rules ?? [];
  if (!Array.isArray(rules)) fail(file, 'pack', 'field "rules" must be a list');

  return {
    file,
    language,
    tokenizer: typeof root.tokenizer === 'string' ? root.tokenizer : null,
    stemmer: typeof root.stemmer === 'string' ? root.stemmer : null,
    stopwords: readStrings(file, 'pack', 'stopwords', root.stopwords),
    numbers: readNumbers(file, root.numbers),
    contractions: readStringMap(file, 'contractions', root.contractions),
    elisions: readStringMap(file, 'elisions', root.elisions),
    sets: readSets(file, root.sets),
    context: readContext(file, root.context),
    typoExempt: readStrings(file, 'pack', 'typoExempt', root.typoExempt),
    ownStems: readStrings(file, 'pack', 'ownStems', root.ownStems),
    rules: rules.map((rule, position) => readRule(file, language, rule, position, parsed.ruleLine(position))),
  };
}
