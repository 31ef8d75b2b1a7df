#!/usr/bin/env node
// The only place that sets the process exit code (see src/cli.ts for the codes).
try {
  // Imported inside the try, so a broken build also exits 70 and not 1 (a failed gate).
  const { run } = await import('../dist/src/cli.js');
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // A bug, not bad input: print the stack so it can be reported, and exit 70 (EX_SOFTWARE).
  process.stderr.write(`leak: internal error: ${error?.stack ?? error}\n`);
  process.exitCode = 70;
}
