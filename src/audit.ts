// The audit pipeline: read mail -> analyse each message -> group into
// opportunities -> match against the CRM -> estimate -> one AuditReport.
// Each step is a plain function over typed records; this file only wires them.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { compareText } from './compare.js';
import { isLeakError, LeakError } from './errors.js';
import { normaliseEmail } from './match/domains.js';
import { buildCrmIndex, judgeCoverage, matchAccount, unmatchedVerdict } from './match/index.js';
import type { CrmIndex } from './match/index.js';
import { judgeReferral } from './match/referral.js';
import { packagePath, packageRoot, SAMPLE_CRM, SAMPLE_MAILBOX } from './package-root.js';
import type { CrmData } from './parsers/crm/index.js';
import { readRawMail } from './parsers/mail-sources.js';
import type { MailSource, RawMailItem } from './parsers/mail-sources.js';
import { trace } from './pipeline/trace.js';
import { analyzeItems, startWorkers } from './pipeline/pool.js';
import type { Workers } from './pipeline/pool.js';
import { endEarlyWorkers, jobsForInputs } from './pipeline/early-workers.js';
// Detectors are imported from their own modules, not from detectors/index.ts, which also loads the explanation code.
import { applyCatalog, AUTO_CATALOG, readCatalogFile, type Catalog } from './detectors/catalog.js';
import { compileRuleSet, modelFile, readRuleSources } from './detectors/rule-set.js';
import type { LanguageSource, RuleSet } from './detectors/rule-set.js';
import { buildAssumptions, summarize, valueOpportunity } from './pipeline/estimate.js';
import type { EstimateOptions } from './pipeline/estimate.js';
import { checkPeriodGaps, groupMailboxesByOwner, isStrayDate, MailDates, measureOwners, widenSpan } from './pipeline/period.js';
import type { MailPeriod } from './pipeline/period.js';
import type { DateSpan } from './pipeline/period.js';
import { checkGivenOwners, dropRepeatedSources, OwnerSightings } from './input-checks.js';
import { markSharedLeads } from './pipeline/leads.js';
import { groupOpportunities, toSignalMessage } from './pipeline/opportunities.js';
import type { DraftOpportunity, SignalMessage } from './pipeline/opportunities.js';
import { AddressCounter, checkDetectedOwners, isOwnerSide, OwnerHint } from './pipeline/owners.js';
import type { Owners } from './pipeline/owners.js';
import { StringPool } from './pipeline/intern.js';
import { CopyFinder, ExclusionLog, SenderLog } from './pipeline/message-log.js';
import type { AnalyzedMessage } from './pipeline/analyze.js';
import { SpillFile } from './pipeline/spill.js';
import { ThreadIndex } from './pipeline/threads.js';
// The CRM reader and the redaction code are loaded only when the audit uses them.
import type { PeopleBook } from './redact.js';
import { SCHEMA_VERSION } from './report/schema.js';
import type { AttachedCounts, AuditReport, DefaultedAssumption, MailboxInput, ModelVeto } from './report/schema.js';
import type { CrmVerdict, Evidence, MessageSummary, Opportunity, Problem } from './types.js';

export interface AuditOptions extends EstimateOptions {
  mbox: string[];
  eml: string[];
  crm: string[];
  crmMap: Record<string, string>;
  openStages?: string[];
  closedWonStages?: string[];
  closedLostStages?: string[];
  /** Whether the learned model adds its findings to the rules'; false with `--no-model`. */
  model?: boolean;
  /** Money assumptions left at their defaults, marked as such in the reports. */
  defaulted?: DefaultedAssumption[];
  owners: string[];
  rules: string[];
  /** The client's offer catalogue (`--catalog`): plans, add-ons and billing units that detection names. */
  catalog?: string;
  redact: boolean;
  /** Day the CRM export was taken (YYYY-MM-DD): a won or lost deal closed after it has no trusted close date. */
  exportedOn?: string;
  /** Threads for parsing and detection, the main thread and jobs - 1 workers; default: the number of cores. */
  jobs?: number;
  /** Called after each message with running totals, for progress display. */
  onProgress?: (progress: AuditProgress) => void;
}

export interface AuditProgress {
  mailbox: string;
  messages: number;
  signals: number;
  /** Raw message bytes read so far, and the size of all mbox inputs (0 for folders). */
  bytesDone: number;
  bytesTotal: number;
}

/** Runs the whole audit and returns the report; throws LeakError on unusable input. */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const isSample = options.mbox.length === 0 && options.eml.length === 0;
  const requestedSources: MailSource[] = isSample
    ? [{ kind: 'mbox', path: packagePath(SAMPLE_MAILBOX) }]
    : [
        ...options.mbox.map((path): MailSource => ({ kind: 'mbox', path })),
        ...options.eml.map((path): MailSource => ({ kind: 'eml', path })),
      ];
  const crmPaths = isSample && options.crm.length === 0 ? [packagePath(SAMPLE_CRM)] : options.crm;
  for (const source of requestedSources) assertReadable(source.path, source.kind === 'mbox' ? '--mbox' : '--eml');
  for (const path of crmPaths) assertReadable(path, '--crm');

  const withModel = options.model !== false;
  trace('audit thread: rules start');
  // `--catalog auto` reads the mail once more first, to find the offer names it uses. Its module
  // is imported only then, because discovery reads mail through mailparser.
  let discovered: Catalog | null | undefined;
  if (options.catalog === AUTO_CATALOG) {
    const { discoverCatalogOf } = await import('./commands/catalog.js');
    discovered = await discoverCatalogOf(requestedSources);
  }
  const ruleSources = readRules(options.rules, options.catalog, discovered);
  const problems: Problem[] = [];
  const sources = dropRepeatedSources(requestedSources, problems);
  const jobs = chooseJobs(sources, options);
  // The workers start now and compile their rules while this thread compiles
  // its own and reads the CRM export, instead of after.
  const workers = jobs > 1 ? startWorkers(jobs, { ruleFiles: options.rules, sources: ruleSources, withModel }) : null;
  // Workers started as the audit thread began and not needed after all.
  if (workers === null) await endEarlyWorkers();
  try {
    const redaction = options.redact ? await import('./redact.js') : null;
    return await auditWith(options, { isSample, sources, crmPaths, ruleSources, problems, jobs, workers, redaction });
  } finally {
    await workers?.close();
  }
}

/** Runs the audit once the rule sources are read and the workers, if any, are started. */
async function auditWith(
  options: AuditOptions,
  setup: {
    isSample: boolean;
    sources: MailSource[];
    crmPaths: string[];
    ruleSources: LanguageSource[];
    problems: Problem[];
    jobs: number;
    workers: Workers | null;
    /** The redaction module, loaded for --redact only. */
    redaction: Redaction | null;
  },
): Promise<AuditReport> {
  const { isSample, sources, crmPaths, problems, jobs, workers, redaction } = setup;
  const rules = compileRules(setup.ruleSources, options.rules, options.model !== false);
  trace('audit thread: rules compiled');
  const ruleInfo = {
    count: rules.ruleCount,
    files: rules.files.map(displayRuleFile),
    models: [...(rules.models?.keys() ?? [])].sort().map((language) => displayRuleFile(modelFile(language))),
  };
  const crm = crmPaths.length > 0 ? await readCrmInputs(crmPaths, options) : null;

  trace('audit thread: crm read');
  // Reading adds its problems to those found so far and sorts them all, so a second
  // read starts again from a copy of the problems found before the first.
  const problemsBeforeRead = [...problems];
  let readProblems = [...problemsBeforeRead];
  const analysis = { jobs, rules, workers, redaction };
  let read = await readAndAnalyze(sources, { ...analysis, hasOwnerHint: true }, readProblems, options);
  try {
    const owners = read.addresses.owners(options.owners);
    // Detection skipped the mail of owners guessed while reading. A guess the final owners
    // do not confirm means a customer's mail went unread, so everything is read again
    // with detection on every message. The guess waits for a clear owner, so this is rare.
    if (read.skippedSenders.some((sender) => !isOwnerSide(sender, owners))) {
      closeSpills(read);
      readProblems = [...problemsBeforeRead];
      read = await readAndAnalyze(sources, { ...analysis, hasOwnerHint: false }, readProblems, options);
    }
    // Every message is analysed, so the workers end while the report is built.
    workers?.close().catch(() => undefined);
    return finishAudit(read, { isSample, crm, ruleInfo, modelVeto: modelVetoOf(rules), owners, problems: readProblems, redaction }, options);
  } finally {
    closeSpills(read);
  }
}

/** Removes the temporary files of a read. */
function closeSpills(read: ReadResult): void {
  read.signalMessages.close();
  read.humanSenders.close();
  read.threads.close();
}

/** Returns the thread of each signal message, then closes the thread index. */
function threadsOfSignals(read: ReadResult): Map<string, string> {
  const threads = read.threads.threadsOf(read.signalMessages);
  read.threads.close();
  return threads;
}

/** Builds the report from the messages read: owners, opportunities, CRM verdicts and estimates. */
function finishAudit(
  read: ReadResult,
  context: {
    isSample: boolean;
    crm: CrmData | null;
    ruleInfo: AuditReport['rules'];
    modelVeto: ModelVeto;
    owners: Owners;
    /** The problems found so far, reading's included. More are added here. */
    problems: Problem[];
    redaction: Redaction | null;
  },
  options: AuditOptions,
): AuditReport {
  const { isSample, crm, ruleInfo, modelVeto, owners, problems, redaction } = context;
  const { mailboxes, exclusions } = read;
  problems.push(...checkGivenOwners(options.owners, read.ownerSightings));
  problems.push(...checkDetectedOwners(read.addresses, owners, options.owners));
  excludeOwnerMessages(read.humanSenders, owners, exclusions);
  for (const mailbox of mailboxes) mailbox.excluded = exclusions.countInMailbox(mailbox.path);

  // Two passes over the file of signal messages, so they are never all in memory.
  // The thread index is closed once each signal message has its thread, and the
  // thread map lives only while grouping runs.
  trace('audit thread: finish start');
  const threadMap = threadsOfSignals(read);
  trace('audit thread: threads of signals');
  const grouping = groupOpportunities(read.signalMessages, threadMap, owners);
  trace('audit thread: opportunities grouped');
  const index = crm === null ? null : buildCrmIndex(crm, { ownerDomains: owners.domains });
  const period = read.dates.measure();
  // Each owner's leads are annualised over the weeks of that owner's own mailboxes.
  // A mailbox whose messages were all duplicates or skipped has no addresses to
  // find its owner from. With a single --owner, that owner's weeks include it.
  const soleOwner = options.owners.length === 1 && owners.addresses.length === 1 ? (owners.addresses[0] ?? null) : null;
  const ownerGroups = groupMailboxesByOwner(
    mailboxes.map((mailbox) => mailbox.path),
    (mailbox) => owners.byMailbox.get(mailbox) ?? soleOwner,
  );
  const ownerWeeks = measureOwners(read.dates, ownerGroups, period);
  problems.push(...checkPeriodGaps(mailboxes, period, ownerWeeks));
  const assumptions = buildAssumptions(options, period, modelVeto);
  // TODO: opportunities and their evidence stay in memory until the report is
  // written, so peak RSS after reading still grows with the number of signals.
  // On the 4 GB bench input (15,583 opportunities), forced-GC readings: grouping
  // adds 17 MB of live heap, and 39 MB is live once the audit returns (report and rules).
  for (const message of grouping.anonymous) {
    problems.push({
      code: 'SIGNAL_NO_SENDER',
      file: message.file,
      where: `message ${message.index + 1}`,
      detail: 'a buying signal was found, but neither From, Sender nor Reply-To gives an address, so no account can be named; the signal is left out',
    });
  }
  // Verdicts of one account repeat the same record, account and reason strings: one copy of each.
  const verdictStrings = new StringPool();
  const finished = grouping.opportunities.map((draft) =>
    finishOpportunity(draft, index, options, verdictStrings, isOutsidePeriod(draft.evidence, period)),
  );
  const opportunities = markSharedLeads(
    finished,
    grouping.opportunities.map((draft, position) => ({
      threadId: draft.threadId,
      // Referrals of one referred company are one lead, from any sender.
      account: finished[position]?.referredCompany ?? finished[position]?.crm.account ?? draft.accountKey,
    })),
  );

  const report: AuditReport = {
    schemaVersion: SCHEMA_VERSION,
    sample: isSample,
    inputs: { mailboxes, crm: crm === null ? null : crm.inputs },
    owners: owners.addresses,
    rules: ruleInfo,
    redacted: false,
    assumptions,
    // Every message read counts, duplicates too, so the headline is the sum of the mailboxes' figures.
    summary: summarize(opportunities, countRead(mailboxes), assumptions, ownerWeeks),
    opportunities,
    exclusions: { byKind: exclusions.countByKind(), messages: exclusions },
    problems: [...problems, ...(crm?.problems ?? [])],
  };
  const labelled = isSample ? relabelSamplePaths(report) : report;
  if (redaction === null) return labelled;
  // Names that appear only in the CRM (a contact-name or owner column) are masked in any text too.
  for (const person of crm?.people ?? []) read.people?.addCrmPerson(person);
  return redaction.redactReport(labelled, read.people ?? undefined);
}

/**
 * Writes the bundled sample's paths relative to the package, so the sample
 * report is byte-identical wherever leak is installed.
 */
function relabelSamplePaths(report: AuditReport): AuditReport {
  const root = packageRoot() + path.sep;
  const label = (file: string): string => (file.startsWith(root) ? file.slice(root.length) : file);
  return {
    ...report,
    inputs: {
      mailboxes: report.inputs.mailboxes.map((item) => ({ ...item, path: label(item.path) })),
      crm: report.inputs.crm?.map((item) => ({ ...item, path: label(item.path) })) ?? null,
    },
    opportunities: report.opportunities.map((item) => ({
      ...item,
      evidence: item.evidence.map((evidence) => ({
        ...evidence,
        mailbox: label(evidence.mailbox),
        file: label(evidence.file),
      })),
    })),
    summary: {
      ...report.summary,
      byOwner: report.summary.byOwner.map((item) => ({ ...item, mailboxes: item.mailboxes.map(label) })),
    },
    exclusions: {
      byKind: report.exclusions.byKind,
      messages: Array.from(report.exclusions.messages, (item) => ({ ...item, mailbox: label(item.mailbox) })),
    },
    problems: report.problems.map((item) => ({ ...item, file: label(item.file) })),
  };
}

/**
 * Loads the rule packs. A rule file the YAML parser itself rejects in an
 * unexpected way (an alias bomb, say) is still bad input, not a bug of leak.
 */
export function loadRules(files: string[], withModel = false, catalogFile?: string): RuleSet {
  return compileRules(readRules(files, catalogFile), files, withModel);
}

/** Returns the veto floors of the loaded models, per language and category, for the report's assumptions. */
export function modelVetoOf(rules: RuleSet): ModelVeto {
  const floors: Record<string, Record<string, number>> = {};
  let enabled = false;
  for (const language of [...(rules.models?.keys() ?? [])].sort()) {
    const model = rules.models?.get(language);
    if (model === undefined) continue;
    floors[language] = Object.fromEntries(model.categories.map((category, index) => [category, model.vetoFloors[index] ?? 0]));
    if (model.vetoFloors.some((floor) => floor > 0)) enabled = true;
  }
  return { enabled, floors };
}

/** Reads the rule packs and the catalogue into plain sources, the part of loadRules a worker can be given. */
function readRules(files: string[], catalogFile?: string, discovered?: Catalog | null): LanguageSource[] {
  let catalog: Catalog | null = null;
  if (discovered !== undefined) catalog = discovered;
  else if (catalogFile !== undefined) catalog = readCatalogFile(catalogFile);
  return asRulesError(files, () => applyCatalog(readRuleSources(files), catalog));
}

/** Compiles sources from readRules, the rest of loadRules. */
function compileRules(sources: LanguageSource[], files: string[], withModel: boolean): RuleSet {
  return asRulesError(files, () => compileRuleSet(sources, withModel));
}

/** Runs `load` and raises any error other than a LeakError as RULES_INVALID, naming `files`. */
function asRulesError<T>(files: string[], load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (isLeakError(error)) throw error;
    throw new LeakError(
      'RULES_INVALID',
      `--rules ${files.join(', ')}: cannot be read (${(error as Error).message}). Check the file is valid YAML or JSON.`,
    );
  }
}

/** Built-in packs print relative to the package, so reports do not depend on the install folder. */
function displayRuleFile(file: string): string {
  const relative = path.relative(packageRoot(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function assertReadable(path: string, flag: string): void {
  if (!existsSync(path)) {
    throw new LeakError('INPUT_NOT_FOUND', `${flag} ${path}: no such file or folder. Check the path.`);
  }
  try {
    statSync(path);
  } catch (error) {
    throw new LeakError(
      'INPUT_UNREADABLE',
      `${flag} ${path}: cannot be read (${(error as Error).message}). Check its permissions.`,
    );
  }
}

async function readCrmInputs(paths: string[], options: AuditOptions): Promise<CrmData> {
  const { readCrm } = await import('./parsers/crm/index.js');
  return readCrm(paths, {
    map: options.crmMap,
    openStages: options.openStages,
    closedWonStages: options.closedWonStages,
    closedLostStages: options.closedLostStages,
    defaultCurrency: options.currency,
    ...(options.exportedOn === undefined ? {} : { exportedOn: options.exportedOn }),
  });
}

/**
 * State kept while reading: running counts and indexes, and what grouping
 * needs of the human messages that carry a signal. The signal messages, the
 * senders and the thread keys wait in temporary files. An ordinary message
 * still costs its hashed ids in the thread index and its fingerprint in typed
 * columns (about 90 bytes), and an exclusion record when it is excluded.
 */
interface ReadResult {
  firstDate: string | null;
  lastDate: string | null;
  addresses: AddressCounter;
  threads: ThreadIndex;
  /** Every dated message, per day, for the period. */
  dates: MailDates;
  /** In a temporary file until every message is read. */
  signalMessages: SpillFile<SignalMessage>;
  /** Sender of every human message, to list the owner's own mail once owners are known. */
  humanSenders: SenderLog;
  mailboxes: MailboxInput[];
  exclusions: ExclusionLog;
  /** Given owners (addresses or domains) seen in From or To of some message. */
  ownerSightings: OwnerSightings;
  /** Senders of the messages whose detection the owner hint skipped, each once. */
  skippedSenders: string[];
  /** Display names of every From, To and Cc address, kept only for --redact. */
  people: PeopleBook | null;
}

/** Analysis settings of a read: the job count, the compiled rules and the started workers. */
interface ReadAnalysis {
  jobs: number;
  rules: RuleSet | null;
  workers: Workers | null;
  hasOwnerHint: boolean;
  /** The redaction module, loaded for --redact only: the read then keeps a PeopleBook. */
  redaction: Redaction | null;
}

/** The redaction module (redact.ts). */
type Redaction = typeof import('./redact.js');

async function readAndAnalyze(
  sources: MailSource[],
  analysis: ReadAnalysis,
  problems: Problem[],
  options: AuditOptions,
): Promise<ReadResult> {
  const result = emptyReadResult(options, analysis.redaction);
  try {
    await readInto(result, sources, analysis, problems, options);
    return result;
  } catch (error) {
    closeSpills(result);
    throw error;
  }
}

function emptyReadResult(options: AuditOptions, redaction: Redaction | null): ReadResult {
  return {
    firstDate: null,
    lastDate: null,
    addresses: new AddressCounter(),
    threads: new ThreadIndex(),
    dates: new MailDates(),
    signalMessages: new SpillFile<SignalMessage>('signals'),
    humanSenders: new SenderLog(),
    mailboxes: [],
    exclusions: new ExclusionLog(),
    ownerSightings: new OwnerSightings(options.owners),
    skippedSenders: [],
    people: redaction === null ? null : new redaction.PeopleBook(),
  };
}

/** Reads every source into `result`. */
async function readInto(
  result: ReadResult,
  sources: MailSource[],
  analysis: ReadAnalysis,
  problems: Problem[],
  options: AuditOptions,
): Promise<void> {
  const hint = analysis.hasOwnerHint ? new OwnerHint(result.addresses, options.owners) : null;
  const skipped = new Set<string>();
  const ids = new CopyFinder();
  const pool = new StringPool();
  const bytesTotal = sources.reduce((sum, source) => sum + fileSize(source), 0);
  let bytesDone = 0;
  let messagesRead = 0;
  let signals = 0;

  try {
    for (const source of sources) {
      const { items, counts } = readRawMail(source, problems);
      // Sizes wait here until their outcome comes back, so progress counts analysed bytes,
      // not bytes already handed to workers.
      const pendingSizes: number[] = [];
      const outcomes = analyzeItems(trackBytes(items, (bytes) => pendingSizes.push(bytes)), {
        jobs: analysis.jobs,
        rules: analysis.rules,
        ruleFiles: options.rules,
        withModel: options.model !== false,
        ownerSide: () => hint?.current() ?? null,
        workers: analysis.workers,
      });
      const span: DateSpan = { firstDate: null, lastDate: null };
      // Every message read advances the progress, skipped and duplicate ones too.
      const report = () => options.onProgress?.({ mailbox: source.path, messages: messagesRead, signals, bytesDone, bytesTotal });
      const attachedCounts: AttachedCounts = { read: 0, duplicates: 0, skipped: 0, unopened: 0 };
      const readAnalyzed = (analyzed: AnalyzedMessage, isAttached: boolean): void => {
        const summary = pool.internSummary(analyzed.summary);
        // An attached message's date is when it was first sent, not when this mailbox was in use.
        if (!isAttached) widenSpan(span, summary.date);
        // Spam and deleted mail do not show which weeks the mailbox was in use.
        const kind = summary.classification.kind;
        if (!isAttached && kind !== 'spam' && kind !== 'deleted') result.dates.add(summary.date, source.path);
        const original = ids.findCopy(analyzed, summary, isAttached);
        if (original !== null) {
          if (isAttached) attachedCounts.duplicates += 1;
          result.exclusions.add(summary, 'duplicate', `same message as ${original}`);
          return;
        }
        addToResult(result, summary, isAttached);
        hint?.noteMessage();
        if (analyzed.skippedSender !== null) skipped.add(analyzed.skippedSender);
        signals += summary.hits.length;
      };
      let isFirst = true;
      for await (const outcome of outcomes) {
        if (isFirst) trace('audit thread: first outcome');
        isFirst = false;
        bytesDone += pendingSizes.shift() ?? 0;
        messagesRead += 1;
        problems.push(...outcome.problems);
        if (outcome.analyzed === null) {
          counts.skipped += 1;
          report();
          continue;
        }
        counts.messages += 1;
        readAnalyzed(outcome.analyzed, false);
        for (const attached of outcome.attached) {
          if (attached === null) {
            counts.skipped += 1;
            attachedCounts.skipped += 1;
            continue;
          }
          counts.messages += 1;
          attachedCounts.read += 1;
          readAnalyzed(attached, true);
        }
        attachedCounts.unopened += outcome.attachedUnopened;
        report();
      }
      trace('audit thread: last outcome');
      writeRequestedHeapSnapshot();
      const hasAttached = attachedCounts.read + attachedCounts.skipped + attachedCounts.unopened > 0;
      result.mailboxes.push({
        path: source.path,
        messages: counts.messages,
        skipped: counts.skipped,
        excluded: 0,
        ...span,
        ...(hasAttached ? { attached: attachedCounts } : {}),
      });
    }
  } finally {
    ids.close();
  }
  problems.sort(compareProblems);
  result.skippedSenders = [...skipped];
}

/**
 * Writes a heap snapshot of this thread into the folder that LEAK_HEAP_SNAPSHOT
 * names, after each mailbox is read, for comparing what the audit keeps on small
 * and large inputs. Off unless that variable is set.
 */
function writeRequestedHeapSnapshot(): void {
  const folder = process.env['LEAK_HEAP_SNAPSHOT'];
  if (folder === undefined || folder === '') return;
  v8.writeHeapSnapshot(path.join(folder, `audit-${process.pid}-${Date.now()}.heapsnapshot`));
  trace('audit thread: heap snapshot written');
}

/** Sums the messages read in every mailbox, duplicates included. */
function countRead(mailboxes: readonly MailboxInput[]): number {
  return mailboxes.reduce((total, mailbox) => total + mailbox.messages, 0);
}

/**
 * Adds a message read to the result. An attached message may have gone between other
 * people, so its addresses do not count towards finding the mailbox's owner.
 */
function addToResult(result: ReadResult, summary: MessageSummary, isAttached: boolean): void {
  if (!isAttached) {
    result.addresses.add(summary);
    result.ownerSightings.add(summary);
  }
  result.people?.addMessage(summary);
  result.threads.add(summary);
  if (summary.date !== null) {
    if (result.firstDate === null || summary.date < result.firstDate) result.firstDate = summary.date;
    if (result.lastDate === null || summary.date > result.lastDate) result.lastDate = summary.date;
  }
  if (summary.classification.kind !== 'human') {
    result.exclusions.add(summary, summary.classification.kind, summary.classification.reason);
    return;
  }
  const sender = summary.from?.address ?? '';
  if (sender !== '') result.humanSenders.add(summary, sender);
  if (summary.hits.length > 0) result.signalMessages.push(toSignalMessage(summary));
}

/** Returns the job count: an explicit --jobs as given, else no workers for small inputs. */
function chooseJobs(sources: MailSource[], options: AuditOptions): number {
  if (options.jobs !== undefined) return options.jobs;
  return jobsForInputs(sources.map((source) => source.path));
}

async function* trackBytes(
  items: AsyncIterable<RawMailItem>,
  onBytes: (bytes: number) => void,
): AsyncGenerator<RawMailItem> {
  for await (const item of items) {
    onBytes(item.size);
    yield item;
  }
}

function fileSize(source: MailSource): number {
  try {
    const stats = statSync(source.path);
    return stats.isFile() ? stats.size : 0;
  } catch {
    return 0;
  }
}

/**
 * Orders problems by file, then position, so the report does not depend on
 * whether the splitter or a worker recorded a problem first.
 */
function compareProblems(a: Problem, b: Problem): number {
  return (
    compareText(a.file, b.file) ||
    firstNumber(a.where) - firstNumber(b.where) ||
    compareText(a.code, b.code) ||
    compareText(a.detail, b.detail)
  );
}

function firstNumber(text: string): number {
  const match = /\d+/.exec(text);
  return match === null ? -1 : Number(match[0]);
}

/** Mail written by an owner or a colleague is read but never creates a signal. */
function excludeOwnerMessages(senders: SenderLog, owners: Owners, exclusions: ExclusionLog): void {
  for (const { message, sender } of senders.entries()) {
    if (!isOwnerSide(sender, owners)) continue;
    const reason = owners.addresses.includes(normaliseEmail(sender))
      ? `sent by the mailbox owner ${sender}`
      : `internal mail from ${sender}`;
    exclusions.add(message, 'owner-side', reason + describeForward(message.forwardedFrom, owners));
  }
}

/**
 * Returns the note added to an owner-side exclusion whose text forwards a customer's
 * mail inline. The forwarded part is not read as the customer's message, because one
 * text body has one author here. Only a forward attached as a message (message/rfc822)
 * has headers of its own, and it is read as the customer's.
 */
function describeForward(forwardedFrom: string | undefined, owners: Owners): string {
  if (forwardedFrom === undefined || isOwnerSide(forwardedFrom, owners)) return '';
  return `; it forwards mail from ${forwardedFrom} inline, which is not read as a customer's message`;
}

/**
 * Tells whether every dated message of an opportunity was left out of the
 * period as a stray date. Undated evidence does not decide: a lead seen only in
 * undated mail has no firstSeen and is left out of the loss for that reason.
 */
function isOutsidePeriod(evidence: readonly Evidence[], period: MailPeriod): boolean {
  const dated = evidence.filter((item) => item.date !== null);
  return dated.length > 0 && dated.every((item) => isStrayDate(period.strays, item.mailbox, item.date as string));
}

function finishOpportunity(
  draft: DraftOpportunity,
  index: CrmIndex | null,
  options: AuditOptions,
  strings: StringPool,
  outsidePeriod: boolean,
): Opportunity {
  const judged: JudgedDraft =
    index === null ? { verdict: unmatchedVerdict('no CRM export given'), referrer: null, referredCompany: null } : verdictFor(draft, index);
  const crm = internVerdict(judged.verdict, strings);
  return {
    id: draft.id,
    category: draft.category,
    // A referral checked against the company it introduces stays under the referrer's name.
    account: judged.referredCompany === null ? (crm.account ?? draft.accountKey) : (judged.referrer ?? draft.accountKey),
    owner: draft.owner,
    domain: draft.domain,
    contacts: draft.contacts,
    firstSeen: draft.firstSeen,
    lastSeen: draft.lastSeen,
    outsidePeriod,
    quantity: draft.quantity,
    confidence: draft.confidence,
    crm,
    referredCompany: judged.referredCompany === null ? null : strings.intern(judged.referredCompany),
    estimatedValue: valueOpportunity(draft, options),
    sameLeadAs: null,
    evidence: draft.evidence,
  };
}

/** Returns the verdict with its repeated strings taken from `strings`. */
function internVerdict(verdict: CrmVerdict, strings: StringPool): CrmVerdict {
  const intern = (value: string | null): string | null => (value === null ? null : strings.intern(value));
  return {
    ...verdict,
    record: intern(verdict.record),
    recordCurrency: intern(verdict.recordCurrency),
    account: intern(verdict.account),
    reason: strings.intern(verdict.reason),
    candidates: verdict.candidates.map((candidate) => strings.intern(candidate)),
  };
}

/** A draft's CRM verdict, with the referrer's account and the company referred for a referral. */
interface JudgedDraft {
  verdict: CrmVerdict;
  /** The referrer's CRM account name, for a referral checked against the company it introduces. */
  referrer: string | null;
  referredCompany: string | null;
}

function verdictFor(draft: DraftOpportunity, index: CrmIndex): JudgedDraft {
  const names = [...draft.contactNames];
  if (draft.domain !== null) names.push(draft.domain.split('.')[0] ?? draft.domain);
  const match = matchAccount(
    { emails: draft.contacts, domains: draft.domain === null ? [] : [draft.domain], names },
    index,
  );
  if (draft.referral === null) return { verdict: judgeCoverage(match, draft.firstSeen), referrer: null, referredCompany: null };
  const { verdict, referredCompany } = judgeReferral(draft.referral, { match, names }, index, draft.firstSeen);
  return {
    verdict,
    referrer: match.status === 'matched' ? (match.account?.name ?? null) : null,
    referredCompany: referredCompany?.name ?? null,
  };
}


