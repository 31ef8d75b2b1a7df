// Compares threshold objectives (see Objective in model-cv.ts) by a leave-one-set-out
// run over the tuning sets and the ordinary sets (n1, n2), reading the data as
// `npm run train` does: real mail as negatives, no catalogue, the churn guard on.
//
// Each set is held out once and scored by a model trained on all the others. The
// scores are written to a cache file, so the objectives, gates and fixed thresholds
// are compared without training again. A held-out set's thresholds are chosen on
// the pooled held-out scores of every other set. Those scores came from models that
// had trained on the held-out set, so this is a cheaper and slightly flattering
// stand-in for the inner loop of model-cv.ts: it compares objectives, it is no
// estimate for a new writer.
//
// Usage: node dist/eval/objective-cv.js [--cache FILE] [--objectives f1,f0.5,floor0.85,ordinary5]
//          [--share S] [--thresholds T,T,T,T,T,T] [--examples N] [--sibling-guard] [--negative-weight W] [--per-message]
//          [--french-ordinary-weight W]
//   --cache       the score cache (default /tmp/leak-objective-cv.json); sets already in it are not trained again
//   --objectives  the objectives compared, in the syntax of readObjective
//   --share       share of its threshold the evidence sentence must reach (a gate for the model's findings; default 0)
//   --thresholds  also measures fixed thresholds, one per category, in CATEGORIES order
//   --request-gate   keeps a model finding only if its evidence sentence contains a question mark or a request phrase
//   --sibling-guard  scores with SIBLING_GUARD on (use its own --cache file)
//   --negative-weight W  trains with this weight for documents with no category (use its own --cache file)
//   --per-message    trains on one document per customer message instead of one per thread (use its own --cache file)
//   --french-ordinary-weight W  multiplies the weight of the French threads of n1 to n3 in training by W (use its own --cache file)
//   --examples N  lists up to N model-only false findings of the first objective
//   --veto        measures the model as a veto on rule findings instead (see eval/veto.ts): each fold's
//                 floors are chosen on the other sets' held-out scores, the model's additions use
//                 --thresholds (default the shipped model's)
//   --veto-cost K    the floor choice counts each true rule finding a floor removes K times against the false ones (default 1)
//   --veto-below C   vetoes only rule findings whose confidence is below C (default all)
//   --floors F,F,F,F,F,F  also measures fixed floors, one per category, in CATEGORIES order
//   --veto-objective O  also measures what npm run train ships with objective O: each fold's thresholds
//                 chosen by O on the other sets, then its floors at --veto-cost on the other sets at those thresholds
//   --veto-joint  also chooses each fold's floors and model thresholds together by F-beta on the
//                 other sets, beside the same choice of thresholds alone
//   --veto-beta B    the beta of --veto-joint (default 0.75, the objective of npm run train)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadRuleSet } from '../src/detectors/index.js';
import { CHURN_GUARD, DEFAULT_CONTEXT_MODE, DEFAULT_SCOPE, DEFAULT_TRAIN_OPTIONS } from '../src/detectors/model.js';
import { CATEGORIES, type Category } from '../src/types.js';
import { packageRoot } from '../src/package-root.js';
import {
  THRESHOLDS,
  addCounts,
  chooseCategoryThresholds,
  countForObjective,
  emptyCounts,
  formatObjective,
  formatThresholds,
  negativeMailFolder,
  readFixedThresholds,
  readObjective,
  readStringOption,
  scoreThreads,
  trainOn,
  type ModelScores,
  type ObjectiveCounts,
  type Thresholds,
  type ThreadScore,
} from './model-cv.js';
import { ORDINARY_SETS, prepareNegativeMail, prepareThreads, TUNING_SETS, weighOrdinary, type PreparedThread } from './model-data.js';
import { scores, type Counts } from './run.js';
import { chooseFloors, chooseFloorsAndThresholds, countAtFloor, countSources, FLOORS, formatFloors, readFloors, scoreRuleFindings, sourceKeys, vetoKeys, type RuleScores } from './veto.js';
import { readModelFile } from '../src/detectors/model.js';
import { modelFile } from '../src/detectors/index.js';

/** Shares of the threshold the evidence sentence must reach, scored for every held-out set. */
const SHARES = [0, 0.5, 0.75, 1];

/** Request phrases of both languages, lower case, for --request-gate. */
const REQUEST_PHRASES = [
  'please', 'could you', 'can you', 'would you', 'would like', "'d like", 'we need', 'i need', 'we want', 'let me know', 'send me', 'send us', 'quote',
  'merci de', 'pouvez-vous', 'pouvez vous', 'pourriez', 'souhait', 'voudrions', 'voudrais', 'aimerions', 'aimerais', 'envoyer', 'devis', 'nous faut', 'besoin',
];

/** Tells whether a sentence contains a question mark or a request phrase. */
function isRequest(sentence: string): boolean {
  const lower = sentence.toLowerCase().replace(/’/g, "'");
  return lower.includes('?') || REQUEST_PHRASES.some((phrase) => lower.includes(phrase));
}

/** Score cache: per share, held-out set, thread id and category, the model's best probability (p) and its sentence (s). */
type Cache = Record<string, Record<string, Record<string, Partial<Record<Category, { p: number; s: string }>>>>>;

function prf(counts: Counts): string {
  const { precision, recall, f1 } = scores(counts);
  return `${precision.toFixed(3)}/${recall.toFixed(3)}/${f1.toFixed(3)}`;
}

function ratio(tp: number, fp: number): string {
  return tp + fp === 0 ? '  -  ' : (tp / (tp + fp)).toFixed(3);
}

/** Per category, the findings the rules made and those the model added alone, summed over folds. */
interface Kinds {
  rule: { truePositives: number; falsePositives: number };
  model: { truePositives: number; falsePositives: number };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cacheFile = readStringOption(argv, '--cache') ?? '/tmp/leak-objective-cv.json';
  const objectives = (readStringOption(argv, '--objectives') ?? 'f1,f0.5,floor0.85,ordinary5').split(',').map(readObjective);
  const share = String(Number(readStringOption(argv, '--share') ?? 0));
  const fixed = readFixedThresholds(readStringOption(argv, '--thresholds'));
  const exampleCount = Number(readStringOption(argv, '--examples') ?? 0);
  const siblingGuard = argv.includes('--sibling-guard');
  const perMessage = argv.includes('--per-message');
  const negativeWeight = readStringOption(argv, '--negative-weight');
  if (negativeWeight !== null && !(Number(negativeWeight) > 0)) throw new Error(`invalid --negative-weight "${negativeWeight}": expected a positive number`);
  const trainOptions = negativeWeight === null ? DEFAULT_TRAIN_OPTIONS : { ...DEFAULT_TRAIN_OPTIONS, negativeWeight: Number(negativeWeight) };
  const rules = loadRuleSet([], false);
  const mode = DEFAULT_CONTEXT_MODE;
  const all = prepareThreads(packageRoot(), rules, mode, true, false);
  all.push(...(await prepareNegativeMail(negativeMailFolder(), rules, mode, true)));
  const frenchOrdinaryWeight = Number(readStringOption(argv, '--french-ordinary-weight') ?? 1);
  if (frenchOrdinaryWeight !== 1) weighOrdinary(all, 'fr', frenchOrdinaryWeight);
  const sets = [...TUNING_SETS, ...ORDINARY_SETS];

  const veto = argv.includes('--veto');
  const cache: Cache = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Cache) : {};
  // The rule findings' scores for --veto, per held-out set and thread id, are kept under the key `rule`.
  const ruleCache = ((cache as Record<string, unknown>)['rule'] ??= {}) as Record<string, Record<string, RuleScores>>;
  for (const heldOut of sets) {
    if (SHARES.every((value) => cache[String(value)]?.[heldOut] !== undefined) && (!veto || ruleCache[heldOut] !== undefined)) continue;
    const started = Date.now();
    const models = trainOn(all.filter((item) => item.set !== heldOut), trainOptions, perMessage);
    const items = all.filter((item) => item.set === heldOut);
    for (const value of SHARES) {
      const bySet = (cache[String(value)] ??= {});
      const byThread: Record<string, Partial<Record<Category, { p: number; s: string }>>> = {};
      for (const [item, best] of scoreThreads(models, items, mode, false, DEFAULT_SCOPE, 0, value, CHURN_GUARD, siblingGuard)) {
        byThread[item.thread.id] = Object.fromEntries([...best].map(([category, score]) => [category, { p: score.probability, s: score.sentence.replace(/\s+/g, ' ').slice(0, 200) }]));
      }
      bySet[heldOut] = byThread;
    }
    ruleCache[heldOut] = Object.fromEntries(items.map((item) => [item.thread.id, scoreRuleFindings(models, item, mode)]));
    writeFileSync(cacheFile, JSON.stringify(cache));
    process.stderr.write(`${heldOut}: ${items.length} threads scored in ${Math.round((Date.now() - started) / 1000)} s\n`);
  }

  const scored = cache[share];
  if (scored === undefined) throw new Error(`missing scores for share ${share} in ${cacheFile}: use one of ${SHARES.join(', ')}`);
  const measured = all.filter((item) => item.set !== 'mail' && item.set !== 'dev');
  const modelScores: ModelScores = new Map(
    measured.map((item) => [item, new Map(Object.entries(scored[item.set]?.[item.thread.id] ?? {}).map(([category, value]) => [category as Category, { probability: value.p, sentence: value.s, terms: [] } satisfies ThreadScore]))]),
  );

  if (veto) {
    const ruleScores = new Map(measured.map((item) => [item, ruleCache[item.set]?.[item.thread.id]]));
    process.stdout.write(vetoReport(argv, sets, measured, modelScores, ruleScores, fixed));
    return;
  }

  // --request-gate keeps a model finding only if its evidence sentence contains a question mark or a request phrase.
  if (argv.includes('--request-gate')) {
    for (const best of modelScores.values()) for (const [category, score] of best) if (!isRequest(score.sentence)) best.delete(category);
  }
  const lines: string[] = [`Leave-one-set-out over ${sets.join(', ')}; no catalogue; real mail as negatives; sentence share ${share}; sibling guard ${siblingGuard ? 'on' : 'off'}; negative weight ${trainOptions.negativeWeight ?? 1}; ${perMessage ? 'one document per message' : 'one document per thread'}; French ordinary threads weigh ${frenchOrdinaryWeight}; request gate ${argv.includes('--request-gate') ? 'on' : 'off'}.`];
  const variants: { label: string; thresholdsFor: (heldOut: string) => Thresholds }[] = objectives.map((objective) => ({
    label: formatObjective(objective),
    thresholdsFor: (heldOut: string) => {
      const pool = measured.filter((item) => item.set !== heldOut);
      return chooseCategoryThresholds(pool, modelScores, false, objective);
    },
  }));
  if (fixed !== null) variants.push({ label: `fixed ${formatThresholds(fixed)}`, thresholdsFor: () => fixed });

  for (const variant of variants) {
    lines.push('', `==== ${variant.label}`, 'held-out  thresholds                      rules + model P/R/F1   tp/fp/fn     model-only tp/fp');
    const pooled = emptyCounts();
    const kinds = new Map<Category, Kinds>(CATEGORIES.map((category) => [category, { rule: { truePositives: 0, falsePositives: 0 }, model: { truePositives: 0, falsePositives: 0 } }]));
    const byCategory = new Map<Category, Counts>(CATEGORIES.map((category) => [category, emptyCounts()]));
    const ordinaryFalse: string[] = [];
    const examples: string[] = [];
    for (const heldOut of sets) {
      const thresholds = variant.thresholdsFor(heldOut);
      const items = measured.filter((item) => item.set === heldOut);
      const counts = countForObjective(items, modelScores, thresholds, false);
      const total = emptyCounts();
      let modelTrue = 0;
      let modelFalse = 0;
      for (const category of CATEGORIES) {
        const row = counts.get(category) as ObjectiveCounts;
        addCounts(total, row.all);
        modelTrue += row.modelOnly.truePositives;
        modelFalse += row.modelOnly.falsePositives;
      }
      if ((ORDINARY_SETS as readonly string[]).includes(heldOut)) {
        ordinaryFalse.push(`${heldOut} ${total.falsePositives} (model ${modelFalse})`);
      } else {
        addCounts(pooled, total);
        for (const category of CATEGORIES) {
          const row = counts.get(category) as ObjectiveCounts;
          addCounts(byCategory.get(category)!, row.all);
          const kind = kinds.get(category)!;
          kind.model.truePositives += row.modelOnly.truePositives;
          kind.model.falsePositives += row.modelOnly.falsePositives;
          kind.rule.truePositives += row.all.truePositives - row.modelOnly.truePositives;
          kind.rule.falsePositives += row.all.falsePositives - row.modelOnly.falsePositives;
        }
      }
      lines.push(`${heldOut.padEnd(9)} ${formatThresholds(thresholds).padEnd(31)} ${prf(total).padEnd(22)} ${`${total.truePositives}/${total.falsePositives}/${total.falseNegatives}`.padEnd(12)} ${modelTrue}/${modelFalse}`);
      if (examples.length < exampleCount) {
        for (const item of items) {
          const ruled = new Set(item.messages.flatMap((message) => [...message.ruleCategories]));
          for (const [category, score] of modelScores.get(item) ?? []) {
            const threshold = typeof thresholds === 'number' ? thresholds : (thresholds.get(category) ?? Infinity);
            if (ruled.has(category) || score.probability < threshold || item.thread.expected.includes(category) || examples.length >= exampleCount) continue;
            examples.push(`  ${item.thread.id} [${item.thread.expected.join(',') || 'none'}] +${category} p=${score.probability.toFixed(2)}: ${score.sentence}`);
          }
        }
      }
    }
    lines.push(`pooled tuning folds: ${prf(pooled)} (${pooled.truePositives}/${pooled.falsePositives}/${pooled.falseNegatives}); ordinary false categories: ${ordinaryFalse.join(', ')}`);
    lines.push('category        rules + model P/R/F1   rule tp/fp  P      model-only tp/fp  P');
    const ruleTotal = { truePositives: 0, falsePositives: 0 };
    const modelTotal = { truePositives: 0, falsePositives: 0 };
    for (const category of CATEGORIES) {
      const kind = kinds.get(category)!;
      ruleTotal.truePositives += kind.rule.truePositives;
      ruleTotal.falsePositives += kind.rule.falsePositives;
      modelTotal.truePositives += kind.model.truePositives;
      modelTotal.falsePositives += kind.model.falsePositives;
      lines.push(
        `${category.padEnd(15)} ${prf(byCategory.get(category)!).padEnd(22)} ${`${kind.rule.truePositives}/${kind.rule.falsePositives}`.padEnd(11)} ${ratio(kind.rule.truePositives, kind.rule.falsePositives)}  ${`${kind.model.truePositives}/${kind.model.falsePositives}`.padEnd(16)}  ${ratio(kind.model.truePositives, kind.model.falsePositives)}`,
      );
    }
    lines.push(`${'all'.padEnd(15)} ${prf(pooled).padEnd(22)} ${`${ruleTotal.truePositives}/${ruleTotal.falsePositives}`.padEnd(11)} ${ratio(ruleTotal.truePositives, ruleTotal.falsePositives)}  ${`${modelTotal.truePositives}/${modelTotal.falsePositives}`.padEnd(16)}  ${ratio(modelTotal.truePositives, modelTotal.falsePositives)}`);
    const shipped = chooseCategoryThresholds(measured, modelScores, false, readObjective(variant.label.startsWith('fixed') ? 'f1' : variant.label));
    if (!variant.label.startsWith('fixed')) lines.push(`thresholds on all held-out scores (what npm run train would choose): ${formatThresholds(shipped)}`);
    if (examples.length > 0) lines.push('model-only false findings:', ...examples);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Returns the shipped English model's thresholds. The French model file contains the same ones. */
function shippedThresholds(): Map<Category, number> {
  const model = readModelFile(modelFile('en'));
  return new Map(model.categories.map((category, index) => [category as Category, model.thresholds[index] ?? model.threshold]));
}

function shortfall(counts: Counts): number {
  const { precision, recall } = scores(counts);
  return Math.max(0.9 - precision, 0.85 - recall, 0);
}

/**
 * Returns the --veto report. Each held-out set gets rules + model without a veto and with
 * floors chosen on the other sets' held-out scores. Pooled figures and the rule findings
 * removed per category follow.
 */
function vetoReport(
  argv: string[],
  sets: readonly string[],
  measured: readonly PreparedThread[],
  modelScores: ModelScores,
  ruleScores: ReadonlyMap<PreparedThread, RuleScores | undefined>,
  fixed: Map<Category, number> | null,
): string {
  const cost = Number(readStringOption(argv, '--veto-cost') ?? 1);
  const below = Number(readStringOption(argv, '--veto-below') ?? Infinity);
  if (!(cost > 0)) throw new Error(`invalid --veto-cost "${readStringOption(argv, '--veto-cost')}": expected a positive number`);
  if (!(below > 0)) throw new Error(`invalid --veto-below "${readStringOption(argv, '--veto-below')}": expected a positive number`);
  const thresholds = fixed ?? shippedThresholds();
  const keys = new Map(measured.map((item) => [item, vetoKeys(item, ruleScores.get(item), modelScores, thresholds, { below })]));
  const fixedFloors = readFloors(readStringOption(argv, '--floors'));
  const variants: { label: string; floorsFor: (heldOut: string) => Map<Category, number> }[] = [
    { label: `floors chosen on the other sets, cost ${cost}, confidence below ${below}`, floorsFor: (heldOut) => chooseFloors(measured.filter((item) => item.set !== heldOut), keys, cost) },
  ];
  if (fixedFloors !== null) variants.push({ label: `fixed floors ${formatFloors(fixedFloors)}, confidence below ${below}`, floorsFor: () => fixedFloors });
  const lines: string[] = [`Veto on rule findings, leave-one-set-out over ${sets.join(', ')}; no catalogue; model thresholds ${formatThresholds(thresholds)}.`];
  const total = (items: readonly PreparedThread[], floors: ReadonlyMap<Category, number> | null): Counts => {
    const sum = emptyCounts();
    for (const category of CATEGORIES) addCounts(sum, countAtFloor(items, keys, category, floors?.get(category) ?? 0));
    return sum;
  };
  const row = (counts: Counts): string => `${prf(counts)} ${`${counts.truePositives}/${counts.falsePositives}/${counts.falseNegatives}`.padEnd(12)}`;
  for (const variant of variants) {
    lines.push('', `==== ${variant.label}`, 'held-out  floors                               no veto P/R/F1 tp/fp/fn          veto P/R/F1 tp/fp/fn');
    const before = emptyCounts();
    const after = emptyCounts();
    const removed = new Map<Category, { removedTrue: number; removedFalse: number }>(CATEGORIES.map((category) => [category, { removedTrue: 0, removedFalse: 0 }]));
    const ordinary: string[] = [];
    for (const heldOut of sets) {
      const floors = variant.floorsFor(heldOut);
      const items = measured.filter((item) => item.set === heldOut);
      const none = total(items, null);
      const vetoed = total(items, floors);
      lines.push(`${heldOut.padEnd(9)} ${formatFloors(floors).padEnd(36)} ${row(none)}  ${row(vetoed)}`);
      if ((ORDINARY_SETS as readonly string[]).includes(heldOut)) {
        ordinary.push(`${heldOut} ${none.falsePositives} -> ${vetoed.falsePositives}`);
        continue;
      }
      addCounts(before, none);
      addCounts(after, vetoed);
      for (const category of CATEGORIES) {
        const counts = countAtFloor(items, keys, category, floors.get(category) ?? 0);
        const sum = removed.get(category)!;
        sum.removedTrue += counts.removedTrue;
        sum.removedFalse += counts.removedFalse;
      }
    }
    lines.push(
      `pooled tuning folds: no veto ${row(before)} shortfall ${shortfall(before).toFixed(3)}; veto ${row(after)} shortfall ${shortfall(after).toFixed(3)}`,
      `ordinary false categories, no veto -> veto: ${ordinary.join(', ')}`,
      `rule findings removed, true/false: ${CATEGORIES.map((category) => `${category} ${removed.get(category)!.removedTrue}/${removed.get(category)!.removedFalse}`).join(', ')}`,
      `floors on all held-out scores (what would ship): ${formatFloors(chooseFloors(measured, keys, cost))}`,
    );
  }
  const vetoObjective = readStringOption(argv, '--veto-objective');
  if (vetoObjective !== null) lines.push(...trainedChoiceReport(vetoObjective, cost, below, sets, measured, modelScores, ruleScores, row));
  if (argv.includes('--veto-joint')) {
    const beta = Number(readStringOption(argv, '--veto-beta') ?? 0.75);
    if (!(beta > 0)) throw new Error(`invalid --veto-beta "${readStringOption(argv, '--veto-beta')}": expected a positive number`);
    const sources = new Map(measured.map((item) => [item, sourceKeys(item, ruleScores.get(item), modelScores, { below })]));
    for (const [label, floorGrid] of [['thresholds alone, no veto', [0]], ['floors and thresholds together', FLOORS]] as const) {
      lines.push('', `==== f${beta}: ${label}`, 'held-out  floors                               thresholds                      P/R/F1 tp/fp/fn');
      const pooled = emptyCounts();
      const removed = new Map<Category, { removedTrue: number; removedFalse: number }>(CATEGORIES.map((category) => [category, { removedTrue: 0, removedFalse: 0 }]));
      const ordinary: string[] = [];
      for (const heldOut of sets) {
        const chosen = chooseFloorsAndThresholds(measured.filter((item) => item.set !== heldOut), sources, beta, floorGrid, THRESHOLDS);
        const items = measured.filter((item) => item.set === heldOut);
        const sum = emptyCounts();
        for (const category of CATEGORIES) {
          const counts = countSources(items, sources, category, chosen.floors.get(category) ?? 0, chosen.thresholds.get(category) ?? 1);
          addCounts(sum, counts);
          if (!(ORDINARY_SETS as readonly string[]).includes(heldOut)) {
            removed.get(category)!.removedTrue += counts.removedTrue;
            removed.get(category)!.removedFalse += counts.removedFalse;
          }
        }
        lines.push(`${heldOut.padEnd(9)} ${formatFloors(chosen.floors).padEnd(36)} ${formatThresholds(chosen.thresholds).padEnd(31)} ${row(sum)}`);
        if ((ORDINARY_SETS as readonly string[]).includes(heldOut)) ordinary.push(`${heldOut} ${sum.falsePositives}`);
        else addCounts(pooled, sum);
      }
      const all = chooseFloorsAndThresholds(measured, sources, beta, floorGrid, THRESHOLDS);
      const ordinaryItems = measured.filter((item) => (ORDINARY_SETS as readonly string[]).includes(item.set));
      let ordinaryAtAll = 0;
      for (const category of CATEGORIES) ordinaryAtAll += countSources(ordinaryItems, sources, category, all.floors.get(category) ?? 0, all.thresholds.get(category) ?? 1).falsePositives;
      lines.push(
        `pooled tuning folds: ${row(pooled)} shortfall ${shortfall(pooled).toFixed(3)}; ordinary false categories: ${ordinary.join(', ')}`,
        `rule findings removed, true/false: ${CATEGORIES.map((category) => `${category} ${removed.get(category)!.removedTrue}/${removed.get(category)!.removedFalse}`).join(', ')}`,
        `chosen on all held-out scores (what would ship): floors ${formatFloors(all.floors)}, thresholds ${formatThresholds(all.thresholds)}; n1 + n2 + n3 false categories there ${ordinaryAtAll}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Returns the --veto-objective report: the choice `npm run train` makes, held out. In each fold the
 * thresholds are the objective's choice on the other sets, then the floors are chosen at `cost` on
 * the other sets with those thresholds, in the order train-model.ts uses.
 */
function trainedChoiceReport(
  label: string,
  cost: number,
  below: number,
  sets: readonly string[],
  measured: readonly PreparedThread[],
  modelScores: ModelScores,
  ruleScores: ReadonlyMap<PreparedThread, RuleScores | undefined>,
  row: (counts: Counts) => string,
): string[] {
  const objective = readObjective(label);
  const isOrdinary = (set: string): boolean => (ORDINARY_SETS as readonly string[]).includes(set);
  const choose = (pool: readonly PreparedThread[]) => {
    const thresholds = chooseCategoryThresholds(pool, modelScores, false, objective);
    const keys = new Map(measured.map((item) => [item, vetoKeys(item, ruleScores.get(item), modelScores, thresholds, { below })]));
    return { thresholds, keys, floors: chooseFloors(pool, keys, cost) };
  };
  const count = (items: readonly PreparedThread[], keys: ReadonlyMap<PreparedThread, Map<Category, number>>, floors: ReadonlyMap<Category, number>): Counts => {
    const sum = emptyCounts();
    for (const category of CATEGORIES) addCounts(sum, countAtFloor(items, keys, category, floors.get(category) ?? 0));
    return sum;
  };
  const lines = ['', `==== ${formatObjective(objective)} thresholds, then floors at cost ${cost}, both chosen on the other sets`, 'held-out  floors                               thresholds                      P/R/F1 tp/fp/fn'];
  const pooled = emptyCounts();
  const ordinary: string[] = [];
  for (const heldOut of sets) {
    const chosen = choose(measured.filter((item) => item.set !== heldOut));
    const sum = count(measured.filter((item) => item.set === heldOut), chosen.keys, chosen.floors);
    lines.push(`${heldOut.padEnd(9)} ${formatFloors(chosen.floors).padEnd(36)} ${formatThresholds(chosen.thresholds).padEnd(31)} ${row(sum)}`);
    if (isOrdinary(heldOut)) ordinary.push(`${heldOut} ${sum.falsePositives}`);
    else addCounts(pooled, sum);
  }
  const all = choose(measured);
  const atAll = ORDINARY_SETS.map((set) => `${set} ${count(measured.filter((item) => item.set === set), all.keys, all.floors).falsePositives}`);
  lines.push(
    `pooled tuning folds: ${row(pooled)} shortfall ${shortfall(pooled).toFixed(3)}; ordinary false categories: ${ordinary.join(', ')}`,
    `chosen on all held-out scores (what would ship): thresholds ${formatThresholds(all.thresholds)}, floors ${formatFloors(all.floors)}; ordinary false categories there: ${atAll.join(', ')}`,
  );
  return lines;
}

await main();
