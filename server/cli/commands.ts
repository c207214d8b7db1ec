import type { CliIO } from './io';
import { validateCommand, runCommand } from './run';
import { importCommand, exportCommand } from './n8n';

export interface CliCommand {
  usage: string;
  run(args: { positional: string[]; flags: Record<string, string | true> }, io: CliIO): Promise<number>;
}

export const commands: Record<string, CliCommand> = {
  validate: validateCommand,
  run: runCommand,
  import: importCommand,
  export: exportCommand,
};
