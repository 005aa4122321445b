import t from 'tap';
import { humanDuration } from '../../src/pki/duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

// The boundaries of each rule in k8s.io/apimachinery/pkg/util/duration.HumanDuration.
const CASES: Array<[number, string]> = [
  [-2 * s, '<invalid>'],
  [-1999, '0s'],
  [-1 * s, '0s'],
  [0, '0s'],
  [999, '0s'],
  [59 * s, '59s'],
  [95 * s, '95s'],
  [2 * m - 1, '119s'],
  [2 * m, '2m'],
  [2 * m + 30 * s, '2m30s'],
  [7 * m + 30 * s, '7m30s'],
  [10 * m - 1, '9m59s'],
  [10 * m, '10m'],
  [10 * m + 59 * s, '10m'],
  [3 * h - 1, '179m'],
  [3 * h, '3h'],
  [5 * h + 12 * m, '5h12m'],
  [8 * h - 1, '7h59m'],
  [8 * h, '8h'],
  [48 * h - 1, '47h'],
  [48 * h, '2d'],
  [3 * d + 4 * h, '3d4h'],
  [8 * d - 1, '7d23h'],
  [8 * d, '8d'],
  [365 * d - 1, '364d'],
  [730 * d - 1, '729d'],
  [730 * d, '2y'],
  [740 * d, '2y10d'],
  [8 * 365 * d - 1, '7y364d'],
  [8 * 365 * d, '8y'],
  [100 * 365 * d, '100y'],
];

for (const [ms, text] of CASES) t.equal(humanDuration(ms), text, `${ms}ms`);
