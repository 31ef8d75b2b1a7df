#!/usr/bin/env node
// The only place that sets the process exit code (see src/cli.ts for the codes).
import { run } from '../dist/src/cli.js';

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // A bug, not bad input: print the stack so it can be reported, and exit 70 (EX_SOFTWARE).
  process.stderr.write(`leak: internal error: ${error?.stack ?? error}\n`);
  process.exitCode = 70;
}
