// A small seeded PRNG (mulberry32), so that every fuzz case can be made again from the run's seed and its index.

export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The generator for case `index` of a run: cases do not depend on each other, so one can be replayed alone. */
  static forCase(seed: number, index: number): Prng {
    return new Prng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer from 0 to max - 1 (0 when max is 0). */
  below(max: number): number {
    return max <= 0 ? 0 : this.uint32() % max;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  chance(probability: number): boolean {
    return this.uint32() / 2 ** 32 < probability;
  }
}

/** Applies 1 to `max` of `steps`, each picked at random; returns the result and the names of the steps taken. */
export function randomSteps<T>(value: T, rng: Prng, steps: Readonly<Record<string, (v: T, rng: Prng) => T>>, max: number): { value: T; applied: string[] } {
  const names = Object.keys(steps);
  const applied: string[] = [];
  let out = value;
  for (let i = 0, n = 1 + rng.below(max); i < n; i++) {
    const name = rng.pick(names);
    out = steps[name]!(out, rng);
    applied.push(name);
  }
  return { value: out, applied };
}
