// Scored rules: a sentence fires when a request marker and a category object
// term appear together and their points, minus any blocker's, reach the
// rule's threshold. Any marker ("could you", a question mark) combines with
// any object term ("higher plan", "add-on"), so wordings no phrase lists match.
// A rule with a `window` also takes its request from a neighbouring sentence.
import type { MatchVerdict } from './context.js';
import { parsePattern, PatternIndex, PatternSyntaxError, type PatternMatch } from './patterns.js';
import type { RuleSource } from './rule-file.js';
import type { TokenizerSettings, Token } from './tokens.js';

/** Term groups of a scored rule, as written under `score` in a pack. */
export interface ScoreSource {
  /** Points a sentence needs to fire. */
  threshold: number;
  /** Points of a question mark in the sentence, which counts as a request marker. */
  question: number;
  /** Points of each distinct request or intent marker ("could you", "we would like"). */
  intentPoints: number;
  /** Points of each distinct object term ("higher plan", "add-on"). */
  objectPoints: number;
  /** Points taken off per distinct blocker ("you may cancel", "free trial today"). */
  blockerPoints: number;
  /**
   * Sentences on either side of the object's sentence whose request markers and question mark
   * also count, so that "23 staff transfer to us in October. Can you set them up?" combines.
   * Objects and blockers count only in their own sentence.
   */
  window: number;
  intent: string[];
  object: string[];
  blockers: string[];
}

export const SCORE_GROUPS = ['intent', 'object', 'blockers'] as const;
export type ScoreGroup = (typeof SCORE_GROUPS)[number];

/** Distinct terms of one group that count towards a score: more is repetition, not evidence. */
export const MAX_TERMS_COUNTED = 2;

/** Widest `window` a scored rule may set: further away, a request is about something else. */
export const MAX_WINDOW = 2;

interface ScoreOwner {
  rule: RuleSource;
  group: ScoreGroup;
}

/** The scored rules of one pack, all terms compiled into one index. */
export interface ScoreIndex {
  rules: RuleSource[];
  terms: PatternIndex<ScoreOwner>;
}

/** A scored rule's result on one sentence: the object match it hangs on, or why it stayed quiet. */
export interface ScoreResult {
  rule: RuleSource;
  /** First object match in the sentence: the negation and past checks run at its position. */
  match: PatternMatch<ScoreOwner>;
  /**
   * Every distinct object match, in sentence order. An object negated in one clause
   * ("without changing plans") leaves the others ("or is it Enterprise only?") to be judged.
   */
  objects: PatternMatch<ScoreOwner>[];
  score: number;
  /** `intent 'could you' + object 'higher plan'`, for explanations. */
  summary: string;
  verdict: MatchVerdict;
}

export function compileScores(
  settings: TokenizerSettings,
  sets: ReadonlyMap<string, string[]>,
  rules: readonly RuleSource[],
): ScoreIndex {
  const terms = new PatternIndex<ScoreOwner>();
  const scored = rules.filter((rule) => rule.score !== null);
  for (const rule of scored) {
    for (const group of SCORE_GROUPS) {
      for (const text of rule.score?.[group] ?? []) {
        try {
          const elements = parsePattern(settings, text, sets, 'pattern');
          terms.add({ owner: { rule, group }, source: text, elements, isLiteral: false });
        } catch (error) {
          if (!(error instanceof PatternSyntaxError)) throw error;
          throw new ScoreTermError(rule, group, text, error.message);
        }
      }
    }
  }
  return { rules: scored, terms };
}

/** A score term that does not parse. rule-set.ts turns it into a RULES_INVALID error. */
export class ScoreTermError extends Error {
  constructor(
    readonly rule: RuleSource,
    readonly group: ScoreGroup,
    readonly term: string,
    detail: string,
  ) {
    super(detail);
  }
}

interface Tally {
  intent: PatternMatch<ScoreOwner>[];
  object: PatternMatch<ScoreOwner>[];
  blockers: PatternMatch<ScoreOwner>[];
}

/** The score terms found in one sentence, per scored rule, before any rule is scored. */
export interface SentenceTally {
  tallies: Map<RuleSource, Tally>;
  isQuestion: boolean;
  /** Sentences of different groups (a subject line and a body) never lend each other requests. */
  group: string;
}

/** Requests a sentence borrows from its neighbours within a rule's window. */
interface Borrowed {
  intent: PatternMatch<ScoreOwner>[];
  isQuestion: boolean;
}

/** Keeps one match per term, so a term written twice in a sentence counts once. */
function distinct(matches: PatternMatch<ScoreOwner>[]): PatternMatch<ScoreOwner>[] {
  const kept = new Map<string, PatternMatch<ScoreOwner>>();
  for (const match of matches) if (!kept.has(match.pattern.source)) kept.set(match.pattern.source, match);
  return [...kept.values()];
}

function describe(group: string, matches: readonly PatternMatch<ScoreOwner>[]): string[] {
  return matches.map((match) => `${group} '${match.pattern.source}'`);
}

function scoreOne(rule: RuleSource, source: ScoreSource, tally: Tally, isQuestion: boolean, borrowed: Borrowed): ScoreResult | null {
  const object = distinct(tally.object);
  const first = object[0];
  if (first === undefined) return null;
  const ownIntent = distinct(tally.intent);
  const ownTerms = new Set(ownIntent.map((match) => match.pattern.source));
  const nearbyIntent = distinct(borrowed.intent).filter((match) => !ownTerms.has(match.pattern.source));
  const intentCount = ownIntent.length + nearbyIntent.length;
  const blockers = distinct(tally.blockers);
  const isNearbyQuestion = !isQuestion && borrowed.isQuestion;
  const asks = isQuestion || isNearbyQuestion ? source.question : 0;
  const score =
    asks +
    Math.min(intentCount, MAX_TERMS_COUNTED) * source.intentPoints +
    Math.min(object.length, MAX_TERMS_COUNTED) * source.objectPoints -
    blockers.length * source.blockerPoints;
  const parts = [
    ...(isQuestion && source.question > 0 ? ['question'] : []),
    ...(isNearbyQuestion && source.question > 0 ? ['question nearby'] : []),
    ...describe('intent', ownIntent),
    ...describe('intent nearby', nearbyIntent),
    ...describe('object', object),
    ...describe('blocker', blockers),
  ];
  const summary = `score ${score}/${source.threshold}: ${parts.join(' + ')}`;
  const hasRequest = intentCount > 0 || asks > 0;
  const blocker = blockers[0];
  let verdict: MatchVerdict = { fired: true };
  if (blocker !== undefined && score < source.threshold) {
    verdict = { fired: false, reason: 'blocked', cue: blocker.pattern.source };
  } else if (score < source.threshold) {
    verdict = { fired: false, reason: 'below-threshold', cue: summary };
  } else if (!hasRequest) {
    // Objects alone can reach the threshold ("a demo" + "evaluating vendors" is 4/3), but a
    // scored rule also needs a request: an intent term or a question mark.
    verdict = { fired: false, reason: 'no-request', cue: summary };
  }
  return { rule, match: first, objects: object, score, summary, verdict };
}

/** Finds the score terms of every scored rule in one sentence, with one scan of its tokens. */
export function tallySentence(index: ScoreIndex, tokens: readonly Token[], isQuestion: boolean, group: string): SentenceTally {
  const tallies = new Map<RuleSource, Tally>();
  if (index.rules.length === 0) return { tallies, isQuestion, group };
  for (const match of index.terms.scan(tokens)) {
    const { rule, group: termGroup } = match.pattern.owner;
    let tally = tallies.get(rule);
    if (tally === undefined) {
      tally = { intent: [], object: [], blockers: [] };
      tallies.set(rule, tally);
    }
    tally[termGroup].push(match);
  }
  return { tallies, isQuestion, group };
}

function borrowRequests(rule: RuleSource, window: number, sentences: readonly SentenceTally[], position: number): Borrowed {
  const borrowed: Borrowed = { intent: [], isQuestion: false };
  const own = sentences[position];
  for (let offset = -window; offset <= window; offset += 1) {
    const neighbour = sentences[position + offset];
    if (offset === 0 || neighbour === undefined || neighbour.group !== own?.group) continue;
    borrowed.intent.push(...(neighbour.tallies.get(rule)?.intent ?? []));
    borrowed.isQuestion ||= neighbour.isQuestion;
  }
  return borrowed;
}

/**
 * Scores every scored rule on the sentence at `position`. A rule with a window also counts the
 * request markers of the sentences around it, in the same group.
 */
export function scoreSentence(index: ScoreIndex, sentences: readonly SentenceTally[], position: number): ScoreResult[] {
  const sentence = sentences[position];
  if (sentence === undefined) return [];
  const results: ScoreResult[] = [];
  for (const rule of index.rules) {
    const tally = sentence.tallies.get(rule);
    if (tally === undefined || rule.score === null) continue;
    const borrowed = borrowRequests(rule, rule.score.window, sentences, position);
    const result = scoreOne(rule, rule.score, tally, sentence.isQuestion, borrowed);
    if (result !== null) results.push(result);
  }
  return results;
}

/** Widest window of the scored rules of a pack, 0 when none looks past its own sentence. */
export function widestWindow(index: ScoreIndex): number {
  return Math.max(0, ...index.rules.map((rule) => rule.score?.window ?? 0));
}
