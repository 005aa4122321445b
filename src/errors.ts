// Typed errors that travel up unchanged and become one line on stderr and an exit code in main().
import { printable } from './util/printable.js';

/** Documented, stable exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  denied: 3,
  failed: 4,
  timeout: 5,
  policy: 6,
  /** The issued certificate is for another identity than the one requested and approved (issue 21). */
  identityMismatch: 7,
  /**
   * approve or deny met a fault (the server unreachable, timed out, 429, 5xx, a 403 while it starts): the CSRs the
   * error lines name were not decided, and running the command again is safe (issue 27).
   */
  unavailable: 8,
  /** stdout or stderr was closed under us (`list | head -1`): 128 + SIGPIPE, what a shell reports for kubectl then. */
  brokenPipe: 141,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error whose message is meant for the user as it is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad flags or arguments: what yargs rejects and what validate() rejects. */
export class UsageError extends CliError {
  constructor(
    message: string,
    /** Lines printed as they are after the error line: cobra's "Did you mean this?" block. */
    readonly after = '',
  ) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/** A file that cannot be read or understood; the message names the file. */
export class InputError extends CliError {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'InputError';
  }
}

/** A warning line on stderr, escaped like errors: findings quote CNs and groups that others wrote. */
export function warningLine(message: string): string {
  return `warning: ${printable(message)}\n`;
}

/** The one stderr line for an error; control characters in the message are escaped (see util/printable.ts). */
export function errorLine(message: string): string {
  return `error: ${printable(message)}\n`;
}
