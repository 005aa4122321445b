import t from 'tap';
import { KubeconfigError } from '../../src/kube/kubeconfig-error.js';
import { parseRequestTimeout } from '../../src/kube/kubeconfig-timeout.js';

t.test('no timeout', async (t) => {
  t.equal(parseRequestTimeout(undefined), null);
  t.equal(parseRequestTimeout(''), null);
  t.equal(parseRequestTimeout('0'), null);
  t.equal(parseRequestTimeout('0s'), null);
  // Go's http.Client ignores a negative Timeout, so kubectl runs without one
  t.equal(parseRequestTimeout('-1s'), null);
});

t.test('bare integers are seconds', async (t) => {
  t.equal(parseRequestTimeout('5'), 5_000);
  t.equal(parseRequestTimeout('+7'), 7_000);
  t.equal(parseRequestTimeout('120'), 120_000);
});

t.test('Go durations', async (t) => {
  t.equal(parseRequestTimeout('30s'), 30_000);
  t.equal(parseRequestTimeout('1m'), 60_000);
  t.equal(parseRequestTimeout('1m30s'), 90_000);
  t.equal(parseRequestTimeout('1.5h'), 5_400_000);
  t.equal(parseRequestTimeout('.5s'), 500);
  t.equal(parseRequestTimeout('250ms'), 250);
  t.equal(parseRequestTimeout('1500us'), 2); // 1.5 ms, rounded up
  t.equal(parseRequestTimeout('1µs'), 1);
  t.equal(parseRequestTimeout('1ns'), 1); // not rounded down to "no timeout"
  t.equal(parseRequestTimeout('2h45m10s'), 9_910_000);
});

t.test("anything else is kubectl's error", async (t) => {
  const message =
    'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';
  for (const bad of ['abc', '1.5', '5x', '-5', 's', '.s', '1h-2m', ' 5s', '5s ', '1d']) {
    t.throws(() => parseRequestTimeout(bad), { constructor: KubeconfigError, message }, bad);
  }
});
