// `leak crm inspect FILE`: what was detected in an export, before auditing.
import { formatInspection, inspectCrm } from '../parsers/crm/index.js';
import { parseCrmMap, parseCurrency, splitList } from './audit.js';
import type { Io } from './io.js';

export interface CrmInspectFlags {
  crmMap: string[];
  currency: string;
  openStages?: string;
  closedStages?: string;
  lostStages?: string;
  json: boolean;
}

export async function crmInspectCommand(file: string, flags: CrmInspectFlags, io: Io): Promise<number> {
  // The same stage options as `leak audit`, so the status of each stage can be previewed.
  const inspection = await inspectCrm(file, {
    map: parseCrmMap(flags.crmMap),
    defaultCurrency: parseCurrency(flags.currency),
    openStages: splitList(flags.openStages),
    closedWonStages: splitList(flags.closedStages),
    closedLostStages: splitList(flags.lostStages),
  });
  io.stdout(flags.json ? JSON.stringify(inspection, null, 2) + '\n' : formatInspection(inspection));
  if (inspection.unusable !== null) {
    io.stderr(`leak: ${inspection.unusable}\n`);
    return 2;
  }
  return 0;
}
