// Scored rules: request marker + object term reaches the threshold, blockers
// and context cues keep it quiet, and the hit names the terms that scored.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  // A currency sign between "to" and the amount is no token, so "to £8m" reads as "to 8m".
  { text: 'Can we look at taking it to £8m before year end?', rule: 'en-expansion-score', fires: true },
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

  test('score without request is no-request', () => {
    // Two objects reach 4/3, but a scored rule also needs an intent term or a question mark.
    const misses = explainText('We are evaluating solutions for our finance team.', rules, {}).nearMisses;
    const miss = misses.find((candidate) => candidate.ruleId === 'en-new-business-score');
    expect(miss?.reason).toBe('no-request');
    expect(miss?.cue).toMatch(/^score 4\/3: /);
  });

  test('low score is a near miss', () => {
    const misses = explainText('The upper tier looks nice.', rules, {}).nearMisses;
    expect(misses.find((miss) => miss.ruleId === 'en-upgrade-score')?.reason).toBe('below-threshold');
  });
});

// A rule that scores the object "gizmo fleet" with the request "could you", reading
// requests one sentence away when `window` is 1.
function gizmoRules(window: number | string): ReturnType<typeof loadRuleSet> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-window-'));
  const file = path.join(folder, 'gizmo.yaml');
  writeFileSync(
    file,
    [
      'language: en',
      'rules:',
      '  - id: en-test-gizmo',
      '    category: expansion',
      '    weight: 0.7',
      '    score:',
      '      threshold: 3',
      '      question: 0',
      `      window: ${window}`,
      '      intent: ["could you"]',
      '      object: ["gizmo fleet"]',
      '      blockers: ["webinar"]',
      '',
    ].join('\n'),
  );
  return loadRuleSet([file]);
}

function firesGizmo(text: string, ruleSet: ReturnType<typeof loadRuleSet>): boolean {
  return explainText(text, ruleSet, { language: 'en' }).hits.some((hit) => hit.ruleId === 'en-test-gizmo');
}

describe('score window', () => {
  const twoSentences = 'Our gizmo fleet doubles in May. Could you help with that?';

  test('window 0 reads one sentence', () => {
    expect(firesGizmo(twoSentences, gizmoRules(0))).toBe(false);
  });

  test('window 1 reads the next sentence', () => {
    expect(firesGizmo(twoSentences, gizmoRules(1))).toBe(true);
  });

  test('window 1 reads the previous sentence', () => {
    expect(firesGizmo('Could you help us? Our gizmo fleet doubles in May.', gizmoRules(1))).toBe(true);
  });

  test('window 1 stops two sentences away', () => {
    expect(firesGizmo('Our gizmo fleet doubles in May. It is big news. Could you help?', gizmoRules(1))).toBe(false);
  });

  test('blocker stays in its own sentence', () => {
    const ruleSet = gizmoRules(1);
    expect(firesGizmo('Our gizmo fleet joins the webinar. Could you help?', ruleSet)).toBe(false);
    expect(firesGizmo('Our gizmo fleet doubles. Could you help? The webinar is on Friday.', ruleSet)).toBe(true);
  });

  test('summary names the nearby request', () => {
    const hit = explainText(twoSentences, gizmoRules(1), { language: 'en' }).hits.find((candidate) => candidate.ruleId === 'en-test-gizmo');
    expect(hit?.phrase).toContain("intent nearby 'could you'");
  });

  test('window above the maximum is invalid', () => {
    expect(() => gizmoRules(3)).toThrow(/score\.window/);
  });
});
