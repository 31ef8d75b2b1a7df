// Plain-text description of one CRM export, printed by `leak crm inspect FILE`
// so a user can check how each column was understood before an audit.
import type { CrmInspection } from './index.js';
import { formatMoney } from '../../money.js';

/** Problems listed one per line; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20;

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

function rowCount(count: number): string {
  return countNoun(count, 'row', 'rows');
}

function countNoun(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Pads a column to its width, with at least one space after a longer label. */
function pad(label: string, width: number): string {
  return label.length >= width ? `${label} ` : label.padEnd(width, ' ');
}

function formatColumns(inspection: CrmInspection): string[] {
  const lines = ['Columns:'];
  const fields = Object.keys(inspection.columns);
  const width = Math.max(12, ...fields.map((field) => field.length + 2));
  for (const field of fields) {
    const note = inspection.columnsFromValues.includes(field) ? ' (chosen from its values)' : '';
    lines.push(`  ${pad(field, width)}${inspection.columns[field] ?? ''}${note}`);
  }
  if (inspection.unmappedHeaders.length > 0) {
    lines.push(`  ${pad('(not used)', width)}${inspection.unmappedHeaders.join(', ')}`);
  }
  return lines;
}

function formatDateOrders(inspection: CrmInspection): string[] {
  const entries = Object.entries(inspection.dateOrders);
  if (entries.length === 0) return [];
  const lines = ['Date order:'];
  const width = Math.max(14, ...entries.map(([field]) => field.length + 2));
  for (const [field, decision] of entries) {
    if (decision.basis === 'none-needed') {
      lines.push(`  ${pad(field, width)}not needed: ${decision.detail}`);
      continue;
    }
    const notes = { values: '', file: ' (from another column)', default: ' (ambiguous)', conflict: ' (conflict)' };
    const note = notes[decision.basis];
    lines.push(`  ${pad(field, width)}${decision.order}${note}: ${decision.detail}`);
  }
  return lines;
}

/**
 * Returns the line that names the close date columns. With an actual and an expected one, won and
 * lost deals take the actual date when their row has it, and open deals the expected one.
 */
function formatCloseDates(inspection: CrmInspection): string[] {
  if (inspection.kind !== 'opportunity' || inspection.unusable !== null) return [];
  const { actualHeader, expectedHeader, closedFromActual, closedFromExpected } = inspection.closeDates;
  if (actualHeader === null && expectedHeader === null) return ['Close date:  none (no close date column)'];
  if (actualHeader === null) return [`Close date:  ${expectedHeader} for every deal`];
  if (expectedHeader === null) return [`Close date:  ${actualHeader} for won and lost deals (${rowCount(closedFromActual)}); open deals have none`];
  return [
    `Close date:  ${actualHeader} for won and lost deals that have it (${rowCount(closedFromActual)}), ` +
      `else ${expectedHeader} (${rowCount(closedFromExpected)}); ${expectedHeader} for open deals`,
  ];
}

function formatCurrencies(inspection: CrmInspection): string[] {
  const currencies = Object.keys(inspection.currencies);
  if (currencies.length === 0)
    return inspection.kind === 'opportunity' ? ['Currencies:  none (no amounts)'] : [];
  const parts = currencies.map(
    (currency) =>
      `${currency} ${rowCount(inspection.currencies[currency] ?? 0)}, total ${formatMoney(inspection.amountTotals[currency] ?? 0, currency)}`,
  );
  const assumed =
    inspection.assumedCurrencyRows === 0
      ? ''
      : ` (${rowCount(inspection.assumedCurrencyRows)} without a currency, read as ${inspection.defaultCurrency} from --currency)`;
  return [`Currencies:  ${parts.join('; ')}${assumed}`];
}

function formatStages(inspection: CrmInspection): string[] {
  if (inspection.stages.length === 0) return [];
  const lines = ['Stages:'];
  const width = Math.max(12, ...inspection.stages.map((entry) => entry.stage.length + 2));
  for (const entry of inspection.stages) {
    lines.push(
      `  ${pad(entry.stage || '(empty)', width)}${pad(entry.status, 9)}${rowCount(entry.rows)}`,
    );
  }
  return lines;
}

function formatProblems(inspection: CrmInspection): string[] {
  const { problems } = inspection;
  // An unusable file's rows are never read, so "none" would hide the error printed on stderr.
  if (problems.length === 0 && inspection.unusable !== null) return ['Problems:    the file cannot be audited (reason below)'];
  if (problems.length === 0) return ['Problems:    none'];
  const lines = [`Problems:    ${problems.length}`];
  for (const problem of problems.slice(0, MAX_LISTED_PROBLEMS)) {
    lines.push(`  ${pad(problem.where, 12)}${pad(problem.code, 24)}${problem.detail}`);
  }
  if (problems.length > MAX_LISTED_PROBLEMS)
    lines.push(`  ... and ${problems.length - MAX_LISTED_PROBLEMS} more`);
  return lines;
}

/**
 * Formats an inspection as aligned plain text, one fact per line. Why a file
 * is not usable is an error, which the command prints on stderr.
 */
export function formatInspection(inspection: CrmInspection): string {
  const delimiter = DELIMITER_NAMES[inspection.delimiter] ?? JSON.stringify(inspection.delimiter);
  const rowNotes = [`${inspection.skipped} skipped`];
  if (inspection.padded > 0) rowNotes.push(`${countNoun(inspection.padded, 'short row', 'short rows')} padded`);
  if (inspection.footerRows > 0) rowNotes.push(`${countNoun(inspection.footerRows, 'footer line', 'footer lines')} ignored`);
  if (inspection.blankRows > 0) rowNotes.push(`${countNoun(inspection.blankRows, 'blank row', 'blank rows')} ignored`);
  const language = `${inspection.headerLanguage === 'fr' ? 'French' : 'English'} headers`;
  // A lead export is read as opportunities, so the kind line names what the file is.
  const isLeads = inspection.problems.some((problem) => problem.code === 'CRM_LEAD_EXPORT');
  const lines = [
    `File:        ${inspection.path}`,
    `Kind:        ${isLeads ? 'lead export, read as opportunities' : `${inspection.kind} export`} (${language})`,
    `Encoding:    ${inspection.encoding}`,
    `Delimiter:   ${delimiter}${inspection.hasSepLine ? ' (from the Excel sep= line)' : ''}`,
    inspection.unusable === null
      ? `Rows:        ${inspection.rows} loaded, ${rowNotes.join(', ')}`
      : `Rows:        ${inspection.rows} found, ${inspection.skipped} skipped, not loaded`,
    ...formatColumns(inspection),
    ...formatDateOrders(inspection),
    ...formatCloseDates(inspection),
    ...formatCurrencies(inspection),
    ...formatStages(inspection),
    ...formatProblems(inspection),
  ];
  return `${lines.join('\n')}\n`;
}
