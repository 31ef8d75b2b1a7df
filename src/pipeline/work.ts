// The per-message work of an analysis worker: parsing and analysing one raw
// message with rules compiled in the worker. The worker thread loads this
// module and not pool.ts, so its imports stay those of parsing and detection.
import { compileRuleSet, loadRuleSet, type LanguageSource, type RuleSet } from '../detectors/rule-set.js';
import { parseMail } from '../parsers/message.js';
import type { AttachedMessage, ParseContext } from '../parsers/message.js';
import type { MessageKind, Problem } from '../types.js';
import { analyzeMessage } from './analyze.js';
import type { AnalyzedMessage } from './analyze.js';
import type { OwnerSide } from './owners.js';

/** Outcome of one raw message: its analysis, or null when the parse skipped it. */
export interface ItemOutcome {
  analyzed: AnalyzedMessage | null;
  /**
   * Messages attached to it (message/rfc822 parts), nested ones included, in document
   * order: each one's analysis, or null when it was skipped with a problem.
   */
  attached: Array<AnalyzedMessage | null>;
  /** Attached messages left unread because the message carrying them is excluded mail (see OPENED_KINDS). */
  attachedUnopened: number;
  problems: Problem[];
}

/**
 * Kinds of message whose attached messages are read. Mail a person wrote or sent
 * (a customer's, a colleague's forward, the owner's own) can carry a customer's
 * request. A digest, a bounce or spam carries mail that was not sent to the owner.
 */
const OPENED_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>(['human', 'sent']);

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
  const outcome: ItemOutcome = { analyzed: null, attached: [], attachedUnopened: 0, problems: [] };
  const parsed = await parseMail(raw, context, outcome.problems);
  if (parsed.message === null) return outcome;
  outcome.analyzed = analyzeMessage(parsed.message, rules, ownerSide);
  await readAttached(parsed, outcome.analyzed, outcome, rules, ownerSide);
  return outcome;
}

/** Parses and analyses the messages attached to a message, depth first, into `outcome`. */
async function readAttached(
  parsed: { attached: AttachedMessage[]; skippedAttached: number },
  carrier: AnalyzedMessage,
  outcome: ItemOutcome,
  rules: RuleSet,
  ownerSide: OwnerSide | null,
): Promise<void> {
  for (let skipped = 0; skipped < parsed.skippedAttached; skipped += 1) outcome.attached.push(null);
  if (!OPENED_KINDS.has(carrier.summary.classification.kind)) {
    outcome.attachedUnopened += parsed.attached.length;
    return;
  }
  for (const item of parsed.attached) {
    const inner = await parseMail(item.raw, item.context, outcome.problems);
    if (inner.message === null) {
      outcome.attached.push(null);
      continue;
    }
    const analyzed = analyzeMessage(inner.message, rules, ownerSide);
    outcome.attached.push(analyzed);
    await readAttached(inner, analyzed, outcome, rules, ownerSide);
  }
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
