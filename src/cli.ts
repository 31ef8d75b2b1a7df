// Command-line entry: parses argv with commander, runs one command, and
// returns the exit code. Only bin/leak.js sets the process exit code.
import { Command, CommanderError, Option } from 'commander';
import { isLeakError, LeakError } from './errors.js';
import type { NamedInput } from './redact.js';
// Commands are loaded when they run: the audit runs on a thread of its own
// (commands/audit-thread.ts), so the main thread keeps its heap small.
import type { AuditFlags } from './commands/audit.js';
import { auditInThread } from './commands/audit-thread.js';
import type { CrmInspectFlags } from './commands/crm.js';
import { processIo } from './commands/io.js';
// The redaction code (redact.ts) is loaded only to mask an error under --redact:
// it is the largest module the main thread would load otherwise.
import type { Io } from './commands/io.js';
import { cleanForTerminal } from './report/control-chars.js';

/** Exit codes: 0 success, 1 a CI gate failed, 2 invalid usage or unreadable input. */
export const EXIT_OK = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Appends a repeated flag's value. The list starts undefined rather than
 * empty, so --help prints no `(default: [])` after every repeatable flag.
 */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

type Repeatable<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

const AUDIT_LISTS = ['mbox', 'eml', 'crm', 'crmMap', 'owner', 'rules'] as const;

/** Fills the repeatable flags that were not given with empty lists. */
function withAuditLists(flags: Repeatable<AuditFlags, (typeof AUDIT_LISTS)[number]>): AuditFlags {
  const lists = Object.fromEntries(AUDIT_LISTS.map((name) => [name, flags[name] ?? []]));
  return { ...flags, ...lists } as AuditFlags;
}

function buildProgram(io: Io, setExitCode: (code: number) => void, argv: string[] = []): Command {
  const program = new Command();
  program
    .name('leak')
    .description('Find the buying signals in mailbox exports that never reached the CRM.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Every other error starts with "leak: ", so commander's own "error: " prefix is replaced to match.
      outputError: (text, write) => write(addOptionHint(text.replace(/^error: /, 'leak: '), invokedCommand(program, argv))),
    })
    // Subcommands copy this setting when they are created, so every --help uses it.
    .configureHelp({ optionDescription: describeOption });

  program
    .command('audit')
    .description('Audit mailboxes against a CRM export (the bundled sample when no mail is given).')
    .option('--mbox <file>', 'mbox export to read (repeatable; .mbox.gz and Apple Mail bundles too)', collect)
    .option('--eml <path>', '.eml file or folder of them, Maildir included (repeatable)', collect)
    .option('--crm <file>', 'CRM CSV export: opportunities, accounts or contacts (repeatable)', collect)
    .option('--crm-map <field=Header>', 'use this CSV header for a field (repeatable)', collect)
    .option('--open-stages <list>', 'comma-separated CRM stages that count as open, added to the built-in ones')
    .option('--closed-stages <list>', 'comma-separated CRM stages that count as closed won, added to the built-in ones')
    .option('--lost-stages <list>', 'comma-separated CRM stages that count as closed lost, added to the built-in ones')
    .option('--crm-exported-on <date>', 'day the CRM export was taken (YYYY-MM-DD): a won or lost deal closed after it is flagged and its close date ignored')
    .option(
      '--owner <email>',
      'mailbox owner address, or company domain (repeatable; default: detected per mailbox)',
      collect,
    )
    .option('--rules <file>', 'extra rule file in YAML or JSON that adds or overrides rules (repeatable)', collect)
    .option('--catalog <file>', "the client's plans (lowest to highest), add-ons and billing units, in YAML or JSON, so that requests naming them count; \"auto\" discovers them in the mail")
    .option('--conversion <rate>', 'share of opportunities that would convert, 0 to 1', '0.10')
    .option('--ltv <amount>', 'lifetime value of one won customer, in --currency', '50000')
    .option('--currency <code>', 'ISO 4217 currency of --ltv and of CRM amounts without one', 'EUR')
    .option(
      '--second-order <factor>',
      'factor the whole estimated annual loss is multiplied by, to allow for the referrals and expansion a won customer brings; 1 to 100, 1 leaves them out',
      '2',
    )
    .option('--json', 'print the JSON report instead of the terminal report', false)
    .option('--csv <file>', 'write one row per opportunity to this CSV file')
    .option('--csv-delimiter <char>', 'field delimiter of the CSV outputs: one character, or "tab" (default: ",")')
    .option('--excel', 'CSV for Excel: UTF-8 BOM, ";" delimiter and "," decimals', false)
    .option('--summary-csv <file>', 'write one row per category and per owner to this CSV file')
    .option('--html <file>', 'write a self-contained HTML report to this file')
    .option('--markdown <file>', 'write a short Markdown summary to this file')
    .option(
      '--redact',
      'mask personal data in every output: email local parts, phones, IBANs, and the names of people ' +
        'the mail or CRM names as people (display names, first.last addresses, CRM contact and owner ' +
        'columns, a name after a title such as "Mr."); other names in a sentence, first names alone, ' +
        'company names and the rest of each sentence stay readable',
      false,
    )
    .option('--redact-key <file>', 'file holding the secret that keys the --redact tokens (default: ~/.config/leak/redact.key)')
    .option('--max-invisible <n>', 'exit 1 when more than n opportunities are invisible')
    .option('--min-coverage <rate>', 'exit 1 when CRM coverage is below this rate, 0 to 1')
    .option('--max-loss <amount>', 'exit 1 when the estimated annual loss exceeds this amount')
    .option('--quiet', 'print only the verdict line (not with --json or --verbose)', false)
    .option('--verbose', 'list every skipped and excluded message and row', false)
    .addOption(new Option('--no-model', 'leave out the learned model: rules only, fewer requests found'))
    .option('--jobs <n>', 'threads for parsing and detection, the main thread included (default: the number of cores for inputs over 16 MB, else 1)')
    .addOption(new Option('--no-progress', 'never show progress on stderr'))
    // Stray files are let through to the action, which rejects them with a hint. A declared
    // argument would do the same but would print a placeholder in the help.
    .allowExcessArguments()
    .action(async (flags: Parameters<typeof withAuditLists>[0], command: Command) => {
      rejectStrayArguments(command.args, argv);
      const defaulted = ['conversion', 'ltv', 'currency', 'secondOrder'].filter((flag) => command.getOptionValueSource(flag) === 'default');
      setExitCode(await auditInThread({ ...withAuditLists(flags), defaulted }, io));
    });

  const rules = program.command('rules').description('List or try the signal rules.');
  rules
    .command('list')
    .description('Print the active rules.')
    .option('--rules <file>', 'extra rule file (repeatable)', collect)
    .option('--json', 'print JSON', false)
    .action(async (flags: { rules?: string[]; json: boolean }) => {
      const { rulesListCommand } = await import('./commands/rules.js');
      setExitCode(rulesListCommand({ ...flags, rules: flags.rules ?? [] }, io));
    });
  rules
    .command('test')
    .description('Show which rules fire on a sentence, and why others do not.')
    .argument('<text>', 'the sentence to test')
    .option('--lang <code>', 'language of the text (en, fr); detected when omitted')
    .option('--rules <file>', 'extra rule file (repeatable)', collect)
    .option('--catalog <file>', "the client's plans, add-ons and billing units (YAML or JSON)")
    .addOption(new Option('--no-model', "leave out the learned model's scores and findings"))
    .action(async (text: string, flags: { rules?: string[]; lang?: string; model?: boolean; catalog?: string }) => {
      const { rulesTestCommand } = await import('./commands/rules.js');
      setExitCode(rulesTestCommand(text, { ...flags, rules: flags.rules ?? [], model: flags.model !== false }, io));
    });

  rules
    .command('check')
    .description("Run the rules' fires and misses test rows: those of the --rules files, or of every rule.")
    .option('--rules <file>', 'extra rule file whose rows to run (repeatable)', collect)
    .addOption(new Option('--no-model', "leave out the learned model's veto, as audit --no-model does"))
    .action(async (flags: { rules?: string[]; model?: boolean }) => {
      const { rulesCheckCommand } = await import('./commands/rules-check.js');
      setExitCode(rulesCheckCommand({ rules: flags.rules ?? [], model: flags.model !== false }, io));
    });

  program
    .command('catalog')
    .description('Work with offer catalogues.')
    .command('discover')
    .description('Print the plans, add-ons and billing units a mailbox names, as a --catalog YAML file to check and edit.')
    .option('--mbox <file>', 'mbox file or folder of mbox files (repeatable)', collect)
    .option('--eml <folder>', 'folder of .eml files (repeatable)', collect)
    // Takes the stderr flags of audit, so that flags copied from an audit command line work here too.
    .option('--quiet', 'print only warnings on stderr, as audit does (discover prints no other notes)', false)
    .option('--verbose', 'list every problem met while reading the mail, not only the first', false)
    .addOption(new Option('--no-progress', 'never show progress on stderr (discover shows none yet)'))
    .action(async (flags: { mbox?: string[]; eml?: string[]; quiet: boolean; verbose: boolean }) => {
      const { catalogDiscoverCommand } = await import('./commands/catalog.js');
      const { mbox = [], eml = [], quiet, verbose } = flags;
      setExitCode(await catalogDiscoverCommand({ mbox, eml, quiet, verbose }, io));
    });

  const crm = program.command('crm').description('Check a CRM export before auditing.');
  crm
    .command('inspect')
    .description('Print the encoding, delimiter, rows and the column chosen for each field.')
    .argument('<file>', 'CRM CSV export')
    .option('--crm-map <field=Header>', 'use this CSV header for a field (repeatable)', collect)
    .option('--currency <code>', 'currency of amounts without one', 'EUR')
    .option('--open-stages <list>', 'comma-separated CRM stages that count as open, added to the built-in ones')
    .option('--closed-stages <list>', 'comma-separated CRM stages that count as closed won, added to the built-in ones')
    .option('--lost-stages <list>', 'comma-separated CRM stages that count as closed lost, added to the built-in ones')
    .option('--crm-exported-on <date>', 'day the CRM export was taken (YYYY-MM-DD): a won or lost deal closed after it is flagged and its close date ignored')
    .option('--json', 'print JSON', false)
    .option('--redact', 'mask personal data (the path, cells and addresses) in the output', false)
    .option('--redact-key <file>', 'file holding the secret that keys the --redact tokens (default: ~/.config/leak/redact.key)')
    .action(async (file: string, flags: Omit<CrmInspectFlags, 'crmMap'> & { crmMap?: string[] }) => {
      const { crmInspectCommand } = await import('./commands/crm.js');
      setExitCode(await crmInspectCommand(file, { ...flags, crmMap: flags.crmMap ?? [] }, io));
    });

  rejectRepeatedValues(program);
  rejectOptionsAsValues(program, knownFlags(program));
  return program;
}

/**
 * Describes an option in --help. A switch is off unless given, so its `(default: false)` is
 * left out, and a default value is printed as typed, without JSON quotes.
 */
function describeOption(option: Option): string {
  const value: unknown = option.defaultValue;
  if (value === undefined || typeof value === 'boolean') return option.description;
  return `${option.description} (default: ${option.defaultValueDescription ?? String(value)})`;
}

/** Lists every flag of the program and of its subcommands, --help and --version included. */
function knownFlags(program: Command): Set<string> {
  const flags = new Set(['-h', '--help', '-V', '--version']);
  const visit = (command: Command): void => {
    for (const option of command.options) {
      if (option.long !== undefined) flags.add(option.long);
      if (option.short !== undefined) flags.add(option.short);
    }
    command.commands.forEach(visit);
  };
  visit(program);
  return flags;
}

/** Placeholders of value flags whose value is a path, for the hint on paths that start with a dash. */
const PATH_PLACEHOLDERS = new Set(['<file>', '<path>', '<folder>']);

/**
 * Rejects a flag's value that is itself a flag. Commander passes the next word to a value flag
 * even when it is a flag, so `--mbox --no-progress` would read a file named "--no-progress".
 */
function rejectOptionsAsValues(command: Command, flags: ReadonlySet<string>): void {
  for (const option of command.options) {
    if (!option.required && !option.optional) continue;
    command.on(`option:${option.name()}`, (value: unknown) => {
      if (typeof value !== 'string') return;
      const word = value.split('=')[0] ?? value;
      if (!flags.has(word)) return;
      throw missingValue(option, value);
    });
  }
  for (const subcommand of command.commands) rejectOptionsAsValues(subcommand, flags);
}

/** Builds the error for a value flag followed by an option or by `--` instead of its value. */
function missingValue(option: Option, value: string): LeakError {
  const name = option.long ?? option.name();
  const placeholder = /<[^>]+>|\[[^\]]+\]/.exec(option.flags)?.[0] ?? '<value>';
  const pathHint = PATH_PLACEHOLDERS.has(placeholder)
    ? ` A path that starts with a dash is written ./-name: ${name} ./-name or ${name}=./-name.`
    : '';
  const reason = value === '--' ? '-- ends the options and is not a value' : `${value} is an option, not a value`;
  return new LeakError('USAGE', `${name} is missing its ${placeholder}: ${reason}. Put the ${placeholder} right after ${name}.${pathHint}`);
}

/**
 * Words that commander acts on before a subcommand's value flag reads them: the program's
 * -V and --version print the version wherever they stand, and `--` ends the options.
 */
const EARLY_WORDS = new Set(['-V', '--version', '--']);

/**
 * Rejects `--mbox -V` and `--mbox --` before commander parses argv. Commander prints the
 * version for the first and takes `--` as the file name for the second, so the listener of
 * rejectOptionsAsValues never receives them.
 */
function rejectEarlyWordsAsValues(program: Command, argv: readonly string[]): void {
  const command = invokedCommand(program, argv);
  const options = [...command.options, ...(command === program ? [] : program.options)];
  for (let index = 0; index < argv.length - 1; index += 1) {
    const word = argv[index] as string;
    if (word === '--') return;
    const option = options.find((candidate) => candidate.required && (candidate.long === word || candidate.short === word));
    if (option === undefined) continue;
    const value = argv[index + 1] as string;
    if (EARLY_WORDS.has(value)) throw missingValue(option, value);
    // A value that is a flag is left to rejectOptionsAsValues; the next word is checked as a flag.
    if (!value.startsWith('-')) index += 1;
  }
}

/**
 * Rejects a value flag given twice (`--conversion 0.1 ... --conversion 0.2`), which
 * commander resolves by keeping the last. Repeatable flags collect and are left alone.
 */
function rejectRepeatedValues(command: Command): void {
  for (const option of command.options) {
    const takesValue = option.required || option.optional;
    if (!takesValue || option.parseArg === collect) continue;
    let seen = 0;
    command.on(`option:${option.name()}`, () => {
      seen += 1;
      if (seen > 1) {
        throw new LeakError('USAGE', `${option.long ?? option.name()} is given more than once; keep one value.`);
      }
    });
  }
  for (const subcommand of command.commands) rejectRepeatedValues(subcommand);
}

/** Words that suggest the user wants a report written to a file or printed in a format. */
const OUTPUT_WORDS = /^(?:o|out|output|outfile|output-file|format|report|export|save|write|file|pdf|text|txt|xlsx?|md)$/;

/** Output flags of `leak audit`, listed when an unknown flag looks like a request for output. */
const OUTPUT_FLAGS = '--json, --csv FILE, --html FILE, --markdown FILE or --summary-csv FILE';

/** Returns the subcommand that argv names ("crm inspect"), or the program itself. */
function invokedCommand(program: Command, argv: readonly string[]): Command {
  let command = program;
  for (const word of argv) {
    if (word.startsWith('-')) break;
    const next = command.commands.find((candidate) => candidate.name() === word);
    if (next === undefined) break;
    command = next;
  }
  return command;
}

/**
 * Adds a hint to commander's "unknown option" error when commander found no
 * close flag: the one flag of `command` the typed word starts, or, for audit,
 * the output flags for a word such as --output.
 */
function addOptionHint(text: string, command: Command): string {
  const match = /unknown option '(--[^'=]+)/.exec(text);
  if (match === null || text.includes('Did you mean')) return text;
  const typed = match[1] ?? '';
  const word = typed.slice(2).toLowerCase();
  const flags = command.options.map((option) => option.long ?? '').filter((flag) => flag !== '');
  const started = [...new Set(flags.filter((flag) => flag.startsWith(`--${word}`)))];
  if (word.length >= 3 && started.length === 1) return `${text.trimEnd()}\n(Did you mean ${started[0]}?)\n`;
  // A flag with a word added: --crm-file, --mbox-path.
  const extended = [...new Set(flags.filter((flag) => typed.toLowerCase().startsWith(`${flag}-`)))];
  if (extended.length === 1) return `${text.trimEnd()}\n(Did you mean ${extended[0]}?)\n`;
  // A subcommand's flag given without the subcommand: leak --mbox inbox.mbox.
  if (command.parent === null) {
    const owners = command.commands.filter((sub) => sub.options.some((option) => option.long === typed));
    if (owners.length > 0) {
      const names = owners.map((sub) => `leak ${sub.name()}`).join(' or ');
      return `${text.trimEnd()}\n(${typed} is an option of ${names}: put the command first, as in ${names.split(' or ')[0]} ${typed} …)\n`;
    }
  }
  if (command.name() === 'audit' && OUTPUT_WORDS.test(word)) {
    return `${text.trimEnd()}\n(leak audit writes its report with ${OUTPUT_FLAGS}.)\n`;
  }
  return text;
}

/**
 * Rejects bare arguments with a hint. A shell glob after one flag
 * (`--crm exports/*.csv`) leaves the other files as bare arguments, and an
 * unquoted value with a space (`--crm-map stage=Pipeline Step`) leaves its
 * second word as one.
 */
function rejectStrayArguments(unexpected: string[], argv: readonly string[]): void {
  const [stray] = unexpected;
  if (stray === undefined) return;
  const at = argv.indexOf(stray);
  const flag = at >= 2 ? argv[at - 2] : undefined;
  const value = at >= 2 ? argv[at - 1] : undefined;
  if (flag !== undefined && value !== undefined && flag.startsWith('--') && !flag.includes('=') && value.includes('=')) {
    throw new LeakError(
      'USAGE',
      `unexpected argument ${stray}: if it belongs to the value of ${flag}, quote the whole value, ` +
        `as in ${flag} "${value} ${stray}".`,
    );
  }
  throw new LeakError(
    'USAGE',
    `unexpected argument ${stray}: audit takes files only after a flag. ` +
      'Repeat the flag for each file, for example --crm a.csv --crm b.csv.',
  );
}

/** Flags of `leak audit` that name a file or folder, read or written. */
const PATH_FLAGS = ['--mbox', '--eml', '--crm', '--rules', '--catalog', '--csv', '--summary-csv', '--html', '--markdown', '--redact-key'];

/** Flags of `leak crm inspect` that take no value. */
const CRM_INSPECT_SWITCHES = ['--json', '--redact'];

/** Returns the FILE of `leak crm inspect FILE`: the first word that is neither a flag nor a flag's value. */
function crmInspectFile(words: readonly string[]): string | undefined {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] as string;
    // Commander reads every word after `--` as an argument, so the next one is FILE.
    if (word === '--') return words[index + 1];
    if (word.startsWith('-')) {
      // A flag without `=` takes the next word as its value, unless it is a switch.
      if (!word.includes('=') && !CRM_INSPECT_SWITCHES.includes(word)) index += 1;
      continue;
    }
    return word;
  }
  return undefined;
}

/** Lists the paths given on the command line with their flags, for masking them in an error under --redact. */
function namedInputs(argv: readonly string[], keyEnv: string): NamedInput[] {
  const inputs: NamedInput[] = [];
  if (argv[0] === 'crm' && argv[1] === 'inspect') {
    const file = crmInspectFile(argv.slice(2));
    if (file !== undefined) inputs.push({ flag: 'crm inspect', path: file });
  }
  argv.forEach((word, index) => {
    const equals = word.indexOf('=');
    const flag = equals > 0 ? word.slice(0, equals) : word;
    if (!PATH_FLAGS.includes(flag)) return;
    const path = equals > 0 ? word.slice(equals + 1) : argv[index + 1];
    if (path !== undefined) inputs.push({ flag, path });
  });
  // The key file named by the environment is a path the user gave too.
  const keyFile = process.env[keyEnv];
  if (keyFile !== undefined && keyFile !== '') inputs.push({ flag: keyEnv, path: keyFile });
  return inputs;
}

/** Returns the value of a flag given as `--flag value` or `--flag=value`, or undefined. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at >= 0) return argv[at + 1];
  return argv.find((word) => word.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    argv,
  );
  try {
    rejectEarlyWordsAsValues(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version output exit through commander with code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isLeakError(error)) {
      let message = error.message;
      if (argv.includes('--redact')) {
        const [{ loadErrorRedactKey, REDACT_KEY_ENV }, { redactError }] = await Promise.all([
          import('./commands/redact-key.js'),
          import('./errors-redact.js'),
        ]);
        loadErrorRedactKey(flagValue(argv, '--redact-key'), io.stderr);
        message = redactError(message, namedInputs(argv, REDACT_KEY_ENV));
      }
      io.stderr(`leak: ${cleanForTerminal(message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
