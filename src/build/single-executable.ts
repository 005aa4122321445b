// The main script of the single executable (scripts/sea.mjs): help that the build rendered ahead, and `version`, are
// printed straight away; anything else runs the bundle, an asset of the binary, through its code cache
// (src/build/bundle-script.ts). So `kubectl csr --help` and `version` read a few kilobytes of script instead of the
// whole bundle, and start about as fast as Node.js itself (BENCHMARKS.md).
import { getRawAsset } from 'node:sea';
import { debuglog } from 'node:util';
import { precomputedHelp } from '../startup/precomputed-help.js';
import { helpWidth } from '../cli/terminal-width.js';
import { clientVersionOutput } from '../version.js';
import { exitQuietlyWhenOutputCloses } from '../util/closed-output.js';
import { commandWord } from '../cli/usage-words.js';
import { BUNDLE_ASSET, bundleScript, CHUNK_ASSET, CHUNK_CODE_CACHE_ASSET, codeCacheAsset, runBundleScript, withChunk } from './bundle-script.js';

exitQuietlyWhenOutputCloses();
const argv = process.argv.slice(2);
const printed = precomputedHelp(argv, helpWidth()) ?? clientVersionOutput(argv);
if (printed !== undefined) {
  process.stdout.write(printed);
} else {
  const script = compile(BUNDLE_ASSET, codeCacheAsset(commandWord(argv)));
  runBundleScript(script, withChunk(require, process.execPath, () => compile(CHUNK_ASSET, CHUNK_CODE_CACHE_ASSET)), process.execPath);
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
