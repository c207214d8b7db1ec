/**
 * The Weft CLI: `npm run weft -- <command>`.
 *   validate <file>                      exit 0 valid, 2 invalid (errors listed)
 *   run <file> [--input <json>] [--json] runs through the real queue and workers; exit 0 succeeded, 1 failed, 2 invalid
 * Other commands (import, export) are registered by their subsystems in ./commands.ts.
 */
import { readFile } from 'node:fs/promises';
import { commands } from './commands';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIO: CliIO = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };

export function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [key, inline] = a.slice(2).split('=', 2);
      const next = argv[i + 1];
      if (inline !== undefined) flags[key] = inline;
      else if (next !== undefined && !next.startsWith('--') && VALUE_FLAGS.has(key)) flags[key] = argv[++i];
      else flags[key] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

const VALUE_FLAGS = new Set(['input', 'out', 'owner']);

export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`, 2);
  }
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

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
