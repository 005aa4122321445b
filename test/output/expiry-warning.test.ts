// inspect's expiry warning is relative to the certificate's lifetime, as kubelet's rotation (70-90% of it) is: a fresh
// 24h certificate is quiet, one past 70% of its life warns; a year's certificate warns in its last 30 days; and
// --expiring-within is a plain window whatever the lifetime.
import t from 'tap';
import { expiryWarning } from '../../src/output/expiry-warning.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-06-01T12:00:00Z');
const issued = (agoMs: number, lifetimeMs: number) => ({ notBefore: new Date(NOW.getTime() - agoMs), notAfter: new Date(NOW.getTime() - agoMs + lifetimeMs) });

t.test('a 24h certificate: quiet while fresh and up to 70% of its life, then a warning with its share left', async (t) => {
  t.equal(expiryWarning('c', issued(5 * 60_000, DAY), NOW, null), null, 'just issued');
  t.equal(expiryWarning('c', issued(16 * HOUR, DAY), NOW, null), null, '67% gone');
  t.equal(expiryWarning('c', issued(17 * HOUR, DAY), NOW, null), 'c expires in 7h (Jun 01, 2026 19:00 UTC), with 29% of its 24h lifetime left');
  t.equal(expiryWarning('c', issued(23 * HOUR + 59 * 60_000, DAY), NOW, null), 'c expires in 60s (Jun 01, 2026 12:01 UTC), with 1% of its 24h lifetime left');
  t.equal(expiryWarning('c', issued(DAY + HOUR, DAY), NOW, null), 'c EXPIRED 60m ago (Jun 01, 2026 11:00 UTC)');
});

t.test('a year: the last 30 days warn, as before (30% of a year is longer)', async (t) => {
  t.equal(expiryWarning('c', issued(300 * DAY, 365 * DAY), NOW, null), null, '65 days left');
  t.equal(expiryWarning('c', issued(345 * DAY, 365 * DAY), NOW, null), 'c expires in 20d (Jun 21, 2026 12:00 UTC), within 30d');
});

t.test('--expiring-within: a plain window, even for a fresh short certificate', async (t) => {
  t.equal(expiryWarning('c', issued(HOUR, DAY), NOW, 30 * DAY), 'c expires in 23h (Jun 02, 2026 11:00 UTC), within 30d');
  t.equal(expiryWarning('c', issued(20 * HOUR, DAY), NOW, HOUR), null, '4h left, not within 1h');
});
