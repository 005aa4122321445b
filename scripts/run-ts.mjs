// Runs a TypeScript entry point (the test harness, the demo) under plain Node 20: esbuild bundles it to a
// temporary ES module, with node_modules left external, and it is imported from there.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Each file's import.meta.url stays the URL of its own source, so that paths relative to a file stay right.
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs FILE.ts [ARGS...]');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(entry);
const outdir = join(root, 'node_modules', '.cache', 'kubectl-csr');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, basename(source).replace(/\.ts$/, '.mjs'));
await build({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  plugins: [sourceUrls],
  logLevel: 'warning',
});
process.argv = [process.argv[0], source, ...args];
await import(pathToFileURL(outfile).href);
