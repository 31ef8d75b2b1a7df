// Runs every rule's own test rows: `fires` rows must produce a hit of that
// rule (with the listed quantity), `misses` rows must not.
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet } from '../../src/detectors/index.js';

const rules = loadRuleSet();
const rows = rules.packs.flatMap((pack) =>
  pack.rules.flatMap((rule) => [
    ...rule.fires.map((row) => ({ rule, language: pack.language, row, fires: true })),
    ...rule.misses.map((row) => ({ rule, language: pack.language, row, fires: false })),
  ]),
);

describe('rule test rows', () => {
  test.each(rows.filter((row) => row.fires).map((row) => [row.rule.id, row.row.text, row] as const))(
    '%s fires on %s',
    (_id, _text, { rule, language, row }) => {
      const explanation = explainText(row.text, rules, { language });
      const hit = explanation.hits.find((candidate) => candidate.ruleId === rule.id);
      expect(hit, JSON.stringify(explanation.nearMisses)).toBeDefined();
      if (row.quantity !== undefined && row.quantity !== null) expect(hit?.quantity).toBe(row.quantity);
    },
  );

  test.each(rows.filter((row) => !row.fires).map((row) => [row.rule.id, row.row.text, row] as const))(
    '%s stays quiet on %s',
    (_id, _text, { rule, language, row }) => {
      const explanation = explainText(row.text, rules, { language });
      const hit = explanation.hits.find((candidate) => candidate.ruleId === rule.id);
      expect(hit).toBeUndefined();
    },
  );

  test('every rule has a firing row and a near miss', () => {
    for (const pack of rules.packs) {
      for (const rule of pack.rules) {
        expect(rule.fires.length, rule.id).toBeGreaterThan(0);
        expect(rule.misses.length, rule.id).toBeGreaterThan(0);
      }
    }
  });
});
