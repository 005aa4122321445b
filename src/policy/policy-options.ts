// The knobs of the policy checks.
export interface PolicyOptions {
  /** Requested durations above this are blocked (--max-duration, default 365d). */
  maxDurationSeconds: number;
}

export const DEFAULT_MAX_DURATION_SECONDS = 365 * 24 * 3600;
export const DEFAULT_POLICY: PolicyOptions = { maxDurationSeconds: DEFAULT_MAX_DURATION_SECONDS };

/** RSA keys below this are weak (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;
