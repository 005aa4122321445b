// The V8 tuning of a bulk approval (src/startup/v8-tuning.ts): what tuneForBulkApproval hands back is a full
// collection, which a bulk run calls once each page is decided. (That the build's training run puts every flag back,
// --expose-gc included, is checked where it matters: the shipped binary's code caches are accepted,
// test/package/single-binary.test.ts.)
import t from 'tap';
import { tuneForBulkApproval } from '../../src/startup/v8-tuning.js';

t.test('the collection it returns frees a page that nothing holds any more', async (t) => {
  const collect = tuneForBulkApproval();
  const ref = new WeakRef({ items: Array.from({ length: 500 }, (_, i) => ({ metadata: { name: `csr-${i}` } })) });
  // A WeakRef's target is kept to the end of the job that made it.
  await new Promise((resolve) => setImmediate(resolve));
  t.ok(ref.deref(), 'there before');
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  t.equal(ref.deref(), undefined, 'gone after');
});
