// `leak crm inspect FILE`: what was detected in an export, before auditing.
import { formatInspection, inspectCrm } from '../parsers/crm/index.js';
import { parseCrmMap } from './audit.js';
import type { Io } from './io.js';

export async function crmInspectCommand(
  file: string,
  flags: { crmMap: string[]; currency: string; json: boolean },
  io: Io,
): Promise<number> {
  const inspection = await inspectCrm(file, {
    map: parseCrmMap(flags.crmMap),
    defaultCurrency: flags.currency.toUpperCase(),
  });
  io.stdout(flags.json ? JSON.stringify(inspection, null, 2) + '\n' : formatInspection(inspection));
  if (inspection.unusable !== null) {
    io.stderr(`leak: ${inspection.unusable}\n`);
    return 2;
  }
  return 0;
}
