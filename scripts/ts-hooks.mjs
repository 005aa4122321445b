// Module hooks that run TypeScript under plain Node 20 (registered by scripts/ts-import.mjs): a `.ts` file is
// compiled by esbuild, one file at a time, with an inline source map that names the file itself, so that stack
// traces and tap's coverage point into the TypeScript source. `./x.js` imported from a `.ts` file is `./x.ts`, as tsc
// resolves it. Compiled files are kept in node_modules/.cache/kubectl-csr/ts under a hash of esbuild's version and
// options and the file's path and text, so that esbuild runs only for a file that changed since it was last compiled.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cacheDir = fileURLToPath(new URL('../node_modules/.cache/kubectl-csr/ts/', import.meta.url));
const esbuildVersion = JSON.parse(readFileSync(new URL('../node_modules/esbuild/package.json', import.meta.url), 'utf8')).version;
/** ES2022, as tsconfig.json targets: class fields keep their define semantics. */
const options = { loader: 'ts', format: 'esm', target: 'es2022', sourcemap: 'inline' };

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && specifier.endsWith('.js') && /^\.{0,2}\//.test(specifier)) {
    const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(ts)) return { url: ts.href, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  // An ES module of node_modules is read here as Node's own load would read it, without passing it down the chain: in
  // a tap test process the next hook is tap's processinfo, which posts every file it sees to the main thread, where
  // the text is split into lines (a Uint8Array, posted, becomes "47,42,..." first) and the source maps looked up. That
  // was over half the CPU of importing @kubernetes/client-node (967 files) in the unit tests; node_modules is left
  // out of coverage anyway.
  if (context.format === 'module' && url.startsWith('file:') && url.includes('/node_modules/')) {
    return { format: 'module', source: readFileSync(fileURLToPath(url)), shortCircuit: true };
  }
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  // The file itself, not what the rest of the chain would make of it: tap's first run after a change of its plugins
  // still registers the hooks of the plugins it was built with (ts-node, before package.json left it out).
  const file = fileURLToPath(url);
  return { format: 'module', source: await compile(file, readFileSync(file, 'utf8')), shortCircuit: true };
}

/** The JavaScript for one TypeScript file: from the cache, or compiled now and cached. */
export async function compile(file, text) {
  const key = createHash('sha256').update(`${esbuildVersion}\0${JSON.stringify(options)}\0${file}\0${text}`).digest('hex');
  const cached = `${cacheDir}${key}.js`;
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const { transform } = await import('esbuild');
    const { code } = await transform(text, { ...options, sourcefile: file });
    mkdirSync(cacheDir, { recursive: true });
    // Written whole, then renamed: another test process may read the same entry at the same time.
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
    return code;
  }
}
