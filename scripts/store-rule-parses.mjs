// Stores the YAML parse of each default rule pack under dist/rule-parses, so that
// an audit reads it instead of parsing the YAML again (see src/detectors/rule-yaml.ts).
// `npm run build` runs it after tsc. An audit without the stored parses parses the YAML.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (file) => import(pathToFileURL(path.join(root, 'dist', 'src', 'detectors', file)).href);
const { storeRuleParses, STORED_PARSES } = await load('rule-yaml.js');
const { defaultRuleFiles } = await load('rule-set.js');

const files = defaultRuleFiles();
const stored = storeRuleParses(files, path.join(root, ...STORED_PARSES));
for (const file of files) {
  if (!stored.includes(file)) console.warn(`store-rule-parses: ${path.relative(root, file)} not stored (syntax error or a value JSON cannot carry), so audits parse its YAML`);
}
