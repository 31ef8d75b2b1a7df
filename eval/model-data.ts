// Reads the labelled eval threads for training and measuring the learned model.
// Per thread it keeps the customer's messages (human mail from outside the
// owner's domain, as eval/run.ts reads them). For each message it keeps the
// categories the rules fire and the new text as the model reads it.
import path from 'node:path';
import { readMailSource } from '../src/parsers/mail-sources.js';
import type { Problem } from '../src/types.js';
import { classifyMessage, detectSignals, loadRuleSet, type Catalog, type RuleSet } from '../src/detectors/index.js';
import { readMessageText } from '../src/detectors/detect.js';
import { DEFAULT_CONTEXT_MODE, participantWords, readModelText, textFeatures, type ContextMode, type ModelText, type TrainingDoc } from '../src/detectors/model.js';
import type { Category } from '../src/types.js';
import { readSplit, rulesByFile, toMailMessages, type EvalThread } from './run.js';

/**
 * The blind tuning sets by file prefix, each a fold of the cross-validation (`h` has no prefix).
 * Each writer of t1 (files `t1-e-…` to `t1-h-…`), of t2 (`t2-k-…` to `t2-n-…`) and of t3
 * (`t3-o-…` to `t3-r-…`) is a fold of its own, so that the fold measures a writer whom no
 * training thread came from.
 */
export const TUNING_SETS = ['h', 'h2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9', 'b10', 'b11', 'b12', 'b13', 'b14', 'b15', 'b16', 'b17', 'b18', 'b19', 'b20', 't1e', 't1f', 't1g', 't1h', 't2k', 't2l', 't2m', 't2n', 't3o', 't3p', 't3q', 't3r', 't4ll', 't4mm', 't4nn', 't4oo', 't5rr', 't5ss', 't5tt', 't5uu', 't6za', 't6zb', 't6zc', 't6zd', 't7zi', 't7zj', 't7zk', 't7zl'] as const;
/**
 * `n1` to `n3`: ordinary customer mail with no buying signal (the odd-numbered
 * threads of three blind writers' sets). The shipped model trains on them; the
 * threshold choice holds each out in turn, so their false findings count.
 */
export const ORDINARY_SETS = ['n1', 'n2', 'n3', 'n4vv', 'n4ww'] as const;

/**
 * Ordinary sets that no training reads. They are still held out and scored, so their false findings
 * weigh in the choice of thresholds and floors. With n4's 160 threads in the loss (each weighing
 * `negativeWeight`), every probability fell and the held-out tuning folds lost more true findings
 * than false ones (docs/model.md, acc41 and acc43).
 */
export const UNTRAINED_SETS: readonly SetName[] = ['n4vv', 'n4ww'];
export type SetName = 'dev' | 'mail' | (typeof ORDINARY_SETS)[number] | (typeof TUNING_SETS)[number];

/**
 * Ordinary real mail used as negative training documents (`--negatives`): mail
 * that is not about buying, from ../shared/corpus/mbox. For each file, the
 * messages kept are those whose position (from 0) is in [from, to). The USRP
 * month is split in two fixed halves by position (which is date order): the
 * first half trains, the second half is only measured on. The Enron subset is
 * never trained on: it contains genuine buying mail and is measured on whole.
 */
export const NEGATIVE_MAIL: readonly { file: string; from: number; to: number }[] = [
  { file: 'usrp-users-list_2019-08-import.mboxrd.mbox', from: 0, to: 92 },
  { file: 'perl-mail-box_mbox.src.mbox', from: 0, to: Infinity },
  { file: 'mimekit_content-length.mbox', from: 0, to: Infinity },
  { file: 'perl-mail-mboxparser_testbox.mbox', from: 0, to: Infinity },
];

export interface PreparedMessage {
  ruleCategories: Set<Category>;
  /** Per rule category, the highest confidence of the rules' hits in it (empty for real mail). */
  ruleConfidence?: Map<Category, number>;
  /** The new text read by the model of each pack the language guess runs. */
  texts: ModelText[];
}

export interface PreparedThread {
  thread: EvalThread;
  set: SetName;
  messages: PreparedMessage[];
  /** Training document: the customer's new text of the whole thread, read in the thread's language. */
  doc: TrainingDoc;
  /** One training document per customer message with any feature, each labelled with the thread's categories (`--per-message`). */
  messageDocs: TrainingDoc[];
}

const LANGUAGES = new Set(['en', 'fr']);

/**
 * Returns the set of a thread file, which is its cross-validation fold.
 * A tuning file is named `[set-][writer-]<language>-<domain>.yaml`. A file without a prefix
 * belongs to the first blind set, `h`. `b9-en-saas.yaml` belongs to `b9`, and `t1-e-en-saas.yaml`
 * to `t1e`, because each writer of a multi-writer set is a fold of its own.
 * An unlisted prefix throws, so a new set is never measured as part of another.
 */
export function setOf(split: 'dev' | 'tuning', file: string): SetName {
  if (split === 'dev') return 'dev';
  const parts = path.basename(file).split('-');
  const languageAt = parts.findIndex((part) => LANGUAGES.has(part));
  if (languageAt === -1) throw new Error(`${file}: invalid tuning file name: no language part (en or fr). Name it [set-][writer-]<language>-<domain>.yaml`);
  if (languageAt === 0) return 'h';
  const name = parts.slice(0, languageAt).join('');
  const known: readonly string[] = [...TUNING_SETS, ...ORDINARY_SETS];
  if (!known.includes(name)) {
    throw new Error(`${file}: unknown set prefix "${parts.slice(0, languageAt).join('-')}". Add the set to TUNING_SETS or ORDINARY_SETS in eval/model-data.ts`);
  }
  return name as SetName;
}

function domainOf(address: string): string {
  return address.split('@')[1] ?? '';
}

/**
 * Reads the NEGATIVE_MAIL messages from `corpus` (the folder of the mbox files)
 * as negative training documents: one per human message, with no category, in
 * the language the language guess picks first. They are never measured on.
 */
export async function prepareNegativeMail(corpus: string, rules: RuleSet, mode: ContextMode = DEFAULT_CONTEXT_MODE, withNames = false): Promise<PreparedThread[]> {
  const prepared: PreparedThread[] = [];
  for (const source of NEGATIVE_MAIL) {
    const file = path.join(corpus, source.file);
    const problems: Problem[] = [];
    let position = -1;
    for await (const message of readMailSource({ kind: 'mbox', path: file }, problems).messages) {
      position += 1;
      if (position < source.from || position >= source.to) continue;
      if (classifyMessage(message).kind !== 'human') continue;
      const read = readMessageText(message, rules);
      const pack = read.packs[0];
      if (pack === undefined) continue;
      const names = withNames ? participantWords([message.from, ...message.replyTo, ...message.to, ...message.cc].flatMap((address) => address ?? [])) : undefined;
      const text = readModelText(pack, read.units, mode, names);
      const features = [...textFeatures(text, mode)].sort();
      if (features.length === 0) continue;
      const thread: EvalThread = { id: `${source.file}#${position}`, file, language: pack.language, domain: '', owner: '', expected: [], note: '', messages: [] };
      const doc = { features, labels: [] };
      prepared.push({ thread, set: 'mail', messages: [{ ruleCategories: new Set(), texts: [text] }], doc, messageDocs: [doc] });
    }
  }
  return prepared;
}

/**
 * Reads dev and tuning, never holdout. `rules` must be loaded without the
 * model, so the rule categories are the rules' alone. With `withCatalog`,
 * each file's rule categories come from `rules` plus its catalogue from the
 * split's catalogs.yaml. The catalogue changes no training document: the
 * model reads the text.
 */
export function prepareThreads(root: string, rules: RuleSet, mode: ContextMode = DEFAULT_CONTEXT_MODE, withNames = false, withCatalog = false): PreparedThread[] {
  const prepared: PreparedThread[] = [];
  const compile = withCatalog ? (catalog: Catalog) => loadRuleSet([], false, catalog) : null;
  for (const split of ['dev', 'tuning'] as const) {
    const folder = path.join(root, 'fixtures', 'eval', split);
    const rulesOf = rulesByFile(folder, rules, compile);
    for (const thread of readSplit(folder)) {
      const threadRules = rulesOf(thread.file);
      const ownerDomain = domainOf(thread.owner);
      const languagePack = rules.packs.find((pack) => pack.language === thread.language);
      const features = new Set<string>();
      const messages: PreparedMessage[] = [];
      const messageDocs: TrainingDoc[] = [];
      const mail = toMailMessages(thread);
      // Detection leaves out the names of a message's own participants. In training, a thread's are those of all its messages.
      const names = withNames ? participantWords(mail.flatMap((message) => [message.from, ...message.replyTo, ...message.to, ...message.cc].flatMap((address) => address ?? []))) : undefined;
      for (const message of mail) {
        if (classifyMessage(message).kind !== 'human') continue;
        if (domainOf(message.from?.address ?? '') === ownerDomain) continue;
        const hits = detectSignals(message, threadRules);
        const ruleCategories = new Set(hits.map((hit) => hit.category));
        const ruleConfidence = new Map<Category, number>();
        for (const hit of hits) ruleConfidence.set(hit.category, Math.max(ruleConfidence.get(hit.category) ?? 0, hit.confidence));
        const read = readMessageText(message, rules);
        messages.push({ ruleCategories, ruleConfidence, texts: read.packs.map((pack) => readModelText(pack, read.units, mode, names)) });
        if (languagePack === undefined) continue;
        const messageFeatures = textFeatures(readModelText(languagePack, read.units, mode, names), mode);
        for (const feature of messageFeatures) features.add(feature);
        if (messageFeatures.size > 0) messageDocs.push({ features: [...messageFeatures].sort(), labels: thread.expected });
      }
      prepared.push({ thread, set: setOf(split, thread.file), messages, doc: { features: [...features].sort(), labels: thread.expected }, messageDocs });
    }
  }
  return prepared;
}

/**
 * Gives the training document of each thread of an ordinary set (n1 to n3) in
 * `language` the weight `weight` in the loss, on top of the weight of a
 * document with no category. It changes training only: detection and the
 * scores of held-out threads read the messages, not the document.
 * NOTE: the per-message documents (`messageDocs`) keep weight 1.
 */
export function weighOrdinary(threads: PreparedThread[], language: string, weight: number): void {
  if (!(weight > 0)) throw new Error(`invalid ordinary weight ${weight}: expected a positive number`);
  for (const item of threads) {
    if (item.thread.language !== language || !(ORDINARY_SETS as readonly string[]).includes(item.set)) continue;
    item.doc = { ...item.doc, weight };
  }
}
