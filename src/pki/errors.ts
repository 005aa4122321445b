/**
 * Thrown for input the PKI core cannot use: malformed PEM or DER, encrypted or unsupported keys, bad request fields.
 * The message is one whole line meant for the user; the underlying library error, if any, is kept as `cause`.
 */
export class PkiError extends Error {
  override name = 'PkiError';
}

/** The message of anything thrown, for wrapping third-party errors (forge throws plain Errors, node TypeErrors). */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
