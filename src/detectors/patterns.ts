// Token patterns and the index that finds them. Patterns are compiled once into
// element lists keyed by the stems that can start them, so a scan looks up each
// token in one map and only tries the patterns that can begin there.
import { splitWords, stemWord, type Token, type TokenizerSettings } from './tokens.js';

/** Largest gap a pattern may leave between two elements, in tokens. */
export const MAX_GAP = 4;

/** Gap used by a bare `*`. */
const DEFAULT_GAP = 2;

/** Maximum elements in one pattern; longer ones are almost certainly a mistake. */
export const MAX_PATTERN_ELEMENTS = 16;

/** Key under which number-slot starts are indexed; stems never contain `#`. */
const NUMBER_KEY = '#number';

/** Tokens that end a clause for gaps: a gap never skips them. */
const HARD_BREAKS = new Set([';', ':', '.', '!', '?']);

export type PatternElement =
  | { kind: 'word'; stems: ReadonlySet<string>; optional: boolean }
  | { kind: 'surface'; words: ReadonlySet<string> }
  | { kind: 'number'; optional: boolean; isCaptured: boolean }
  | { kind: 'gap'; max: number };

export interface CompiledPattern<Owner> {
  owner: Owner;
  /** The phrase or pattern as written in the rule file. */
  source: string;
  elements: PatternElement[];
  /** True for a rule phrase (a fixed term such as "request for proposal"), false for a pattern. */
  isLiteral: boolean;
}

export interface PatternMatch<Owner> {
  pattern: CompiledPattern<Owner>;
  start: number;
  /** Index after the last token of the match. */
  end: number;
  /** Indexes of tokens consumed by word or number elements (gaps excluded). */
  consumed: number[];
  quantity: number | null;
  /** Numbers consumed by `{n}` slots, such as the old count in "from 40 to 55 users". */
  uncaptured: number[];
  /** Surface words that matched a rule word only through a one-letter typo. */
  typos: string[];
}

interface PatternStart<Owner> {
  pattern: CompiledPattern<Owner>;
  element: number;
}

export class PatternSyntaxError extends Error {}

/**
 * Parses one pattern. `literal` treats every character as text (rule phrases).
 * `surface` also matches the words as written, unstemmed. Context cues need
 * that, because a stem would make "received" match "receive".
 */
export function parsePattern(
  settings: TokenizerSettings,
  source: string,
  sets: ReadonlyMap<string, string[]>,
  mode: 'pattern' | 'literal' | 'surface',
): PatternElement[] {
  const elements: PatternElement[] = [];
  if (mode !== 'pattern') {
    for (const word of splitWords(settings, source)) {
      if (!/[a-z0-9]/.test(word)) continue;
      elements.push(mode === 'surface' ? { kind: 'surface', words: new Set([word]) } : wordElement(settings, [word], false));
    }
  } else {
    for (const part of source.trim().split(/\s+/)) elements.push(...parsePart(settings, part, sets));
  }
  validateElements(elements);
  return elements;
}

function wordElement(settings: TokenizerSettings, words: string[], optional: boolean): PatternElement {
  return { kind: 'word', stems: new Set(words.map((word) => stemWord(settings, word))), optional };
}

function parsePart(
  settings: TokenizerSettings,
  part: string,
  sets: ReadonlyMap<string, string[]>,
): PatternElement[] {
  const gap = /^\*(\d)?$/.exec(part);
  if (gap !== null) {
    const max = gap[1] === undefined ? DEFAULT_GAP : Number(gap[1]);
    if (max < 1 || max > MAX_GAP) throw new PatternSyntaxError(`gap "${part}" must be *1 to *${MAX_GAP}`);
    return [{ kind: 'gap', max }];
  }

  // "=devis|cotation": words matched as written, because a stem can join two
  // unrelated words (PorterStemmerFr gives "dev" for both "devis" and "devant").
  if (part.length > 1 && part.startsWith('=')) {
    const words = part.slice(1).split('|').flatMap((alternative) => splitWords(settings, alternative));
    if (words.length === 0 || words.some((word) => !/[a-z0-9]/.test(word))) {
      throw new PatternSyntaxError(`surface "${part}" must list words separated by |`);
    }
    return [{ kind: 'surface', words: new Set(words) }];
  }

  const optional = part.length > 1 && part.endsWith('?');
  const body = optional ? part.slice(0, -1) : part;
  if (body === '{qty}' || body === '{n}') return [{ kind: 'number', optional, isCaptured: body === '{qty}' }];

  const alternatives = body.split('|');
  if (alternatives.length === 1 && !body.startsWith('@')) {
    const words = splitWords(settings, body).filter((word) => /[a-z0-9]/.test(word));
    if (words.length === 0) throw new PatternSyntaxError(`"${part}" contains no word`);
    if (words.length > 1 && optional) throw new PatternSyntaxError(`optional "${part}" must be one word`);
    return words.map((word) => wordElement(settings, [word], optional));
  }
  return [wordElement(settings, expandAlternatives(settings, part, alternatives, sets), optional)];
}

/** Pattern syntax characters, which an alternative of an alternation cannot contain. */
const SLOT_SYNTAX = /[{}*?=@]/;

// TODO: "came across|heard about" reads as came (across|heard) about, not as two phrases.
// Its shape is that of the valid "heard about|of your", so nothing rejects it yet. A `fires`
// row for each phrasing catches it.
function expandAlternatives(
  settings: TokenizerSettings,
  part: string,
  alternatives: string[],
  sets: ReadonlyMap<string, string[]>,
): string[] {
  const words: string[] = [];
  for (const alternative of alternatives) {
    // "for a|{n}|few" once read "{n}" as the word "n": slot syntax never works inside an alternation.
    if (SLOT_SYNTAX.test(alternative.startsWith('@') ? alternative.slice(1) : alternative)) {
      throw new PatternSyntaxError(
        `alternative "${alternative}" in "${part}" must be a word or @set; write {n}, {qty}, * and ? as elements of their own, in a second pattern if needed`,
      );
    }
    const listed = alternative.startsWith('@') ? sets.get(alternative.slice(1)) : [alternative];
    if (listed === undefined) throw new PatternSyntaxError(`unknown set "${alternative}" in "${part}"`);
    for (const entry of listed) {
      const split = splitWords(settings, entry).filter((word) => /[a-z0-9]/.test(word));
      if (split.length !== 1) {
        throw new PatternSyntaxError(`alternative "${entry}" in "${part}" must be exactly one word`);
      }
      words.push(...split);
    }
  }
  return words;
}

function validateElements(elements: PatternElement[]): void {
  if (!elements.some((element) => element.kind === 'word' || element.kind === 'surface')) throw new PatternSyntaxError('needs at least one word');
  if (elements.length > MAX_PATTERN_ELEMENTS) {
    throw new PatternSyntaxError(`has ${elements.length} elements, more than ${MAX_PATTERN_ELEMENTS}`);
  }
  if (elements[0]?.kind === 'gap' || elements.at(-1)?.kind === 'gap') {
    throw new PatternSyntaxError('must not start or end with a gap');
  }
}

/** Lists the stems the elements can match, for the typo index's known stems. */
export function elementStems(elements: PatternElement[]): string[] {
  return elements.flatMap((element) => (element.kind === 'word' ? [...element.stems] : []));
}

// Surface words are indexed under a prefix so they never collide with stems.
const SURFACE_PREFIX = '=';

function startKeys(element: Exclude<PatternElement, { kind: 'gap' }>): string[] {
  if (element.kind === 'number') return [NUMBER_KEY];
  if (element.kind === 'surface') return [...element.words].map((word) => SURFACE_PREFIX + word);
  return [...element.stems];
}

export class PatternIndex<Owner> {
  private readonly starts = new Map<string, PatternStart<Owner>[]>();
  readonly patterns: CompiledPattern<Owner>[] = [];

  add(pattern: CompiledPattern<Owner>): void {
    this.patterns.push(pattern);
    for (let element = 0; element < pattern.elements.length; element += 1) {
      const current = pattern.elements[element];
      if (current === undefined || current.kind === 'gap') continue;
      for (const key of startKeys(current)) this.startsFor(key).push({ pattern, element });
      if (current.kind === 'surface' || !current.optional) break;
    }
  }

  private startsFor(key: string): PatternStart<Owner>[] {
    let list = this.starts.get(key);
    if (list === undefined) {
      list = [];
      this.starts.set(key, list);
    }
    return list;
  }

  /** Finds every pattern occurrence, at most one per pattern and start token. */
  scan(tokens: readonly Token[]): PatternMatch<Owner>[] {
    const matches: PatternMatch<Owner>[] = [];
    for (let position = 0; position < tokens.length; position += 1) {
      const token = tokens[position];
      if (token === undefined || token.isPunctuation) continue;
      // Most tokens start no pattern, so the lists are read in place rather than joined.
      const before = matches.length;
      this.tryStarts(this.starts.get(token.stem), tokens, position, before, matches);
      this.tryStarts(this.starts.get(SURFACE_PREFIX + token.text), tokens, position, before, matches);
      if (token.typoStem !== null) this.tryStarts(this.starts.get(token.typoStem), tokens, position, before, matches);
      if (token.number !== null) this.tryStarts(this.starts.get(NUMBER_KEY), tokens, position, before, matches);
    }
    return matches;
  }

  // Matches from index `from` on start at this position. A pattern matches at
  // most once per start token, and few do, so a search of them replaces a Set per token.
  private tryStarts(
    starts: readonly PatternStart<Owner>[] | undefined,
    tokens: readonly Token[],
    position: number,
    from: number,
    matches: PatternMatch<Owner>[],
  ): void {
    if (starts === undefined) return;
    for (const start of starts) {
      if (hasPatternFrom(matches, from, start.pattern)) continue;
      const result = matchElements(start.pattern.elements, start.element, tokens, position, EMPTY_STATE);
      if (result === null) continue;
      matches.push({ pattern: start.pattern, start: position, ...result });
    }
  }
}

function hasPatternFrom<Owner>(matches: readonly PatternMatch<Owner>[], from: number, pattern: CompiledPattern<Owner>): boolean {
  for (let index = from; index < matches.length; index += 1) {
    if (matches[index]?.pattern === pattern) return true;
  }
  return false;
}

interface MatchState {
  consumed: number[];
  quantity: number | null;
  uncaptured: number[];
  typos: string[];
}

// Match states are copied, never changed, so every scan can start from this one.
const EMPTY_STATE: MatchState = Object.freeze({ consumed: [], quantity: null, uncaptured: [], typos: [] });

function acceptWord(stems: ReadonlySet<string>, token: Token): 'exact' | 'typo' | null {
  if (token.isPunctuation) return null;
  if (stems.has(token.stem)) return 'exact';
  return token.typoStem !== null && stems.has(token.typoStem) ? 'typo' : null;
}

type MatchResult = Omit<PatternMatch<never>, 'pattern' | 'start'>;

// Depth-first match: optional elements prefer to consume, gaps prefer to skip
// little. Gaps are at most MAX_GAP and patterns at most MAX_PATTERN_ELEMENTS
// long, so the work per start token is bounded.
function matchElements(
  elements: readonly PatternElement[],
  index: number,
  tokens: readonly Token[],
  position: number,
  state: MatchState,
): MatchResult | null {
  const element = elements[index];
  if (element === undefined) return { end: position, ...state };

  if (element.kind === 'gap') {
    for (let skip = 0; skip <= element.max && position + skip <= tokens.length; skip += 1) {
      const skipped = tokens[position + skip - 1];
      if (skip > 0 && skipped !== undefined && HARD_BREAKS.has(skipped.text)) break;
      const found = matchElements(elements, index + 1, tokens, position + skip, state);
      if (found !== null) return found;
    }
    return null;
  }

  const token = tokens[position];
  const next = token === undefined ? null : consume(element, token, position, state);
  if (next !== null) {
    const found = matchElements(elements, index + 1, tokens, position + 1, next);
    if (found !== null) return found;
  }
  const isOptional = element.kind !== 'surface' && element.optional;
  return isOptional ? matchElements(elements, index + 1, tokens, position, state) : null;
}

function consume(
  element: Exclude<PatternElement, { kind: 'gap' }>,
  token: Token,
  position: number,
  state: MatchState,
): MatchState | null {
  // Most tokens are rejected, so the state is copied only after the token is accepted.
  if (element.kind === 'number') {
    if (token.number === null) return null;
    const consumed = [...state.consumed, position];
    if (element.isCaptured) return { ...state, consumed, quantity: state.quantity ?? token.number };
    return { ...state, consumed, uncaptured: [...state.uncaptured, token.number] };
  }
  if (element.kind === 'surface') return element.words.has(token.text) ? { ...state, consumed: [...state.consumed, position] } : null;
  const accepted = acceptWord(element.stems, token);
  if (accepted === null) return null;
  const typos = accepted === 'typo' ? [...state.typos, token.text] : state.typos;
  return { ...state, consumed: [...state.consumed, position], typos };
}
