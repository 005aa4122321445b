// The fuzz cases: valid requests, certificates, CSR objects and a private key (test/robustness/seeds, and a key made
// from a fixed seed), mutated with a seeded PRNG and fed to `inspect -f -`, `approve -f -` and `request --key`.
// Case i of seed s is always the same bytes, so a failure names what to replay.
import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { mutateBytes } from './mutate-bytes.js';
import { mutateText } from './mutate-text.js';
import { Prng } from './prng.js';

export const SEEDS_DIR = fileURLToPath(new URL('./seeds/', import.meta.url));

export interface FuzzCase {
  index: number;
  /** What was mutated and how, e.g. "request-rsa.pem DER as base64: flipBit,truncate". */
  label: string;
  command: 'inspect' | 'approve' | 'request';
  /** Arguments after the command: `-f -` reads `input` from stdin; for `request --key` the runner writes `input` to a
   * file and appends its path. */
  args: string[];
  input: Buffer;
}

interface Der {
  der: Buffer;
  label: 'CERTIFICATE REQUEST' | 'CERTIFICATE';
  from: string;
}

export interface Seeds {
  files: Array<{ name: string; bytes: Buffer }>;
  ders: Der[];
  objects: Array<{ name: string; text: string }>;
  keyPem: Buffer;
}

/** The seed files, the DER inside each of them, and a fixed Ed25519 key (made here, so none is committed). */
export function loadSeeds(): Seeds {
  const files = readdirSync(SEEDS_DIR).sort().map((name) => ({ name, bytes: readFileSync(join(SEEDS_DIR, name)) }));
  const ders: Der[] = [];
  for (const { name, bytes } of files) {
    const text = name.endsWith('.b64') ? Buffer.from(bytes.toString(), 'base64').toString() : bytes.toString('latin1');
    if (name.endsWith('.der')) ders.push({ der: bytes, label: 'CERTIFICATE REQUEST', from: name });
    for (const m of text.matchAll(/-----BEGIN (CERTIFICATE(?: REQUEST)?)-----([^-]+)-----END/g)) {
      ders.push({ der: Buffer.from(m[2]!, 'base64'), label: m[1] as Der['label'], from: name });
    }
  }
  const objects = files.filter((f) => /\.(yaml|json)$/.test(f.name)).map((f) => ({ name: f.name, text: f.bytes.toString() }));
  const ed25519Seed = Buffer.alloc(32, 7);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), ed25519Seed]);
  const keyPem = Buffer.from(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }));
  return { files, ders, objects, keyPem };
}

const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

/** Case `index` of the run with PRNG seed `seed`. */
export function fuzzCase(seeds: Seeds, seed: number, index: number): FuzzCase {
  const rng = Prng.forCase(seed, index);
  const inspect = (label: string, input: Buffer | string): FuzzCase => ({
    index,
    label,
    command: 'inspect',
    args: ['-f', '-', ...rng.pick([[], ['-o', 'json'], ['-o', 'yaml']])],
    input: Buffer.from(input),
  });
  const kind = rng.below(100);
  if (kind < 40) {
    // A mutated DER, wrapped as users paste it: raw, PEM, one-line base64 of the PEM, or inside a CSR object.
    const seedDer = rng.pick(seeds.ders);
    const { bytes, applied } = mutateBytes(seedDer.der, rng);
    const how = applied.join(',');
    switch (rng.below(4)) {
      case 0:
        return inspect(`${seedDer.from} DER: ${how}`, bytes);
      case 1:
        return inspect(`${seedDer.from} DER in PEM: ${how}`, pem(seedDer.label, bytes));
      case 2:
        return inspect(`${seedDer.from} DER in base64 PEM: ${how}`, Buffer.from(pem(seedDer.label, bytes)).toString('base64'));
      default: {
        const object = yaml.load(rng.pick(seeds.objects.filter((o) => o.name.endsWith('.yaml'))).text) as Record<string, any>;
        const field = seedDer.label === 'CERTIFICATE' ? object.status : object.spec;
        field[seedDer.label === 'CERTIFICATE' ? 'certificate' : 'request'] = Buffer.from(pem(seedDer.label, bytes)).toString('base64');
        return inspect(`${seedDer.from} DER in a CSR object: ${how}`, yaml.dump(object));
      }
    }
  }
  if (kind < 60) {
    const file = rng.pick(seeds.files);
    const { bytes, applied } = mutateBytes(file.bytes, rng);
    return inspect(`${file.name} bytes: ${applied.join(',')}`, bytes);
  }
  if (kind < 80) {
    const object = rng.pick(seeds.objects);
    const { text, applied } = mutateText(object.text, rng);
    return inspect(`${object.name} lines: ${applied.join(',')}`, text);
  }
  if (kind < 92) {
    const object = rng.pick(seeds.objects);
    const { text, applied } = rng.chance(0.7) ? mutateText(object.text, rng) : (({ bytes, applied }) => ({ text: bytes.toString(), applied }))(mutateBytes(Buffer.from(object.text), rng));
    return { index, label: `approve -f ${object.name}: ${applied.join(',')}`, command: 'approve', args: ['-f', '-'], input: Buffer.from(text) };
  }
  const { bytes, applied } = rng.chance(0.5) ? mutateBytes(seeds.keyPem, rng) : mutateKeyDer(seeds.keyPem, rng);
  return { index, label: `request --key: ${applied.join(',')}`, command: 'request', args: ['fuzz', '--key'], input: bytes };
}

/** Mutates the DER inside the key's PEM and wraps it again, so that the key parser (not base64) sees the damage. */
function mutateKeyDer(keyPem: Buffer, rng: Prng): { bytes: Buffer; applied: string[] } {
  const der = Buffer.from(keyPem.toString().replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const { bytes, applied } = mutateBytes(der, rng);
  return { bytes: Buffer.from(pem('PRIVATE KEY', bytes)), applied: applied.map((a) => `DER ${a}`) };
}

/** The argv and standard input for a case; for `request --key` it writes the key to `keyFile` first. */
export function prepareCase(c: FuzzCase, keyFile: string): { argv: string[]; stdin: Buffer } {
  if (c.command !== 'request') return { argv: [c.command, ...c.args], stdin: c.input };
  writeFileSync(keyFile, c.input);
  return { argv: [c.command, ...c.args, keyFile], stdin: Buffer.alloc(0) };
}
