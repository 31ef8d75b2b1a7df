// `leak rules test`: shows which rules fire on a text and why, and which rules
// matched but did not count, with the reason.
import { Chalk } from 'chalk';
import { LeakError } from '../errors.js';
import type { Category, MailMessage, SignalHit } from '../types.js';
import type { NearMissReason } from './context.js';
import {
  acceptedProposals,
  addHits,
  bestHits,
  compareHits,
  judgeUnits,
  messageUnits,
  modelHits,
  rankMatches,
  readMessageText,
  toHit,
  vetoRuleHits,
  type JudgedMatch,
  type VetoedHit,
  type TextPart,
  type TextUnit,
} from './detect.js';
import { judgeCategories, participantWords, readModelText, scoreFeatures, type DropReason } from './model.js';
import { toSnippet } from './sentences.js';
import { detectLanguage } from './language.js';
import { extractNewText } from './reply.js';
import type { CompiledPack, RuleSet } from './rule-set.js';

export interface NearMiss {
  ruleId: string;
  category: Category;
  language: string;
  phrase: string;
  snippet: string;
  /** Reason the match does not count. `quoted` means it sits in reply history or a signature. */
  reason: NearMissReason | 'quoted';
  /** The context phrase that caused it, such as `not`, or the removed line. */
  cue: string;
}

export interface ExplainedHit extends SignalHit {
  /** Words that matched a rule word only through a one-letter typo. */
  typos: string[];
}

export interface Explanation {
  newText: string;
  /** Detected language, or null when unsure (every pack then runs). */
  language: string | null;
  languageScores: Record<string, number>;
  packs: string[];
  hits: ExplainedHit[];
  nearMisses: NearMiss[];
  /** The learned model's probability per category and language, empty with --no-model. */
  modelScores: ModelScore[];
  /** Rule findings the learned model vetoed, empty with --no-model. */
  vetoed: VetoedRuleHit[];
}

/** A rule that fired but whose category the model vetoed: its probability in the text is below the floor. */
export interface VetoedRuleHit {
  ruleId: string;
  category: Category;
  language: string;
  phrase: string;
  snippet: string;
  probability: number;
  floor: number;
}

/** One category's probability from the learned model of one language, against its threshold. */
export interface ModelScore {
  language: string;
  category: Category;
  probability: number;
  threshold: number;
  /** Probability of the best sentence for the category on its own (0 when none adds to it). */
  sentenceProbability: number;
  /**
   * Why a category whose probability reaches the threshold gives no model hit:
   * the model's own reasons, `rule` (a rule fired in that category) or
   * `other-language` (another pack's model is surer). Null otherwise.
   */
  dropped: DropReason | 'rule' | 'other-language' | null;
  /** Terms that add the most to the category in its best sentence, readable ones first. */
  terms: string[];
}

function textMessage(text: string): MailMessage {
  return {
    id: 'rules-test',
    hasMessageId: false,
    mailbox: '-',
    file: '-',
    index: 0,
    offset: null,
    date: null,
    dateSource: 'none',
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    subject: '',
    inReplyTo: null,
    references: [],
    gmailThreadId: null,
    gmailLabels: [],
    headers: {},
    text,
    textSource: 'plain',
  };
}

function choosePacks(text: string, rules: RuleSet, language: string | undefined) {
  const guess = detectLanguage(text, rules.packs);
  if (language === undefined) return guess;
  const pack = rules.packs.find((candidate) => candidate.language === language);
  if (pack === undefined) {
    const known = rules.packs.map((candidate) => candidate.language).join(', ');
    throw new LeakError('USAGE', `no rule pack for language "${language}"; use one of ${known}.`);
  }
  return { ...guess, language, packs: [pack] };
}

function toNearMiss(judged: JudgedMatch, reason: NearMiss['reason'], cue: string): NearMiss {
  const hit = toHit(judged);
  return { ruleId: hit.ruleId, category: hit.category, language: hit.language, phrase: hit.phrase, snippet: hit.snippet, reason, cue };
}

function quotedNearMisses(packs: CompiledPack[], text: string, newText: string): NearMiss[] {
  const newSentences = new Set(messageUnits('', newText).map((unit) => unit.sentence));
  const removed = messageUnits('', text).filter((unit) => !newSentences.has(unit.sentence));
  return packs
    .flatMap((pack) => judgeUnits(pack, removed))
    .filter((judged) => judged.verdict.fired)
    .map((judged) => toNearMiss(judged, 'quoted', judged.sentence));
}

/** Explains which rules fire on `text` (its new text only) and which nearly did. */
export function explainText(text: string, rules: RuleSet, options: { language?: string }): Explanation {
  const newText = extractNewText(textMessage(text));
  const guess = choosePacks(newText, rules, options.language);
  const units = messageUnits('', newText);
  const judged = guess.packs.flatMap((pack) => judgeUnits(pack, units));

  const ruleHits = addHits(bestHits(judged), acceptedProposals(guess.packs, text, newText, units));
  const veto = vetoRuleHits(guess.packs, rules, units, ruleHits);
  const found = addHits(veto.kept, modelHits(guess.packs, rules, units, ruleHits));
  const hits = found.map((hit) => {
    const source = judged.find((candidate) => candidate.rule.id === hit.ruleId && candidate.verdict.fired && candidate.sentence.startsWith(hit.snippet.replace(/\u2026$/, '')));
    return { ...hit, typos: source?.match.typos ?? [] };
  });
  const fired = new Set([...hits, ...veto.vetoed.map((item) => item.hit)].map((hit) => hit.ruleId));
  const nearMisses = sortNearMisses([...ruleNearMisses(judged, fired), ...quotedNearMisses(guess.packs, text, newText)].filter((miss) => !fired.has(miss.ruleId)));

  return {
    newText,
    language: guess.language,
    languageScores: guess.scores,
    packs: guess.packs.map((pack) => pack.language),
    hits,
    nearMisses: dedupeNearMisses(nearMisses),
    modelScores: scoreWithModels(guess.packs, rules, units, ruleHits, hits),
    vetoed: veto.vetoed.map(toVetoedRuleHit),
  };
}

/** Returns the matches of rules that did not fire, because their context set them aside or they yielded to another category. */
function ruleNearMisses(judged: readonly JudgedMatch[], fired: ReadonlySet<string>): NearMiss[] {
  const contextMisses = judged.flatMap((candidate) =>
    candidate.verdict.fired || fired.has(candidate.rule.id) ? [] : [toNearMiss(candidate, candidate.verdict.reason, candidate.verdict.cue)],
  );
  const yieldMisses = rankMatches(judged).yielded.map(({ judged: candidate, to, inSentence }) =>
    toNearMiss(candidate, 'yielded', `${to} fires in the same ${inSentence === true ? 'sentence' : 'text'}`),
  );
  return [...contextMisses, ...yieldMisses].filter((miss) => !fired.has(miss.ruleId));
}

function sortNearMisses(misses: NearMiss[]): NearMiss[] {
  return misses.sort((a, b) => compareHits({ ...a, quantity: null, confidence: 0 }, { ...b, quantity: null, confidence: 0 }) || a.reason.localeCompare(b.reason));
}

/** One sentence of a message's new text, with each model's probability of a category on that sentence alone. */
export interface MissSentence {
  part: TextPart;
  sentence: string;
  /** Probabilities, one per language that detection runs and that has a model. Empty with --no-model. */
  scores: { language: string; probability: number }[];
}

/** Reasons that detection found no hit of one category in a message, read as detection reads it. */
export interface MissExplanation {
  /** Languages of the packs detection runs on the message. */
  packs: string[];
  sentences: MissSentence[];
  /** The model's probability of the category for the whole new text, per language, against its threshold. */
  model: { language: string; probability: number; threshold: number; dropped: DropReason | null }[];
  /** The category's rule matches that did not fire, in the new text. */
  nearMisses: NearMiss[];
  /** The category's rules that fired but whose finding the model vetoed, empty with --no-model. */
  vetoed: VetoedRuleHit[];
}

/**
 * Explains a category that detection did not find in `message`. It lists the new-text
 * sentences (after quote stripping, as detectSignals reads them), each with the model's
 * probability of `category` on that sentence alone. It also lists the rules of that
 * category that matched but did not fire, with the reason.
 */
export function explainMiss(message: MailMessage, rules: RuleSet, category: Category): MissExplanation {
  const { text, newText, units, packs } = readMessageText(message, rules);
  const judged = packs.flatMap((pack) => judgeUnits(pack, units));
  const firedRules = new Set(rankMatches(judged).kept.map((candidate) => candidate.rule.id));
  const nearMisses = ruleNearMisses(judged, firedRules).filter((miss) => miss.category === category);
  const names = participantWords([message.from, ...message.replyTo, ...message.to, ...message.cc].flatMap((address) => address ?? []));
  const ruleHits = addHits(bestHits(judged), acceptedProposals(packs, text, newText, units));
  const vetoed = vetoRuleHits(packs, rules, units, ruleHits, names).vetoed.filter((item) => item.hit.category === category).map(toVetoedRuleHit);
  const sentences: MissSentence[] = units.map((unit) => ({ part: unit.part, sentence: unit.sentence, scores: [] }));
  const model: MissExplanation['model'] = [];
  for (const pack of packs) {
    const linear = rules.models?.get(pack.language);
    const index = linear?.categories.indexOf(category) ?? -1;
    if (linear === undefined || index === -1) continue;
    const text = readModelText(pack, units, undefined, names);
    text.sentences.forEach((sentence, position) => {
      const probability = scoreFeatures(linear, sentence.features)[index] ?? 0;
      sentences[position]?.scores.push({ language: pack.language, probability });
    });
    const judgement = judgeCategories(linear, text, { stopwords: pack.stopwords }).find((candidate) => candidate.category === category);
    if (judgement !== undefined) model.push({ language: pack.language, probability: judgement.probability, threshold: judgement.threshold, dropped: judgement.dropped });
  }
  return { packs: packs.map((pack) => pack.language), sentences, model, nearMisses: dedupeNearMisses(sortNearMisses(nearMisses)), vetoed };
}

function toVetoedRuleHit({ hit, probability, floor }: VetoedHit): VetoedRuleHit {
  return { ruleId: hit.ruleId, category: hit.category, language: hit.language, phrase: hit.phrase, snippet: hit.snippet, probability, floor };
}

/** Formats a miss explanation as indented plain lines, for the eval runner's failure listing. */
export function formatMiss(explanation: MissExplanation, indent: string): string[] {
  const lines: string[] = [];
  const model = explanation.model.map((score) => `${score.language} ${formatProbability(score.probability, score.threshold)}${score.dropped === null ? '' : ` (${score.dropped})`}`);
  lines.push(`${indent}packs ${explanation.packs.join(', ') || 'none'}; model for the message: ${model.join(', ') || 'none'}`);
  for (const sentence of explanation.sentences) {
    const scores = sentence.scores.map((score) => `${score.language} ${score.probability.toFixed(2)}`).join(' ');
    lines.push(`${indent}${(scores === '' ? '-' : scores).padEnd(8)} ${sentence.part === 'subject' ? '[subject] ' : ''}${toSnippet(sentence.sentence)}`);
  }
  for (const miss of explanation.nearMisses) {
    const cue = miss.reason === 'quoted' ? '' : ` "${miss.cue}"`;
    lines.push(`${indent}near miss ${miss.ruleId} (${miss.phrase}): ${REASON_TEXT[miss.reason]}${cue}; in: ${miss.snippet}`);
  }
  for (const item of explanation.vetoed) {
    lines.push(`${indent}vetoed ${item.ruleId} (${item.phrase}): model probability / floor ${formatProbability(item.probability, item.floor)}; in: ${item.snippet}`);
  }
  if (explanation.nearMisses.length === 0 && explanation.vetoed.length === 0) lines.push(`${indent}no rule of the category matches any sentence`);
  return lines;
}

/** Scores the new text with each pack's model, as detection does, for every category. */
function scoreWithModels(packs: readonly CompiledPack[], rules: RuleSet, units: readonly TextUnit[], ruleHits: readonly SignalHit[], hits: readonly SignalHit[]): ModelScore[] {
  const scores: ModelScore[] = [];
  // A vetoed rule finding still keeps the model from adding its category.
  const ruleCategories = new Set(ruleHits.map((hit) => hit.category));
  const modelHits = new Set(hits.filter((hit) => hit.ruleId.startsWith('model-')).map((hit) => `${hit.language} ${hit.category}`));
  for (const pack of packs) {
    const model = rules.models?.get(pack.language);
    if (model === undefined) continue;
    for (const judgement of judgeCategories(model, readModelText(pack, units), { stopwords: pack.stopwords })) {
      const reached = judgement.probability >= judgement.threshold;
      let dropped: ModelScore['dropped'] = judgement.dropped;
      if (reached && dropped === null && ruleCategories.has(judgement.category)) dropped = 'rule';
      else if (reached && dropped === null && !modelHits.has(`${pack.language} ${judgement.category}`)) dropped = 'other-language';
      scores.push({
        language: pack.language,
        category: judgement.category,
        probability: judgement.probability,
        threshold: judgement.threshold,
        sentenceProbability: judgement.sentenceProbability,
        dropped,
        terms: judgement.terms,
      });
    }
  }
  return scores;
}

const DROP_TEXT: Record<NonNullable<ModelScore['dropped']>, string> = {
  'no-sentence': 'dropped: no sentence adds to it',
  'weak-sentence': 'dropped: its best sentence alone is too weak',
  context: 'dropped: its best sentence is negated or past',
  'vendor-voice': "dropped: its best sentence is in the vendor's voice",
  'supplier-offer': "dropped: the message is a supplier's offer",
  rule: 'dropped: a rule already fired in this category',
  'other-language': "dropped: another language's model is surer",
};

/**
 * Formats a probability and its threshold with as many decimals as it takes to
 * tell them apart (2 to 6), so "0.20 / 0.20" never hides which one is higher.
 */
export function formatProbability(probability: number, threshold: number): string {
  let decimals = 2;
  while (decimals < 6 && probability !== threshold && probability.toFixed(decimals) === threshold.toFixed(decimals)) decimals += 1;
  return `${probability.toFixed(decimals)} / ${threshold.toFixed(2)}`;
}

function dedupeNearMisses(misses: NearMiss[]): NearMiss[] {
  const seen = new Set<string>();
  return misses.filter((miss) => {
    const key = `${miss.ruleId}\u0000${miss.reason}\u0000${miss.snippet}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const REASON_TEXT: Record<NearMiss['reason'], string> = {
  negated: 'negated by',
  past: 'past event, cue',
  'vendor-offer': 'vendor offer, cue',
  'question-from-vendor': 'question from the vendor, cue',
  quoted: 'in quoted history or a signature',
  'inside-other-rule': 'part of a longer match of',
  'wrong-direction': 'count goes the other way:',
  'moves-down': 'a move down or back, cue',
  'zero-quantity': 'a quantity of zero buys nothing:',
  blocked: 'blocked by',
  'below-threshold': 'score too low:',
  'no-request': 'score reached, but no request (no intent term and no question):',
  yielded: 'yields to another category:',
};

/** Formats an explanation for the terminal; `color` false gives plain text. */
export function formatExplanation(explanation: Explanation, color: boolean): string {
  const paint = new Chalk({ level: color ? 1 : 0 });
  const scores = Object.entries(explanation.languageScores)
    .map(([language, hits]) => `${language} ${hits}`)
    .join(', ');
  const lines = [`Language: ${explanation.language ?? 'unsure'} (stopwords: ${scores}); packs run: ${explanation.packs.join(', ')}`];

  let heading = 'Fires:';
  if (explanation.hits.length === 0) heading = explanation.vetoed.length === 0 ? 'No rule fires.' : 'No finding is kept.';
  lines.push('', heading);
  for (const hit of explanation.hits) {
    const quantity = hit.quantity === null ? '' : `  quantity ${hit.quantity}`;
    lines.push(`  ${paint.green('+')} ${paint.bold(hit.ruleId)}  ${hit.category}  confidence ${hit.confidence.toFixed(2)}${quantity}`);
    lines.push(`    matched: ${hit.phrase}`);
    if (hit.entry !== undefined) lines.push(`    catalogue entry: ${hit.entry}`);
    if (hit.typos.length > 0) lines.push(`    typo tolerated: ${hit.typos.join(', ')}`);
    lines.push(`    sentence: ${hit.snippet}`);
  }

  // A vetoed rule fired, so it is no near miss: the model dropped its finding afterwards.
  if (explanation.vetoed.length > 0) lines.push('', 'Vetoed by the learned model (the rule fired, but the model finds its category too unlikely here):');
  for (const item of explanation.vetoed) {
    lines.push(`  ${paint.yellow('x')} ${paint.bold(item.ruleId)}  ${item.category}  model probability / floor ${formatProbability(item.probability, item.floor)}`);
    lines.push(`    matched: ${item.phrase}`);
    lines.push(`    sentence: ${item.snippet}`);
  }

  // Near misses follow the hits directly, because they explain why a rule did not fire.
  if (explanation.nearMisses.length > 0) lines.push('', 'Near misses:');
  for (const miss of explanation.nearMisses) {
    const cue = miss.reason === 'quoted' ? '' : ` "${miss.cue}"`;
    lines.push(`  ${paint.yellow('-')} ${paint.bold(miss.ruleId)}  ${miss.category}  ${REASON_TEXT[miss.reason]}${cue}`);
    lines.push(`    matched: ${miss.phrase}`);
    lines.push(`    sentence: ${miss.snippet}`);
  }
  if (explanation.hits.length === 0 && explanation.nearMisses.length === 0 && explanation.vetoed.length === 0) {
    lines.push('  No rule pattern matches any sentence, so no rule was held back either.');
  }

  if (explanation.modelScores.length > 0) {
    // A category a rule fired in is never added by the model, so its score explains nothing there.
    lines.push('', 'Learned model (probability of the message / threshold; + marks a model hit, it adds only categories no rule fired):');
    for (const score of explanation.modelScores) {
      const reached = score.probability >= score.threshold;
      let mark = ' ';
      if (reached) mark = score.dropped === null ? paint.green('+') : paint.yellow('~');
      lines.push(`  ${mark} ${score.language} ${score.category}  ${formatProbability(score.probability, score.threshold)}`);
      if (!reached) continue;
      const terms = score.terms.length === 0 ? '' : `; it adds most: ${score.terms.map((term) => `"${term}"`).join(' ')}`;
      lines.push(`      best sentence alone ${score.sentenceProbability.toFixed(2)}${terms}`);
      if (score.dropped !== null) lines.push(`      ${DROP_TEXT[score.dropped]}`);
    }
  }

  return lines.join('\n');
}
