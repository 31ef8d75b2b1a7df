// Terminal report: headline, assumptions and formula, tables by category and
// account, every invisible opportunity with its evidence, and data quality.
// Text is shown as written in the mail; only CSV output escapes formulas.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { compareText } from '../compare.js';
import type { Opportunity } from '../types.js';
import {
  describeSender,
  describeDuplicates,
  CHURN_NOTE,
  NO_CRM_NOTE,
  SAMPLE_NOTE,
  categoryLabel,
  countMessages,
  countNoun,
  countProblems,
  describeExclusions,
  describeAssumptions,
  describeInvisible,
  describeLossFormula,
  describeRateFormula,
  formatCoverage,
  formatDate,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRate,
  formatWeeks,
  listInvisible,
  rankAccounts,
  sortProblems,
  summariseCategories,
  describeRowValue,
  assumedCurrencyNote,
  describeFooter,
  describeAttachedCounts,
} from './format.js';
import type { AuditReport } from './schema.js';
import { formatAmount } from '../money.js';
import { cleanAllForTerminal, cleanForTerminal } from './control-chars.js';

export { cleanForTerminal };

/** Accounts listed under "Top accounts". */
export const TOP_ACCOUNTS = 10;

/** Width tables are fitted to when stdout is not a terminal: files and pipes are read in editors and pagers. */
export const DEFAULT_WIDTH = 120;

/** Narrowest a wrapped column gets, so a very narrow terminal still shows a few words per line. */
const MIN_WRAPPED_COLUMN = 20;

export interface TerminalOptions {
  color: boolean;
  verbose: boolean;
  /** Columns to fit tables in: the terminal's width, or DEFAULT_WIDTH when unset. */
  width?: number;
}

interface Context {
  report: AuditReport;
  chalk: ChalkInstance;
  verbose: boolean;
  width: number;
}

export function renderTerminal(report: AuditReport, options: TerminalOptions): string {
  const context: Context = {
    // File names, headers and CRM cells come from outside and may contain ESC, BEL or
    // line breaks. Cleaning every string once covers each place that prints one.
    report: cleanAllForTerminal(report),
    chalk: new Chalk({ level: options.color ? 1 : 0 }),
    verbose: options.verbose,
    width: options.width ?? DEFAULT_WIDTH,
  };
  const sections = [
    renderNotes(context),
    renderHeadline(context),
    renderInputs(context),
    renderAssumptions(context),
    renderCategories(context),
    renderAccounts(context),
    renderInvisible(context),
    renderAmbiguous(context),
    renderDataQuality(context),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

/** Table borders without a rule between body rows. */
const COMPACT_CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * Splits each word wider than `room` columns onto lines of its own, so a table
 * cell wraps an address such as `jordan.blake.studio@gmail.com` instead of
 * cutting it off with an ellipsis. A line ends after a dot, @, hyphen, underscore
 * or slash where one fits ("jordan.blake.studio@" then "gmail.com"), else at `room`.
 */
function breakLongWords(text: string, room: number): string {
  if (room < 1) return text;
  return text
    .split(' ')
    .map((word) => {
      if (stringWidth(word) <= room) return word;
      const lines: string[] = [];
      let rest = [...word];
      while (stringWidth(rest.join('')) > room) {
        let fits = 0;
        while (fits < rest.length && stringWidth(rest.slice(0, fits + 1).join('')) <= room) fits += 1;
        let end = fits;
        while (end > 1 && !BREAK_AFTER.test(rest[end - 1] ?? '')) end -= 1;
        if (end <= 1) end = Math.max(fits, 1);
        lines.push(rest.slice(0, end).join(''));
        rest = rest.slice(end);
      }
      return [...lines, rest.join('')].join('\n');
    })
    .join(' ');
}

/** Narrowest terminal on which a long "Header: value" line of a block is wrapped. */
const MIN_WRAPPED_PAIR = 30;

/** Characters a long word may break after in a table cell. */
const BREAK_AFTER = /[.@\-_/]/;

/** Widest display width among `texts`, wide characters counting two. */
function widest(texts: string[]): number {
  return Math.max(0, ...texts.map((text) => stringWidth(text)));
}

/**
 * Renders a table within the context's width. When the rows are too wide, the
 * column at `wrapped` (a text column such as an example or an account name) is
 * narrowed first, and its cells wrap onto more lines. Then the headers of the
 * other columns wrap between words, down to the width of their values.
 */
function renderTable(
  context: Context,
  head: string[],
  rows: Array<Array<string | number>>,
  numericColumns: number,
  wrapped: number,
  /** Columns right-aligned besides the last `numericColumns`, such as a count in the middle. */
  rightAligned: readonly number[] = [],
): string {
  const style = context.chalk.level === 0 ? { head: [], border: [] } : { head: ['cyan'] };
  const colAligns = head.map((_, index) =>
    index >= head.length - numericColumns || rightAligned.includes(index) ? ('right' as const) : ('left' as const),
  );
  // A column's width counts one space of padding on each side, and the table one border per column and one more.
  const values = head.map((_, index) => rows.map((row) => String(row[index] ?? '')));
  const widths = head.map((title, index) => Math.max(stringWidth(title), widest(values[index] ?? [])) + 2);
  const borders = head.length + 1;
  let overflow = widths.reduce((sum, width) => sum + width, borders) - context.width;
  // Headers wrap between words first: a header on three lines costs less than an
  // account name or an address broken in the middle.
  for (let index = 0; index < head.length && overflow > 0; index += 1) {
    if (index === wrapped) continue;
    const headerWord = widest((head[index] ?? '').split(' '));
    const least = Math.max(headerWord, widest(values[index] ?? [])) + 2;
    const current = widths[index] ?? least;
    const narrowed = Math.max(least, current - overflow);
    overflow -= current - narrowed;
    widths[index] = narrowed;
  }
  if (overflow > 0) {
    const natural = widths[wrapped] ?? 0;
    const narrowed = Math.max(Math.min(natural, MIN_WRAPPED_COLUMN), natural - overflow);
    overflow -= natural - narrowed;
    widths[wrapped] = narrowed;
  }
  if (overflow > 0) return renderStacked(context, head, rows);
  const room = (widths[wrapped] ?? MIN_WRAPPED_COLUMN) - 2;
  const fitted = rows.map((row) =>
    row.map((cell, index) => (index === wrapped && typeof cell === 'string' ? breakLongWords(cell, room) : cell)),
  );
  const table = new Table({ head, style, chars: COMPACT_CHARS, colAligns, colWidths: widths, wordWrap: true });
  table.push(...fitted);
  return table.toString();
}

/**
 * Renders a table too wide for the terminal as one block per row: the first
 * cell on its own line, then "Header: value" pairs packed into lines of the
 * context's width. The line breaks come from each column's widest pair, so
 * every block has the same layout. A pair wider than the line gets a line of its own.
 */
function renderStacked(context: Context, head: string[], rows: Array<Array<string | number>>): string {
  const pairs = rows.map((row) => head.map((title, index) => `${title}: ${String(row[index] ?? '')}`));
  const lineOf: number[] = [];
  let line = 0;
  let used = 0;
  for (let index = 1; index < head.length; index += 1) {
    const width = widest(pairs.map((row) => row[index] ?? ''));
    const needed = used === 0 ? 2 + width : used + 3 + width;
    if (used !== 0 && needed > context.width) {
      line += 1;
      used = 2 + width;
    } else {
      used = needed;
    }
    lineOf[index] = line;
  }
  const blocks = rows.map((row, rowIndex) => {
    const lines: string[][] = [];
    for (let index = 1; index < head.length; index += 1) {
      const at = lineOf[index] ?? 0;
      (lines[at] ??= []).push(pairs[rowIndex]?.[index] ?? '');
    }
    const title = wrapWords(String(row[0] ?? ''), context.width, '').map((text) => context.chalk.bold(text));
    // Packed lines fit the width, but a pair alone on its line may not, so it wraps at spaces.
    // Below MIN_WRAPPED_PAIR columns it keeps its line, because "Count:" and its value on
    // two lines read worse than one line the terminal folds.
    const body = lines.flatMap((items) =>
      items.length === 1 && context.width >= MIN_WRAPPED_PAIR
        ? wrapWords(items[0] ?? '', context.width, '    ', '  ', false)
        : [`  ${items.join('   ')}`],
    );
    return [...title, ...body].join('\n');
  });
  return blocks.join('\n');
}

/**
 * Wraps text at spaces into lines of at most `width` columns, the first line
 * starting with `first` and the others with `indent`. A word wider than a line
 * is broken as a table cell's would be, each piece on a line of its own, unless
 * `breaksWords` is false: a header word such as "Opportunities:" is kept whole.
 */
function wrapWords(text: string, width: number, indent: string, first = indent, breaksWords = true): string[] {
  const lines: string[] = [];
  let line = first;
  let isEmpty = true;
  const room = Math.max(1, width - stringWidth(indent));
  for (const word of text.split(' ')) {
    const pieces = breaksWords ? breakLongWords(word, room).split('\n') : [word];
    for (const [index, piece] of pieces.entries()) {
      const joined = isEmpty ? `${line}${piece}` : `${line} ${piece}`;
      if (!isEmpty && (index > 0 || stringWidth(joined) > width)) {
        lines.push(line);
        line = `${indent}${piece}`;
      } else {
        line = joined;
      }
      isEmpty = false;
    }
  }
  lines.push(line);
  return lines;
}

function heading(context: Context, text: string): string {
  return context.chalk.bold.underline(text);
}

function renderNotes({ report, chalk }: Context): string {
  const notes: string[] = [];
  if (report.sample) notes.push(SAMPLE_NOTE);
  if (report.inputs.crm === null) notes.push(NO_CRM_NOTE);
  if (report.redacted) notes.push('Personal data in this report is redacted.');
  return notes.map((note) => chalk.yellow(`Note: ${note}`)).join('\n');
}

function renderHeadline(context: Context): string {
  const { report, chalk } = context;
  const { summary } = report;
  const currency = report.assumptions.currency;
  const messages = countMessages(report);
  const rows: Array<[string, string]> = [
    ['Messages read', `${formatNumber(summary.messages)}${describeDuplicates(report)}`],
    ['Messages skipped', formatNumber(messages.skipped)],
    ['Opportunities', formatNumber(summary.opportunities)],
    ['Covered by the CRM', formatNumber(summary.covered)],
    ['Invisible to the CRM', describeInvisible(report)],
    ['Ambiguous CRM match', formatNumber(summary.ambiguous)],
    ['CRM coverage', formatCoverage(summary)],
    ['Invisible leads per week', formatRate(summary.invisiblePerWeek)],
    ['Estimated annual loss', chalk.bold.red(formatMoney(summary.estimatedAnnualLoss, currency))],
    [
      'With second-order effects',
      formatMoney(summary.estimatedAnnualLossWithSecondOrder, currency),
    ],
    [
      'Revenue at risk (churn-risk)',
      `${formatMoney(summary.revenueAtRisk, currency)} ` +
        `(${countNoun(summary.revenueAtRiskCount, 'account', 'accounts')})`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  return [heading(context, 'Revenue leak audit'), ...lines].join('\n');
}

/** Lists each mailbox and CRM export read, with CRM amounts totalled per currency. */
function renderInputs(context: Context): string {
  const { report } = context;
  const lines = report.inputs.mailboxes.map(
    (mailbox) =>
      `  Mailbox ${mailbox.path}: ${formatNumber(mailbox.messages)} read, ` +
      `${formatNumber(mailbox.skipped)} skipped, ${formatNumber(mailbox.excluded)} excluded` +
      (mailbox.attached === undefined ? '' : `; ${describeAttachedCounts(mailbox.attached)}`),
  );
  for (const crm of report.inputs.crm ?? []) {
    const totals = Object.entries(crm.amountTotals)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, total]) => formatMoney(total, currency));
    const amounts = totals.length === 0 ? 'no amounts' : `amounts ${totals.join('; ')}${assumedCurrencyNote(crm, report.assumptions.currency)}`;
    lines.push(
      `  CRM ${crm.path}: ${countNoun(crm.rows, 'row', 'rows')}, ${formatNumber(crm.skipped)} skipped, ` +
        `${describeFooter(crm)}${crm.encoding}, ${amounts}`,
    );
  }
  return [heading(context, 'Inputs'), ...lines].join('\n');
}

function renderAssumptions(context: Context): string {
  const lines = describeAssumptions(context.report).map(
    ({ label, value }) => `  ${label}: ${value}`,
  );
  const formulas = [
    `  ${describeRateFormula(context.report)}`,
    `  ${describeLossFormula(context.report)}`,
    `  ${CHURN_NOTE}`,
  ];
  return [heading(context, 'Assumptions'), ...lines, ...formulas].join('\n');
}

function renderCategories(context: Context): string {
  const rows = summariseCategories(context.report).map((row) => [
    categoryLabel(row.category),
    row.opportunities,
    row.covered,
    row.invisible,
    row.ambiguous,
  ]);
  const table = renderTable(context, ['Category', 'Opportunities', 'Covered', 'Invisible', 'Ambiguous'], rows, 4, 0);
  return [heading(context, 'By category'), table].join('\n');
}

function renderAccounts(context: Context): string {
  const { report } = context;
  const ranked = rankAccounts(report, Number.POSITIVE_INFINITY);
  const accounts = ranked.slice(0, TOP_ACCOUNTS);
  if (accounts.length === 0) return '';
  const currency = report.assumptions.currency;
  const rows = accounts.map((account) => [
    cleanForTerminal(account.account),
    account.opportunities,
    account.invisible,
    formatAmount(account.invisiblePipelineValue, currency),
    formatAmount(account.revenueAtRisk, currency),
  ]);
  // The money columns name the currency once in their header, so the table still fits 80 columns.
  const head = ['Account', 'Opportunities', 'Invisible', `Invisible pipeline value (${currency})`, `Revenue at risk (${currency})`];
  const title = ranked.length > accounts.length ? `Top accounts (${accounts.length} of ${ranked.length})` : 'Top accounts';
  const { conversionRate, ltv } = report.assumptions;
  const noteText =
    `An invisible lead is worth conversion x LTV (${formatPercent(conversionRate)} x ${formatMoney(ltv, currency)}), not a deal size. ` +
    `Values are for the ${formatWeeks(report.assumptions.periodWeeks)} of mail read, not per year: ` +
    "the estimated annual loss scales each owner's leads to 52 weeks.";
  const note = wrapWords(noteText, context.width, '  ', '  ', false)
    .map((line) => context.chalk.dim(line))
    .join('\n');
  return [heading(context, title), renderTable(context, head, rows, 4, 0), note].join('\n');
}

function renderInvisible(context: Context): string {
  const invisible = listInvisible(context.report);
  const title = heading(context, `Invisible opportunities (${invisible.length})`);
  if (invisible.length === 0) {
    const reason =
      context.report.summary.opportunities === 0
        ? 'None: no buying signal was found.'
        : 'None: the CRM knows every opportunity found.';
    return `${title}\n  ${reason}`;
  }
  const blocks = invisible.map((opportunity) => renderOpportunity(context, opportunity));
  return [title, ...blocks].join('\n\n');
}

/**
 * Lists the opportunities whose CRM match is ambiguous, with the candidate
 * accounts: they count neither as covered nor in the loss until resolved
 * (merge the duplicate accounts, or pass the contact's email in the CRM).
 */
function renderAmbiguous(context: Context): string {
  const ambiguous = context.report.opportunities
    .filter((opportunity) => opportunity.crm.status === 'ambiguous')
    .sort((a, b) => compareText(a.account, b.account) || compareText(a.id, b.id));
  if (ambiguous.length === 0) return '';
  const title = heading(context, `Ambiguous CRM matches (${ambiguous.length}): not in coverage or the loss until resolved`);
  return [title, ...ambiguous.map((opportunity) => renderOpportunity(context, opportunity))].join('\n\n');
}

function renderOpportunity(context: Context, opportunity: Opportunity): string {
  const { chalk, report } = context;
  const money = formatMoney(opportunity.estimatedValue, report.assumptions.currency);
  const value = describeRowValue(opportunity, opportunity.category === 'churn-risk' ? `${money} at risk` : money);
  const account = cleanForTerminal(opportunity.account);
  const contacts = cleanForTerminal(opportunity.contacts.join(', ')) || 'none';
  const lines = [
    chalk.bold(`${account}  ${categoryLabel(opportunity.category)}  ${value}`) +
      chalk.dim(`  [${opportunity.id}]`),
    `  Owner: ${opportunity.owner ?? 'unknown'}   Contacts: ${contacts}`,
  ];
  if (opportunity.referredCompany !== null) lines.push(`  Referred company: ${cleanForTerminal(opportunity.referredCompany)}`);
  lines.push(`  Match: ${cleanForTerminal(opportunity.crm.reason)}`);
  for (const item of opportunity.evidence) {
    const from = cleanForTerminal(describeSender(item));
    lines.push(`  ${formatDate(item.date)}  ${from}  Subject: ${cleanForTerminal(item.subject)}`);
    lines.push(`    ${chalk.italic(cleanForTerminal(item.snippet))}` + chalk.dim(`  (${item.rule}${item.entry === undefined ? '' : `: ${cleanForTerminal(item.entry)}`})`));
  }
  return lines.join('\n');
}

function renderDataQuality(context: Context): string {
  const { report } = context;
  const title = heading(context, 'Data quality');
  const messages = countMessages(report);
  const intro =
    `  ${countNoun(messages.skipped, 'message', 'messages')} skipped, ` +
    `${formatNumber(messages.excluded)} excluded from detection (${describeExclusions(report)}), ` +
    `${countNoun(report.problems.length, 'problem', 'problems')}.`;
  const parts = [title, intro];
  if (report.problems.length > 0) {
    const rows = countProblems(report.problems).map((count) => [count.code, count.count, cleanForTerminal(count.example)]);
    parts.push(renderTable(context, ['Problem code', 'Count', 'Example'], rows, 0, 2, [1]));
  }
  if (context.verbose) {
    for (const problem of sortProblems(report.problems)) {
      const detail = cleanForTerminal(problem.detail);
      parts.push(`  ${problem.code}  ${problem.file}  ${problem.where}: ${detail}`);
    }
    for (const exclusion of report.exclusions.messages) {
      // The exclusion list may be read lazily from a spill file, so cleanAllForTerminal leaves it as it is.
      const line = `excluded ${exclusion.kind}  ${exclusion.mailbox}  ${exclusion.where}: ${exclusion.reason}`;
      parts.push(`  ${cleanForTerminal(line)}`);
    }
  } else if (report.problems.length > 0 || report.exclusions.messages.length > 0) {
    parts.push(context.chalk.dim('  Run with --verbose to list each problem and excluded message.'));
  }
  return parts.join('\n');
}
