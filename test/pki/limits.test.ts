// The limits are far above any real request, and exact: 1000 SANs, 1000 subject attributes and values of 4096
// characters are read and written; one more is refused, as a LimitError that does not call the request malformed.
import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { caught } from '../fixtures/pki/caught.js';
import { createRequest } from '../../src/pki/create-request.js';
import { LimitError, MAX_SANS, MAX_VALUE_LENGTH } from '../../src/pki/limits.js';
import { parseRequestPem } from '../fixtures/pki/parse-request-pem.js';

const { privateKey: key } = generateKeyPairSync('ed25519');
const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example`);

t.test('exactly at the limits, a request is written and read', async (t) => {
  const pem = createRequest({ key, commonName: 'x'.repeat(MAX_VALUE_LENGTH), organizations: hosts(MAX_SANS - 1), dns: hosts(MAX_SANS) });
  const decoded = parseRequestPem(pem);
  t.equal(decoded.sans.dns.length, 1000);
  t.equal(decoded.subject.organizations.length, 999);
  t.equal(decoded.subject.commonName?.length, 4096);
  t.equal(decoded.signatureValid, true);
});

t.test('one past a limit, createRequest refuses it', async (t) => {
  t.strictSame(caught(() => createRequest({ key, commonName: 'jane', dns: hosts(1001) })), {
    pkiError: true,
    message: 'the request has 1001 subject alternative names, more than the 1000 kubectl csr reads',
  });
  t.strictSame(caught(() => createRequest({ key, commonName: 'jane', organizations: hosts(1000) })), {
    pkiError: true,
    message: 'the request has 1001 subject attributes, more than the 1000 kubectl csr reads',
  });
  t.strictSame(caught(() => createRequest({ key, commonName: 'x'.repeat(4097) })), {
    pkiError: true,
    message: 'the request has a CN of 4097 characters, more than the 4096 kubectl csr reads',
  });
  t.strictSame(caught(() => createRequest({ key, commonName: 'jane', uri: [`spiffe://${'x'.repeat(4090)}`] })), {
    pkiError: true,
    message: 'the request has a subject alternative name of 4099 characters, more than the 4096 kubectl csr reads',
  });
  const thrown = (() => {
    try {
      createRequest({ key, commonName: 'jane', dns: hosts(1001) });
    } catch (err) {
      return err;
    }
  })();
  t.ok(thrown instanceof LimitError, 'a LimitError');
});
