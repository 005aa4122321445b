// THIRD_PARTY_LICENSES for the release archives: the licence of every npm package bundled into the binary (read from
// esbuild's metafile, so it lists what is really inside, not what package.json mentions) and Node.js's own, whose
// runtime every binary is. The bundle drops license comments (legalComments: 'none'); this file carries them instead.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const RULE = '='.repeat(80);

/** metafile: esbuild's, with paths relative to root; nodeLicense: Node's LICENSE file (node-runtime.mjs). */
export function thirdPartyLicenses(metafile, root, nodeVersion, nodeLicense) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    // A plugin's own module (scripts/bundle.mjs: "lazy-string-width:…", "optional-stub:…") is no package's file; the
    // files it stands in for are inputs of their own.
    if (/^[a-z-]+:/.test(input)) continue;
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match && !packages.has(match[1])) packages.set(match[1], packageLicense(join(root, match[1])));
  }
  const sections = [...packages.values()]
    .sort((a, b) => a.title.localeCompare(b.title))
    .filter((p, i, all) => i === 0 || p.title !== all[i - 1].title);
  return [
    'kubectl-csr is licensed under the Apache License, Version 2.0 (see LICENSE). The binary also contains the',
    'software below, under the licenses that follow.',
    '',
    section(`Node.js v${nodeVersion}, the runtime of the single executable`, readFileSync(nodeLicense, 'utf8')),
    ...sections.map((p) => section(p.title, p.text)),
  ].join('\n');
}

function packageLicense(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the package');
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i.test(f));
  const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : `Licensed under ${license}; the package ships no license file.\n`;
  return { title: `${pkg.name} ${pkg.version} (${license})`, text };
}

function section(title, text) {
  return `${RULE}\n${title}\n${RULE}\n\n${text.trimEnd()}\n`;
}
