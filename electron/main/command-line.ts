import type { CliIo } from '../cli/command';

export interface CommandLineDeps {
  readonly version: string;
  readonly runCli: (argv: readonly string[], io: CliIo) => Promise<number>;
  readonly io: CliIo;
}

/**
 * The installed app is also the administrator's tool on a desk without Node: `Sportello --version` prints the
 * version, `Sportello --cli doctor` (any CLI command) runs it in the main process, the same code and data folder
 * as `npx sportello`, and exits without opening a window. Null: start the desk. `argv` are the user's arguments
 * (after the executable, and after the app path when unpackaged).
 */
export function commandLineMode(argv: readonly string[], deps: CommandLineDeps): Promise<number> | null {
  if (argv[0] === '--version') {
    deps.io.out(deps.version);
    return Promise.resolve(0);
  }
  if (argv[0] === '--cli') return deps.runCli(argv.slice(1), deps.io);
  return null;
}
