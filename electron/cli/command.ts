import type { ParseArgsConfig } from 'node:util';
import type { SecretStore } from '../services/platform/types';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: NodeJS.ProcessEnv;
  /** The technician's language (`--lang en`); Italian when absent. Set by runCli for every command. */
  readonly lang?: 'it' | 'en';
  /**
   * The store the desk reads its secrets from, when it is not the 0600 file of the browser host and the CLI: the
   * installed app (`Sportello --cli secrets set …`) hands its keychain store (safeStorage) here.
   */
  readonly secretStore?: () => Promise<{ store: SecretStore; where: string }>;
}

/** What a command hands back: the value printed with --json, the lines printed for people, the exit code. */
export interface CommandResult {
  readonly exitCode: number;
  readonly json: unknown;
  readonly human: readonly string[];
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: CliIo): Promise<CommandResult>;
}

/** Failure with one line for the technician and a stable code for scripts. */
export class CliFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
