// How the single executable runs the bundle (dist/kubectl-csr.cjs, carried in the binary as an asset): compiled with
// vm.Script, with a V8 code cache made at build time by running the bundle (scripts/train-code-cache.ts). Node's own
// SEA code cache is made from the script compiled but never run, so it holds the top level only: every module of the
// bundle, lazily initialised, was compiled again at each start. A cache taken after a run holds what the run compiled.
// The build and the binary both compile through bundleScript(): V8 takes a cache only for the very same script.
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export const BUNDLE_ASSET = 'kubectl-csr.cjs';
export const CODE_CACHE_ASSET = 'kubectl-csr.cjs.cache';

/** The list script (scripts/bundle.mjs, src/bin-list.ts): main() without yargs and the other verbs, for `list` lines. */
export const LIST_SCRIPT_ASSET = 'kubectl-csr.list.cjs';

/**
 * Command families with a script and a code cache of their own, trained on their commands alone
 * (scripts/train-code-cache.ts): V8 deserialises the whole cache it is given, and copies, deserialises and sets up the
 * whole script, so `list` paid, in instructions and memory, for the code of every command (BENCHMARKS.md, start-up).
 * The family's script hands a line it does not read back to the bundle; any other command runs the bundle with the
 * cache of all of them.
 */
export const CACHE_FAMILIES: Readonly<Record<string, { commands: readonly string[]; script: string }>> = {
  list: { commands: ['list', 'ls'], script: LIST_SCRIPT_ASSET },
};

/** The family of a command (its first word that is not a flag), if it has one. */
export function commandFamily(command: string | undefined): string | undefined {
  return Object.keys(CACHE_FAMILIES).find((f) => command !== undefined && CACHE_FAMILIES[f]!.commands.includes(command));
}

/** The asset of a family's code cache, the cache of its script. */
export function familyCacheAsset(family: string): string {
  return `${CACHE_FAMILIES[family]!.script}.cache`;
}

/** @kubernetes/client-node, split off the bundle (scripts/bundle.mjs): required by this name on first use, with its own code cache. */
export const CHUNK_ASSET = 'kubectl-csr.client-node.cjs';
export const CHUNK_CODE_CACHE_ASSET = 'kubectl-csr.client-node.cjs.cache';

/**
 * The bundle (or chunk, or a family's script) compiled from its asset, which the build wrote inside Node's CommonJS wrapper already, without
 * the shebang line that lets `node dist/kubectl-csr.cjs` run (scripts/sea.mjs): wrapping it here made two more copies
 * of its 1.3 MB at every start, the one `replace` made and the flattened concatenation. The bytes are read as
 * Latin-1: esbuild writes code in ASCII (only a few comments carry UTF-8), and a one-byte string of that size is made
 * outside V8's heap, with no decoding, where UTF-8 made V8 copy the whole bundle into two-byte characters.
 */
export function bundleScript(asset: ArrayBuffer | Buffer, cachedData?: Buffer, filename = BUNDLE_ASSET): Script {
  const source = (Buffer.isBuffer(asset) ? asset : Buffer.from(asset)).toString('latin1');
  if (!source.startsWith('(function (exports, require, module, __filename, __dirname) {')) throw new Error(`${filename} is not wrapped as a CommonJS module`);
  return new Script(source, {
    filename,
    cachedData,
    // No importModuleDynamically: the bundle has no import() left (scripts/bundle.mjs refuses one), and Node warns
    // on stderr that USE_MAIN_CONTEXT_DEFAULT_LOADER is experimental.
  });
}

/** Runs the compiled bundle (or chunk) as a CommonJS module named `filename` (the executable itself, as Node's SEA does). */
export function runBundleScript(script: Script, require: NodeJS.Require, filename: string): unknown {
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  return module.exports;
}

/**
 * The require the bundle runs with: the chunk from `compileChunk`, compiled and run on the first require only (a module
 * runs once, as Node's require caches it), everything else (Node's builtins) from `require`.
 */
export function withChunk(require: NodeJS.Require, filename: string, compileChunk: () => Script): NodeJS.Require {
  let chunk: unknown;
  const withChunk = (id: string): unknown => {
    if (id !== `./${CHUNK_ASSET}`) return require(id);
    chunk ??= runBundleScript(compileChunk(), withChunk as NodeJS.Require, filename);
    return chunk;
  };
  return Object.assign(withChunk, require) as NodeJS.Require;
}
