// The one error type of kubeconfig loading. Messages use kubectl's words (k8s.io/client-go/tools/clientcmd), so
// main() prints them as kubectl would: `error: context "x" does not exist`.
import { CliError } from '../errors.js';

export class KubeconfigError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

/**
 * One message for several problems, as apimachinery's utilerrors.NewAggregate prints them: the message alone when
 * there is one, else `[a, b]` (duplicates dropped), so that every problem is reported in one run.
 */
export function aggregateMessages(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * A file-system error worded as Go's os package words it (`open /x: no such file or directory`), because that is
 * what kubectl prints for the same file.
 */
export function goPathError(op: 'open' | 'stat', file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code !== undefined ? GO_ERRNO_TEXT[code] : undefined;
  return `${op} ${file}: ${reason ?? (err instanceof Error ? err.message : String(err))}`;
}

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
};
