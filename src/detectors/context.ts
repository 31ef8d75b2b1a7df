// Decides whether a rule match in a sentence is a buying signal: negation within
// its clause, past events, a vendor's offer, a vendor's question or a blocker
// (a clause about something else, such as a how-to question) turn it into a
// near miss with the reason.
import type { PatternMatch } from './patterns.js';
import type { CompiledPack, ContextKind, PatternOwner } from './rule-set.js';
import type { Token } from './tokens.js';

/** Tokens before a match in which a past cue ("already") makes it a past event. */
export const PAST_WINDOW = 4;

/** Punctuation that ends a clause for negation and past cues. */
const CLAUSE_PUNCTUATION = new Set([';', ':', '.', '!', '?']);

export type NearMissReason =
  | 'negated'
  | 'past'
  | 'vendor-offer'
  | 'question-from-vendor'
  | 'inside-other-rule'
  | 'wrong-direction'
  | 'moves-down'
  | 'zero-quantity'
  | 'blocked'
  | 'below-threshold'
  | 'no-request'
  | 'yielded';

export type MatchVerdict = { fired: true } | { fired: false; reason: NearMissReason; cue: string };

interface ContextSpan {
  kind: ContextKind;
  start: number;
  end: number;
  source: string;
}

/** The tokens of one sentence with the pack's context cues found in them. */
export interface SentenceContext {
  tokens: Token[];
  spans: ContextSpan[];
  /** Token indexes where a clause starts (always includes 0). */
  clauseStarts: number[];
  isQuestion: boolean;
  /** Counts taken from one figure to another ("from 14 seats to 7"), when the sentence has any. */
  ranges?: CountRange[];
  /** Parentheses of the sentence, when it has any. */
  asides?: Aside[];
  /** `reductive` cues of the sentence (« ne … plus que »), when it has any. */
  reductions?: ContextSpan[];
}

/** A parenthesis: the tokens from its opening token `start` to its closing token `end`. */
export interface Aside {
  start: number;
  end: number;
}

/** A count taken from one figure to another: tokens `start` to `end` (exclusive). */
export interface CountRange {
  start: number;
  end: number;
  from: number;
  to: number;
}

// Words that open and close a range of counts, in the folded text of every pack:
// "from 14 seats to 7", « de 14 à 7 licences » (« à » folds to "a").
const RANGE_FROM: ReadonlySet<string> = new Set(['from', 'de', 'd']);
const RANGE_TO: ReadonlySet<string> = new Set(['to', 'a']);

/** Words that may sit between the first count and "to": "from 14 seats to 7", "from 14 Pro seats to 7". */
const RANGE_GAP = 2;

/** Finds "from N … to M" in a sentence's tokens, the counts in digits or number words. */
export function findCountRanges(tokens: readonly Token[]): CountRange[] {
  const ranges: CountRange[] = [];
  for (let index = 0; index + 3 < tokens.length; index += 1) {
    if (!RANGE_FROM.has(tokens[index]?.text ?? '')) continue;
    const from = tokens[index + 1]?.number ?? null;
    if (from === null) continue;
    for (let gap = 0; gap <= RANGE_GAP; gap += 1) {
      const connector = tokens[index + 2 + gap];
      if (connector === undefined || connector.isPunctuation || (gap > 0 && tokens[index + 1 + gap]?.number !== null)) break;
      if (!RANGE_TO.has(connector.text)) continue;
      const to = tokens[index + 3 + gap]?.number ?? null;
      if (to !== null) ranges.push({ start: index, end: index + 4 + gap, from, to });
      break;
    }
  }
  return ranges;
}

// "we'll only need 5 of our 12 users", « nous ne garderons que 5 de nos 12 postes »: a
// share kept of what the customer has is a cut from 12 to 5, not 5 or 12 seats added.
// A share counts only after a word that keeps ("only", "keep") or after a restrictive
// or reductive cue (« ne … que »), because "licences for 5 of our 12 contractors" adds 5.
const SHARE_OF: ReadonlySet<string> = new Set(['of', 'de', 'd']);
/** « des » is « de » and « les » in one word, so no owner word follows it. */
const SHARE_OF_THE = 'des';
const SHARE_OWNER: ReadonlySet<string> = new Set(['our', 'the', 'my', 'these', 'those', 'nos', 'des', 'mes', 'ces', 'les']);
const KEEP_WORDS: ReadonlySet<string> = new Set(['only', 'just', 'keep', 'keeping', 'retain', 'retaining', 'seulement', 'uniquement']);

/** Tokens before a share in which a keeping word or the end of a « ne … que » cue may sit. */
const KEEP_WINDOW = 4;

/** Finds "only … N of our M" with N below M, as a count range from M down to N. */
export function findKeptShares(tokens: readonly Token[], spans: readonly { kind: string; end: number }[]): CountRange[] {
  const shares: CountRange[] = [];
  for (let index = 0; index + 2 < tokens.length; index += 1) {
    const part = tokens[index]?.number ?? null;
    const of = tokens[index + 1]?.text ?? '';
    if (part === null || !(SHARE_OF.has(of) || of === SHARE_OF_THE)) continue;
    // "5 of our 12", « 5 de nos 12 », or with no owner word: "5 of 12", « 5 des 12 ».
    const owned = of !== SHARE_OF_THE && SHARE_OWNER.has(tokens[index + 2]?.text ?? '');
    const wholeAt = owned ? index + 3 : index + 2;
    const whole = tokens[wholeAt]?.number ?? null;
    if (whole === null || part >= whole) continue;
    const from = Math.max(0, index - KEEP_WINDOW);
    const keeps =
      tokens.slice(from, index).some((token) => KEEP_WORDS.has(token.text)) ||
      spans.some((span) => (span.kind === 'restrictive' || span.kind === 'reductive') && span.end >= from && span.end <= index);
    if (keeps) shares.push({ start: index, end: wholeAt + 1, from: whole, to: part });
  }
  return shares;
}

/**
 * Finds the parentheses of a sentence, nested ones included, in the order they
 * close. One left open runs to the sentence's end, and a closing one with no
 * opening one is ignored.
 */
export function findAsides(tokens: readonly Token[]): Aside[] {
  const asides: Aside[] = [];
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token.text === '(') {
      open.push(index);
    } else if (token.text === ')' && open.length > 0) {
      asides.push({ start: open.pop() as number, end: index });
    }
  });
  while (open.length > 0) {
    asides.push({ start: open.pop() as number, end: tokens.length });
  }
  return asides;
}

export function analyseSentence(pack: CompiledPack, tokens: Token[]): SentenceContext {
  const spans: ContextSpan[] = [];
  for (const match of pack.contextPatterns.scan(tokens)) {
    const owner: PatternOwner = match.pattern.owner;
    if (owner.kind !== 'context') continue;
    spans.push({ kind: owner.context, start: match.start, end: match.end, source: match.pattern.source });
  }

  const clauseStarts = [0];
  tokens.forEach((token, index) => {
    if (CLAUSE_PUNCTUATION.has(token.text)) clauseStarts.push(index + 1);
  });
  for (const span of spans) if (span.kind === 'clauseBreaks') clauseStarts.push(span.start);
  clauseStarts.sort((a, b) => a - b);
  ignoreRestrictiveNegations(spans, clauseStarts);
  const reductions = spans.filter((span) => span.kind === 'reductive');

  const ranges = [...findCountRanges(tokens), ...findKeptShares(tokens, spans)];
  const asides = tokens.some((token) => token.text === '(') ? findAsides(tokens) : [];
  return {
    tokens,
    spans,
    clauseStarts,
    isQuestion: tokens.some((token) => token.text === '?'),
    ...(ranges.length === 0 ? {} : { ranges }),
    ...(asides.length === 0 ? {} : { asides }),
    ...(reductions.length === 0 ? {} : { reductions }),
  };
}

/** Returns the start and end of the clause that contains tokens `start` to `end` (exclusive). */
function clauseAround(clauseStarts: readonly number[], start: number, end: number): { start: number; end: number } {
  let from = 0;
  let to = Number.POSITIVE_INFINITY;
  for (const boundary of clauseStarts) {
    if (boundary <= start) from = boundary;
    else if (boundary >= end) {
      to = boundary;
      break;
    }
  }
  return { start: from, end: to };
}

// « Nous n'avons besoin que d'une licence » means "only", not "not". A `restrictive` match
// with no breaker between its clause's start and its own end (« ne … pas que », « personne ne
// … que », « ne … que si »; a « de plus » after it does not count) becomes a `negationIgnore`
// span, so the rules, the model and the reply checks all read its « ne » as no negation.
// `reductive` matches (« nous n'aurons plus que 5 postes ») are read by judgeMatch() as cuts.
function ignoreRestrictiveNegations(spans: ContextSpan[], clauseStarts: readonly number[]): void {
  const restrictions = spans.filter((span) => span.kind === 'restrictive');
  for (const restriction of restrictions) {
    const clause = clauseAround(clauseStarts, restriction.start, restriction.end);
    const broken = spans.some(
      (span) => span.kind === 'restrictiveBreakers' && span.start >= clause.start && span.start < restriction.end,
    );
    if (!broken) spans.push({ kind: 'negationIgnore', start: restriction.start, end: restriction.end, source: restriction.source });
  }
}

function clauseOf(context: SentenceContext, match: PatternMatch<PatternOwner>): { start: number; end: number } {
  let start = 0;
  let end = context.tokens.length;
  for (const boundary of context.clauseStarts) {
    if (boundary <= match.start) start = boundary;
    else if (boundary >= match.end) {
      end = boundary;
      break;
    }
  }
  return { start, end };
}

function isIgnored(context: SentenceContext, span: ContextSpan): boolean {
  return context.spans.some(
    (ignore) => ignore.kind === 'negationIgnore' && ignore.start <= span.start && ignore.end >= span.end,
  );
}

/**
 * Kinds of cue whose reach a parenthesis bounds. Not the past cues: a date in an
 * aside ("(she left last month)") often dates the whole sentence.
 */
const ASIDE_BOUND: ReadonlySet<ContextKind> = new Set(['negation', 'negationAfter']);

/** Returns the innermost parenthesis that contains token `index`, if any. */
function innermostAside(context: SentenceContext, index: number): Aside | undefined {
  let innermost: Aside | undefined;
  for (const aside of context.asides ?? []) {
    if (aside.start < index && index < aside.end && (innermost === undefined || aside.start > innermost.start)) {
      innermost = aside;
    }
  }
  return innermost;
}

// "on passe sur Réseau (sans toucher aux autres sites) dès mars": the « sans » speaks
// of the aside only. A cue before the match therefore reaches it from a parenthesis
// only when the match is inside that parenthesis too, and the innermost one counts.
// A cue after the match ("add 10 seats (postponed)") comments on what came before,
// so it also reaches a match that ends before its parenthesis opens.
function isInOtherAside(
  context: SentenceContext,
  span: ContextSpan,
  match: PatternMatch<PatternOwner>,
  kind: ContextKind,
): boolean {
  const aside = innermostAside(context, span.start);
  if (aside === undefined) return false;
  const containsMatch = aside.start < match.start && match.end <= aside.end;
  if (containsMatch) return false;

  const followsMatch = aside.start >= match.end;
  return !(kind === 'negationAfter' && followsMatch);
}

function findCue(
  context: SentenceContext,
  match: PatternMatch<PatternOwner>,
  kind: ContextKind,
  from: number,
  to: number,
  spared: readonly ContextSpan[] = [],
): ContextSpan | undefined {
  const consumed = new Set(match.consumed);
  return context.spans.find(
    (span) =>
      span.kind === kind &&
      !spared.some((inside) => inside.start <= span.start && span.end <= inside.end) &&
      span.start >= from &&
      span.start < to &&
      // A rule's own "not" ("will not renew") is part of its phrase, not a negation of it.
      !(kind.startsWith('negation') && consumed.has(span.start)) &&
      !isIgnored(context, span) &&
      !(ASIDE_BOUND.has(kind) && isInOtherAside(context, span, match, kind)),
  );
}

// "from 40 to 25 users" matches the same pattern as "from 25 to 40 users".
// The `{n}` number is the old count and `{qty}` the new one: expansion needs
// the count to go up, churn-risk needs it to go down.
function checkDirection(match: PatternMatch<PatternOwner>): MatchVerdict | null {
  const owner = match.pattern.owner;
  const previous = match.uncaptured[0];
  const next = match.quantity;
  if (owner.kind !== 'rule' || previous === undefined || next === null) return null;
  if (owner.rule.category === 'expansion' && next <= previous) {
    return { fired: false, reason: 'wrong-direction', cue: `${previous} to ${next} is not an increase` };
  }
  if (owner.rule.category === 'churn-risk' && next >= previous) {
    return { fired: false, reason: 'wrong-direction', cue: `${previous} to ${next} is not a decrease` };
  }
  return null;
}

// "Add 0 users" requests nothing: a count of zero is no purchase in any category
// but churn-risk, where "down to 0 seats" is the customer leaving. The count is
// the captured quantity, or else the only number inside the match, which a gap
// ("add *3 users") passes over without capturing.
function checkZeroQuantity(context: SentenceContext, match: PatternMatch<PatternOwner>): MatchVerdict | null {
  const owner = match.pattern.owner;
  if (owner.kind !== 'rule' || owner.rule.category === 'churn-risk') return null;
  let count = match.quantity;
  if (count === null) {
    const numbers = context.tokens.slice(match.start, match.end).flatMap((token) => (token.number === null ? [] : [token.number]));
    count = numbers.length === 1 ? (numbers[0] ?? null) : null;
  }
  return count === 0 ? { fired: false, reason: 'zero-quantity', cue: 'count 0' } : null;
}

// "We'll need to go from 14 seats to 7": a seat rule matches "need … 14 seats", but
// the count overlapping the match goes down, so the sentence cuts seats rather
// than adding them. Only a range that shares tokens with the match counts, so
// "add 5 users; the old plan went from 20 to 15" keeps its expansion.
function checkRangeDirection(context: SentenceContext, match: PatternMatch<PatternOwner>): MatchVerdict | null {
  const owner = match.pattern.owner;
  if (owner.kind !== 'rule' || owner.rule.category !== 'expansion' || context.ranges === undefined) return null;
  const range = context.ranges.find((found) => found.start < match.end && found.end > match.start && found.to < found.from);
  if (range === undefined) return null;
  return { fired: false, reason: 'wrong-direction', cue: `${range.from} to ${range.to} is not an increase` };
}

// "Can we go from Pro down to Grow?" matches an upgrade pattern, because the tier sets
// contain "Pro" as both a low and a high tier. So a move down or back sets aside the
// upgrade matches of its whole sentence, not only of its clause.
function checkMovesDown(context: SentenceContext, match: PatternMatch<PatternOwner>): MatchVerdict | null {
  const owner = match.pattern.owner;
  if (owner.kind !== 'rule' || owner.rule.category !== 'upgrade') return null;
  const cue = context.spans.find((span) => span.kind === 'downgradePatterns');
  return cue === undefined ? null : { fired: false, reason: 'moves-down', cue: cue.source };
}

// « Nous n'aurons plus besoin que de 5 licences » cuts seats: an expansion or upgrade
// match in the clause of a `reductive` cue is the count kept, not one added.
function checkReduction(
  context: SentenceContext,
  match: PatternMatch<PatternOwner>,
  clause: { start: number; end: number },
): MatchVerdict | null {
  const owner = match.pattern.owner;
  if (owner.kind !== 'rule' || (owner.rule.category !== 'expansion' && owner.rule.category !== 'upgrade')) return null;
  const cue = (context.reductions ?? []).find((span) => span.start >= clause.start && span.start < clause.end);
  return cue === undefined ? null : { fired: false, reason: 'wrong-direction', cue: `${cue.source} keeps fewer` };
}

/** For a churn-risk match, the `reductive` cues whose negation words do not negate it. */
function reducedFor(context: SentenceContext, match: PatternMatch<PatternOwner>): readonly ContextSpan[] {
  const owner = match.pattern.owner;
  return owner.kind === 'rule' && owner.rule.category === 'churn-risk' ? (context.reductions ?? []) : [];
}

/**
 * Returns the count a cut keeps, for a churn-risk match with no quantity of its own: "from 14
 * seats to 7" and "only 5 of our 12 users" give 7 and 5.
 * NOTE: a quantity is one number, so the count dropped (7 of 12) is not reported.
 */
export function keptCount(context: SentenceContext, match: PatternMatch<PatternOwner>): number | null {
  const owner = match.pattern.owner;
  if (owner.kind !== 'rule' || owner.rule.category !== 'churn-risk') return null;
  return context.ranges?.find((range) => range.to < range.from)?.to ?? null;
}

/** Checks the context cues of one match, strongest reason first. */
export function judgeMatch(context: SentenceContext, match: PatternMatch<PatternOwner>): MatchVerdict {
  const clause = clauseOf(context, match);

  const direction =
    checkZeroQuantity(context, match) ?? checkDirection(match) ?? checkRangeDirection(context, match) ?? checkMovesDown(context, match);
  if (direction !== null) return direction;

  const offer = findCue(context, match, 'vendorVoice', 0, match.end);
  if (offer !== undefined) return { fired: false, reason: 'vendor-offer', cue: offer.source };

  const vendorQuestion = context.isQuestion ? findCue(context, match, 'vendorQuestion', 0, match.start + 1) : undefined;
  if (vendorQuestion !== undefined) return { fired: false, reason: 'question-from-vendor', cue: vendorQuestion.source };

  // Anywhere in the clause, inside the match too: "how do I give her access" is
  // about the product's settings whatever words the rule matched.
  const blocker = context.spans.find((span) => span.kind === 'blockers' && span.start >= clause.start && span.start < clause.end);
  if (blocker !== undefined) return { fired: false, reason: 'blocked', cue: blocker.source };

  const reduction = checkReduction(context, match, clause);
  if (reduction !== null) return reduction;

  const negation =
    findCue(context, match, 'negation', clause.start, match.end, reducedFor(context, match)) ??
    findCue(context, match, 'negationAfter', match.end, clause.end);
  if (negation !== undefined) return { fired: false, reason: 'negated', cue: negation.source };

  const past =
    findCue(context, match, 'past', Math.max(clause.start, match.start - PAST_WINDOW), match.end) ??
    findCue(context, match, 'pastAnywhere', clause.start, clause.end);
  if (past !== undefined) return { fired: false, reason: 'past', cue: past.source };

  return { fired: true };
}
