// Reads the labelled eval threads for training and measuring the learned model.
// Per thread it keeps the customer's messages (human mail from outside the
// owner's domain, as eval/run.ts reads them). For each message it keeps the
// categories the rules fire and the new text as the model reads it.
import path from 'node:path';
import { classifyMessage, detectSignals, type RuleSet } from '../src/detectors/index.js';
import { readMessageText } from '../src/detectors/detect.js';
import { DEFAULT_CONTEXT_MODE, readModelText, textFeatures, type ContextMode, type ModelText, type TrainingDoc } from '../src/detectors/model.js';
import type { Category } from '../src/types.js';
import { readSplit, toMailMessages, type EvalThread } from './run.js';

/** The eval sets: `dev`, then the five blind tuning sets by file prefix. */
export const TUNING_SETS = ['h', 'h2', 'b3', 'b4', 'b5'] as const;
export type SetName = 'dev' | (typeof TUNING_SETS)[number];

export interface PreparedMessage {
  ruleCategories: Set<Category>;
  /** The new text read by the model of each pack the language guess runs. */
  texts: ModelText[];
}

export interface PreparedThread {
  thread: EvalThread;
  set: SetName;
  messages: PreparedMessage[];
  /** Training document: the customer's new text of the whole thread, read in the thread's language. */
  doc: TrainingDoc;
}

function setOf(split: 'dev' | 'tuning', file: string): SetName {
  if (split === 'dev') return 'dev';
  const prefix = /^(h2|b3|b4|b5)-/.exec(path.basename(file))?.[1];
  return (prefix as SetName | undefined) ?? 'h';
}

function domainOf(address: string): string {
  return address.split('@')[1] ?? '';
}

/**
 * Reads dev and tuning, never holdout. `rules` must be loaded without the
 * model, so the rule categories are the rules' alone.
 */
export function prepareThreads(root: string, rules: RuleSet, mode: ContextMode = DEFAULT_CONTEXT_MODE): PreparedThread[] {
  const prepared: PreparedThread[] = [];
  for (const split of ['dev', 'tuning'] as const) {
    for (const thread of readSplit(path.join(root, 'fixtures', 'eval', split))) {
      const ownerDomain = domainOf(thread.owner);
      const languagePack = rules.packs.find((pack) => pack.language === thread.language);
      const features = new Set<string>();
      const messages: PreparedMessage[] = [];
      for (const message of toMailMessages(thread)) {
        if (classifyMessage(message).kind !== 'human') continue;
        if (domainOf(message.from?.address ?? '') === ownerDomain) continue;
        const ruleCategories = new Set(detectSignals(message, rules).map((hit) => hit.category));
        const read = readMessageText(message, rules);
        messages.push({ ruleCategories, texts: read.packs.map((pack) => readModelText(pack, read.units, mode)) });
        if (languagePack !== undefined) for (const feature of textFeatures(readModelText(languagePack, read.units, mode), mode)) features.add(feature);
      }
      prepared.push({ thread, set: setOf(split, thread.file), messages, doc: { features: [...features].sort(), labels: thread.expected } });
    }
  }
  return prepared;
}
