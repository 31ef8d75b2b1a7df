// detectSignals() skips the model's context cues when no category the rules
// left open reaches its threshold. The skip must never drop a finding.
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { canReachThreshold, messageUnits } from '../../src/detectors/detect.js';
import { DEFAULT_CONTEXT_MODE, findCategories, readModelText, textFeatures } from '../../src/detectors/model.js';
import type { Category } from '../../src/types.js';

const rules = loadRuleSet([], true);

const TEXTS = [
  'Thanks for the invoice, see you next week.',
  'Six staff join us at the new site in March, we will need six more seats.',
  'We have decided not to renew our subscription when it ends in June.',
  'Could you send us a quote for 40 licences? We want to move the whole team.',
  'We can offer you 20% off our services this month only.',
  'Nous souhaitons ajouter dix utilisateurs à notre abonnement.',
  'Nous ne renouvellerons pas le contrat, merci de résilier.',
  'Lunch on Friday? The usual place.',
];

const NO_CATEGORIES: ReadonlySet<Category> = new Set();

describe('model pre-check', () => {
  test.each(TEXTS)('ruled-out text finds nothing: %j', (text) => {
    const units = messageUnits('', text);
    for (const pack of rules.packs) {
      const model = rules.models?.get(pack.language);
      if (model === undefined) continue;
      const found = findCategories(model, readModelText(pack, units), { stopwords: pack.stopwords });
      if (!canReachThreshold(model, readModelText(pack, units, 'none'), NO_CATEGORIES)) expect(found).toEqual([]);
    }
  });

  test('default mode reads every sentence', () => {
    // The pre-check reads the features without the cues, which holds only while
    // the default mode sets no sentence aside.
    const units = messageUnits('', TEXTS.join(' '));
    for (const pack of rules.packs) {
      const withCues = readModelText(pack, units);
      const without = readModelText(pack, units, 'none');
      expect([...textFeatures(withCues, DEFAULT_CONTEXT_MODE)]).toEqual([...textFeatures(without, 'none')]);
    }
  });

  // Without such a text, the first test would check nothing.
  test('some text reaches a threshold', () => {
    const reached = TEXTS.some((text) =>
      rules.packs.some((pack) => {
        const model = rules.models?.get(pack.language);
        return model !== undefined && canReachThreshold(model, readModelText(pack, messageUnits('', text), 'none'), NO_CATEGORIES);
      }),
    );
    expect(reached).toBe(true);
  });
});
