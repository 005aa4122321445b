import t from 'tap';
import { parseDuration, parseGoDuration } from '../../src/util/go-duration.js';

t.test("Go's time.ParseDuration", async (t) => {
  const cases: [string, number][] = [
    ['0', 0],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1.s', 1_000],
    ['300ms', 300],
    ['1500us', 1.5],
    ['2µs', 0.002],
    ['2μs', 0.002],
    ['1ns', 0.000001],
    ['2h45m10s', 9_910_000],
    ['+5m', 300_000],
    ['-1m30s', -90_000],
  ];
  for (const [text, ms] of cases) t.equal(parseGoDuration(text), ms, text);
  for (const bad of ['', '5', 's', '.s', '-', '1d', '1e30h', '1h-2m', ' 5s', '5x', '99999999999h']) {
    t.equal(parseGoDuration(bad), undefined, JSON.stringify(bad));
  }
});

t.test('our duration flags: Go syntax, days, never negative', async (t) => {
  t.equal(parseDuration('30d'), 30 * 86_400_000);
  t.equal(parseDuration('1d12h'), 36 * 3_600_000);
  t.equal(parseDuration('100000d'), 100_000 * 86_400_000);
  t.equal(parseDuration(' 24h '), 86_400_000, 'surrounding blanks are ignored');
  t.equal(parseDuration('0'), 0);
  for (const bad of ['-5m', '5', '1e30h', 'soon', '99999999999h', '']) t.equal(parseDuration(bad), null, JSON.stringify(bad));
});
