// The per-message work of an analysis worker: parsing and analysing one raw
// message with rules compiled in the worker. The worker thread loads this
// module and not pool.ts, so its imports stay those of parsing and detection.
import { compileRuleSet, loadRuleSet, type LanguageSource, type RuleSet } from '../detectors/rule-set.js';
import { parseMessage } from '../parsers/message.js';
import type { ParseContext } from '../parsers/message.js';
import type { Problem } from '../types.js';
import { analyzeMessage } from './analyze.js';
import type { AnalyzedMessage } from './analyze.js';
import type { OwnerSide } from './owners.js';

/** Outcome of one raw message: its analysis, or null when the parse skipped it. */
export interface ItemOutcome {
  analyzed: AnalyzedMessage | null;
  problems: Problem[];
}

export interface WorkerBatch {
  sequence: number;
  /** Senders whose mail skips detection, as known when the batch was made. */
  ownerSide: OwnerSide | null;
  buffer: ArrayBuffer;
  items: { start: number; end: number; context: ParseContext }[];
}

export interface WorkerReply {
  sequence: number;
  outcomes: ItemOutcome[];
  error?: string;
  /** The batch's buffer, handed back so that the next batch can reuse it. */
  buffer?: ArrayBuffer;
}

/** The rules a worker compiles: the main thread's rule sources, else the extra rule files to read. */
export interface WorkerRules {
  ruleFiles: string[];
  sources?: readonly LanguageSource[] | undefined;
  withModel?: boolean;
}

/** The first message to a worker started before the rules were read (see early-workers.ts). */
export interface WorkerRulesMessage {
  kind: 'rules';
  rules: WorkerRules;
}

/** Parses and analyses one raw message: the work a worker does for each item. */
export async function processItem(
  raw: Buffer,
  context: ParseContext,
  rules: RuleSet,
  ownerSide: OwnerSide | null = null,
): Promise<ItemOutcome> {
  const problems: Problem[] = [];
  const message = await parseMessage(raw, context, problems);
  return { analyzed: message === null ? null : analyzeMessage(message, rules, ownerSide), problems };
}

/**
 * Returns the text a failed batch is reported with. The stack carries the
 * original message and where it was thrown, because an Error loses its class
 * and stack on the way back from a worker.
 */
export function describeBatchError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? String(error)) : String(error);
}

/** Compiles the rule set inside a worker the same way the main thread does. */
export function loadWorkerRules(ruleFiles: string[], withModel = false, sources?: readonly LanguageSource[]): RuleSet {
  return sources === undefined ? loadRuleSet(ruleFiles, withModel) : compileRuleSet(sources, withModel);
}
