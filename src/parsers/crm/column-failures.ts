// Values that fail to parse, tallied per column. A column whose every value
// fails is the wrong column, not bad data, so it becomes one problem (or a
// usage error when `--crm-map` chose it) instead of one problem per row.
import type { Problem } from '../../types.js';
import type { CrmField } from './aliases.js';

/**
 * Fields whose cells can be invalid. Free text (names, ids, owners) cannot,
 * and neither can stage or status names, because custom names are legitimate.
 */
export type ParsedField =
  | 'amount'
  | 'currency'
  | 'closeDate'
  | 'actualCloseDate'
  | 'createdDate'
  | 'website'
  | 'contactEmail'
  | 'isWon'
  | 'isClosed'
  | 'stageSemantic';

/**
 * Failing values a column found by alias needs before it counts as the wrong
 * column, because one bad cell is bad data. A column named with --crm-map needs one.
 */
const MIN_FAILED_VALUES = 2;

const FIELD_NOUNS: Record<ParsedField, string> = {
  amount: 'an amount',
  currency: 'a currency code or name',
  closeDate: 'a date',
  actualCloseDate: 'a date',
  createdDate: 'a date',
  website: 'a website or domain',
  contactEmail: 'an email address',
  isWon: 'a yes/no value',
  isClosed: 'a yes/no value',
  stageSemantic: 'P, S or F',
};

/** Consequence of a failed column, where it is more than the field left empty. */
const FIELD_LOSSES: Partial<Record<ParsedField, string>> = {
  currency: 'every amount written without its own currency is left empty',
};

interface FieldTally {
  filled: number;
  failed: number;
  problems: Problem[];
  example: { value: string; line: number } | null;
}

/** Per-row parse problems, held back per field until the whole column is seen. */
export class ColumnFailures {
  private readonly tallies = new Map<ParsedField, FieldTally>();

  private tally(field: ParsedField): FieldTally {
    let tally = this.tallies.get(field);
    if (tally === undefined) {
      tally = { filled: 0, failed: 0, problems: [], example: null };
      this.tallies.set(field, tally);
    }
    return tally;
  }

  /** Counts a non-empty cell of `field`. */
  addValue(field: ParsedField): void {
    this.tally(field).filled += 1;
  }

  /**
   * Records a cell that failed to parse, with the row problem to report when
   * its column is not failed as a whole. A null problem adds no row problem,
   * for a cell whose failure costs nothing on its row (an unread website).
   */
  addFailure(field: ParsedField, value: string, line: number, problem: Problem | null): void {
    const tally = this.tally(field);
    tally.failed += 1;
    if (problem !== null) tally.problems.push(problem);
    tally.example ??= { value, line };
  }

  /** Counts a non-empty cell of `field`, and records it as failed unless `isValid`. */
  check(field: ParsedField, value: string, line: number, isValid: boolean): void {
    this.addValue(field);
    if (!isValid) this.addFailure(field, value, line, null);
  }

  /**
   * Counts a non-empty cell that lists several values, as a failure when none
   * of them reads (`isValid` false). `problem` names the parts that do not
   * read, and is reported with the row problems whether or not others did.
   */
  checkParts(field: ParsedField, value: string, line: number, isValid: boolean, problem: Problem | null): void {
    this.addValue(field);
    if (!isValid) this.addFailure(field, value, line, problem);
    else if (problem !== null) this.tally(field).problems.push(problem);
  }

  /**
   * Returns the problems to report: one per failed column, and the row
   * problems of every other column. A failed column that `--crm-map` chose
   * gives `mapError` instead of a problem, because that mapping is a usage error.
   */
  collapse(
    file: string,
    headers: Partial<Record<CrmField, string>>,
    map: Record<string, string>,
  ): { problems: Problem[]; mapError: string | null } {
    const problems: Problem[] = [];
    let mapError: string | null = null;
    for (const [field, tally] of this.tallies) {
      // The user named a mapped column, so even one value that fails shows the mapping is wrong.
      const isMapped = map[field] !== undefined;
      const isColumnFailed =
        tally.failed === tally.filled &&
        tally.filled >= (isMapped ? 1 : MIN_FAILED_VALUES);
      if (!isColumnFailed || tally.example === null) {
        problems.push(...tally.problems);
        continue;
      }
      const header = headers[field] ?? field;
      const example = `"${tally.example.value}" on line ${tally.example.line}`;
      const failed =
        tally.filled === 1
          ? `the only value in column "${header}" is not ${FIELD_NOUNS[field]} (${example})`
          : `none of the ${tally.filled} values in column "${header}" is ${FIELD_NOUNS[field]} (for example ${example})`;
      // A column chosen with --crm-map is one usage error, so it is not listed as a problem too.
      if (isMapped) {
        mapError ??=
          `--crm-map ${field}=${map[field]}: ${failed} in ${file}; ` +
          `name the ${field} column with --crm-map ${field}=HEADER, or leave ${field} out of --crm-map`;
        continue;
      }
      problems.push({
        code: 'CRM_COLUMN_UNREADABLE',
        file,
        where: '-',
        detail:
          `${failed}, so ${FIELD_LOSSES[field] ?? `${field} is left empty on every row`}; ` +
          `if another column holds it, name it with --crm-map ${field}=HEADER`,
      });
    }
    return { problems, mapError };
  }
}
