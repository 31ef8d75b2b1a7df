// V8 considers optimising a function with TurboFan each time the function has run through an
// interrupt budget of bytecode. Each analysing thread compiles its own code, so part of an
// audit's CPU is compilation paid once per thread. A larger budget makes V8 optimise later and
// compile less: alternating runs of 50 MB and 200 MB audits used about 4 to 15% less CPU.
import v8 from 'node:v8';

/**
 * Interrupt budget for `leak audit`, in bytes of bytecode: four times V8's default of 67,584 in
 * Node 20. Eight and sixteen times measured about the same, and twice cost as much as the default.
 */
export const AUDIT_INTERRUPT_BUDGET = 270_336;

/**
 * Sets V8's interrupt budget before an audit starts its threads, unless node was started with
 * its own value, and returns whether it did. The flag is process-wide, so every analysing
 * thread reads it. Only Node 20 was measured, so other versions keep V8's default.
 */
export function delayTierUp(execArgv: readonly string[] = process.execArgv, nodeVersion: string = process.versions.node): boolean {
  if (nodeVersion.split('.')[0] !== '20') return false;
  if (execArgv.some((argument) => argument.startsWith('--interrupt-budget'))) return false;
  v8.setFlagsFromString(`--interrupt-budget=${AUDIT_INTERRUPT_BUDGET}`);
  return true;
}
