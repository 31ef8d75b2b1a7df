// `leak rules test`: shows which rules fire on a text and why, and which rules
// matched but did not count, with the reason.
import { Chalk } from 'chalk';
import { LeakError } from '../errors.js';
import type { Category, MailMessage, SignalHit } from '../types.js';
import type { NearMissReason } from './context.js';
import { acceptedProposals, addHits, bestHits, compareHits, judgeUnits, messageUnits, modelHits, rankMatches, toHit, type JudgedMatch, type TextUnit } from './detect.js';
import { readModelText, scoreFeatures, textFeatures } from './model.js';
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
}

/** One category's probability from the learned model of one language, against its threshold. */
export interface ModelScore {
  language: string;
  category: Category;
  probability: number;
  threshold: number;
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
  const found = addHits(ruleHits, modelHits(guess.packs, rules, units, ruleHits));
  const hits = found.map((hit) => {
    const source = judged.find((candidate) => candidate.rule.id === hit.ruleId && candidate.verdict.fired && candidate.sentence.startsWith(hit.snippet.replace(/\u2026$/, '')));
    return { ...hit, typos: source?.match.typos ?? [] };
  });
  const fired = new Set(hits.map((hit) => hit.ruleId));
  const contextMisses = judged.flatMap((candidate) =>
    candidate.verdict.fired || fired.has(candidate.rule.id) ? [] : [toNearMiss(candidate, candidate.verdict.reason, candidate.verdict.cue)],
  );
  const yieldMisses = rankMatches(judged).yielded.map(({ judged: candidate, to }) =>
    toNearMiss(candidate, 'yielded', `${to} fires in the same text`),
  );
  const nearMisses = [...contextMisses, ...yieldMisses, ...quotedNearMisses(guess.packs, text, newText)]
    .filter((miss) => !fired.has(miss.ruleId))
    .sort((a, b) => compareHits({ ...a, quantity: null, confidence: 0 }, { ...b, quantity: null, confidence: 0 }) || a.reason.localeCompare(b.reason));

  return {
    newText,
    language: guess.language,
    languageScores: guess.scores,
    packs: guess.packs.map((pack) => pack.language),
    hits,
    nearMisses: dedupeNearMisses(nearMisses),
    modelScores: scoreWithModels(guess.packs, rules, units),
  };
}

/** Scores the new text with each pack's model, as detection does, for every category. */
function scoreWithModels(packs: readonly CompiledPack[], rules: RuleSet, units: readonly TextUnit[]): ModelScore[] {
  const scores: ModelScore[] = [];
  for (const pack of packs) {
    const model = rules.models?.get(pack.language);
    if (model === undefined) continue;
    const features = textFeatures(readModelText(pack, units));
    const probabilities = features.size === 0 ? model.categories.map(() => 0) : scoreFeatures(model, features);
    model.categories.forEach((category, index) => {
      scores.push({
        language: pack.language,
        category,
        probability: probabilities[index] ?? 0,
        threshold: model.thresholds[index] ?? model.threshold,
      });
    });
  }
  return scores;
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
  blocked: 'blocked by',
  'below-threshold': 'score too low:',
  yielded: 'yields to another category:',
};

/** Formats an explanation for the terminal; `color` false gives plain text. */
export function formatExplanation(explanation: Explanation, color: boolean): string {
  const paint = new Chalk({ level: color ? 1 : 0 });
  const scores = Object.entries(explanation.languageScores)
    .map(([language, hits]) => `${language} ${hits}`)
    .join(', ');
  const lines = [`Language: ${explanation.language ?? 'unsure'} (stopwords: ${scores}); packs run: ${explanation.packs.join(', ')}`];

  lines.push('', explanation.hits.length === 0 ? 'No rule fires.' : 'Fires:');
  for (const hit of explanation.hits) {
    const quantity = hit.quantity === null ? '' : `  quantity ${hit.quantity}`;
    lines.push(`  ${paint.green('+')} ${paint.bold(hit.ruleId)}  ${hit.category}  confidence ${hit.confidence.toFixed(2)}${quantity}`);
    lines.push(`    matched: ${hit.phrase}`);
    if (hit.typos.length > 0) lines.push(`    typo tolerated: ${hit.typos.join(', ')}`);
    lines.push(`    sentence: ${hit.snippet}`);
  }

  if (explanation.modelScores.length > 0) {
    // A category a rule fired in is never added by the model, so its score explains nothing there.
    lines.push('', 'Learned model (probability / threshold; it adds only categories no rule fired):');
    for (const score of explanation.modelScores) {
      const reached = score.probability >= score.threshold;
      const mark = reached ? paint.green('+') : ' ';
      lines.push(`  ${mark} ${score.language} ${score.category}  ${score.probability.toFixed(2)} / ${score.threshold.toFixed(2)}`);
    }
  }

  if (explanation.nearMisses.length > 0) lines.push('', 'Near misses:');
  for (const miss of explanation.nearMisses) {
    const cue = miss.reason === 'quoted' ? '' : ` "${miss.cue}"`;
    lines.push(`  ${paint.yellow('-')} ${paint.bold(miss.ruleId)}  ${miss.category}  ${REASON_TEXT[miss.reason]}${cue}`);
    lines.push(`    matched: ${miss.phrase}`);
    lines.push(`    sentence: ${miss.snippet}`);
  }
  return lines.join('\n');
}
