// Scored rules: a sentence fires when a request marker and a category object
// term appear together and their points, minus any blocker's, reach the
// rule's threshold. Any marker ("could you", a question mark) combines with
// any object term ("higher plan", "add-on"), so wordings no phrase lists match.
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
  intent: string[];
  object: string[];
  blockers: string[];
}

export const SCORE_GROUPS = ['intent', 'object', 'blockers'] as const;
export type ScoreGroup = (typeof SCORE_GROUPS)[number];

/** Distinct terms of one group that count towards a score: more is repetition, not evidence. */
export const MAX_TERMS_COUNTED = 2;

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

/** Keeps one match per term, so a term written twice in a sentence counts once. */
function distinct(matches: PatternMatch<ScoreOwner>[]): PatternMatch<ScoreOwner>[] {
  const kept = new Map<string, PatternMatch<ScoreOwner>>();
  for (const match of matches) if (!kept.has(match.pattern.source)) kept.set(match.pattern.source, match);
  return [...kept.values()];
}

function describe(group: string, matches: readonly PatternMatch<ScoreOwner>[]): string[] {
  return matches.map((match) => `${group} '${match.pattern.source}'`);
}

function scoreOne(rule: RuleSource, source: ScoreSource, tally: Tally, isQuestion: boolean): ScoreResult | null {
  const object = distinct(tally.object);
  const first = object[0];
  if (first === undefined) return null;
  const intent = distinct(tally.intent);
  const blockers = distinct(tally.blockers);
  const asks = isQuestion ? source.question : 0;
  const score =
    asks +
    Math.min(intent.length, MAX_TERMS_COUNTED) * source.intentPoints +
    Math.min(object.length, MAX_TERMS_COUNTED) * source.objectPoints -
    blockers.length * source.blockerPoints;
  const parts = [
    ...(isQuestion && source.question > 0 ? ['question'] : []),
    ...describe('intent', intent),
    ...describe('object', object),
    ...describe('blocker', blockers),
  ];
  const summary = `score ${score}/${source.threshold}: ${parts.join(' + ')}`;
  const hasRequest = intent.length > 0 || asks > 0;
  const blocker = blockers[0];
  let verdict: MatchVerdict = { fired: true };
  if (blocker !== undefined && score < source.threshold) {
    verdict = { fired: false, reason: 'blocked', cue: blocker.pattern.source };
  } else if (!hasRequest || score < source.threshold) {
    verdict = { fired: false, reason: 'below-threshold', cue: summary };
  }
  return { rule, match: first, objects: object, score, summary, verdict };
}

/** Scores every scored rule of a pack on one sentence, with one scan of its tokens. */
export function scoreSentence(index: ScoreIndex, tokens: readonly Token[], isQuestion: boolean): ScoreResult[] {
  if (index.rules.length === 0) return [];
  const tallies = new Map<RuleSource, Tally>();
  for (const match of index.terms.scan(tokens)) {
    const { rule, group } = match.pattern.owner;
    let tally = tallies.get(rule);
    if (tally === undefined) {
      tally = { intent: [], object: [], blockers: [] };
      tallies.set(rule, tally);
    }
    tally[group].push(match);
  }
  const results: ScoreResult[] = [];
  for (const rule of index.rules) {
    const tally = tallies.get(rule);
    if (tally === undefined || rule.score === null) continue;
    const result = scoreOne(rule, rule.score, tally, isQuestion);
    if (result !== null) results.push(result);
  }
  return results;
}
