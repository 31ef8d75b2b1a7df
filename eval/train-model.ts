// Trains the learned model (`npm run train`) on every dev and tuning thread,
// never on holdout, and writes one file per language: rules/model-<language>.json.
// The threshold in each file gives the best micro F1 of the model alone over the
// held-out scores of a leave-one-set-out run on the five tuning sets.
// Training has no random step, so the same threads give the same files.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSet } from '../src/detectors/index.js';
import { DEFAULT_CONTEXT_MODE, DEFAULT_TRAIN_OPTIONS, trainModel } from '../src/detectors/model.js';
import { modelFile } from '../src/detectors/rule-set.js';
import { chooseThreshold, scoreThreads, trainOn, type ModelScores } from './model-cv.js';
import { prepareThreads, TUNING_SETS, type PreparedThread } from './model-data.js';

function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder);
  return folder;
}

function main(): void {
  const options = DEFAULT_TRAIN_OPTIONS;
  const mode = DEFAULT_CONTEXT_MODE;
  // The rules are loaded only to read mail as detection does. Their hits are not training input.
  const all = prepareThreads(findPackageRoot(), loadRuleSet([], false), mode);

  const heldOut: PreparedThread[] = [];
  const scores: ModelScores = new Map();
  for (const heldOutSet of TUNING_SETS) {
    const models = trainOn(all.filter((item) => item.set !== heldOutSet), options);
    const items = all.filter((item) => item.set === heldOutSet);
    for (const [item, score] of scoreThreads(models, items, mode, true)) scores.set(item, score);
    heldOut.push(...items);
  }
  const threshold = chooseThreshold(heldOut, scores, true);

  const languages = [...new Set(all.map((item) => item.thread.language))].sort();
  for (const language of languages) {
    const docs = all.filter((item) => item.thread.language === language && item.messages.length > 0).map((item) => item.doc);
    const trainedOn = `${docs.length} threads of fixtures/eval/dev and fixtures/eval/tuning; threshold from leave-one-set-out over ${TUNING_SETS.join(', ')}`;
    const model = { ...trainModel(language, docs, options, trainedOn), threshold };
    const file = modelFile(language);
    writeFileSync(file, `${JSON.stringify(model)}\n`);
    process.stdout.write(`${path.relative(process.cwd(), file)}: ${docs.length} threads, ${Object.keys(model.weights).length} features, threshold ${threshold.toFixed(2)}\n`);
  }
}

main();
