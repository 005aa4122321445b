// Durations in Go's syntax (time.ParseDuration), as kubectl's flags take them: "1h30m", "90s", "1.5h", ".5s",
// "300ms", "2us", a sign in front, or a bare "0". Our own duration flags also take "d" for days, which certificate
// lifetimes are usually counted in; --request-timeout does not, as in kubectl.

/** Milliseconds per unit; both spellings of micro (U+00B5, U+03BC), as Go accepts them. */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};
const DAY_MS = 86_400_000;
/** Go's time.Duration is an int64 of nanoseconds: a larger value is an error there too. */
const MAX_MS = 9_223_372_036_854.775;

/** time.ParseDuration, in milliseconds (a fraction below one); undefined when the text is not a duration. */
export function parseGoDuration(text: string, options: { days?: boolean } = {}): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const term = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (rest !== '') {
    const m = term.exec(rest);
    if (!m) return undefined;
    const [all, whole = '', fraction = '', unit = ''] = m;
    if (whole === '' && fraction === '') return undefined; // ".s" has no digits
    const perUnit = unit === 'd' && options.days ? DAY_MS : UNIT_MS[unit];
    if (perUnit === undefined) return undefined;
    total += Number(`${whole || '0'}.${fraction || '0'}`) * perUnit;
    rest = rest.slice(all.length);
  }
  return total <= MAX_MS ? sign * total : undefined;
}

/** A duration flag of ours (--duration, --timeout, --max-duration): Go's syntax plus "d", never negative; or null. */
export function parseDuration(text: string): number | null {
  const ms = parseGoDuration(text.trim(), { days: true });
  return ms === undefined || ms < 0 ? null : ms;
}
