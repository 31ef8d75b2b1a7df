// Trains the learned model (`npm run train`) on every dev and tuning thread except the sets of
// UNTRAINED_SETS, never on holdout, plus ordinary real mail as negatives (NEGATIVE_MAIL), and
// writes one file per language: rules/model-<language>.json.
// The thresholds in each file, one per category, are the best by the objective
// (rules plus model) for that category over the held-out scores of a leave-one-set-out run
// on the tuning sets and the ordinary sets (n1, n2). Training has no random step, so the same threads give the
// same files.
//
// The objective of that choice is F-beta 0.75 (`f0.75`) unless --objective names another, such as `f1`
// or `target` (see Objective in model-cv.ts).
// The veto floors, one per category, come from the same held-out scores: each is the floor that
// removes the most false rule findings net of VETO_COST times the true ones (eval/veto.ts), a tie
// going to the lower floor. --veto-cost K changes the cost, and --no-veto writes no floors.
// The floors are then capped at VETO_FLOOR_SHARE of the lowest base rate (capFloors in choice.ts).
//
// Usage: node dist/eval/train-model.js [--no-negatives] [--choose alone|both] [--single] [--sentence P] [--sentence-share S] [--keep-names] [--negative-weight W]
//          [--french-ordinary-weight W]
//          [--objective f1|f<beta>|floor<P>|ordinary<W>|f<beta>ordinary<W>|target] [--veto-cost K] [--no-veto]
//          [--train-without PREFIX] [--choose-on FOLDS] [--floor-cap none|S] [--floor-grid default|wide] [--nested-on FOLDS]
//          [--veto-below C] [--l2 N] [--min-sets K] [--balance-sets] [--floors-on FOLDS] [--dev-guard]
// --l2 N sets the L2 penalty (0.01 by default). --min-sets K keeps a feature only when documents of K distinct
// training sets carry it (dev, the real mail and each tuning or ordinary set count as one). --balance-sets gives
// every training set the same total weight in the loss (readTrainOptions in model-cv.ts).
// --train-without P leaves every set whose name starts with P out of every training, the folds' and
// the final one, but still scores it held out, so its false findings still weigh in the threshold choice.
//
// Options of the choice, all off by default (eval/choice.ts):
// --choose-on F1,F2,... chooses the thresholds and floors on the held-out scores of the named tuning
//   folds and the ordinary sets only. Every fold is still held out, and training reads every trainable thread.
// --floor-cap none|S lifts the cap, or caps at share S of the base rate; --floor-grid wide tries floors up to 0.3.
// --floors-on F1,F2,... chooses the floors on the named folds and the ordinary sets, the thresholds as without it.
// --dev-guard lowers each floor to the highest floor of the grid at which no dev thread labelled with the category
//   loses it to the veto of the written models (devFloorLimits in choice.ts).
// --veto-below C spares from the veto every finding whose rules reach confidence C in the message, and writes
// the bound into the model files as vetoBelow.
// --nested-on F1,F2,... writes no file. It scores each named fold by three choices made without it, with
//   the ordinary sets in each: on the other named folds, on all other folds, and thresholds on all other
//   folds with floors on the other named folds. It scores the ordinary sets the same way, capped and uncapped.
//   Uncapped, it adds a fourth choice: the third with the floors lowered by the dev guard.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSet } from '../src/detectors/index.js';
import { DEFAULT_CONTEXT_MODE, DEFAULT_SENTENCE_SHARE, DEFAULT_SENTENCE_THRESHOLD, toLinearModel, trainModel } from '../src/detectors/model.js';
import { modelFile } from '../src/detectors/rule-set.js';
import { CATEGORIES } from '../src/types.js';
import { choiceItems, choose, countChoice, devFloorLimits, nestedEstimate, readFloorCap, readFloorGrid, readFoldList, readVetoBelow, VETO_FLOOR_SHARE, WIDE_FLOORS, type Choice, type ChoiceSettings } from './choice.js';
import { emptyCounts, formatObjective, formatThresholds, micro, negativeMailFolder, readObjective, readTrainOptions, scoreThreads, thresholdOf, trainingDoc, trainOn, type ModelScores } from './model-cv.js';
import { ORDINARY_SETS, prepareNegativeMail, prepareThreads, TUNING_SETS, UNTRAINED_SETS, weighOrdinary, type PreparedThread } from './model-data.js';
import { scores as evalScores, type Counts } from './run.js';
import { FLOORS, formatFloors, scoreRuleFindings, type RuleScores } from './veto.js';
import type { Category } from '../src/types.js';

/**
 * Cost of a true rule finding the veto removes, against 1 for a false one. Measured leave-one-set-out,
 * cost 2 raised precision on the tuning folds at little cost in recall (docs/model.md, "The model as a veto").
 */
export const VETO_COST = 2;

function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder);
  return folder;
}

function readOption(argv: string[], name: string): string | null {
  const position = argv.indexOf(name);
  return position === -1 ? null : (argv[position + 1] ?? null);
}

/** Prints one line per category and a pooled line: tp / fp / fn, precision, recall and F1. */
function printCounts(counts: ReadonlyMap<Category, Counts>, indent: string): void {
  const line = (name: string, row: Counts): string => {
    const { precision, recall, f1 } = evalScores(row);
    return `${indent}${name.padEnd(14)} tp ${String(row.truePositives).padStart(4)}  fp ${String(row.falsePositives).padStart(3)}  fn ${String(row.falseNegatives).padStart(3)}  P ${precision.toFixed(3)}  R ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}\n`;
  };
  for (const category of CATEGORIES) process.stdout.write(line(category, counts.get(category) ?? emptyCounts()));
  process.stdout.write(line('all', micro(new Map(counts))));
}

function formatChoice(choice: Choice): string {
  return `thresholds ${formatThresholds(choice.thresholds)}, floors ${choice.floors === null ? 'none' : formatFloors(choice.floors)}`;
}

/**
 * Prints the nested estimate of `--nested-on`. Each fold of `fresh` is scored by three choices made
 * without it: on the other fresh folds, and on every other tuning fold. The third takes the
 * thresholds from every other tuning fold and the floors from the other fresh folds. The ordinary
 * sets are in every choice. Each ordinary set is scored the same way. The estimate runs with the
 * shipped cap, then without a cap, then without a cap on WIDE_FLOORS.
 */
function printNested(heldOut: readonly PreparedThread[], fresh: readonly string[], base: ChoiceSettings): void {
  const rulesAlone: Choice = { thresholds: new Map(), floors: null };
  process.stdout.write(`rules alone on ${fresh.join(', ')}\n`);
  printCounts(countChoice(heldOut.filter((item) => fresh.includes(item.set)), base, rulesAlone), '  ');
  const variants: { name: string; cap: number | null; grid: readonly number[] }[] = [
    { name: `capped at ${VETO_FLOOR_SHARE} of the base rate`, cap: VETO_FLOOR_SHARE, grid: FLOORS },
    { name: 'uncapped', cap: null, grid: FLOORS },
    { name: `uncapped, floors up to ${Math.max(...WIDE_FLOORS)}`, cap: null, grid: WIDE_FLOORS },
  ];
  const ways: { name: string; folds: readonly string[]; floorFolds: readonly string[] }[] = [
    { name: 'fresh folds', folds: fresh, floorFolds: fresh },
    { name: 'all folds', folds: TUNING_SETS, floorFolds: TUNING_SETS },
    { name: 'all folds for thresholds, fresh folds for floors', folds: TUNING_SETS, floorFolds: fresh },
  ];
  const guarded = { name: 'all folds for thresholds, fresh folds for floors, dev-guarded', folds: TUNING_SETS, floorFolds: fresh };
  for (const variant of variants) {
    for (const way of variant.cap === null && base.floorLimits !== undefined ? [...ways, guarded] : ways) {
      const settings = { ...base, cap: variant.cap, grid: variant.grid, floorLimits: way === guarded ? base.floorLimits : undefined };
      const pool = [...way.folds, ...ORDINARY_SETS];
      const floorPool = [...way.floorFolds, ...ORDINARY_SETS];
      process.stdout.write(`\n${variant.name}; chosen on ${way.name}\n`);
      process.stdout.write(`  on every set of the way: ${formatChoice(choose(choiceItems(heldOut, way.folds), settings, choiceItems(heldOut, way.floorFolds)))}\n`);
      process.stdout.write(`  each of ${fresh.join(', ')} scored by the choice made without it:\n`);
      printCounts(nestedEstimate(heldOut, pool, fresh, settings, floorPool).counts, '    ');
      const ordinary = nestedEstimate(heldOut, pool, ORDINARY_SETS, settings, floorPool);
      const falseTotal = micro(ordinary.counts).falsePositives;
      process.stdout.write(
        `  ordinary sets, each scored by the choice made without it: ${falseTotal} false categories (` +
          `${CATEGORIES.map((category) => `${category} ${ordinary.counts.get(category)?.falsePositives ?? 0}`).join(', ')})\n`,
      );
      for (const { item, categories } of ordinary.falseFindings) process.stdout.write(`    ${path.basename(item.thread.file)} ${item.thread.id}: ${categories.join(', ')}\n`);
    }
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = readTrainOptions(argv);
  const mode = DEFAULT_CONTEXT_MODE;
  const withNegatives = !argv.includes('--no-negatives');
  const chooseAlone = readOption(argv, '--choose') === 'alone';
  const perCategory = !argv.includes('--single');
  const sentenceThreshold = Number(readOption(argv, '--sentence') ?? DEFAULT_SENTENCE_THRESHOLD);
  const sentenceShare = Number(readOption(argv, '--sentence-share') ?? DEFAULT_SENTENCE_SHARE);
  const withNames = !argv.includes('--keep-names');
  const objective = readObjective(readOption(argv, '--objective'));
  // The rules are loaded to read mail as detection does and, for the thresholds, to know
  // which categories they fire. Their hits are not training input.
  const rules = loadRuleSet([], false);
  const all = prepareThreads(findPackageRoot(), rules, mode, withNames);
  if (withNegatives) all.push(...(await prepareNegativeMail(negativeMailFolder(), rules, mode, withNames)));
  // --french-ordinary-weight W multiplies the weight of the French threads of the ordinary sets in the loss.
  const frenchOrdinaryWeight = Number(readOption(argv, '--french-ordinary-weight') ?? 1);
  if (frenchOrdinaryWeight !== 1) weighOrdinary(all, 'fr', frenchOrdinaryWeight);

  const trainWithout = readOption(argv, '--train-without');
  const trainable = (item: PreparedThread): boolean =>
    !UNTRAINED_SETS.includes(item.set) && (trainWithout === null || !item.set.startsWith(trainWithout));

  const vetoCost = Number(readOption(argv, '--veto-cost') ?? VETO_COST);
  if (!(vetoCost > 0)) throw new Error(`invalid --veto-cost "${readOption(argv, '--veto-cost')}": expected a positive number`);
  const withVeto = !argv.includes('--no-veto');
  const chooseOn = readFoldList(readOption(argv, '--choose-on'), '--choose-on');
  const floorsOn = readFoldList(readOption(argv, '--floors-on'), '--floors-on');
  const devGuard = argv.includes('--dev-guard');
  if ((floorsOn !== null || devGuard) && !withVeto) throw new Error('invalid --floors-on or --dev-guard with --no-veto: both set the veto floors');
  const nestedOn = readFoldList(readOption(argv, '--nested-on'), '--nested-on');
  const floorCap = readFloorCap(readOption(argv, '--floor-cap'));
  const floorGrid = readFloorGrid(readOption(argv, '--floor-grid'));
  const vetoBelow = readVetoBelow(readOption(argv, '--veto-below'));
  if (nestedOn !== null && !withVeto) throw new Error('invalid --nested-on with --no-veto: the nested estimate measures the veto, so drop --no-veto');
  const heldOut: PreparedThread[] = [];
  const scores: ModelScores = new Map();
  const ruleScores = new Map<PreparedThread, RuleScores>();
  // The ordinary sets are held out too, so that their false findings count against a low threshold.
  for (const heldOutSet of [...TUNING_SETS, ...ORDINARY_SETS]) {
    const models = trainOn(all.filter((item) => item.set !== heldOutSet && trainable(item)), options);
    const items = all.filter((item) => item.set === heldOutSet);
    for (const [item, score] of scoreThreads(models, items, mode, chooseAlone, undefined, sentenceThreshold, sentenceShare)) scores.set(item, score);
    if (withVeto) for (const item of items) ruleScores.set(item, scoreRuleFindings(models, item, mode));
    heldOut.push(...items);
  }
  const negatives = all.filter((item) => item.set === 'mail').length;

  const languages = [...new Set(all.filter((item) => item.set !== 'mail').map((item) => item.thread.language))].sort();
  const choiceNote = chooseOn === null ? '' : `; thresholds and floors chosen on ${[...chooseOn, ...ORDINARY_SETS].join(', ')}`;
  const trainedModels = languages.map((language) => {
    const docs = all.filter((item) => item.thread.language === language && item.messages.length > 0 && trainable(item)).map((item) => trainingDoc(item));
    const mail = all.filter((item) => item.thread.language === language && item.set === 'mail').length;
    const trainedOn =
      `${docs.length - mail} threads of fixtures/eval/dev and fixtures/eval/tuning and ${mail} messages of ordinary real mail; ` +
      `thresholds from leave-one-set-out over ${[...TUNING_SETS, ...ORDINARY_SETS].join(', ')}${choiceNote}`;
    return { language, docs, mail, trained: trainModel(language, docs, options, trainedOn) };
  });
  const settings: ChoiceSettings = {
    scores,
    ruleScores: withVeto ? ruleScores : null,
    chooseAlone,
    perCategory,
    objective,
    vetoCost,
    grid: floorGrid,
    cap: floorCap,
    biases: trainedModels.map(({ trained }) => trained.bias),
    below: vetoBelow ?? Infinity,
  };
  // The dev limits of the floors come from the models trained on every trainable thread, the ones written.
  if (withVeto && (devGuard || nestedOn !== null)) {
    const models = new Map(trainedModels.map(({ language, trained }) => [language, toLinearModel(trained)]));
    const dev = all.filter((item) => item.set === 'dev');
    const limits = devFloorLimits(dev, new Map(dev.map((item) => [item, scoreRuleFindings(models, item, mode)])), vetoBelow ?? Infinity);
    process.stdout.write(`dev limits of the floors: ${CATEGORIES.map((category) => `${category} ${limits.get(category)?.toFixed(4) ?? 'none'}`).join(', ')}\n`);
    settings.floorLimits = limits;
  }
  if (nestedOn !== null) {
    printNested(heldOut, nestedOn, settings);
    return;
  }
  // A category the model adds at the thresholds chosen is not vetoed, as in the measurement.
  const { thresholds, floors: vetoFloors } = choose(choiceItems(heldOut, chooseOn), settings, choiceItems(heldOut, floorsOn ?? chooseOn));
  for (const { language, docs, mail, trained } of trainedModels) {
    const perCategoryThresholds = CATEGORIES.map((category) => thresholdOf(thresholds, category));
    const floors =
      vetoFloors === null ? {} : { vetoFloors: CATEGORIES.map((category) => vetoFloors.get(category) ?? 0), ...(vetoBelow === null ? {} : { vetoBelow }) };
    const model = { ...trained, threshold: Math.min(...perCategoryThresholds), thresholds: perCategoryThresholds, sentenceThreshold, sentenceShare, ...floors };
    const file = modelFile(language);
    writeFileSync(file, `${JSON.stringify(model)}\n`);
    process.stdout.write(
      `${path.relative(process.cwd(), file)}: ${docs.length} documents (${mail} of real mail), ${Object.keys(model.weights).length} features, ` +
        `thresholds ${formatThresholds(thresholds)} (${perCategory ? formatObjective(objective) : 'F1'}), sentence threshold ${sentenceThreshold}, sentence share ${sentenceShare}, ` +
        `${vetoFloors === null ? 'no veto' : `veto floors ${formatFloors(vetoFloors)} (cost ${vetoCost})${vetoBelow === null ? '' : ` below rule confidence ${vetoBelow}`}`}\n`,
    );
  }
  if (!withNegatives) process.stdout.write('trained without real mail\n');
  else process.stdout.write(`${negatives} messages of real mail as negatives\n`);
}

await main();
