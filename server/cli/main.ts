/**
 * The Weft CLI: `npm run weft -- <command>`.
 *   validate <file>                      exit 0 valid, 2 invalid (errors listed)
 *   run <file> [--input <json>] [--json] runs through the real queue and workers; exit 0 succeeded, 1 failed, 2 invalid
 * Other commands (import, export) are registered by their subsystems in ./commands.ts.
 */
import { commands } from './commands';
import { CliError, consoleIO, parseArgs, type CliIO } from './io';

export { CliError, consoleIO, parseArgs, readJsonFile, type CliIO } from './io';

export async function runCli(argv: string[], io: CliIO = consoleIO): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err(`Usage: weft <command>\n\nCommands:\n${Object.entries(commands).map(([n, c]) => `  ${n.padEnd(9)} ${c.usage}`).join('\n')}`);
    return name ? 2 : 0;
  }
  try {
    return await command.run(parseArgs(rest), io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(err.message);
      return err.exitCode;
    }
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

const isMain = process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
