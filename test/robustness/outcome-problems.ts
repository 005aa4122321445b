// What every run on bad input must look like (docs/commands.md "Output and exit codes"): exit 0 or 1, nothing on stderr but
// "warning: ..." lines (inspect's validity warnings) and at most one "error: ..." line, the last, no stack trace, no control characters, and no JavaScript internals leaking into
// the words the user reads.

/** Text that only appears when a TypeError, RangeError or a missing value reached the user. */
const LEAKS = [
  'Cannot read properties', 'undefined', 'is not a function', 'is not iterable', 'Invalid array length',
  'Maximum call stack', 'TypeError', 'RangeError', 'NaN', '[object Object]', 'Invalid Date', 'Invalid time value',
];

export function outcomeProblems(r: { code: number | null; stdout: string; stderr: string }): string[] {
  const problems: string[] = [];
  if (r.code !== 0 && r.code !== 1) problems.push(`exit code ${r.code}`);
  if (r.code === 0 && !/^(warning: [^\n]+\n)*$/.test(r.stderr)) problems.push('exit 0 with something on stderr but warnings');
  // inspect reports what it decoded, warnings included, before it fails on a bad self-signature.
  if (r.code === 1 && !/^(warning: [^\n]+\n)*error: [^\n]+\n$/.test(r.stderr)) problems.push('stderr is not exactly one "error: ..." line');
  if (/\n\s+at /.test(r.stderr)) problems.push('a stack trace on stderr');
  if (/[\x00-\x09\x0b-\x1f\x7f]/.test(r.stderr)) problems.push('control characters on stderr');
  // JSON and YAML escape them, the describe text must too: nothing from an input may drive the terminal.
  if (/[\x00-\x09\x0b-\x1f]/.test(r.stdout)) problems.push('control characters on stdout');
  for (const leak of LEAKS) {
    if (r.stderr.includes(leak)) problems.push(`"${leak}" on stderr`);
    if (r.stdout.includes(leak)) problems.push(`"${leak}" on stdout`);
  }
  return problems;
}
