// `leak audit`: turns flags into AuditOptions, runs the audit, writes the
// outputs, and returns the exit code (0 done, 1 a CI gate failed).
import { closeSync, openSync, readdirSync, realpathSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { runAudit } from '../audit.js';
import type { AuditReport, DefaultedAssumption } from '../report/schema.js';
import type { Problem } from '../types.js';
import { defaultJobs } from '../pipeline/pool.js';
import type { AuditOptions } from '../audit.js';
import { defaultRuleFiles } from '../detectors/rule-set.js';
import { AUTO_CATALOG } from '../detectors/catalog.js';
import { LeakError } from '../errors.js';
import { minorDigits, roundMoney } from '../money.js';
import { packagePath, SAMPLE_CRM, SAMPLE_MAILBOX } from '../package-root.js';
import { isFreeMailDomain, registrableDomain } from '../match/domains.js';
import { evaluateGates, renderVerdictLine } from '../report/gates.js';
import type { GateOptions } from '../report/gates.js';
import { isMailInOtherFormat, rejectNoMail } from './no-mail.js';
import { createProgress } from './progress.js';
import { trace } from '../pipeline/trace.js';
import { PERIOD_GAP_WEEKS } from '../pipeline/period.js';
import type { Progress } from './progress.js';
import type { Io } from './io.js';
import { cleanForTerminal } from '../report/control-chars.js';

/** Largest --ltv or --max-loss: far above any real deal, and small enough that no sum overflows. */
const MAX_AMOUNT = 1e12;

/** Largest --second-order multiplier accepted. */
const MAX_MULTIPLIER = 100;

/**
 * Smallest --second-order multiplier: the figure with second-order effects
 * adds referrals and expansion to the loss, so it is never below the loss.
 */
const MIN_MULTIPLIER = 1;

/** Problem codes that change how to read the numbers, so they are also printed as warnings. */
const WARNED_PROBLEMS = new Set([
  'MAILBOX_DUPLICATE_INPUT',
  'MAILBOX_PERIODS_DISJOINT',
  'MAILBOX_GAP',
  'MAIL_DATES_STRAY',
  'PERIOD_SHORT',
  'MAIL_UNDATED',
  'MAILBOX_UNDATED',
  'OWNER_NOT_SEEN',
  'OWNER_NOT_FOUND',
  'OWNER_TIED',
  'OWNER_WEAK',
  'CRM_STATUS_COLUMN_MISSING',
  'CRM_AMOUNT_COLUMN_MISSING',
  'CRM_DATE_COLUMN_MISSING',
  'CRM_LEAD_EXPORT',
  'CRM_STATUS_UNKNOWN',
  'CRM_STAGE_GUESSED',
  'CRM_COLUMN_UNREADABLE',
  'CRM_NO_OPPORTUNITIES',
  'CRM_CURRENCY_MISMATCH',
  'CRM_DATE_ORDER_GUESSED',
  'CRM_DATE_ORDER_CONFLICT',
  'CRM_CURRENCY_SYMBOL',
  'CRM_CURRENCY_COLUMN_IGNORED',
]);

/** Row problems printed as one warning per file, with the count and the first lines. */
const WARNED_ROW_PROBLEMS: Record<string, (problems: readonly Problem[]) => string> = {
  CRM_CREATED_AFTER_CLOSE: ({ length: count }) =>
    `${count === 1 ? 'an opportunity was' : `${count} opportunities were`} created after ` +
    `${count === 1 ? 'its' : 'their'} close date, as happens to deals imported later or dates read in the wrong order; ` +
    `check ${count === 1 ? 'that row' : 'those rows'} and the date order with leak crm inspect`,
  CRM_CLOSE_DATE_FUTURE: ({ length: count }) =>
    `${count === 1 ? 'a won or lost opportunity has its' : `${count} won or lost opportunities have their`} close ` +
    'date after the export date given by --crm-exported-on, so it is read as unknown and covers no signal dated after the deal was created; ' +
    `check ${count === 1 ? 'that row' : 'those rows'} in the CRM`,
  CRM_ACCOUNT_ID_UNKNOWN: ({ length: count }) =>
    count === 1
      ? 'an opportunity names an account id that no --crm file resolves, so it covers no signal; ' +
        'pass the accounts export that holds the id'
      : `${count} opportunities name account ids that no --crm file resolves, so they cover no signal; ` +
        'pass the accounts export that holds the ids',
  // A message without a usable date takes its signals out of the loss, so it is warned like a stray date.
  MESSAGE_DATE_INVALID: (problems) => {
    const undated = problems.filter((problem) => problem.detail.includes('date left empty')).length;
    const count = problems.length;
    const messages = count === 1 ? 'a message has a Date header' : `${count} messages have a Date header`;
    if (undated === 0) return `${messages} leak cannot read; the envelope date was used instead`;

    let subject = `${undated} of them ${undated === 1 ? 'has' : 'have'}`;
    if (undated === count) subject = count === 1 ? 'it has' : 'they have';
    return (
      `${messages} leak cannot read; ${subject} no envelope date either, so the signals found there are listed ` +
      'but left out of the annual loss (value_kind undated in the CSV)'
    );
  },
  MESSAGE_DATE_MISSING: ({ length: count }) =>
    `${count === 1 ? 'a message has' : `${count} messages have`} no Date header; the envelope date was used instead, ` +
    'which some tools that re-export an mbox set to the export day',
  MESSAGE_UNDATED: ({ length: count }) =>
    `${count === 1 ? 'a message has' : `${count} messages have`} no Date header and no envelope date, ` +
    'so the signals found there are listed but left out of the annual loss (value_kind undated in the CSV)',
};

/** Maximum lines named in a grouped row warning. The others are counted. */
const MAX_WARNED_LINES = 5;

/** Returns the largest --jobs accepted: each worker loads its own parser and rules, so more only cost memory. */
function maxJobs(): number {
  return 4 * defaultJobs();
}

export interface AuditFlags {
  /** Money flags left at their default values: conversion, ltv, currency, secondOrder. */
  defaulted?: string[];
  model?: boolean;
  mbox: string[];
  eml: string[];
  crm: string[];
  crmMap: string[];
  openStages?: string;
  closedStages?: string;
  lostStages?: string;
  /** Date the CRM export was taken (`--crm-exported-on`): won or lost deals closed after it are flagged. */
  crmExportedOn?: string;
  owner: string[];
  rules: string[];
  catalog?: string;
  conversion: string;
  ltv: string;
  currency: string;
  secondOrder: string;
  json: boolean;
  csv?: string;
  csvDelimiter?: string;
  excel: boolean;
  summaryCsv?: string;
  html?: string;
  markdown?: string;
  redact: boolean;
  /** File that contains the secret of the redaction tokens (see redact-key.ts). */
  redactKey?: string;
  maxInvisible?: string;
  minCoverage?: string;
  maxLoss?: string;
  quiet: boolean;
  verbose: boolean;
  progress: boolean;
  jobs?: string;
}

/** Function that makes an audit's progress display. The audit thread passes one that relays to the main thread. */
export type ProgressFactory = (io: Io, options: { enabled: boolean }) => Progress;

/** Runs `leak audit` and returns its exit code. */
export async function auditCommand(flags: AuditFlags, io: Io, makeProgress: ProgressFactory = createProgress): Promise<number> {
  rejectConflictingFlags(flags);
  const options = buildAuditOptions(flags);
  const gates = buildGates(flags);
  const outputs = plannedOutputs(flags);
  const delimiter = flags.excel ? ';' : parseDelimiter(flags.csvDelimiter ?? ',');
  rejectOverwritingInputs(outputs, auditInputs(options));
  rejectUnwritableOutputs(outputs);
  rejectCrmFolders(options.crm);
  // The renderers and the redaction code are loaded only when an output or --redact needs them.
  if (flags.redact) (await import('./redact-key.js')).loadRedactKey(flags.redactKey, io.stderr);

  if (options.mbox.length === 0 && options.eml.length === 0 && !flags.quiet) {
    io.stderr('No --mbox or --eml given: auditing the bundled sample in fixtures/sample/.\n');
  }
  const progress = makeProgress(io, { enabled: flags.progress && !flags.quiet });
  const audited = await runAudit({ ...options, onProgress: progress.update });
  // Problems quote CRM cells, whose people the free-text masking may not know.
  const report = audited.redacted
    ? { ...audited, problems: audited.problems.map((await import('../errors-redact.js')).maskProblemCells) }
    : audited;
  progress.done();
  trace('audit thread: report built');
  rejectEmptyAudit(report);
  const warnings = describeWarnings(report);
  for (const warning of warnings) io.stderr(`leak: warning: ${cleanForTerminal(warning)}\n`);

  const verdict = evaluateGates(report, gates);
  const hasGates = Object.values(gates).some((value) => value !== undefined);
  const csvOptions = { delimiter, excel: flags.excel };
  if (flags.csv !== undefined || flags.summaryCsv !== undefined) {
    const { renderOpportunitiesCsvChunks, renderSummaryCsv } = await import('../report/csv.js');
    if (flags.csv !== undefined) writeOutput(flags.csv, renderOpportunitiesCsvChunks(report, csvOptions));
    if (flags.summaryCsv !== undefined) writeOutput(flags.summaryCsv, renderSummaryCsv(report, csvOptions));
  }
  if (flags.html !== undefined) writeOutput(flags.html, (await import('../report/html.js')).renderHtml(report));
  if (flags.markdown !== undefined) {
    const { renderMarkdown } = await import('../report/markdown.js');
    writeOutput(flags.markdown, renderMarkdown(report, hasGates ? verdict : undefined));
  }

  if (flags.quiet) {
    io.stdout(cleanForTerminal(renderVerdictLine(report, verdict, warnings.length)) + '\n');
  } else if (flags.json) {
    // NOTE: Node.js writes stdout to files, and to pipes on Linux and Windows,
    // synchronously. A pipe on macOS is written asynchronously, so there the
    // chunks queue in memory until the reader catches up.
    const { renderJsonChunks } = await import('../report/json.js');
    for (const chunk of renderJsonChunks(report)) io.stdout(chunk);
  } else {
    const { renderTerminal } = await import('../report/terminal.js');
    io.stdout(renderTerminal(report, { color: io.color, verbose: flags.verbose, width: io.width }));
  }
  trace('audit thread: outputs written');
  // The verdict line of --quiet already gives each failed gate's reason.
  if (!flags.quiet) for (const failure of verdict.failures) io.stderr(`leak: gate failed: ${cleanForTerminal(failure)}\n`);
  return verdict.passed ? 0 : 1;
}

/**
 * Rejects flags that contradict each other, or that change an output not
 * requested, because leak cannot tell which of them the user meant.
 */
function rejectConflictingFlags(flags: AuditFlags): void {
  const conflicts: Array<[boolean, string]> = [
    [flags.json && flags.quiet, '--json and --quiet both set what stdout prints; pass one of them'],
    [flags.quiet && flags.verbose, '--quiet and --verbose contradict each other; pass one of them'],
    [flags.redactKey !== undefined && !flags.redact, '--redact-key sets the tokens of --redact; add --redact or remove it'],
    [
      flags.excel && flags.csvDelimiter !== undefined,
      '--excel always writes ";" between fields, so it cannot take --csv-delimiter; pass one of them',
    ],
  ];
  // The bundled sample against the user's own CRM gives figures about neither, so --crm needs mail.
  conflicts.push([
    flags.crm.length > 0 && flags.mbox.length === 0 && flags.eml.length === 0,
    '--crm needs the mail to audit against it, and --mbox and --eml are both missing. ' +
      'Add --mbox FILE or --eml PATH with your mail (without them leak audits the bundled sample), ' +
      'or run leak crm inspect FILE to check the export alone',
  ]);
  const hasCsvOutput = flags.csv !== undefined || flags.summaryCsv !== undefined;
  for (const flag of ['--excel', '--csv-delimiter'] as const) {
    const isGiven = flag === '--excel' ? flags.excel : flags.csvDelimiter !== undefined;
    conflicts.push([isGiven && !hasCsvOutput, `${flag} applies only to --csv and --summary-csv; add one of them`]);
  }
  for (const [isConflict, message] of conflicts) {
    if (isConflict) throw new LeakError('USAGE', message + '.');
  }
}

/**
 * Rejects an audit that read no message at all: its zeros would pass every
 * gate, though they only show that the export or the path is wrong.
 */
function rejectEmptyAudit(report: AuditReport): void {
  if (report.summary.messages > 0) return;
  rejectNoMail(report.inputs.mailboxes, report.problems);
}

/** The dates and length of a gap, as `MAILBOX_GAP` details write them. */
const GAP_DETAIL = /^no mail from (\S+) to (\S+) \(([\d.]+) weeks?\)/;

/**
 * Returns one warning for the gaps of one mailbox: a single gap in full, several as their
 * count and the longest, since a sparse export can have dozens and each one is in the JSON report.
 */
function describeGaps(mailbox: string, problems: Problem[]): string {
  const first = problems[0] as Problem;
  if (problems.length === 1) return `${mailbox}: ${first.detail}.`;
  let longest: { start: string; end: string; weeks: number } | null = null;
  for (const problem of problems) {
    const match = GAP_DETAIL.exec(problem.detail);
    if (match === null) continue;
    const weeks = Number(match[3]);
    if (longest === null || weeks > longest.weeks) longest = { start: match[1] ?? '', end: match[2] ?? '', weeks };
  }
  const longestText =
    longest === null ? '' : `, the longest from ${longest.start} to ${longest.end} (${longest.weeks} weeks)`;
  return (
    `${mailbox}: ${problems.length} gaps of more than ${PERIOD_GAP_WEEKS} weeks with no mail${longestText}; ` +
    'these weeks count as audited, so if the mailbox was not in use then, the annual figures are too low. ' +
    'Each gap is a MAILBOX_GAP problem in the --json report.'
  );
}

/** Facts a user must see even with --quiet, because they change how to read the numbers. */
function describeWarnings(report: AuditReport): string[] {
  const warnings: string[] = [];
  const rowProblems = new Map<string, Problem[]>();
  const gaps = new Map<string, Problem[]>();
  for (const problem of report.problems) {
    if (problem.code === 'MAILBOX_GAP') {
      // Placed where the mailbox's first gap was, so the warnings keep the order of the problems.
      if (!gaps.has(problem.file)) warnings.push(problem.file);
      gaps.set(problem.file, [...(gaps.get(problem.file) ?? []), problem]);
      continue;
    }
    if (WARNED_PROBLEMS.has(problem.code) || isMailInOtherFormat(problem)) warnings.push(`${problem.file}: ${problem.detail}.`);
    if (WARNED_ROW_PROBLEMS[problem.code] !== undefined) {
      const key = `${problem.code}\u0000${problem.file}`;
      rowProblems.set(key, [...(rowProblems.get(key) ?? []), problem]);
    }
  }
  for (const [mailbox, problems] of gaps) {
    warnings[warnings.indexOf(mailbox)] = describeGaps(mailbox, problems);
  }
  for (const problems of rowProblems.values()) {
    const first = problems[0] as Problem;
    const describe = WARNED_ROW_PROBLEMS[first.code] as (problems: readonly Problem[]) => string;
    const lines = problems.slice(0, MAX_WARNED_LINES).map((problem) => problem.where);
    const more = problems.length > MAX_WARNED_LINES ? `, and ${problems.length - MAX_WARNED_LINES} more` : '';
    warnings.push(`${first.file}: ${describe(problems)} (${lines.join(', ')}${more}; code ${first.code} in the problems).`);
  }
  for (const mailbox of report.inputs.mailboxes) {
    if (mailbox.messages + mailbox.skipped === 0) {
      warnings.push(`${mailbox.path}: no message found; check that it is a mailbox export.`);
    }
  }
  return warnings;
}

/**
 * Delimiters that clash with how the CSV is written, with the reason. They are
 * the quote, the `'` that formula escaping puts before a cell, line breaks, and
 * the characters that start a formula, full-width forms included.
 */
const CLASHING_DELIMITERS: ReadonlyMap<string, string> = new Map([
  ['"', 'it quotes cells'],
  ["'", 'it is written before cells that start like a formula'],
  ['=', 'it starts a formula'],
  ['+', 'it starts a formula'],
  ['-', 'it starts a formula and negative numbers'],
  ['@', 'it starts a formula'],
  ['\uFF1D', 'it starts a formula'],
  ['\uFF0B', 'it starts a formula'],
  ['\uFF0D', 'it starts a formula'],
  ['\uFF20', 'it starts a formula'],
  ['\r', 'it ends a line'],
  ['\n', 'it ends a line'],
]);

/** Accepts one character, or the words `tab` and `\t` for a tab. */
function parseDelimiter(value: string): string {
  if (value === 'tab' || value === '\\t') return '\t';
  const clash = CLASHING_DELIMITERS.get(value);
  if (clash !== undefined) {
    throw new LeakError(
      'USAGE',
      `--csv-delimiter ${JSON.stringify(value)}: cannot be the delimiter, because ${clash}; use , or ; or | or the word tab.`,
    );
  }
  // Letters, digits and dots occur inside the values themselves.
  if ([...value].length !== 1 || /[\p{L}\p{N}.]/u.test(value)) {
    throw new LeakError(
      'USAGE',
      `--csv-delimiter ${JSON.stringify(value)}: invalid value; expected one character such as , or ; or the word tab.`,
    );
  }
  return value;
}

/** Money flags and the assumption each sets, for marking the ones left at their defaults. */
const DEFAULTED_FLAGS: ReadonlyArray<[string, DefaultedAssumption]> = [
  ['conversion', 'conversionRate'],
  ['ltv', 'ltv'],
  ['currency', 'currency'],
  ['secondOrder', 'secondOrderMultiplier'],
];

/**
 * Rejects CRM flags passed with mail but no CRM export, because they would change nothing while the
 * user expects the diff they configure. The bundled sample brings its own CRM export.
 */
function rejectCrmFlagsWithoutCrm(flags: AuditFlags): void {
  if (flags.crm.length > 0 || (flags.mbox.length === 0 && flags.eml.length === 0)) return;
  const crmFlags = [
    ...(flags.crmMap.length > 0 ? ['--crm-map'] : []),
    ...(flags.openStages === undefined ? [] : ['--open-stages']),
    ...(flags.closedStages === undefined ? [] : ['--closed-stages']),
    ...(flags.lostStages === undefined ? [] : ['--lost-stages']),
  ];
  if (crmFlags.length === 0) return;
  throw new LeakError(
    'USAGE',
    `${crmFlags.join(', ')} ${crmFlags.length === 1 ? 'reads' : 'read'} the CRM export, but --crm FILE is missing. Pass the CRM export with --crm FILE, or leave out ${crmFlags.join(', ')}.`,
  );
}

export function buildAuditOptions(flags: AuditFlags): AuditOptions {
  rejectCrmFlagsWithoutCrm(flags);
  return {
    mbox: flags.mbox,
    eml: flags.eml,
    crm: flags.crm,
    crmMap: parseCrmMap(flags.crmMap),
    openStages: splitList(flags.openStages),
    closedWonStages: splitList(flags.closedStages),
    closedLostStages: splitList(flags.lostStages),
    owners: flags.owner.map(parseOwner),
    rules: flags.rules,
    ...(flags.catalog === undefined ? {} : { catalog: flags.catalog }),
    conversionRate: parseNumber(flags.conversion, '--conversion', { min: 0, max: 1 }),
    ltv: parseLtv(flags.ltv, parseCurrency(flags.currency)),
    currency: parseCurrency(flags.currency),
    secondOrderMultiplier: parseNumber(flags.secondOrder, '--second-order', {
      min: MIN_MULTIPLIER,
      max: MAX_MULTIPLIER,
    }),
    defaulted: DEFAULTED_FLAGS.filter(([flag]) => flags.defaulted?.includes(flag) === true).map(([, field]) => field),
    redact: flags.redact,
    ...(flags.crmExportedOn === undefined ? {} : { exportedOn: parseExportDay(flags.crmExportedOn, flags.crm) }),
    model: flags.model !== false,
    jobs:
      flags.jobs === undefined
        ? undefined
        : parseNumber(flags.jobs, '--jobs', { min: 1, max: maxJobs(), integer: true }),
  };
}

function buildGates(flags: AuditFlags): GateOptions {
  const gates: GateOptions = {};
  if (flags.maxInvisible !== undefined) {
    gates.maxInvisible = parseNumber(flags.maxInvisible, '--max-invisible', { min: 0, integer: true });
  }
  if (flags.minCoverage !== undefined) {
    gates.minCoverage = parseNumber(flags.minCoverage, '--min-coverage', { min: 0, max: 1 });
  }
  if (flags.maxLoss !== undefined) {
    gates.maxLoss = parseNumber(flags.maxLoss, '--max-loss', { min: 0, max: MAX_AMOUNT, isAmount: true });
  }
  return gates;
}

interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** A money amount, where 50.000 is more likely fifty thousand with a dot separator than fifty. */
  isAmount?: boolean;
}

/** Digits grouped by dots in threes, as 50.000 or 1.250.000 in French or German. */
const DOT_GROUPED_AMOUNT = /^\d{1,3}(?:\.\d{3})+$/;

/** A plain decimal number: Number() alone also reads 0x10, 1e3 and Infinity. */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function parseNumber(value: string, flag: string, rule: NumberRule): number {
  if (rule.isAmount === true && DOT_GROUPED_AMOUNT.test(value.trim())) {
    throw new LeakError(
      'USAGE',
      `${flag} ${value}: ambiguous amount; write it without separators, such as ${value.trim().replace(/\./g, '')}, or with a decimal point and fewer than three decimals.`,
    );
  }
  const number = Number(value.trim());
  const isValid =
    DECIMAL_PATTERN.test(value.trim()) &&
    Number.isFinite(number) &&
    (rule.min === undefined || number >= rule.min) &&
    (rule.max === undefined || number <= rule.max) &&
    (!rule.integer || Number.isInteger(number));
  if (!isValid) {
    // Plain digits only: 1e6 and 0x10 are numbers to JavaScript but not to a spreadsheet user.
    // A share is easily typed as a percentage (10 or 10%), so the example shows the scale.
    const isShare = rule.min === 0 && rule.max === 1;
    const kind = rule.integer
      ? 'a whole number in plain digits'
      : isShare
        ? 'a number in plain digits'
        : 'a number in plain digits (1000000, not 1e6)';
    const scale = isShare ? ' (0.10 for 10%)' : '';
    const range =
      rule.min !== undefined && rule.max !== undefined
        ? `${kind} between ${rule.min} and ${rule.max}${scale}`
        : rule.min !== undefined
          ? `${kind} of at least ${rule.min}`
          : rule.max !== undefined
            ? `${kind} of at most ${rule.max}`
            : kind;
    throw new LeakError('USAGE', `${flag} ${value}: invalid value; expected ${range}.`);
  }
  return number;
}

/** ISO 4217 codes in use, from the ICU data bundled with Node.js, so no network is needed. */
const CURRENCY_CODES = new Set(Intl.supportedValuesOf('currency'));

/**
 * Parses --ltv, and rejects more decimals than the currency's minor unit has.
 * Reports print amounts in the minor unit, so such an LTV would print as
 * another amount than the one the per-lead value is computed from.
 */
function parseLtv(value: string, currency: string): number {
  const ltv = parseNumber(value, '--ltv', { min: 0, max: MAX_AMOUNT, isAmount: true });
  if (roundMoney(ltv, currency) === ltv) return ltv;
  const digits = minorDigits(currency);
  const unit = digits === 0 ? `whole ${currency}` : `${currency} with at most ${digits} decimals`;
  throw new LeakError(
    'USAGE',
    `--ltv ${value}: too many decimals for ${currency}; give the LTV in ${unit}, such as ${roundMoney(ltv, currency)}.`,
  );
}

export function parseCurrency(value: string, flag = '--currency'): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    throw new LeakError('USAGE', `${flag} ${value}: invalid value; expected an ISO 4217 code such as EUR or USD.`);
  }
  if (!CURRENCY_CODES.has(code)) {
    throw new LeakError(
      'USAGE',
      `${flag} ${value}: unknown currency; expected an ISO 4217 code in use, such as EUR, USD or GBP.`,
    );
  }
  return code;
}

/** Reads `--crm-exported-on`, which only means something beside a `--crm` export. */
function parseExportDay(value: string, crm: readonly string[]): string {
  if (crm.length === 0) throw new LeakError('USAGE', '--crm-exported-on gives the day a CRM export was taken; add the export with --crm or remove the option.');
  return parseDay(value, '--crm-exported-on');
}

/** Reads a calendar day written YYYY-MM-DD, such as the `--crm-exported-on` of an export. */
export function parseDay(value: string, flag: string): string {
  const day = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = match === null ? null : new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date === null || date.toISOString().slice(0, 10) !== day) {
    throw new LeakError('USAGE', `${flag} ${value}: invalid date; expected a calendar day as YYYY-MM-DD, such as 2026-12-01.`);
  }
  return day;
}

/** Accepts an e-mail address (`claire@vendor.example`) or a company domain (`vendor.example`). */
function parseOwner(value: string): string {
  const owner = value.trim();
  const isAddress = /^[^\s@<>(),;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(owner);
  const isDomain = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(owner);
  if (!isAddress && !isDomain) {
    throw new LeakError(
      'USAGE',
      `--owner ${value}: invalid value; expected the owner's e-mail address, such as ` +
        'claire.martin@vendor.example, or the company domain, such as vendor.example.',
    );
  }
  if (isDomain && registrableDomain(owner) === null) {
    throw new LeakError(
      'USAGE',
      `--owner ${value}: a public suffix such as co.uk is not a company domain; give the domain, such as vendor.co.uk.`,
    );
  }
  if (isDomain && isFreeMailDomain(owner)) {
    throw new LeakError(
      'USAGE',
      `--owner ${value}: a free-mail domain is shared by many people; give the owner's full address.`,
    );
  }
  return owner;
}

export function parseCrmMap(entries: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals <= 0 || equals === entry.length - 1) {
      throw new LeakError(
        'USAGE',
        `--crm-map ${entry}: invalid value; expected field=Header, for example --crm-map "account=Company name".`,
      );
    }
    map[entry.slice(0, equals).trim()] = entry.slice(equals + 1).trim();
  }
  return map;
}

export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Lists every file an output must not replace: the named mailboxes, CRM and
 * rule files, the built-in rule packs, and the bundled sample, which later
 * runs read when no mailbox is named.
 */
function auditInputs(options: AuditOptions): string[] {
  const packageFiles = [packagePath(SAMPLE_MAILBOX), packagePath(SAMPLE_CRM), ...defaultRuleFiles()];
  const catalog = options.catalog === undefined || options.catalog === AUTO_CATALOG ? [] : [options.catalog];
  return [...options.mbox, ...options.eml, ...options.crm, ...options.rules, ...catalog, ...packageFiles];
}

function plannedOutputs(flags: AuditFlags): string[] {
  return [flags.csv, flags.summaryCsv, flags.html, flags.markdown].filter(
    (item): item is string => item !== undefined,
  );
}

/** Rejects an output path that is an input (a report written over it would destroy the client's data) or another output. */
function rejectOverwritingInputs(outputs: string[], inputs: string[]): void {
  const inputPaths = new Set(inputs.map(realPathOf));
  const folders = inputs.filter(isFolder);
  const inputFiles = new Set(inputs.map(fileIdentity).filter((id): id is string => id !== null));
  const inputFolders = folders.map((folder) => realPathOf(folder) + path.sep);
  // A hard link to a message inside an --eml folder shares its inode, so the folders' files count too.
  const isLinked = outputs.some((output) => linkCount(output) > 1);
  if (isLinked) for (const id of folderIdentities(folders)) inputFiles.add(id);
  const seen = new Map<string, string>();
  for (const output of outputs) {
    // Real paths catch a symlink or a second spelling of an input. Device and
    // inode catch a hard link. Any file inside an --eml folder is an input too.
    const resolved = realPathOf(output);
    const identity = fileIdentity(output);
    const isInsideInput = inputFolders.some((folder) => resolved.startsWith(folder));
    if (inputPaths.has(resolved) || (identity !== null && inputFiles.has(identity)) || isInsideInput) {
      throw new LeakError(
        'OUTPUT_REJECTED',
        `${output}: refusing to overwrite an input file${isInsideInput ? ' (it is inside an input folder)' : ''}. Choose another output path.`,
      );
    }
    const earlier = seen.get(resolved);
    if (earlier !== undefined) {
      throw new LeakError(
        'OUTPUT_REJECTED',
        `${output}: the same file is given for two outputs (also ${earlier}). Give each output its own path.`,
      );
    }
    seen.set(resolved, output);
  }
}

/** Rejects, before the audit runs, an output path that is a folder or lies in a missing folder. */
function rejectUnwritableOutputs(outputs: string[]): void {
  for (const output of outputs) {
    if (isFolder(output)) {
      throw new LeakError('OUTPUT_REJECTED', `${output}: is a folder; give the path of a file inside it.`);
    }
    const folder = path.dirname(path.resolve(output));
    if (!isFolder(folder)) {
      throw new LeakError('OUTPUT_REJECTED', `${output}: folder ${folder} not found; create it or choose another path.`);
    }
  }
}

/** CSV files of a folder given as --crm that the error message lists. */
const MAX_CRM_FILES_SHOWN = 4;

/** Rejects a folder given as --crm, which takes one CSV export per flag. */
function rejectCrmFolders(crmPaths: string[]): void {
  for (const crmPath of crmPaths) {
    if (!isFolder(crmPath)) continue;
    // The real file names make the example one to copy.
    const csvFiles = readdirSync(crmPath)
      .filter((name) => name.toLowerCase().endsWith('.csv'))
      .sort()
      .map((name) => `--crm ${path.join(crmPath, name)}`);
    const example =
      csvFiles.length === 0 ? 'it contains no .csv file' : `for example ${csvFiles.slice(0, MAX_CRM_FILES_SHOWN).join(' ')}`;
    throw new LeakError('USAGE', `--crm ${crmPath}: is a folder; pass each CSV export in it with its own flag, ${example}.`);
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Resolves symlinks of an existing path, or of the folder of a file still to be written. */
function linkCount(file: string): number {
  try {
    return statSync(file).nlink;
  } catch {
    return 0;
  }
}

/** Device and inode of every file under the folders. */
function folderIdentities(folders: string[]): string[] {
  const identities: string[] = [];
  for (const folder of folders) {
    for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
      const identity = fileIdentity(path.join(folder, entry));
      if (identity !== null) identities.push(identity);
    }
  }
  return identities;
}

/** Device and inode of an existing file, which every hard link to it shares; null when absent. */
function fileIdentity(file: string): string | null {
  try {
    const stats = statSync(file);
    return stats.isFile() ? `${stats.dev}:${stats.ino}` : null;
  } catch {
    return null;
  }
}

function realPathOf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(path.resolve(file))), path.basename(file));
    } catch {
      return path.resolve(file);
    }
  }
}

/** Writes the whole chunk: one write(2) call may write less than it is given. */
function writeAll(descriptor: number, chunk: string): void {
  const bytes = Buffer.from(chunk, 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(descriptor, bytes, written);
}

/**
 * Mode of a new output file: reports quote mail and CRM data, so only the user
 * may read them. A file that exists keeps its mode.
 */
const NEW_OUTPUT_MODE = 0o600;

/** Writes text or a sequence of chunks to a file, one chunk at a time. */
function writeOutput(file: string, content: string | Iterable<string>): void {
  try {
    const descriptor = openSync(file, 'w', NEW_OUTPUT_MODE);
    try {
      for (const chunk of typeof content === 'string' ? [content] : content) writeAll(descriptor, chunk);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const advice =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'Check that you may write to that folder, or choose another path.'
        : 'Choose another path.';
    throw new LeakError('OUTPUT_REJECTED', `${file}: cannot be written (${(error as Error).message}). ${advice}`);
  }
}
