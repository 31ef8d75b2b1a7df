// Loads CommonJS packages with require instead of import. When an ES module imports one, Node 20
// lexes the package's source for its export names in every thread. With require, loading the
// worker's modules took about 0.25 s of CPU instead of 0.45 s (docs/benchmark.md).
import { createRequire } from 'node:module';

/** Function that loads a CommonJS dependency, resolved from this package. */
export const requirePackage = createRequire(import.meta.url);
