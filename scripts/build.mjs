// Bundles src/bin.ts and its dependencies into one CommonJS file, dist/kubectl-csr, with a node shebang.
// CommonJS because the single-binary packagers (pkg, Node SEA) take one CommonJS script; yargs 18 and
// @kubernetes/client-node are ESM-only, so esbuild converts them.
import { build } from 'esbuild';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'kubectl-csr');
await mkdir(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'bin.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  // import.meta.url is empty in CommonJS; yargs' ESM shim needs a real file URL.
  define: { 'import.meta.url': '__kubectl_csr_import_meta_url' },
  banner: {
    js: '#!/usr/bin/env node\nconst __kubectl_csr_import_meta_url = require("url").pathToFileURL(__filename).href;',
  },
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
// The project is "type": "module"; the extensionless bundle is CommonJS, and Node decides by the nearest package.json.
await writeFile(join(root, 'dist', 'package.json'), '{ "type": "commonjs" }\n');
console.log(`built ${outfile}`);
