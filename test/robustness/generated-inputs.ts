// The part of the corpus that is made at test time: what is megabytes large, what holds absurd contents (10 000 SANs,
// a 64 KiB CN), and private keys (none are committed). Requests are built with node-forge's ASN.1 writer and signed
// with node:crypto, independently of src/pki, whose limits would refuse to make them. Deterministic: Ed25519
// signatures and the fixed key seed give the same bytes on every run; the other keys are random, but nothing the
// tests assert depends on them.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { SEEDS_DIR } from './fuzz-cases.js';

const { asn1 } = forge;
const { Class, Type } = asn1;
const MIB = 1024 * 1024;

const binary = (b: Buffer): string => b.toString('binary');
const seq = (children: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, children);
const set = (children: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SET, true, children);
const oid = (dotted: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
const utf8 = (text: string) => asn1.create(Class.UNIVERSAL, Type.UTF8, false, binary(Buffer.from(text, 'utf8')));
const octets = (node: forge.asn1.Asn1) => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, asn1.toDer(node).getBytes());
const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

/** An Ed25519 key from a fixed seed: the same key, and so the same signatures, on every run. */
export function fixedKey(): KeyObject {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 0x2a)]);
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

interface RequestParts {
  /** [oid, value] per RDN, in order. */
  subject: Array<[string, string]>;
  dns?: string[];
  /** Extra extensions: [oid, critical, DER value]. */
  extensions?: Array<[string, boolean, forge.asn1.Asn1]>;
}

/** A PEM PKCS#10 request with exactly these parts, self-signed with the fixed Ed25519 key. */
export function handMadeRequest(parts: RequestParts): string {
  const key = fixedKey();
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const name = seq(parts.subject.map(([type, value]) => set([seq([oid(type), utf8(value)])])));
  const extensions: forge.asn1.Asn1[] = [];
  if (parts.dns?.length) {
    const names = parts.dns.map((d) => asn1.create(Class.CONTEXT_SPECIFIC, 2, false, d));
    extensions.push(seq([oid('2.5.29.17'), octets(seq(names))]));
  }
  for (const [id, critical, value] of parts.extensions ?? []) {
    extensions.push(seq([oid(id), ...(critical ? [asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, '\xff')] : []), octets(value)]));
  }
  const attributes = extensions.length ? [seq([oid('1.2.840.113549.1.9.14'), set([seq(extensions)])])] : [];
  const info = seq([
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, '\x00'),
    name,
    asn1.fromDer(binary(spki)),
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, attributes),
  ]);
  const infoDer = Buffer.from(asn1.toDer(info).getBytes(), 'binary');
  const signature = asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, `\x00${binary(sign(null, infoDer, key))}`);
  return pem('CERTIFICATE REQUEST', Buffer.from(asn1.toDer(seq([info, seq([oid('1.3.101.112')]), signature])).getBytes(), 'binary'));
}

/** A CSR manifest for `requestPem`, with `extra` YAML appended under metadata (indented by two). */
export function manifestFor(requestPem: string, name: string, metadataExtra = ''): string {
  return `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: ${name}\n${metadataExtra}spec:\n  request: ${Buffer.from(requestPem).toString('base64')}\n  signerName: kubernetes.io/kube-apiserver-client\n  usages: [client auth]\n`;
}

/** Writes the large and the absurd inputs into `dir`; returns their names. */
export function writeGeneratedInputs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
  const small = handMadeRequest({ subject: [['2.5.4.3', 'jane']] });

  write('ten-thousand-sans.csr', handMadeRequest({ subject: [['2.5.4.3', 'jane']], dns: Array.from({ length: 10_000 }, (_, i) => `host-${i}.example.com`) }));
  write('sixty-four-kib-cn.csr', handMadeRequest({ subject: [['2.5.4.3', 'x'.repeat(64 * 1024)]] }));
  write('ten-thousand-groups.csr', handMadeRequest({ subject: [['2.5.4.3', 'jane'], ...Array.from({ length: 10_000 }, (_, i): [string, string] => ['2.5.4.10', `group-${i}`])] }));
  // A CN that would set the terminal's title and fake a second line, and an O with a bidirectional override.
  write('escape-sequences.csr', handMadeRequest({ subject: [['2.5.4.3', 'jane\x1b]0;owned\x07\nCommon name: admin'], ['2.5.4.10', 'dev\u202enimda']] }));
  write('unknown-critical-extension.csr', handMadeRequest({ subject: [['2.5.4.3', 'jane']], extensions: [['1.3.6.1.4.1.99999.1', true, utf8('do as I say')]] }));
  write('ten-thousand-sans.yaml', manifestFor(readFileSync(join(dir, 'ten-thousand-sans.csr'), 'utf8'), 'many-sans'));

  // Nested SEQUENCEs, each wrapping the next: 300 levels, beyond any parser's patience but a few KiB.
  let nested = Buffer.from([0x05, 0x00]);
  for (let i = 0; i < 300; i++) nested = Buffer.concat([derHeader(0x30, nested.length), nested]);
  write('deep-nesting.der', nested);

  write('nine-mib.yaml', `# ${'padding '.repeat((9 * MIB) / 8)}\n`);
  write('seven-mib-annotation.yaml', manifestFor(small, 'big', `  annotations:\n    filler: ${'a'.repeat(7 * MIB)}\n`));
  write('seven-mib-of-configmaps.yaml', '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'.repeat((7 * MIB) / 52));
  const chainPem = readFileSync(join(SEEDS_DIR, 'chain.pem'), 'utf8');
  write('seven-mib-chain.pem', chainPem.repeat(Math.floor((7 * MIB) / chainPem.length)));
  const item = manifestFor(small, 'x').trimEnd().replace(/^/gm, '  ').replace(/^  /, '- ');
  write('multi-mib-list.yaml', `apiVersion: v1\nkind: List\nitems:\n${`${item}\n`.repeat(3000)}`);
}

/** Private keys `request --key` must refuse, made fresh (keys are never committed). */
export function writeGeneratedKeys(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
  const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const rsaPkcs1 = rsa.export({ format: 'pem', type: 'pkcs1' }) as string;
  const ecPem = ec.export({ format: 'pem', type: 'sec1' }) as string;
  const ecDer = ec.export({ format: 'der', type: 'sec1' });

  write('encrypted-pkcs8.key', rsa.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret' }));
  write('encrypted-pkcs1.key', rsa.export({ format: 'pem', type: 'pkcs1', cipher: 'aes-256-cbc', passphrase: 'secret' }));
  write('truncated.key', rsaPkcs1.split('\n').slice(0, 8).join('\n') + '\n');
  write('corrupt-base64.key', ecPem.replace(/(\n[A-Za-z0-9+/]{10})[A-Za-z0-9+/]/, '$1*'));
  write('garbage-der.key', pem('PRIVATE KEY', Buffer.from('30820100020100'.padEnd(520, '5a'), 'hex')));
  write('ec-labelled-rsa.key', pem('RSA PRIVATE KEY', ecDer));
  write('der.key', ec.export({ format: 'der', type: 'pkcs8' }));
  write('empty.key', '');
  write('openssh.key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
  write('public.key', createPublicKey(ec).export({ format: 'pem', type: 'spki' }));
  write('certificate.key', readFileSync(join(SEEDS_DIR, 'chain.pem')));
  write('request.key', readFileSync(join(SEEDS_DIR, 'request-rsa.pem')));
  write('ed448.key', generateKeyPairSync('ed448').privateKey.export({ format: 'pem', type: 'pkcs8' }));
  write('secp256k1.key', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ format: 'pem', type: 'sec1' }));
  write('x25519.key', generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
  write('dsa.key', generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
  write('nine-mib.key', `${ecPem}${'#'.repeat(9 * MIB)}\n`);
  mkdirSync(join(dir, 'a-directory.key'), { recursive: true });
}

function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  if (length < 0x100) return Buffer.from([tag, 0x81, length]);
  return Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
}
