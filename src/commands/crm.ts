// `leak crm inspect FILE`: what was detected in an export, before auditing.
import { formatInspection, inspectCrm } from '../parsers/crm/index.js';
import type { CrmInspection } from '../parsers/crm/index.js';
import { LeakError } from '../errors.js';
import { maskProblemCells, redactError } from '../errors-redact.js';
import { parseCrmMap, parseCurrency, parseDay, splitList } from './audit.js';
import type { Io } from './io.js';
import { loadRedactKey } from './redact-key.js';
import { cleanAllForTerminal, cleanForTerminal } from '../report/control-chars.js';

export interface CrmInspectFlags {
  crmMap: string[];
  currency: string;
  openStages?: string;
  closedStages?: string;
  lostStages?: string;
  crmExportedOn?: string;
  json: boolean;
  redact?: boolean;
  redactKey?: string;
}

export async function crmInspectCommand(file: string, flags: CrmInspectFlags, io: Io): Promise<number> {
  // As in `leak audit`: a key without --redact would leave the cells readable while the user expects tokens.
  if (flags.redactKey !== undefined && flags.redact !== true) {
    throw new LeakError('USAGE', '--redact-key sets the tokens of --redact; add --redact or remove it.');
  }
  if (flags.redact === true) loadRedactKey(flags.redactKey, io.stderr);
  // The same stage options as `leak audit`, so the status of each stage can be previewed.
  const inspected = await inspectCrm(file, {
    map: parseCrmMap(flags.crmMap),
    defaultCurrency: parseCurrency(flags.currency),
    openStages: splitList(flags.openStages),
    closedWonStages: splitList(flags.closedStages),
    closedLostStages: splitList(flags.lostStages),
    ...(flags.crmExportedOn === undefined ? {} : { exportedOn: parseDay(flags.crmExportedOn, '--crm-exported-on') }),
  });
  const inspection = flags.redact === true ? redactInspection(inspected, file) : inspected;
  io.stdout(flags.json ? JSON.stringify(inspection, null, 2) + '\n' : formatInspection(cleanAllForTerminal(inspection)));
  if (inspection.unusable !== null) {
    io.stderr(`leak: ${cleanForTerminal(inspection.unusable)}\n`);
    return 2;
  }
  return 0;
}

/**
 * Masks what an inspection quotes from the file: its path, and the cells and
 * addresses in the problems and in the reason it is unusable. Headers, stage
 * names, counts and dates stay, as in a redacted audit.
 */
function redactInspection(inspection: CrmInspection, file: string): CrmInspection {
  const inputs = [{ flag: 'crm inspect', path: file }];
  const mask = (text: string): string => redactError(text, inputs);
  return {
    ...inspection,
    path: mask(inspection.path),
    unusable: inspection.unusable === null ? null : mask(inspection.unusable),
    problems: inspection.problems.map((problem) => {
      const masked = maskProblemCells(problem);
      return { ...masked, file: mask(masked.file), detail: mask(masked.detail) };
    }),
  };
}
