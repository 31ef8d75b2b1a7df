// Runs the compiled rules over a message's subject and new text and keeps one
// hit per rule: the sentence with the highest confidence.
import { CATEGORIES, type Category, type MailMessage, type SignalHit } from '../types.js';
import { analyseSentence, judgeMatch, keptCount, type MatchVerdict, type SentenceContext } from './context.js';
import { detectFoldedLanguage } from './language.js';
import { FoldedChunks, foldText, joinDigitGroups } from './normalize.js';
import type { PatternMatch } from './patterns.js';
import {
  DEFAULT_CONTEXT_MODE,
  DEFAULT_SCOPE,
  findCategories,
  isRuledOut,
  participantWords,
  readModelText,
  scoreFeatures,
  textFeatures,
  toModelHit,
  vetoFloorOf,
  type ContextMode,
  type LinearModel,
  type ModelText,
} from './model.js';
import { canScannedUnitsReachThreshold, canUnitsReachThreshold, scannedProbabilities, unitProbabilities } from './model-reach.js';
import { extractNewLinesOf } from './reply.js';
import { findAffirmation, proposalHits, quotedUnits } from './reply-context.js';
import type { RuleSource } from './rule-file.js';
import { SENTENCE_GROUPS, type CompiledPack, type PatternOwner, type RuleSet, type ScoredGroup } from './rule-set.js';
import { scoreSentence, tallySentence, widestWindow, type ScoreResult } from './score.js';
import { isLabelRun, splitLineSentences, splitSentences, stripSubjectPrefixes, toSnippet } from './sentences.js';
import { countAt, tokenizeFolded, type Token } from './tokens.js';
import { canMatchChunks, matchGroupsInText, matchGroupsOfScan } from './trigger.js';
import { canScanPack, scanUnits, type UnitScan } from './word-scan.js';

/** Characters of message text read: the new text of a message sits at its top. */
export const MAX_SCANNED_CHARS = 20_000;

/** Confidence factor for a hit found only in the subject line, which has no sentence context. */
const SUBJECT_FACTOR = 0.9;

/** Confidence factor per token matched only through a typo. */
const TYPO_FACTOR = 0.9;

export type TextPart = 'subject' | 'body';

/** A rule match in one sentence, judged in context. */
export interface JudgedMatch {
  rule: RuleSource;
  language: string;
  part: TextPart;
  sentence: string;
  match: PatternMatch<PatternOwner>;
  verdict: MatchVerdict;
  confidence: number;
  /** The match's own quantity, else a count next to a unit noun in the sentence. */
  quantity: number | null;
}

export interface TextUnit {
  part: TextPart;
  sentence: string;
  /**
   * The sentence after foldText() and joinDigitGroups(), with links and mail addresses
   * blanked: what the trigger pass and the tokenizer read.
   */
  folded: string;
}

/**
 * Splits a message into scanned units. The subject of a reply or forward was
 * written by the other side (often by us), so only an original subject counts.
 * A body line of labels (a web page's menu pasted into mail) contains no request.
 * A subject is often in title case, so the label test skips only body lines.
 */
export function messageUnits(subject: string, newText: string, newLines?: readonly string[]): TextUnit[] {
  const units: TextUnit[] = [];
  const cleanSubject = stripSubjectPrefixes(subject);
  if (cleanSubject !== '' && cleanSubject === subject.trim()) units.push(toUnit('subject', cleanSubject));
  for (const sentence of newLines === undefined ? splitSentences(newText) : splitLineSentences(newLines)) {
    if (!isLabelRun(sentence)) units.push(toUnit('body', sentence));
  }
  return units;
}

// Links and mail addresses are no words: "trial.html?src=" in a link and the
// "buy" of "Rick.Buy@enron.com" once fired rules.
const WEB_OR_MAIL_ADDRESS = /(?:https?:\/\/|mailto:|www\.)\S+|[^\s<>()"']+@[^\s<>()"']+\.[a-z]{2,}/g;

// WEB_OR_MAIL_ADDRESS matches only text with one of these parts, and trying its
// second branch at every character of a long text is slow.
function mayHoldAddress(text: string): boolean {
  return text.includes('@') || text.includes('://') || text.includes('mailto:') || text.includes('www.');
}

export function toUnit(part: TextPart, sentence: string): TextUnit {
  const folded = joinDigitGroups(foldText(sentence));
  return { part, sentence, folded: mayHoldAddress(folded) ? folded.replace(WEB_OR_MAIL_ADDRESS, ' ') : folded };
}

function confidenceOf(rule: RuleSource, part: TextPart, match: PatternMatch<PatternOwner>): number {
  let confidence = rule.weight * (part === 'subject' ? SUBJECT_FACTOR : 1);
  for (let typo = 0; typo < match.typos.length; typo += 1) confidence *= TYPO_FACTOR;
  return Math.round(confidence * 100) / 100;
}

// A match inside a longer match of another category is part of that phrase:
// "not renew" is churn-risk, not renewal, and "request for proposal" is an
// RFP, not a quote request. Only churn-risk matches and fixed rule phrases
// suppress this way, because a general pattern such as "move ... for 20
// users" may contain a genuine second signal ("the Enterprise offer"). On
// the same tokens, a phrase wins over a pattern.
function suppressContained(judged: JudgedMatch[]): void {
  const containers = judged.filter(
    (item) => item.verdict.fired && (item.rule.category === 'churn-risk' || item.match.pattern.isLiteral),
  );
  for (const item of judged) {
    if (!item.verdict.fired) continue;
    const container = containers.find(
      (outer) =>
        outer.rule.category !== item.rule.category &&
        outer.match.start <= item.match.start &&
        outer.match.end >= item.match.end &&
        (outer.match.end - outer.match.start > item.match.end - item.match.start ||
          (outer.match.pattern.isLiteral && !item.match.pattern.isLiteral)),
    );
    if (container !== undefined) {
      const cue = `${container.rule.id} (${container.match.pattern.source})`;
      item.verdict = { fired: false, reason: 'inside-other-rule', cue };
    }
  }
}

/** Largest count taken from a sentence, because larger numbers are amounts or ids. */
const MAX_NEARBY_COUNT = 100_000;

// "Please send a quote for 7 licences": the rule has no quantity slot, but a
// count right before a unit noun (one word may sit between, as in "40 Pro
// seats") is the size of the request. The first such count in the sentence wins.
function countNear(pack: CompiledPack, tokens: readonly Token[], match: PatternMatch<PatternOwner>): number | null {
  const uncaptured = new Set(match.uncaptured);
  for (let position = 0; position < tokens.length; position += 1) {
    // The limit reads the digits as written, because "1.2m users" states its size, while a long
    // run of digits is an amount or an id.
    const written = tokens[position]?.number ?? null;
    const count = countAt(tokens, position);
    if (written === null || count === null || written <= 0 || written > MAX_NEARBY_COUNT || uncaptured.has(count)) continue;
    const next = tokens[position + 1];
    const after = tokens[position + 2];
    if (next !== undefined && pack.unitStems.has(next.stem)) return count;
    const canSkip = next !== undefined && !next.isPunctuation && next.number === null;
    if (canSkip && after !== undefined && pack.unitStems.has(after.stem)) return count;
  }
  return null;
}

// "Add 2.5k users" captures 2.5, but the customer counts 2,500 users. Only a count
// of units is scaled: the rules read an amount such as "borrow 200k" as 200.
function scaleToUnits(pack: CompiledPack, tokens: readonly Token[], quantity: number | null): number | null {
  if (quantity === null) return null;
  for (let position = 0; position + 2 < tokens.length; position += 1) {
    if (tokens[position]?.number !== quantity) continue;
    const scaled = countAt(tokens, position);
    if (scaled !== quantity && pack.unitStems.has(tokens[position + 2]?.stem ?? '')) return scaled;
  }
  return quantity;
}

// A supplier pitching to the mailbox owner ("we will take 20% off") writes
// the same words as a buying customer, so its whole message is set aside.
function findSupplierOffer(pack: CompiledPack, tokenized: readonly Token[][]): string | null {
  for (const tokens of tokenized) {
    const offer = pack.supplierPatterns.scan(tokens)[0];
    if (offer !== undefined) return offer.pattern.source;
  }
  return null;
}

// A scored rule is judged at an object term, so the negation, past and vendor
// checks read the same clause as for a pattern. The score summary is
// reported as the matched phrase.
function scoredMatch(result: ScoreResult, object: ScoreResult['match']): PatternMatch<PatternOwner> {
  const owner: PatternOwner = { kind: 'rule', rule: result.rule };
  return { ...object, pattern: { ...object.pattern, owner, source: result.summary, term: object.pattern.source } };
}

// The first object term that passes the context checks carries the rule;
// when none does, the first one's reason is reported.
function judgeScored(
  result: ScoreResult,
  supplierOffer: string | null,
  context: SentenceContext,
): { match: PatternMatch<PatternOwner>; verdict: MatchVerdict } {
  const first = scoredMatch(result, result.match);
  if (!result.verdict.fired) return { match: first, verdict: result.verdict };
  if (supplierOffer !== null) {
    return { match: first, verdict: { fired: false, reason: 'vendor-offer', cue: `supplier offer in the message (${supplierOffer})` } };
  }
  const judged = result.objects.map((object) => {
    const match = scoredMatch(result, object);
    return { match, verdict: judgeMatch(context, match) };
  });
  return judged.find((candidate) => candidate.verdict.fired) ?? judged[0] ?? { match: first, verdict: judgeMatch(context, first) };
}

/** Units that judgeUnits() reads only in part, because the trigger pass found that no rule can fire in them. */
export interface PartialUnits {
  /** Units read by the supplier-offer check only. */
  offerOnly?: ReadonlySet<TextUnit>;
  /** Units whose request markers and question mark count for the windowed scored rules of their neighbours. */
  tallyOnly?: ReadonlySet<TextUnit>;
  /** Units that contain no supplier offer, so the supplier-offer check skips them. */
  offerless?: ReadonlySet<TextUnit>;
  /** Tokens of units already tokenized with the pack, reused instead of tokenizing again. */
  tokens?: ReadonlyMap<TextUnit, Token[]>;
}

const NO_UNITS: ReadonlySet<TextUnit> = new Set();

/**
 * Scans every unit with one pack and judges each rule match and scored rule,
 * except in the units `partial` lists.
 */
export function judgeUnits(pack: CompiledPack, units: readonly TextUnit[], partial: PartialUnits = {}): JudgedMatch[] {
  const { offerOnly = NO_UNITS, tallyOnly = NO_UNITS, offerless = NO_UNITS, tokens: known } = partial;
  const judged: JudgedMatch[] = [];
  const tokenized = units.map((unit) => known?.get(unit) ?? tokenizeFolded(pack.settings, unit.folded, pack.typos));
  const supplierOffer = findSupplierOffer(
    pack,
    tokenized.filter((_, position) => !offerless.has(units[position] as TextUnit)),
  );
  const contexts = units.map((unit, position) =>
    offerOnly.has(unit) ? null : tallyOnly.has(unit) ? tallyContext(tokenized[position] ?? []) : analyseSentence(pack, tokenized[position] ?? []),
  );
  // Score terms are tallied for every judged sentence first, because a rule with a window
  // reads the request markers of the sentences around the one it is scored on.
  const tallies = units.map((unit, position) =>
    tallySentence(pack.scores, contexts[position] === null ? [] : (tokenized[position] ?? []), contexts[position]?.isQuestion ?? false, unit.part),
  );
  units.forEach((unit, position) => {
    const context = contexts[position];
    if (context === null || context === undefined || tallyOnly.has(unit)) return;
    const tokens = tokenized[position] ?? [];
    const inUnit: JudgedMatch[] = [];
    for (const match of pack.rulePatterns.scan(tokens)) {
      const owner = match.pattern.owner;
      if (owner.kind !== 'rule') continue;
      inUnit.push({
        rule: owner.rule,
        language: pack.language,
        part: unit.part,
        sentence: unit.sentence,
        match,
        verdict:
          supplierOffer === null
            ? judgeMatch(context, match)
            : { fired: false, reason: 'vendor-offer', cue: `supplier offer in the message (${supplierOffer})` },
        confidence: confidenceOf(owner.rule, unit.part, match),
        quantity: scaleToUnits(pack, tokens, match.quantity) ?? keptCount(context, match) ?? countNear(pack, tokens, match),
      });
    }
    for (const result of scoreSentence(pack.scores, tallies, position)) {
      const { match, verdict } = judgeScored(result, supplierOffer, context);
      inUnit.push({
        rule: result.rule,
        language: pack.language,
        part: unit.part,
        sentence: unit.sentence,
        match,
        verdict,
        confidence: confidenceOf(result.rule, unit.part, match),
        quantity: scaleToUnits(pack, tokens, match.quantity) ?? keptCount(context, match) ?? countNear(pack, tokens, match),
      });
    }
    suppressContained(inUnit);
    judged.push(...inUnit);
  });
  followBody(judged);
  return judged;
}

// The part of analyseSentence() that tallySentence() reads: a tally-only unit needs no context cues.
function tallyContext(tokens: Token[]): SentenceContext {
  return { tokens, spans: [], clauseStarts: [0], isQuestion: tokens.some((token) => token.text === '?') };
}

/** Reasons a body sentence gives for setting a match aside that also apply to the subject above it. */
const BODY_REASONS: ReadonlySet<string> = new Set(['negated', 'past', 'blocked']);

// A subject is the headline of its body and has no context of its own. When the
// body contains a match of the same rule and sets every such match aside, the subject
// means the same: "Staff leaving at end of month" over "Three members of staff are
// leaving us at the end of the month", "Budget approved" over "our budget was
// approved yesterday".
function followBody(judged: JudgedMatch[]): void {
  for (const subject of judged) {
    if (subject.part !== 'subject' || !subject.verdict.fired) continue;
    const body = judged.filter((other) => other.part === 'body' && other.rule.id === subject.rule.id);
    if (body.length === 0 || body.some((other) => other.verdict.fired)) continue;
    const reason = body.find((other) => !other.verdict.fired && BODY_REASONS.has(other.verdict.reason))?.verdict;
    if (reason === undefined || reason.fired) continue;
    subject.verdict = { fired: false, reason: reason.reason, cue: `${reason.cue} (in the body)` };
  }
}

// Higher confidence wins, then a captured quantity, then the earlier sentence
// (units are scanned in order, so the first seen is earlier).
function isBetter(candidate: JudgedMatch, current: JudgedMatch): boolean {
  if (candidate.confidence !== current.confidence) return candidate.confidence > current.confidence;
  return candidate.quantity !== null && current.quantity === null;
}

export function toHit(judged: JudgedMatch): SignalHit {
  const entry = judged.rule.catalogEntries?.[judged.match.pattern.term ?? judged.match.pattern.source];
  return {
    ...(entry === undefined ? {} : { entry }),
    ruleId: judged.rule.id,
    category: judged.rule.category,
    language: judged.language,
    phrase: judged.match.pattern.source,
    snippet: toSnippet(judged.sentence),
    quantity: judged.quantity,
    confidence: judged.confidence,
  };
}

/** The best fired match per rule, split into kept hits and hits dropped by the rule's `yieldsTo`. */
export interface RankedMatches {
  kept: JudgedMatch[];
  /** Each dropped match with the fired category it yielded to, and whether only in its sentence. */
  yielded: { judged: JudgedMatch; to: Category; inSentence?: true }[];
}

// The key of a category fired in one sentence of one part.
function sentenceKey(category: Category, judged: JudgedMatch): string {
  return `${category}\n${judged.part}\n${judged.sentence}`;
}

/**
 * Ranks the fired matches in three steps. A match whose rule lists, in
 * `yieldsInSentence`, a category fired in the same sentence is dropped. Then
 * the best match per rule is kept. Then a rule that yields to a category some
 * fired rule of the text has, at no lower a confidence, is dropped: a weak
 * scored guess never hides a phrase match.
 */
export function rankMatches(judged: readonly JudgedMatch[]): RankedMatches {
  const firedInSentence = new Set<string>();
  for (const candidate of judged) if (candidate.verdict.fired) firedInSentence.add(sentenceKey(candidate.rule.category, candidate));
  const best = new Map<string, JudgedMatch>();
  const sentenceYields = new Map<string, { judged: JudgedMatch; to: Category; inSentence: true }>();
  for (const candidate of judged) {
    if (!candidate.verdict.fired) continue;
    const to = candidate.rule.yieldsInSentence?.find((category) => firedInSentence.has(sentenceKey(category, candidate)));
    if (to !== undefined) {
      if (!sentenceYields.has(candidate.rule.id)) sentenceYields.set(candidate.rule.id, { judged: candidate, to, inSentence: true });
      continue;
    }
    const current = best.get(candidate.rule.id);
    if (current === undefined || isBetter(candidate, current)) best.set(candidate.rule.id, candidate);
  }
  const strongest = new Map<Category, number>();
  for (const candidate of best.values()) {
    const { category } = candidate.rule;
    strongest.set(category, Math.max(strongest.get(category) ?? 0, candidate.confidence));
  }
  const ranked: RankedMatches = { kept: [], yielded: [] };
  for (const [id, entry] of sentenceYields) if (!best.has(id)) ranked.yielded.push(entry);
  for (const candidate of best.values()) {
    const to = candidate.rule.yieldsTo.find((category) => (strongest.get(category) ?? -1) >= candidate.confidence);
    if (to === undefined) ranked.kept.push(candidate);
    else ranked.yielded.push({ judged: candidate, to });
  }
  return ranked;
}

/** Keeps the best fired match per rule, sorted by category order then rule id. */
export function bestHits(judged: readonly JudgedMatch[]): SignalHit[] {
  return rankMatches(judged).kept.map(toHit).sort(compareHits);
}

export function compareHits(a: SignalHit, b: SignalHit): number {
  return (
    CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.snippet.localeCompare(b.snippet)
  );
}

/** Scanned text of a message, with its units and the packs its language guess runs. */
export interface ReadText {
  text: string;
  newText: string;
  units: TextUnit[];
  packs: CompiledPack[];
}

/** Reads a message's new text into units and guesses its language, as detection does. */
export function readMessageText(message: MailMessage, rules: RuleSet): ReadText {
  const { text, newLines, units, packs } = readMessageLines(message, rules);
  return { text, newText: newLines.join('\n'), units, packs };
}

/** The text, units and packs of readMessageText(), with the new text still as lines, because most messages never join them. */
interface ReadLines {
  text: string;
  newLines: string[];
  units: TextUnit[];
  packs: CompiledPack[];
}

function readMessageLines(message: MailMessage, rules: RuleSet): ReadLines {
  const text = message.text.slice(0, MAX_SCANNED_CHARS);
  const newLines = extractNewLinesOf(text);
  const units = messageUnits(message.subject, '', newLines);
  const foldedUnits = units.map((unit) => unit.folded);
  // The guess reads the subject and the new text. The units hold every a-z
  // word of the new text and, when it is an original subject, the subject.
  const hasSubjectUnit = units[0]?.part === 'subject';
  const guess = detectFoldedLanguage(hasSubjectUnit ? foldedUnits : [foldText(message.subject), ...foldedUnits], rules.packs);
  return { text, newLines, units, packs: guess.packs };
}

/** Finds the buying signals in a message's subject and new text. */
export function detectSignals(message: MailMessage, rules: RuleSet): SignalHit[] {
  const hasModels = rules.models !== undefined && rules.models.size > 0;
  if (!hasModels) {
    // Without the model, mail that no rule can match is not read further.
    const chunks = new FoldedChunks(`${message.subject}\n${message.text.slice(0, MAX_SCANNED_CHARS)}`);
    const chunkAt = (index: number): string | undefined => chunks.at(index);
    if (!rules.packs.some((pack) => canMatchChunks(pack.trigger, pack.settings, pack.typos, chunkAt))) return [];
  }
  const { text, newLines, units, packs } = readMessageLines(message, rules);
  const foldedUnits = units.map((unit) => unit.folded);
  const scans = hasModels ? sharedScans(packs, rules, foldedUnits) : NO_SCANS;
  const hits = bestHits(packs.flatMap((pack) => judgeCandidates(pack, units, foldedUnits, scans.get(pack))));
  const withProposals = addHits(hits, proposalsTakenUp(packs, text, () => newLines.join('\n'), units));
  if (!hasModels) return withProposals;
  const names = participantWords([message.from, ...message.replyTo, ...message.to, ...message.cc].flatMap((address) => address ?? []));
  // The model adds categories against the rules' findings before the veto, as the
  // veto was measured: a vetoed category is still one no model hit may add.
  const { kept } = vetoRuleHits(packs, rules, units, withProposals, names, scans);
  return addHits(kept, modelHits(packs, rules, units, withProposals, names, scans));
}

/** A rule's finding that the model vetoed: its probability for the category in the message is below the floor. */
export interface VetoedHit {
  hit: SignalHit;
  probability: number;
  floor: number;
}

/**
 * Drops the rules' findings of a category whose model probability in the message
 * is below the category's veto floor. The probability is the highest over the
 * packs read that have a model and a feature in the text. A message in which no
 * model reads a feature, or a category no model has, gets 1, so nothing is vetoed.
 * With several packs, a category's floor is the highest of their models' floors.
 * The scores are computed only for a message with a finding of a category that has a floor.
 */
export function vetoRuleHits(
  packs: readonly CompiledPack[],
  rules: RuleSet,
  units: readonly TextUnit[],
  hits: readonly SignalHit[],
  names: ReadonlySet<string> = NO_NAMES,
  scans: ReadonlyMap<CompiledPack, readonly UnitScan[]> = NO_SCANS,
): { kept: SignalHit[]; vetoed: VetoedHit[] } {
  const models = rules.models;
  if (hits.length === 0 || models === undefined || models.size === 0) return { kept: [...hits], vetoed: [] };
  const floors = new Map<Category, number>();
  // The lowest bound of the packs' models: a finding one of them spares is spared.
  let bound = Infinity;
  for (const pack of packs) {
    const model = models.get(pack.language);
    if (model === undefined) continue;
    bound = Math.min(bound, model.vetoBelow);
    for (const hit of hits) floors.set(hit.category, Math.max(floors.get(hit.category) ?? 0, vetoFloorOf(model, hit.category)));
  }
  // A category the rules found with a confidence at or above the bound is out of the veto's reach.
  if (bound !== Infinity) {
    for (const hit of hits) {
      if (hit.confidence >= bound) floors.delete(hit.category);
    }
  }
  if (![...floors.values()].some((floor) => floor > 0)) return { kept: [...hits], vetoed: [] };
  let probabilities: Map<Category, number> | null = null;
  for (const pack of packs) {
    const model = models.get(pack.language);
    if (model === undefined) continue;
    const packScans = scans.get(pack);
    const scored = packScans === undefined ? unitProbabilities(model, pack, units, names) : scannedProbabilities(model, pack, units, packScans, names);
    if (scored === null) continue;
    probabilities ??= new Map();
    model.categories.forEach((category, index) => probabilities!.set(category, Math.max(probabilities!.get(category) ?? 0, scored[index] ?? 0)));
  }
  const kept: SignalHit[] = [];
  const vetoed: VetoedHit[] = [];
  for (const hit of hits) {
    const floor = floors.get(hit.category) ?? 0;
    // Six decimals, as the measurement kept the scores it chose the floors on.
    const probability = Math.round((probabilities?.get(hit.category) ?? 1) * 1e6) / 1e6;
    if (floor > 0 && probability < floor) vetoed.push({ hit, probability, floor });
    else kept.push(hit);
  }
  return { kept, vetoed };
}

const NO_SCANS: ReadonlyMap<CompiledPack, readonly UnitScan[]> = new Map();

// With a model, the sentence trigger and the model's pre-check both read every
// unit's words, so each unit is split and its words looked up once per pack.
// Without a model only the trigger reads them, and its own scan costs less.
function sharedScans(packs: readonly CompiledPack[], rules: RuleSet, foldedUnits: readonly string[]): Map<CompiledPack, UnitScan[]> {
  const scans = new Map<CompiledPack, UnitScan[]>();
  for (const pack of packs) {
    const model = rules.models?.get(pack.language);
    if (model !== undefined && canScanPack(pack)) scans.set(pack, scanUnits(pack, model, foldedUnits));
  }
  return scans;
}

/**
 * Returns the model's hits for the categories no rule fired in the message, one
 * per category. The language whose model is surest wins.
 */
export function modelHits(
  packs: readonly CompiledPack[],
  rules: RuleSet,
  units: readonly TextUnit[],
  hits: readonly SignalHit[],
  names?: ReadonlySet<string>,
  scans: ReadonlyMap<CompiledPack, readonly UnitScan[]> = NO_SCANS,
): SignalHit[] {
  const fired = new Set(hits.map((hit) => hit.category));
  const best = new Map<Category, { hit: SignalHit; probability: number }>();
  for (const pack of packs) {
    const model = rules.models?.get(pack.language);
    if (model === undefined) continue;
    if (canSkipModel(model, pack, units, fired, names, scans.get(pack))) continue;
    for (const finding of findCategories(model, readModelText(pack, units, undefined, names), { stopwords: pack.stopwords })) {
      if (fired.has(finding.category) || isRuledOut(finding.category, fired)) continue;
      const current = best.get(finding.category);
      if (current !== undefined && current.probability >= finding.probability) continue;
      const threshold = model.thresholds[model.categories.indexOf(finding.category)] ?? model.threshold;
      best.set(finding.category, { hit: toModelHit(finding, pack.language, threshold, toSnippet), probability: finding.probability });
    }
  }
  return [...best.values()].map(({ hit }) => hit);
}

/**
 * Context modes in which the model reads every sentence's features, so the
 * message's probabilities do not depend on the context cues: these only drop
 * a category that reaches its threshold.
 */
const CUES_ONLY_DROP: ReadonlySet<ContextMode> = new Set(['none', 'evidence', 'negation', 'offer']);

// The context cues (a clause analysis of every sentence) and the supplier-offer
// scan are most of the model's cost, yet in the default mode they only set
// aside a category whose message probability reaches its threshold. Most
// messages reach no threshold of a category the rules left open, so the
// features are read without the cues first, and the full read runs only when
// some open category reaches its threshold. The probabilities are computed as
// judgeCategories() computes them, so the result is the same.
// The units' shared word scan, when given, must come from this model.
function canSkipModel(
  model: LinearModel,
  pack: CompiledPack,
  units: readonly TextUnit[],
  fired: ReadonlySet<Category>,
  names?: ReadonlySet<string>,
  scans?: readonly UnitScan[],
): boolean {
  if (DEFAULT_SCOPE !== 'message' || !CUES_ONLY_DROP.has(DEFAULT_CONTEXT_MODE)) return false;
  if (scans !== undefined) return !canScannedUnitsReachThreshold(model, pack, units, scans, fired, names ?? NO_NAMES);
  return !canUnitsReachThreshold(model, pack, units, fired, names ?? NO_NAMES);
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Tells whether the message probability of a category not in `fired` nor ruled out reaches its threshold. */
export function canReachThreshold(model: LinearModel, text: ModelText, fired: ReadonlySet<Category>): boolean {
  const features = textFeatures(text, 'none');
  const probabilities = features.size === 0 ? null : scoreFeatures(model, features);
  return model.categories.some((category, index) => {
    if (fired.has(category) || isRuledOut(category, fired)) return false;
    const probability = probabilities === null ? 0 : (probabilities[index] ?? 0);
    return probability >= (model.thresholds[index] ?? model.threshold);
  });
}

/**
 * Finds the owner's quoted proposals that a reply opening with a yes takes up,
 * as hits of that yes. Every quoted sentence is judged, but only for a reply
 * that opens with an affirmation.
 */
export function acceptedProposals(
  packs: readonly CompiledPack[],
  text: string,
  newText: string,
  units: readonly TextUnit[],
): SignalHit[] {
  return proposalsTakenUp(packs, text, () => newText, units);
}

// acceptedProposals(), with the new text joined only for a reply that opens with a yes.
function proposalsTakenUp(packs: readonly CompiledPack[], text: string, newText: () => string, units: readonly TextUnit[]): SignalHit[] {
  const accepted: SignalHit[] = [];
  for (const pack of packs) {
    const affirmation = findAffirmation(pack, units);
    if (affirmation !== null) accepted.push(...proposalHits(affirmation, judgeUnits(pack, quotedUnits(text, newText()))));
  }
  return accepted;
}

/** Adds the extra hits of rules that found none in the new text, sorted as bestHits sorts. */
export function addHits(hits: readonly SignalHit[], extra: readonly SignalHit[]): SignalHit[] {
  const fired = new Set(hits.map((hit) => hit.ruleId));
  return [...hits, ...extra.filter((hit) => !fired.has(hit.ruleId))].sort(compareHits);
}

// Most sentences contain no rule's required words, and tokenizing and judging
// them is most of the detection time. A sentence that no rule pattern or score
// object can match yields no fired hit, so only the others are judged. The
// supplier-offer check reads every sentence of the message, so a sentence that
// can be an offer is tokenized for that check too, but only when some sentence
// can fire a rule. A supplier offer sets aside every match of the pack in the
// message, so the check runs first and a message with an offer is not judged.
// The kept units stay in text order, which the tie-breaks of bestHits rely on.
// Only fired matches are returned.
function judgeCandidates(pack: CompiledPack, units: readonly TextUnit[], foldedUnits: readonly string[], scans?: readonly UnitScan[]): JudgedMatch[] {
  const window = widestWindow(pack.scores);
  const candidates = sentenceCandidates(pack, units, foldedUnits, scans);
  const { canOffer } = candidates;
  if (!candidates.canFire.includes(true)) return [];
  // A subject that can fire follows the body's matches of its rule (followBody), including body
  // matches that cannot fire. So every body sentence with a possible match is judged as well.
  const subjectCanFire = units.some((unit, index) => unit.part === 'subject' && candidates.canFire[index] === true);
  const canFire = subjectCanFire
    ? candidates.canFire.map((can, index) => can || (units[index]?.part === 'body' && candidates.canMatch[index] === true))
    : candidates.canFire;
  const tokens = new Map<TextUnit, Token[]>();
  for (const [index, unit] of units.entries()) {
    if (canOffer[index] === true) tokens.set(unit, tokenizeFolded(pack.settings, unit.folded, pack.typos));
  }
  if (findSupplierOffer(pack, [...tokens.values()]) !== null) return [];
  // A sentence near one that can fire may hold the request a windowed scored rule reads, so
  // it is judged in full too. Then every sentence that can fire keeps its neighbours in place.
  // Such a neighbour that cannot fire itself is only tallied: its rule matches and scores
  // could not fire, and scoring it would read neighbours of its own that are not kept.
  const kept: TextUnit[] = [];
  const tallyOnly = new Set<TextUnit>();
  units.forEach((unit, index) => {
    if (!canFireNear(canFire, index, window)) return;
    kept.push(unit);
    if (canFire[index] !== true) tallyOnly.add(unit);
  });
  // No sentence contains a supplier offer, so the offer check is left out.
  const offerless = new Set(kept);
  return judgeUnits(pack, kept, { tallyOnly, offerless, tokens }).filter((judged) => judged.verdict.fired);
}

// Tells whether a unit within `window` places of `index` can fire, without cutting a window per unit.
function canFireNear(canFire: readonly boolean[], index: number, window: number): boolean {
  const last = Math.min(canFire.length - 1, index + window);
  for (let near = Math.max(0, index - window); near <= last; near += 1) if (canFire[near] === true) return true;
  return false;
}

// A rule pattern fires only where its required words are. A scored rule fires
// only on a sentence with one of its own object terms and a request: one of its
// own intent terms, or a question mark when it gives one points. The request is
// in that sentence or within the rule's own window, in the same part (subject or
// body), because scoreSentence() borrows requests only there. Object words such
// as "trial" are common in business mail and most such sentences request nothing,
// so they are not judged. Each test needs only the words the match needs, so no
// sentence that can fire is dropped. One scan of each sentence finds the groups
// of patterns that can match it, read from the shared word scan where there is one.
// `foldedUnits` contains the units' folded texts.
export function sentenceCandidates(
  pack: CompiledPack,
  units: readonly TextUnit[],
  foldedUnits: readonly string[] = units.map((unit) => unit.folded),
  scans?: readonly UnitScan[],
): { canFire: boolean[]; canMatch: boolean[]; canOffer: boolean[] } {
  const { settings, typos, sentenceGroupMask: all } = pack;
  const groups = foldedUnits.map((folded, index) => {
    const scan = scans?.[index] ?? null;
    return scan === null ? matchGroupsInText(pack.sentenceTrigger, settings, typos, folded, all) : matchGroupsOfScan(pack.sentenceTrigger, scan, all);
  });
  const isQuestion = foldedUnits.map((folded) => folded.includes('?'));
  const hasRequest = (group: ScoredGroup, index: number): boolean => {
    const part = units[index]?.part;
    const last = Math.min(groups.length - 1, index + group.window);
    for (let near = Math.max(0, index - group.window); near <= last; near += 1) {
      if (units[near]?.part !== part) continue;
      if (((groups[near] ?? 0) & group.intent) !== 0 || (group.question && isQuestion[near] === true)) return true;
    }
    return false;
  };
  const canFire = groups.map((found, index) => {
    if ((found & SENTENCE_GROUPS.rule) !== 0) return true;
    return pack.scoredGroups.some((group) => (found & group.object) !== 0 && hasRequest(group, index));
  });
  // A sentence can match without firing when it contains a rule's words or a scored rule's object.
  const objects = pack.scoredGroups.reduce<number>((mask, group) => mask | group.object, SENTENCE_GROUPS.rule);
  return {
    canFire,
    canMatch: groups.map((found) => (found & objects) !== 0),
    canOffer: groups.map((found) => (found & SENTENCE_GROUPS.supplier) !== 0),
  };
}
