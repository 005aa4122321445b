// Durations as kubectl flags take them (Go's time.ParseDuration: "24h", "1h30m", "90s"), plus "d" for days,
// which certificate lifetimes are usually counted in.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, value, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g)) total += Number(value) * UNIT_MS[unit!]!;
  return Number.isFinite(total) && total <= Number.MAX_SAFE_INTEGER ? total : null;
}
