// Error of a run that read no message at all, raised with the same words by `leak audit` and
// `leak catalog discover`, because an empty result only shows that the export or the path is wrong.
import path from 'node:path';
import { LeakError } from '../errors.js';
import { hintForExtension } from '../parsers/mail-sniff.js';
import { countNoun } from '../report/format.js';
import type { Problem } from '../types.js';

/** Mailbox as the check reads it: its path and the count of messages skipped as unreadable. */
export interface ReadMailbox {
  path: string;
  skipped: number;
}

/**
 * Raises INPUT_NOT_MAIL for mailboxes that gave no message. A folder that contains mail in
 * another format (Outlook .msg, an archive) gets the names of those files and the conversion to make.
 */
export function rejectNoMail(mailboxes: readonly ReadMailbox[], problems: readonly Problem[]): never {
  const paths = mailboxes.map((mailbox) => mailbox.path).join(', ');
  const skipped = mailboxes.reduce((sum, mailbox) => sum + mailbox.skipped, 0);
  const skippedNote = skipped > 0 ? ` (${skipped} skipped as unreadable, see --verbose)` : '';
  const byExtension = new Map<string, string[]>();
  for (const problem of problems.filter(isMailInOtherFormat)) {
    const extension = path.extname(problem.file).toLowerCase();
    byExtension.set(extension, [...(byExtension.get(extension) ?? []), path.basename(problem.file)]);
  }
  if (byExtension.size > 0) {
    const groups = [...byExtension].map(([extension, names]) => {
      const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      return `${countNoun(names.length, `${extension} file`, `${extension} files`)} (${listed}): ${hintForExtension(extension) ?? ''}`;
    });
    throw new LeakError('INPUT_NOT_MAIL', `no messages read from ${paths}; it contains ${groups.join('; ')}.`);
  }
  throw new LeakError(
    'INPUT_NOT_MAIL',
    `no messages read from ${paths}${skippedNote}; check the path, and that the file is an mbox ` +
      'export (--mbox) or a folder of .eml files (--eml).',
  );
}

/**
 * Returns true for a file an --eml folder passed over that contains mail in another format
 * (.msg, .pst, .mbox, an archive): its messages are missing from the run.
 */
export function isMailInOtherFormat(problem: Problem): boolean {
  return problem.code === 'EML_SKIPPED_FILE' && hintForExtension(path.extname(problem.file).toLowerCase()) !== null;
}
