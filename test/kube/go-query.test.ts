// The query string as Go's url.Values.Encode writes it (client-go's, so kubectl -v=6's): test/e2e/verbose.test.ts
// compares a call with selectors against the harness's kubectl; these are the rules one at a time.
import t from 'tap';
import { goQuery } from '../../src/kube/http.js';

t.test('keys in byte order, as url.Values.Encode sorts them', async (t) => {
  t.equal(goQuery({ limit: 500, labelSelector: 'a=b', fieldSelector: 'spec.signerName=x' }), 'fieldSelector=spec.signerName%3Dx&labelSelector=a%3Db&limit=500');
  t.equal(goQuery({ watch: true, resourceVersion: '7', allowWatchBookmarks: true }), 'allowWatchBookmarks=true&resourceVersion=7&watch=true');
});

t.test('undefined values are left out; nothing gives an empty query', async (t) => {
  t.equal(goQuery({ limit: 500, continue: undefined }), 'limit=500');
  t.equal(goQuery({}), '');
});

t.test("url.QueryEscape's set: -_.~ kept, a space as +, !'()*,/:= escaped", async (t) => {
  t.equal(goQuery({ labelSelector: "app in (a,b),tier!=x y" }), 'labelSelector=app+in+%28a%2Cb%29%2Ctier%21%3Dx+y');
  t.equal(goQuery({ k: "-_.~*'/:" }), 'k=-_.~%2A%27%2F%3A');
  t.equal(goQuery({ k: 'é' }), 'k=%C3%A9');
});
