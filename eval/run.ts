// Measures signal detection on the labelled eval threads: precision, recall
// and F1 per category and per language, and the category confusion. The dev
// split was written alongside the rules. The tuning split contains seven sets
// written without seeing the rules (files without a prefix, then `h2-` and `b3-`
// to `b7-`) and ordinary mail with no signal (`n1-`, `n2-`), studied to tune the rules
// or train the model, so they measure generalisation only roughly. The holdout split is a blind set written by someone who never read
// the rules, so it gives the honest figure. The ordinary split contains everyday
// customer mail with no buying signal, held out the same way, so its false
// positives are the honest false-alarm figure. Rule authors do not read either
// split's threads. An empty or absent split folder is skipped.
//
// Each split folder may hold `catalogs.yaml`: per thread file, the offer catalogue of its mailbox
// owner, as `leak audit --catalog` reads it. The runner uses it unless --no-catalog.
//
// Usage: node dist/eval/run.js [--failures] [--by-set] [--split dev|tuning|holdout|ordinary] [--no-model] [--no-catalog]
//   --failures  lists the dev and tuning threads whose categories differ from the labels. For a
//               missed category it adds each customer sentence with the model's score, and the near misses
//   --by-set    adds tp / fp / fn per category for each set of a split (file prefix); counts only
//   --split     evaluates only that split (all four by default)
//   --no-model  measures the rules alone, without the learned model's hits (`leak audit --no-model`)
//   --no-catalog  leaves out the split's catalogues, as `leak audit` without `--catalog`
//   --auto-catalog  discovers each file's catalogue from all of that file's threads, as `leak audit
//               --catalog auto` does, instead of reading `catalogs.yaml`; it then also compares the
//               discovered catalogues with the written ones
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { classifyMessage, detectSignals, explainMiss, formatMiss, loadRuleSet, parseCatalog, type Catalog, type RuleSet } from '../src/detectors/index.js';
import { discoverCatalog, type DiscoveredCatalog, type DiscoveryMessage } from '../src/detectors/catalog-discover.js';
import { nameWords } from '../src/detectors/catalog-check.js';
import { CATEGORIES, type Address, type Category, type MailMessage } from '../src/types.js';

export const SPLITS = ['dev', 'tuning', 'holdout', 'ordinary'] as const;

/** Blind splits, read by no rule author: the runner never lists their failures. */
const BLIND_SPLITS: ReadonlySet<Split> = new Set(['holdout', 'ordinary']);
export type Split = (typeof SPLITS)[number];

export interface EvalMessage {
  from: string;
  to: string;
  date: string;
  subject: string;
  headers: Record<string, string>;
  body: string;
}

export interface EvalThread {
  id: string;
  file: string;
  language: string;
  domain: string;
  owner: string;
  expected: Category[];
  note: string;
  messages: EvalMessage[];
}

export interface ThreadResult {
  thread: EvalThread;
  predicted: Category[];
  /** Snippets of the hits, for the failure listing. */
  evidence: string[];
}

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

const NONE = 'none';

function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`package.json not found above ${folder}`);
    folder = parent;
  }
  return folder;
}

function fail(file: string, where: string, detail: string): never {
  throw new Error(`${file}: ${where}: ${detail}`);
}

function readString(file: string, where: string, record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string' || value.trim() === '') fail(file, where, `field "${field}" is missing or not a string`);
  return value;
}

function readMessage(file: string, where: string, value: unknown): EvalMessage {
  if (typeof value !== 'object' || value === null) fail(file, where, 'each message must be a mapping');
  const record = value as Record<string, unknown>;
  const headers = (record.headers ?? {}) as Record<string, unknown>;
  return {
    from: readString(file, where, record, 'from'),
    to: typeof record.to === 'string' ? record.to : '',
    date: record.date === undefined ? '' : readString(file, where, record, 'date'),
    subject: typeof record.subject === 'string' ? record.subject : '',
    headers: Object.fromEntries(Object.entries(headers).map(([key, header]) => [key.toLowerCase(), String(header)])),
    body: readString(file, where, record, 'body'),
  };
}

function readThread(file: string, value: unknown, position: number): EvalThread {
  if (typeof value !== 'object' || value === null) fail(file, `thread ${position + 1}`, 'must be a mapping');
  const record = value as Record<string, unknown>;
  const id = readString(file, `thread ${position + 1}`, record, 'id');
  const expected = record.expected;
  if (!Array.isArray(expected) || !expected.every((item) => (CATEGORIES as readonly unknown[]).includes(item))) {
    fail(file, id, `field "expected" must be a list of ${CATEGORIES.join(', ')}`);
  }
  if (!Array.isArray(record.messages) || record.messages.length === 0) fail(file, id, 'field "messages" must be a non-empty list');
  return {
    id,
    file,
    language: readString(file, id, record, 'language'),
    domain: readString(file, id, record, 'domain'),
    owner: readString(file, id, record, 'owner').toLowerCase(),
    expected: [...new Set(expected as Category[])].sort(),
    note: typeof record.note === 'string' ? record.note : '',
    messages: record.messages.map((message, index) => readMessage(file, `${id} message ${index + 1}`, message)),
  };
}

/** File of a split folder that contains the catalogues of its thread files, not threads. */
export const CATALOG_FILE = 'catalogs.yaml';

/** Reads every thread of one split folder, files in name order; an absent folder gives none. */
export function readSplit(folder: string): EvalThread[] {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name) && name !== CATALOG_FILE).sort();
  return files.flatMap((name) => {
    const file = path.join(folder, name);
    const threads: unknown = parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(threads)) fail(file, 'file', 'must be a list of threads');
    return threads.map((thread, position) => readThread(file, thread, position));
  });
}

/** Reads a split's catalogues by thread file name; a split without `catalogs.yaml` gives none. */
export function readCatalogs(folder: string): Map<string, Catalog> {
  const file = path.join(folder, CATALOG_FILE);
  if (!existsSync(file)) return new Map();
  const value: unknown = parse(readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, 'file', 'must map thread file names to catalogues');
  return new Map(Object.entries(value).map(([name, catalog]) => [name, parseCatalog(catalog, `${file}#${name}`)]));
}

/**
 * Returns a function that gives each thread file its rule set: `rules`, plus the file's
 * catalogue compiled by `withCatalog` when the split has one. Each rule set is compiled once.
 */
export function rulesByFile(
  folder: string,
  rules: RuleSet,
  withCatalog: ((catalog: Catalog) => RuleSet) | null,
  given: ReadonlyMap<string, Catalog> | null = null,
): (file: string) => RuleSet {
  const catalogs = withCatalog === null ? new Map<string, Catalog>() : (given ?? readCatalogs(folder));
  const compiled = new Map<string, RuleSet>();
  return (file) => {
    const name = path.basename(file);
    const catalog = catalogs.get(name);
    if (catalog === undefined || withCatalog === null) return rules;
    let ruleSet = compiled.get(name);
    if (ruleSet === undefined) {
      ruleSet = withCatalog(catalog);
      compiled.set(name, ruleSet);
    }
    return ruleSet;
  };
}

/** Returns a thread's messages as catalogue discovery reads them: subject and body, every sender. */
export function discoveryMessages(thread: EvalThread): DiscoveryMessage[] {
  return thread.messages.map((message, index) => ({
    thread: thread.id,
    id: `${thread.id}-${index + 1}`,
    where: `${thread.id}: ${message.subject}`,
    text: `${message.subject}\n\n${message.body}`,
    people: [message.from, message.to],
  }));
}

/** Discovers each file's catalogue from all of the file's threads, as an audit of that mailbox would. */
export function discoverCatalogs(threads: readonly EvalThread[]): Map<string, DiscoveredCatalog> {
  const byFile = new Map<string, EvalThread[]>();
  for (const thread of threads) byFile.set(path.basename(thread.file), [...(byFile.get(path.basename(thread.file)) ?? []), thread]);
  return new Map([...byFile].map(([name, list]) => [name, discoverCatalog(list.flatMap(discoveryMessages), `discovered in ${name}`)]));
}

/** Folded words of a name without the frame word discovery keeps on a one-word add-on ("module Cartes"). */
function nameKey(form: string): string {
  return nameWords(form).join(' ').replace(/^(?:module|option) /, '').replace(/ (?:add on|addon|module)$/, '');
}

/** Folded keys of every name and form of a catalogue, by field. */
function catalogKeys(catalog: Catalog | null | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  if (catalog === null || catalog === undefined) return keys;
  for (const field of ['plans', 'addons', 'units'] as const) {
    for (const entry of catalog[field]) {
      for (const form of [entry.name, ...Object.values(entry.forms).flat()]) keys.set(nameKey(form), field);
    }
  }
  return keys;
}

/**
 * Compares discovered catalogues with the written ones, per file: entries found (a written name or
 * form, in any field), entries not written (wrong, or offers the file's opening comment left out),
 * and written entries not discovered.
 */
export function compareCatalogs(written: ReadonlyMap<string, Catalog>, discovered: ReadonlyMap<string, DiscoveredCatalog>): string[] {
  const lines = [`  ${'file'.padEnd(24)} found  other  missed  plans order   other names`];
  const total = { found: 0, other: 0, missed: 0 };
  for (const name of [...new Set([...written.keys(), ...discovered.keys()])].sort()) {
    const found = discovered.get(name);
    const writtenKeys = catalogKeys(written.get(name));
    const foundKeys = catalogKeys(found?.catalog);
    const writtenEntries = written.get(name);
    const entries = writtenEntries === undefined ? [] : [...writtenEntries.plans, ...writtenEntries.addons, ...writtenEntries.units];
    const hit = [...foundKeys.keys()].filter((key) => writtenKeys.has(key));
    const other = [...foundKeys.keys()].filter((key) => !writtenKeys.has(key));
    const missed = entries.filter((entry) => ![entry.name, ...Object.values(entry.forms).flat()].some((form) => foundKeys.has(nameKey(form))));
    if (hit.length + other.length + missed.length === 0) continue;
    total.found += hit.length;
    total.other += other.length;
    total.missed += missed.length;
    const plans = found?.catalog?.plans.length ?? 0;
    let order = 'unknown';
  if (plans === 0) order = '-';
  else if (found?.ordered === true) order = 'ordered';
    lines.push(`  ${name.padEnd(24)}${String(hit.length).padStart(6)}${String(other.length).padStart(7)}${String(missed.length).padStart(8)}  ${String(plans).padStart(5)} ${order.padEnd(8)}  ${other.join(', ')}`);
  }
  lines.push(`  ${'all'.padEnd(24)}${String(total.found).padStart(6)}${String(total.other).padStart(7)}${String(total.missed).padStart(8)}`);
  return lines;
}

function parseAddress(text: string): Address {
  const angle = /<([^>]+)>/.exec(text);
  const address = (angle?.[1] ?? text).trim().toLowerCase();
  const name = angle === null ? '' : text.slice(0, angle.index).replace(/"/g, '').trim();
  return { address, name };
}

function domainOf(address: string): string {
  return address.split('@')[1] ?? '';
}

/** Builds the MailMessage records the parser would give for a thread. */
export function toMailMessages(thread: EvalThread): MailMessage[] {
  return thread.messages.map((message, index) => ({
    id: `${thread.id}-${index + 1}`,
    hasMessageId: true,
    mailbox: thread.file,
    file: thread.file,
    index,
    offset: null,
    date: message.date === '' ? null : new Date(message.date).toISOString(),
    dateSource: message.date === '' ? 'none' : 'header',
    from: parseAddress(message.from),
    replyTo: [],
    to: message.to === '' ? [] : message.to.split(',').map(parseAddress),
    cc: [],
    subject: message.subject,
    inReplyTo: index === 0 ? null : `${thread.id}-${index}`,
    references: index === 0 ? [] : [`${thread.id}-1`],
    gmailThreadId: null,
    gmailLabels: [],
    headers: message.headers,
    text: message.body,
    textSource: 'plain',
  }));
}

/** Returns the messages of a thread that detection reads: human mail from outside the owner's domain. */
function customerMessages(thread: EvalThread): MailMessage[] {
  const ownerDomain = domainOf(thread.owner);
  return toMailMessages(thread).filter(
    (message) => classifyMessage(message).kind === 'human' && domainOf(message.from?.address ?? '') !== ownerDomain,
  );
}

/** Runs classification, owner filtering and detection on a thread; returns the union of categories. */
export function evaluateThread(thread: EvalThread, rules: RuleSet): ThreadResult {
  const predicted = new Set<Category>();
  const evidence: string[] = [];
  for (const message of customerMessages(thread)) {
    for (const hit of detectSignals(message, rules)) {
      predicted.add(hit.category);
      evidence.push(`${hit.category} ${hit.ruleId}: ${hit.snippet}`);
    }
  }
  return { thread, predicted: [...predicted].sort(), evidence };
}

export function countCategory(results: ThreadResult[], category: Category): Counts {
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  for (const { thread, predicted } of results) {
    const isExpected = thread.expected.includes(category);
    const isPredicted = predicted.includes(category);
    if (isExpected && isPredicted) counts.truePositives += 1;
    else if (isPredicted) counts.falsePositives += 1;
    else if (isExpected) counts.falseNegatives += 1;
  }
  return counts;
}

function sumCounts(all: Counts[]): Counts {
  return all.reduce(
    (total, counts) => ({
      truePositives: total.truePositives + counts.truePositives,
      falsePositives: total.falsePositives + counts.falsePositives,
      falseNegatives: total.falseNegatives + counts.falseNegatives,
    }),
    { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
  );
}

/** Precision, recall and F1; a ratio with nothing to count is reported as 1. */
export function scores(counts: Counts): { precision: number; recall: number; f1: number } {
  const predicted = counts.truePositives + counts.falsePositives;
  const expected = counts.truePositives + counts.falseNegatives;
  const precision = predicted === 0 ? 1 : counts.truePositives / predicted;
  const recall = expected === 0 ? 1 : counts.truePositives / expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function formatRow(label: string, counts: Counts): string {
  const { precision, recall, f1 } = scores(counts);
  const cells = [counts.truePositives, counts.falsePositives, counts.falseNegatives].map((value) => String(value).padStart(4));
  return `  ${label.padEnd(14)}${cells.join('')}  ${precision.toFixed(2).padStart(9)}${recall.toFixed(2).padStart(8)}${f1.toFixed(2).padStart(6)}`;
}

function formatScores(results: ThreadResult[]): string[] {
  const lines = [`  ${'category'.padEnd(14)}  tp  fp  fn  precision  recall    f1`];
  const perCategory = CATEGORIES.map((category) => countCategory(results, category));
  CATEGORIES.forEach((category, index) => lines.push(formatRow(category, perCategory[index] ?? sumCounts([]))));
  lines.push(formatRow('all (micro)', sumCounts(perCategory)));

  const languages = [...new Set(results.map((result) => result.thread.language))].sort();
  for (const language of languages) {
    const subset = results.filter((result) => result.thread.language === language);
    lines.push(formatRow(`language ${language}`, sumCounts(CATEGORIES.map((category) => countCategory(subset, category)))));
  }
  return lines;
}

/** Counts thread-level (expected, predicted) pairs; `none` stands for an empty side. */
export function confusion(results: ThreadResult[]): Map<string, Map<string, number>> {
  const matrix = new Map<string, Map<string, number>>();
  const add = (expected: string, predicted: string) => {
    const row = matrix.get(expected) ?? new Map<string, number>();
    row.set(predicted, (row.get(predicted) ?? 0) + 1);
    matrix.set(expected, row);
  };
  for (const { thread, predicted } of results) {
    const expectedSide = thread.expected.length === 0 ? [NONE] : thread.expected;
    const predictedSide = predicted.length === 0 ? [NONE] : predicted;
    for (const expected of expectedSide) for (const guess of predictedSide) add(expected, guess);
  }
  return matrix;
}

function formatConfusion(results: ThreadResult[]): string[] {
  const labels = [...CATEGORIES, NONE];
  // Each column is as wide as the longest category name, so no header is cut.
  const column = Math.max(...labels.map((label) => label.length)) + 1;
  const matrix = confusion(results);
  const lines = [`  ${'expected \\ got'.padEnd(14)}${labels.map((label) => label.padStart(column)).join('')}`];
  for (const expected of labels) {
    const row = matrix.get(expected);
    const cells = labels.map((predicted) => String(row?.get(predicted) ?? 0).padStart(column));
    lines.push(`  ${expected.padEnd(14)}${cells.join('')}`);
  }
  return lines;
}

/**
 * Lists the threads whose categories differ from their labels, each with its hits. For each
 * missed category it also lists every customer message's new-text sentences, as detection
 * reads them, with the model's probability of that category on each sentence alone, and the
 * category's rules that matched but did not fire, with the reason.
 */
export function formatFailures(results: ThreadResult[], rulesOf: (file: string) => RuleSet): string[] {
  const failures = results.filter((result) => result.thread.expected.join() !== result.predicted.join());
  const lines = [`  ${failures.length} thread(s) differ from their labels`];
  for (const { thread, predicted, evidence } of failures) {
    lines.push(`  ${thread.id}: expected [${thread.expected.join(', ')}], got [${predicted.join(', ')}]`);
    for (const line of evidence) lines.push(`      ${line}`);
    const missed = thread.expected.filter((category) => !predicted.includes(category));
    if (missed.length === 0) continue;
    const messages = customerMessages(thread);
    const rules = rulesOf(thread.file);
    for (const category of missed) {
      lines.push(`      missed ${category}:`);
      if (messages.length === 0) lines.push('        no customer message is read');
      for (const message of messages) {
        lines.push(`        message ${message.index + 1} from ${message.from?.address ?? '?'}:`);
        lines.push(...formatMiss(explainMiss(message, rules, category), '          '));
      }
    }
  }
  return lines;
}

/** Returns the set of an eval file: its prefix (`h2`, `b3`, `n1`…), or `h` for the first set, which has no prefix. */
export function setOfFile(file: string): string {
  return /^([a-z]\d+)-/.exec(path.basename(file))?.[1] ?? 'h';
}

/** Formats one line per set with tp / fp / fn per category and in all, so that a fix's effect on each set shows. */
function formatBySet(results: ThreadResult[]): string[] {
  const sets = [...new Set(results.map((result) => setOfFile(result.thread.file)))];
  const short = (label: string) => label.slice(0, 8);
  const lines = [`  ${'set'.padEnd(5)}${[...CATEGORIES, 'all'].map((label) => short(label).padStart(11)).join('')}`];
  const cell = (counts: Counts) => `${counts.truePositives}/${counts.falsePositives}/${counts.falseNegatives}`.padStart(11);
  for (const set of sets) {
    const subset = results.filter((result) => setOfFile(result.thread.file) === set);
    const perCategory = CATEGORIES.map((category) => countCategory(subset, category));
    lines.push(`  ${set.padEnd(5)}${perCategory.map(cell).join('')}${cell(sumCounts(perCategory))}`);
  }
  return lines;
}

/** Evaluates every split that has threads and returns the report text. */
export function runEval(
  root: string,
  rules: RuleSet,
  showFailures: boolean,
  splits: readonly Split[] = SPLITS,
  bySet = false,
  withCatalog: ((catalog: Catalog) => RuleSet) | null = null,
  autoCatalog = false,
): string {
  const lines: string[] = [`Rules: ${rules.ruleCount} in ${rules.files.map((file) => path.relative(root, file)).join(', ')}`];
  // The learned model's hits are on unless --no-model. It was trained on dev and tuning, so only holdout measures it.
  for (const [language, model] of rules.models ?? []) {
    const thresholds = model.categories.map((category, index) => `${category} ${(model.thresholds[index] ?? model.threshold).toFixed(2)}`);
    const floors = model.categories.flatMap((category, index) => ((model.vetoFloors[index] ?? 0) > 0 ? [`${category} ${model.vetoFloors[index]}`] : []));
    const veto = floors.length === 0 ? 'no veto' : `veto floors ${floors.join(', ')}`;
    lines.push(`Model: ${language}, thresholds ${thresholds.join(', ')}, ${veto} (trained on dev and tuning, so only holdout measures it)`);
  }
  for (const split of splits) {
    const folder = path.join(root, 'fixtures', 'eval', split);
    const threads = readSplit(folder);
    if (threads.length === 0) {
      lines.push('', `${split}: no threads, skipped`);
      continue;
    }
    const discovered = autoCatalog && withCatalog !== null ? discoverCatalogs(threads) : null;
    const given = discovered === null ? null : new Map([...discovered].flatMap(([name, found]) => (found.catalog === null ? [] : [[name, found.catalog] as const])));
    const rulesOf = rulesByFile(folder, rules, withCatalog, given);
    const results = threads.map((thread) => evaluateThread(thread, rulesOf(thread.file)));
    const negatives = threads.filter((thread) => thread.expected.length === 0).length;
    const catalogued = new Set(threads.filter((thread) => rulesOf(thread.file) !== rules).map((thread) => thread.file)).size;
    const catalogNote = withCatalog === null ? 'no catalogues' : `${discovered === null ? 'catalogues' : 'discovered catalogues'} for ${catalogued} file(s)`;
    if (discovered !== null) lines.push('', `${split} discovered catalogues against ${CATALOG_FILE}:`, ...compareCatalogs(readCatalogs(folder), discovered));
    lines.push('', `${split}: ${threads.length} threads (${negatives} hard negatives), ${catalogNote}`, ...formatScores(results));
    lines.push('', `${split} confusion (threads: one count per pair of an expected and a found category; none: no label or no finding):`, ...formatConfusion(results));
    if (bySet) lines.push('', `${split} per set (tp/fp/fn):`, ...formatBySet(results));
    // This runner never lists holdout failures, so their wording cannot leak into the rules.
    if (showFailures && !BLIND_SPLITS.has(split)) lines.push('', `${split} failures:`, ...formatFailures(results, rulesOf));
  }
  return lines.join('\n');
}

const OPTIONS = ['--failures', '--by-set', '--split', '--no-model', '--no-catalog', '--auto-catalog'];

/** Rejects an unknown option, so a mistyped or retired one is not silently ignored. */
function checkOptions(argv: string[]): void {
  for (const arg of argv) {
    if (!arg.startsWith('--') || OPTIONS.includes(arg)) continue;
    const hint = arg === '--model' ? '; the model is on by default, and --no-model measures the rules alone' : `; use ${OPTIONS.join(', ')}`;
    throw new Error(`unknown option "${arg}"${hint}`);
  }
}

function readSplitOption(argv: string[]): readonly Split[] {
  const position = argv.indexOf('--split');
  if (position === -1) return SPLITS;
  const value = argv[position + 1];
  const split = SPLITS.find((candidate) => candidate === value);
  if (split === undefined) throw new Error(`invalid --split "${value ?? ''}"; use dev, tuning, holdout or ordinary`);
  return [split];
}

function main(): void {
  const argv = process.argv.slice(2);
  try {
    checkOptions(argv);
    if (argv.includes('--auto-catalog') && argv.includes('--no-catalog')) throw new Error('--auto-catalog and --no-catalog exclude each other; give one');
    const withModel = !argv.includes('--no-model');
    const withCatalog = argv.includes('--no-catalog') ? null : (catalog: Catalog) => loadRuleSet([], withModel, catalog);
    const report = runEval(findPackageRoot(), loadRuleSet([], withModel), argv.includes('--failures'), readSplitOption(argv), argv.includes('--by-set'), withCatalog, argv.includes('--auto-catalog'));
    process.stdout.write(`${report}\n`);
  } catch (error) {
    // A bad option or a malformed eval file: one line, and exit code 2 as the CLI uses.
    process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
