// Signal detection: rule packs, automated-mail classification, reply
// stripping, detection and explanations.
export { parseCatalog, readCatalogFile, type Catalog } from './catalog.js';
export { classifyMessage } from './classify.js';
export { detectSignals } from './detect.js';
export { explainMiss, explainText, formatExplanation, formatMiss, type Explanation, type ExplainedHit, type MissExplanation, type NearMiss } from './explain.js';
export { detectLanguage, type LanguageGuess } from './language.js';
export { authorOf, listAddressOf } from './mailing-list.js';
export { extractNewText } from './reply.js';
export { findSignatureCompany } from './signature-company.js';
export { describeRules, loadRuleSet, modelFile, type RuleInfo, type RuleSet } from './rule-set.js';
