// `leak rules list` and `leak rules test "text" [--lang fr]`.
import Table from 'cli-table3';
import { loadRules } from '../audit.js';
import { describeRules, explainText, formatExplanation } from '../detectors/index.js';
import { LeakError } from '../errors.js';
import type { Io } from './io.js';

export function rulesListCommand(flags: { rules: string[]; json: boolean }, io: Io): number {
  const rules = describeRules(loadRules(flags.rules));
  if (flags.json) {
    io.stdout(JSON.stringify(rules, null, 2) + '\n');
    return 0;
  }
  const table = new Table({
    head: ['id', 'category', 'lang', 'weight', 'phrases', 'source'],
    style: { head: io.color ? ['cyan'] : [], border: io.color ? ['grey'] : [] },
  });
  for (const rule of rules) {
    table.push([rule.id, rule.category, rule.language, String(rule.weight), String(rule.phrases), rule.file]);
  }
  io.stdout(`${table.toString()}\n${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}\n`);
  return 0;
}

export function rulesTestCommand(
  text: string,
  flags: { rules: string[]; lang?: string; model: boolean; catalog?: string },
  io: Io,
): number {
  // An empty or blank sentence has nothing to explain: a table of zeros would read as a real verdict.
  if (text.trim() === '') {
    throw new LeakError('USAGE', 'rules test: the text is empty. Give the sentence to explain in quotes, e.g. leak rules test "We would like 5 more licences."');
  }
  const rules = loadRules(flags.rules, flags.model, flags.catalog);
  const explanation = explainText(text, rules, { language: flags.lang });
  const output = formatExplanation(explanation, io.color);
  io.stdout(output.endsWith('\n') ? output : `${output}\n`);
  return 0;
}
