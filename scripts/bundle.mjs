// Bundles src/bin.ts and its dependencies into one CommonJS file: what a single executable application runs
// (Node's SEA main script must be one CommonJS script), and what `node dist/kubectl-csr.cjs` runs in development.
// yargs 18 and @kubernetes/client-node are ESM-only; esbuild converts them.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Optional native or optional-peer modules that dependencies try to require and fall back without (ws: bufferutil,
 * utf-8-validate; node-fetch: encoding; debug: supports-color). Bundled as stubs that throw the error Node throws for
 * a missing module, so the bundle never reaches for a node_modules that a single executable does not have.
 */
const OPTIONAL_MODULES = ['bufferutil', 'utf-8-validate', 'supports-color', 'encoding'];

const optionalStubs = {
  name: 'optional-module-stubs',
  setup(b) {
    const filter = new RegExp(`^(${OPTIONAL_MODULES.map((m) => m.replace(/[-.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'optional-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'optional-stub' }, (args) => ({
      contents:
        `const err = new Error(${JSON.stringify(`Cannot find module '${args.path}' (not bundled into kubectl-csr)`)});\n` +
        `err.code = 'MODULE_NOT_FOUND';\nthrow err;\n`,
      loader: 'js',
    }));
  },
};

/**
 * @kubernetes/client-node's index re-exports its whole generated API (models and clients for every resource, 13.9 MB
 * of the 15.6 MB bundle), and its package.json does not say that its modules have no side effects, so esbuild keeps
 * all of it although kubectl-csr imports only KubeConfig. Its modules only declare classes and functions (checked
 * for 1.4: nothing registers itself at import time), so they are marked side-effect free here: esbuild then keeps
 * what KubeConfig reaches (config, the auth providers, the generated Configuration: 0.8 MB with their dependencies).
 * A bundle a tenth the size is less to read, compile and hold in memory at every start (BENCHMARKS.md).
 */
const CLIENT_NODE = `${sep}node_modules${sep}@kubernetes${sep}client-node${sep}`;
const clientNodeWithoutSideEffects = {
  name: 'client-node-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const fromClientNode = args.importer.includes(CLIENT_NODE) || args.path.startsWith('@kubernetes/client-node');
      if (!fromClientNode) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      if (resolved.errors.length || !resolved.path.includes(CLIENT_NODE)) return resolved.errors.length ? undefined : resolved;
      return { ...resolved, sideEffects: false };
    });
  },
};

/**
 * string-width (yargs and cliui each bring a copy) makes an Intl.Segmenter and compiles Unicode property regular
 * expressions when it is loaded: 30 ms of every start, for a function that only help and error messages call (and
 * src/output/table.ts, for cells that are not plain ASCII). Each import of it gets a stand-in that loads the very
 * copy it would have got on its first call.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined; // b.resolve below asks the plugins again
      const real = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { real: true } });
      // Relative to the checkout, as esbuild names files: the bundle must not carry this machine's paths.
      return real.errors.length ? undefined : { path: relative(root, real.path), namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents:
        'let width;\n' +
        'export default function stringWidth(text, options) {\n' +
        `  width ??= require(${JSON.stringify('./' + basename(args.path))}).default;\n` +
        '  return width(text, options);\n' +
        '}\n',
      loader: 'js',
      resolveDir: join(root, dirname(args.path)),
    }));
  },
};

/**
 * js-yaml, as src/ imports it (`import yaml from 'js-yaml'`, members read when called), is a stand-in that loads the
 * real module on the first member read: building its schemas was part of every command that reads a kubeconfig, which
 * src/kube/kubeconfig-plain-yaml.ts now reads without it when it can (`list --signer none`: about 12 M instructions
 * before the request, BENCHMARKS.md session 13). client-node's own copy (the chunk) is left as it is.
 */
const lazyJsYaml = {
  name: 'lazy-js-yaml',
  setup(b) {
    b.onResolve({ filter: /^js-yaml$/ }, async (args) => {
      if (args.pluginData?.real || !args.importer.startsWith(join(root, 'src') + sep)) return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { real: true } });
      return real.errors.length ? undefined : { path: relative(root, real.path), namespace: 'lazy-js-yaml' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-js-yaml' }, (args) => ({
      contents:
        'let yaml;\n' +
        `const real = () => (yaml ??= require(${JSON.stringify('./' + basename(args.path))}).default);\n` +
        'export default new Proxy({}, { get: (_, member) => real()[member] });\n',
      loader: 'js',
      resolveDir: join(root, dirname(args.path)),
    }));
  },
};

/** The version and commit baked into the binary (`kubectl csr version`). */
export function buildInfo() {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  let commit = 'unknown';
  let commitTime = 0;
  try {
    commit = git('rev-parse', 'HEAD');
    commitTime = Number(git('log', '-1', '--format=%ct'));
    // Like `git describe --dirty`: a build from uncommitted changes says so.
    if (git('status', '--porcelain', '--untracked-files=no') !== '') commit += '-dirty';
  } catch {
    // not a git checkout (a source tarball): the commit is unknown
  }
  return { version: `v${version}`, commit, commitTime };
}

/**
 * Writes the bundle to outfile (atomically: builds run concurrently, and tests may be running the previous one), and
 * next to it the single executable's main script (seaMainOf), and returns esbuild's metafile of the bundle, whose
 * inputs name every bundled package (the main script's are a few of the same files).
 */
export async function bundle(outfile, info = buildInfo()) {
  await mkdir(dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  const help = await renderHelpTexts(`${outfile}.${process.pid}.help.cjs`, info);
  const define = { ...options(info).define, __KUBECTL_CSR_HELP__: JSON.stringify(help) };
  const result = await build({ ...options(info), entryPoints: [join(root, 'src', 'bin.ts')], outfile: tmp, metafile: true, define, plugins: [...options(info).plugins, clientNodeAsChunk] });
  refuseDynamicImports(result.metafile);
  const chunkTmp = `${chunkOf(outfile)}.${process.pid}.tmp`;
  const chunk = await build({ ...options(info), entryPoints: [join(root, 'src', 'kube', 'client-node.ts')], outfile: chunkTmp, metafile: true });
  refuseDynamicImports(chunk.metafile);
  const listTmp = `${listOf(outfile)}.${process.pid}.tmp`;
  const list = await build({ ...options(info), entryPoints: [join(root, 'src', 'bin-list.ts')], outfile: listTmp, metafile: true, define, plugins: [...options(info).plugins, clientNodeAsChunk, yargsLinesLeftOut] });
  refuseDynamicImports(list.metafile);
  await chmod(tmp, 0o755);
  await rename(chunkTmp, chunkOf(outfile));
  await rename(listTmp, listOf(outfile));
  await rename(tmp, outfile);
  // It prints the baked help, or runs the bundle from the executable's assets (src/build/single-executable.ts).
  await build({ ...options(info), entryPoints: [join(root, 'src', 'build', 'single-executable.ts')], outfile: seaMainOf(outfile), define, banner: {} });
  // One metafile for all three files: the release lists the licences of everything inside any (the list script's are
  // the bundle's too).
  return { inputs: { ...result.metafile.inputs, ...chunk.metafile.inputs, ...list.metafile.inputs }, outputs: { ...result.metafile.outputs, ...chunk.metafile.outputs, ...list.metafile.outputs } };
}

/**
 * The chunk's name beside the bundle. The bundle requires it by this name when it first needs @kubernetes/client-node
 * (src/kube/connection.ts): `node dist/kubectl-csr.cjs` finds the file, the single executable its asset of that name.
 */
export const CHUNK = 'kubectl-csr.client-node.cjs';

/** Where bundle() writes the chunk for outfile: beside it, named CHUNK with outfile's prefix (`.kubectl-csr.123.cjs` → `.kubectl-csr.123.client-node.cjs`). */
export function chunkOf(bundleFile) {
  return bundleFile.replace(/\.cjs$/, '') + '.client-node.cjs';
}

/**
 * The list script's name beside the bundle (src/bin-list.ts): what the single executable runs for a `list` or `ls` line,
 * handing any line that needs yargs back to the bundle. Only the single executable carries it, as an asset.
 */
export const LIST_SCRIPT = 'kubectl-csr.list.cjs';

/** Where bundle() writes the list script for outfile: beside it, as chunkOf() names the chunk. */
export function listOf(bundleFile) {
  return bundleFile.replace(/\.cjs$/, '') + '.list.cjs';
}

/**
 * What main() loads only for a line it reads with yargs (src/main.ts: the command line with every verb, completion), left
 * out of the list script: bin-list.ts runs main() only for the lines main() reads without them. Should one be reached
 * all the same, it fails with this message rather than with a missing module.
 */
const YARGS_LINES_ONLY = ['./cli/command-line.js', './commands/completion-spec.js', './cli/completion-lookups.js', './commands/completion.js'];
const yargsLinesLeftOut = {
  name: 'yargs-lines-left-out',
  setup(b) {
    b.onResolve({ filter: /^\.\/(cli|commands)\/[a-z-]+\.js$/ }, (args) =>
      YARGS_LINES_ONLY.includes(args.path) && args.importer === join(root, 'src', 'main.ts') ? { path: args.path, namespace: 'yargs-lines-left-out' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'yargs-lines-left-out' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`kubectl-csr's list script has no ${args.path} (src/bin-list.ts runs only the list lines read without yargs)`)});\n`,
      loader: 'js',
    }));
  },
};

/**
 * @kubernetes/client-node and its dependencies (1.6 of the bundle's 2.8 MB: node-fetch, tr46, socks, openid-client…) are
 * needed only by users with an exec plugin, an auth provider or a proxy (src/kube/connection.ts), yet every start read
 * them, turned them into a string and loaded their code cache. They are a file of their own, the chunk: the bundle's
 * import of src/kube/client-node.ts becomes a require of CHUNK, made on first use (BENCHMARKS.md, start-up).
 */
const clientNodeAsChunk = {
  name: 'client-node-as-chunk',
  setup(b) {
    b.onResolve({ filter: /^\.\/client-node\.js$/ }, (args) =>
      args.importer.endsWith(join('src', 'kube', 'connection.ts')) ? { path: CHUNK, namespace: 'client-node-chunk' } : undefined,
    );
    // A module of the bundle that requires the chunk: an import() of it is then the bundle's own, not a dynamic import
    // left to a loader (refuseDynamicImports).
    b.onLoad({ filter: /.*/, namespace: 'client-node-chunk' }, () => ({ contents: `module.exports = require(${JSON.stringify(`./${CHUNK}`)});\n`, loader: 'js', resolveDir: root }));
    b.onResolve({ filter: new RegExp(`^\\./${CHUNK.replace(/\./g, '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * The single executable compiles the bundle with vm.Script (src/build/bundle-script.ts), where import() has no loader: one
 * left in the bundle (a Node module imported with import() rather than import) would fail when it runs.
 */
function refuseDynamicImports(metafile) {
  for (const output of Object.values(metafile.outputs)) {
    const dynamic = output.imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => i.path);
    if (dynamic.length) throw new Error(`the bundle keeps import() of ${dynamic.join(', ')}: import these statically`);
  }
}

/** Where bundle() writes the single executable's main script, next to the bundle. */
export function seaMainOf(bundleFile) {
  return bundleFile.replace(/\.cjs$/, '') + '.sea-main.cjs';
}

/**
 * The help texts src/startup/precomputed-help.ts prints without loading yargs, rendered by the same code bundled the same
 * way and run once here (src/build/help-texts.ts), so that they are exactly what yargs would print.
 */
async function renderHelpTexts(scratch, info) {
  try {
    await build({
      ...options(info),
      stdin: {
        contents: "import { helpTexts } from './src/build/help-texts.ts';\nhelpTexts().then((t) => process.stdout.write(JSON.stringify(t)));",
        resolveDir: root,
        sourcefile: 'render-help-texts.ts',
        loader: 'ts',
      },
      outfile: scratch,
    });
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    return JSON.parse(execFileSync(process.execPath, [scratch], { env, stdio: ['ignore', 'pipe', 'inherit'] }).toString());
  } finally {
    await rm(scratch, { force: true });
  }
}

function options(info) {
  return {
    absWorkingDir: root, // metafile paths are relative to it
    bundle: true,
    platform: 'node',
    format: 'cjs', // also rejects top-level await, which CommonJS cannot have
    target: 'node20',
    minifySyntax: true,
    legalComments: 'none', // the release ships the licences in THIRD_PARTY_LICENSES instead
    plugins: [optionalStubs, clientNodeWithoutSideEffects, lazyStringWidth, lazyJsYaml],
    define: {
      // import.meta.url is empty in CommonJS; yargs' ESM shim needs a real file URL.
      'import.meta.url': '__kubectl_csr_import_meta_url',
      __KUBECTL_CSR_VERSION__: JSON.stringify(info.version),
      __KUBECTL_CSR_COMMIT__: JSON.stringify(info.commit),
    },
    banner: {
      // In a single executable, __filename is the executable itself (Node's SEA docs), which is what yargs wants.
      js: '#!/usr/bin/env node\nconst __kubectl_csr_import_meta_url = require("url").pathToFileURL(__filename).href;',
    },
    logLevel: 'warning',
  };
}
