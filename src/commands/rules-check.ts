// `leak rules check [--rules FILE]`: runs the `fires` and `misses` test rows of
// every active rule, so a custom rule file can be checked before an audit and in CI.
// The learned model runs as in an audit, so a row its veto drops fails here too.
import { loadRules } from '../audit.js';
import { explainText } from '../detectors/index.js';
import type { RuleSet } from '../detectors/index.js';
import type { Io } from './io.js';

export interface RowFailure {
  ruleId: string;
  file: string;
  text: string;
  /** The expected outcome of the row and the actual one. */
  detail: string;
}

export interface RowCheck {
  rows: number;
  failures: RowFailure[];
  /** Rules without a `fires` or a `misses` row, which the check cannot verify. */
  untested: Array<{ ruleId: string; file: string; lacks: string[] }>;
}

/** Runs the rows of the rules from `files`, or of every rule when `files` is empty. */
export function checkRuleRows(rules: RuleSet, files: readonly string[]): RowCheck {
  const failures: RowFailure[] = [];
  const untested: RowCheck['untested'] = [];
  let rows = 0;
  for (const pack of rules.packs) {
    for (const rule of pack.rules) {
      if (files.length > 0 && !files.includes(rule.file)) continue;
      const lacks = [rule.fires.length === 0 ? '"fires"' : null, rule.misses.length === 0 ? '"misses"' : null];
      if (lacks.some((field) => field !== null)) {
        untested.push({ ruleId: rule.id, file: rule.file, lacks: lacks.filter((field): field is string => field !== null) });
      }
      for (const row of rule.fires) {
        rows += 1;
        const explanation = explainText(row.text, rules, { language: pack.language });
        const hit = explanation.hits.find((candidate) => candidate.ruleId === rule.id);
        const vetoed = explanation.vetoed.find((item) => item.ruleId === rule.id);
        if (hit === undefined && vetoed !== undefined) {
          if (keptWhenGuessed(row.text, rules, pack.language, rule.id)) continue;
          failures.push({
            ruleId: rule.id,
            file: rule.file,
            text: row.text,
            detail:
              `it fires, but the learned model vetoes it as in an audit: its probability for ${vetoed.category} is ` +
              `${vetoed.probability.toFixed(3)}, below the floor ${vetoed.floor} (--no-model keeps it, here and in an audit)`,
          });
        } else if (hit === undefined) {
          const yielded = explanation.nearMisses.find((miss) => miss.ruleId === rule.id && miss.reason === 'yielded');
          const yieldNote = yielded === undefined ? '' : ` (it yields to another category: ${yielded.cue})`;
          failures.push({ ruleId: rule.id, file: rule.file, text: row.text, detail: `expected to fire, but it does not${yieldNote}` });
        } else if (row.quantity !== undefined && row.quantity !== null && hit.quantity !== row.quantity) {
          failures.push({ ruleId: rule.id, file: rule.file, text: row.text, detail: `expected quantity ${row.quantity}, got ${hit.quantity ?? 'none'}` });
        }
      }
      for (const row of rule.misses) {
        rows += 1;
        const hit = explainText(row.text, rules, { language: pack.language }).hits.find((candidate) => candidate.ruleId === rule.id);
        if (hit !== undefined) failures.push({ ruleId: rule.id, file: rule.file, text: row.text, detail: 'expected to stay quiet, but it fires' });
      }
    }
  }
  return { rows, failures, untested };
}

/**
 * Returns whether an audit, which guesses the language instead of taking the row's, keeps the
 * rule's finding. The guess is often unsure on a short row, so both packs run, and the veto
 * then reads the higher of the two models' probabilities.
 */
function keptWhenGuessed(text: string, rules: RuleSet, language: string, ruleId: string): boolean {
  const guessed = explainText(text, rules, {});
  return guessed.packs.includes(language) && guessed.hits.some((hit) => hit.ruleId === ruleId);
}

/** Prints each failing row and each rule without rows; exits 1 when either is found, like a failed gate. */
export function rulesCheckCommand(flags: { rules: string[]; model: boolean }, io: Io): number {
  const rules = loadRules(flags.rules, flags.model);
  const { rows, failures, untested } = checkRuleRows(rules, flags.rules);
  for (const failure of failures) {
    io.stdout(`FAIL ${failure.ruleId} (${failure.file}): ${failure.detail}: ${JSON.stringify(failure.text)}\n`);
  }
  for (const rule of untested) {
    io.stdout(
      `FAIL ${rule.ruleId} (${rule.file}): no ${rule.lacks.join(' or ')} row; ` +
        'every rule needs a sentence it fires on and a near miss it must not fire on\n',
    );
  }
  // A file of context lists only (blockers, stopwords) has no rows, so the output names it instead of "0 of 0 pass".
  const withRules = new Set(rules.packs.flatMap((pack) => pack.rules.map((rule) => rule.file)));
  for (const file of flags.rules.filter((name) => !withRules.has(name))) {
    io.stdout(`${file}: no rules, so no test rows to run; its context lists loaded without error, and nothing else was checked\n`);
  }
  const scope = flags.rules.length > 0 ? flags.rules.join(', ') : 'all active rules';
  if (rows === 0) io.stdout(`No test rows were run (${scope}): there is nothing to pass or fail\n`);
  else io.stdout(`${rows - failures.length} of ${rows} test rows pass (${scope})\n`);
  // A rule without a fires or misses row fails the check even when every row it has passes, so the summary names the cause.
  if (untested.length > 0) {
    io.stdout(`${untested.length} ${untested.length === 1 ? 'rule lacks' : 'rules lack'} a required row, so the check fails; add the rows named above\n`);
  }
  if (failures.length > 0) {
    // Without the files' own --rules, rules test would load only the default packs and miss the failing rule.
    const files = flags.rules.map((file) => ` --rules ${/\s/.test(file) ? JSON.stringify(file) : file}`).join('');
    io.stdout(`Run leak rules test "<sentence>" --lang <code>${files} to see why a row fails.\n`);
  }
  return failures.length > 0 || untested.length > 0 ? 1 : 0;
}
