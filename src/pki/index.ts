// The public API of the PKI core. Importing it loads node-forge but runs nothing.
export { certificateMatchesKey, certificateMatchesRequest, sameKey } from './match.js';
export { createRequest, type RequestOptions } from './create-request.js';
export { generateKey, generateKeyAsync, keyTypeOf } from './generate.js';
export { humanDuration } from './duration.js';
export { loadPrivateKey, privateKeyToPem } from './private-key.js';
export { parseCertificate, parseCertificates } from './certificate.js';
export { parseRequest, parseRequestPem } from './request.js';
export { pemBlocks, toPem, type PemBlock } from './pem.js';
export { PkiError } from './errors.js';
export { publicKeyInfo, publicKeyOf, publicKeyOfPrivateKey } from './public-key.js';
export { validityText } from './validity.js';
export * from './types.js';
