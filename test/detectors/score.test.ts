// Scored rules: request marker + object term reaches the threshold, blockers
// and context cues keep it quiet, and the hit names the terms that scored.
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet } from '../../src/detectors/index.js';

const rules = loadRuleSet();

const rows = [
  { text: 'Could we look at the premium tier for our analysts?', rule: 'en-upgrade-score', fires: true },
  { text: 'We might need an extra module for payroll.', rule: 'en-upgrade-score', fires: true },
  { text: 'The premium tier is included in our contract.', rule: 'en-upgrade-score', fires: false },
  { text: 'We do not want the premium tier.', rule: 'en-upgrade-score', fires: false },
  { text: 'Is a pilot possible for our Lyon office?', rule: 'en-new-business-score', fires: true },
  { text: 'Get your free demo today, click here to unsubscribe.', rule: 'en-new-business-score', fires: false },
  { text: 'My colleague at Brenner might be interested, I will introduce you.', rule: 'en-referral-score', fires: true },
  { text: 'Anna at Brenner recommended you to us.', rule: 'en-referral-score', fires: false },
  { text: 'Pourriez-vous nous organiser un essai sur un site ?', rule: 'fr-new-business-score', fires: true },
  { text: 'Ma collègue chez Vauban pourrait être intéressée.', rule: 'fr-referral-score', fires: true },
] as const;

describe('scored rules', () => {
  test.each(rows.map((row) => [row.rule, row.text, row] as const))('%s on %s', (_rule, _text, row) => {
    const hit = explainText(row.text, rules, {}).hits.find((candidate) => candidate.ruleId === row.rule);
    expect(hit !== undefined).toBe(row.fires);
  });

  test('hit phrase lists the terms', () => {
    const hit = explainText('Could we look at the premium tier?', rules, {}).hits.find(
      (candidate) => candidate.ruleId === 'en-upgrade-score',
    );
    expect(hit?.phrase).toMatch(/^score \d+\/3: question \+ intent '.+' \+ object '.+'/);
  });

  test('low score is a near miss', () => {
    const misses = explainText('The premium tier is included.', rules, {}).nearMisses;
    expect(misses.find((miss) => miss.ruleId === 'en-upgrade-score')?.reason).toBe('below-threshold');
  });
});
