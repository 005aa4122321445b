// The main script of the single executable (scripts/sea.mjs): help that the build rendered ahead, and `version`, are
// printed straight away; a `list` line runs the list script (src/bin-list.ts) and anything else, or a list line that
// script hands back, the bundle: assets of the binary, each with its code cache (src/build/bundle-script.ts). So
// `kubectl csr --help` and `version` read a few kilobytes of script instead of the whole bundle, and start about as
// fast as Node.js itself, and `list` a third of the bundle (BENCHMARKS.md).
import { getRawAsset } from 'node:sea';
import { debuglog } from 'node:util';
import { precomputedHelp } from '../startup/precomputed-help.js';
import { helpWidth } from '../cli/terminal-width.js';
import { clientVersionOutput } from '../version.js';
import { exitQuietlyWhenOutputCloses } from '../util/closed-output.js';
import { commandWord } from '../cli/usage-words.js';
import { BUNDLE_ASSET, bundleScript, CACHE_FAMILIES, CHUNK_ASSET, CHUNK_CODE_CACHE_ASSET, CODE_CACHE_ASSET, commandFamily, familyCacheAsset, runBundleScript, withChunk } from './bundle-script.js';

exitQuietlyWhenOutputCloses();
const argv = process.argv.slice(2);
const printed = precomputedHelp(argv, helpWidth()) ?? clientVersionOutput(argv);
if (printed !== undefined) {
  process.stdout.write(printed);
} else {
  const bundleRequire = withChunk(require, process.execPath, () => compile(CHUNK_ASSET, CHUNK_CODE_CACHE_ASSET));
  const family = commandFamily(commandWord(argv));
  // A family's script (src/bin-list.ts) runs the lines it reads and hands the others, untouched, to the bundle.
  const ran = family !== undefined && !(runBundleScript(compile(CACHE_FAMILIES[family]!.script, familyCacheAsset(family)), bundleRequire, process.execPath) as { handedOver: boolean }).handedOver;
  if (!ran) runBundleScript(compile(BUNDLE_ASSET, CODE_CACHE_ASSET), bundleRequire, process.execPath);
}

/** An asset compiled with its code cache. */
function compile(asset: string, cacheAsset: string) {
  const cache = codeCache(cacheAsset);
  const script = bundleScript(raw(asset), cache, asset);
  // NODE_DEBUG=kubectl-csr says whether V8 took the cache: a rejected one costs nothing but the time it was to save.
  const said = cache === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  debuglog('kubectl-csr')(`code cache ${cacheAsset} ${said}`);
  return script;
}

/** Only the binary built for the machine it was built on carries one: V8's code cache loads only where it was made. */
function codeCache(asset: string): Buffer | undefined {
  try {
    return Buffer.from(raw(asset));
  } catch {
    return undefined;
  }
}

/**
 * An asset where it lies in the executable, read only: getAsset() would copy it first, megabytes more at the peak of every
 * command for bytes that are read once.
 */
function raw(key: string): ArrayBuffer {
  return getRawAsset(key) as ArrayBuffer;
}
