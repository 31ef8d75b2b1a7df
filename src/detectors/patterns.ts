// Token patterns and the index that finds them. Patterns are compiled once into
// element lists keyed by the stems that can start them, so a scan looks up each
// token in one map and only tries the patterns that can begin there.
import { foldText } from './normalize.js';
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
  /** For a scored rule's match, whose source is the score summary: the object term that matched. */
  term?: string;
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
  /**
   * Stems of which the token after the start needs one (as its stem or typo stem) for a match, or null. They are set when
   * the start element and the element after it are both required and the second is a word.
   */
  next: ReadonlySet<string> | null;
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
  rejectElidedWords(settings, source);
  return elements;
}

/**
 * Text reads an elision with its word ("d'accord" as "de accord"), so a rule word
 * written as the bare elided letter before a vowel, as in "d accord", could never
 * match, unless the same alternation also contains the full word. Words are folded
 * as text is, so "D accord" and "d’ accord" are rejected too. A letter before a
 * consonant ("20 t de ciment") or written as a surface word ("=m") is the letter
 * itself, and hyphens keep "faudra-t-il" one part.
 * NOTE: the words of an @set are not checked.
 */
function rejectElidedWords(settings: TokenizerSettings, source: string): void {
  const elisions = settings.apostrophes.elisions;
  if (elisions.size === 0) return;
  const parts = source.trim().split(/\s+/);
  for (const [index, part] of parts.entries()) {
    if (part.startsWith('=')) continue;
    const next = foldText(parts[index + 1] ?? '');
    if (!/^[aeiouyh]/.test(next)) continue;
    const written = part.replace(/\?$/, '').split('|');
    const alternatives = written.map((word) => foldText(word).replace(/'+$/, ''));
    for (const [position, folded] of alternatives.entries()) {
      const full = elisions.get(folded);
      if (full === undefined || alternatives.includes(full)) continue;
      const word = written[position] ?? folded;
      throw new PatternSyntaxError(
        `invalid elided word "${word}" before "${parts[index + 1]}": text reads "${folded}'" as "${full}", so "${folded}" alone never matches there. ` +
          `Write "${full}", or "=${folded}" for the letter itself`,
      );
    }
  }
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
    // "{qty" or "seats}" once read as the word "qty" or "seats": the tokenizer drops the braces.
    if (SLOT_SYNTAX.test(body)) {
      throw new PatternSyntaxError(
        `element "${part}" mixes a word with pattern syntax ({ } * ? = @); write the slots {n} and {qty} with both braces, and * and ? as elements of their own`,
      );
    }
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
        throw new PatternSyntaxError(
          `alternative "${entry}" in "${part}" must be exactly one word, but the tokenizer reads ${split.length} ` +
            `(${split.join(', ') || 'none'}): hyphens, apostrophes and dots split words, so put "${entry}" in a pattern of its own`,
        );
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

function startKeys(element: Extract<PatternElement, { kind: 'word' | 'number' }>): string[] {
  return element.kind === 'number' ? [NUMBER_KEY] : [...element.stems];
}

export class PatternIndex<Owner> {
  private readonly starts = new Map<string, PatternStart<Owner>[]>();
  /** Starts on a surface word, keyed by the word itself, so a scan builds no prefixed key per token. */
  private readonly surfaceStarts = new Map<string, PatternStart<Owner>[]>();
  readonly patterns: CompiledPattern<Owner>[] = [];

  add(pattern: CompiledPattern<Owner>): void {
    this.patterns.push(pattern);
    for (let element = 0; element < pattern.elements.length; element += 1) {
      const current = pattern.elements[element];
      if (current === undefined || current.kind === 'gap') continue;
      const next = nextRequiredStems(pattern.elements, element);
      if (current.kind === 'surface') {
        for (const word of current.words) startsFor(this.surfaceStarts, word).push({ pattern, element, next });
        break;
      }
      for (const key of startKeys(current)) startsFor(this.starts, key).push({ pattern, element, next });
      if (!current.optional) break;
    }
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
      this.tryStarts(this.surfaceStarts.get(token.text), tokens, position, before, matches);
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
    for (let index = 0; index < starts.length; index += 1) {
      const start = starts[index] as PatternStart<Owner>;
      // A try whose next token cannot match fails there, so that token is tested before matchElements() runs.
      if (start.next !== null && !canAcceptWord(start.next, tokens[position + 1])) continue;
      if (hasPatternFrom(matches, from, start.pattern)) continue;
      const end = matchElements(start.pattern.elements, start.element, tokens, position, SCRATCH);
      if (end < 0) continue;
      matches.push({
        pattern: start.pattern,
        start: position,
        end,
        consumed: SCRATCH.consumed.slice(),
        quantity: SCRATCH.quantity,
        uncaptured: SCRATCH.uncaptured.slice(),
        typos: SCRATCH.typos.slice(),
      });
      clearScratch(SCRATCH);
    }
  }
}

// Returns the stems of the element after `index` when matchElements() can match from `index`
// only if the next token has one of them. Neither element can then be skipped.
function nextRequiredStems(elements: readonly PatternElement[], index: number): ReadonlySet<string> | null {
  const current = elements[index];
  const next = elements[index + 1];
  if (current === undefined || current.kind === 'gap' || (current.kind !== 'surface' && current.optional)) return null;
  return next !== undefined && next.kind === 'word' && !next.optional ? next.stems : null;
}

function canAcceptWord(stems: ReadonlySet<string>, token: Token | undefined): boolean {
  return token !== undefined && acceptWord(stems, token) !== null;
}

function startsFor<Owner>(index: Map<string, PatternStart<Owner>[]>, key: string): PatternStart<Owner>[] {
  let list = index.get(key);
  if (list === undefined) {
    list = [];
    index.set(key, list);
  }
  return list;
}

function hasPatternFrom<Owner>(matches: readonly PatternMatch<Owner>[], from: number, pattern: CompiledPattern<Owner>): boolean {
  for (let index = from; index < matches.length; index += 1) {
    if (matches[index]?.pattern === pattern) return true;
  }
  return false;
}

/**
 * The state of the match being tried. Elements push onto it as they consume a
 * token and take back what they pushed when the search backtracks, so a failed
 * try allocates nothing. It is empty between tries.
 */
interface MatchState {
  consumed: number[];
  quantity: number | null;
  uncaptured: number[];
  typos: string[];
}

// Scans never nest (no code runs inside a match that starts another), so one state serves them all.
const SCRATCH: MatchState = { consumed: [], quantity: null, uncaptured: [], typos: [] };

function clearScratch(state: MatchState): void {
  state.consumed.length = 0;
  state.quantity = null;
  state.uncaptured.length = 0;
  state.typos.length = 0;
}

function acceptWord(stems: ReadonlySet<string>, token: Token): 'exact' | 'typo' | null {
  if (token.isPunctuation) return null;
  if (stems.has(token.stem)) return 'exact';
  return token.typoStem !== null && stems.has(token.typoStem) ? 'typo' : null;
}

// Depth-first match: optional elements prefer to consume, gaps prefer to skip
// little. Gaps are at most MAX_GAP and patterns at most MAX_PATTERN_ELEMENTS
// long, so the work per start token is bounded. Returns the index after the
// match, with `state` holding what it consumed, or -1 with `state` as it was.
function matchElements(
  elements: readonly PatternElement[],
  index: number,
  tokens: readonly Token[],
  position: number,
  state: MatchState,
): number {
  const element = elements[index];
  if (element === undefined) return position;

  if (element.kind === 'gap') {
    for (let skip = 0; skip <= element.max && position + skip <= tokens.length; skip += 1) {
      const skipped = tokens[position + skip - 1];
      if (skip > 0 && skipped !== undefined && HARD_BREAKS.has(skipped.text)) break;
      const end = matchElements(elements, index + 1, tokens, position + skip, state);
      if (end >= 0) return end;
    }
    return -1;
  }

  const token = tokens[position];
  if (token !== undefined) {
    const pushed = consume(element, token, position, state);
    if (pushed !== NOT_ACCEPTED) {
      const end = matchElements(elements, index + 1, tokens, position + 1, state);
      if (end >= 0) return end;
      takeBack(state, pushed);
    }
  }
  const isOptional = element.kind !== 'surface' && element.optional;
  return isOptional ? matchElements(elements, index + 1, tokens, position, state) : -1;
}

// Markers of the field consume() changed besides the consumed positions, so that takeBack() can undo it.
const NOT_ACCEPTED = -1;
const ADDED_POSITION = 0;
const SET_QUANTITY = 1;
const ADDED_UNCAPTURED = 2;
const ADDED_TYPO = 3;

function consume(element: Exclude<PatternElement, { kind: 'gap' }>, token: Token, position: number, state: MatchState): number {
  let pushed = ADDED_POSITION;
  if (element.kind === 'number') {
    if (token.number === null) return NOT_ACCEPTED;
    if (!element.isCaptured) {
      state.uncaptured.push(token.number);
      pushed = ADDED_UNCAPTURED;
    } else if (state.quantity === null) {
      // The first captured number is the quantity.
      state.quantity = token.number;
      pushed = SET_QUANTITY;
    }
  } else if (element.kind === 'surface') {
    if (!element.words.has(token.text)) return NOT_ACCEPTED;
  } else {
    const accepted = acceptWord(element.stems, token);
    if (accepted === null) return NOT_ACCEPTED;
    if (accepted === 'typo') {
      state.typos.push(token.text);
      pushed = ADDED_TYPO;
    }
  }
  state.consumed.push(position);
  return pushed;
}

function takeBack(state: MatchState, pushed: number): void {
  state.consumed.pop();
  if (pushed === SET_QUANTITY) state.quantity = null;
  else if (pushed === ADDED_UNCAPTURED) state.uncaptured.pop();
  else if (pushed === ADDED_TYPO) state.typos.pop();
}
