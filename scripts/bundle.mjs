// Bundles src/bin.ts and its dependencies into one CommonJS file: what a single executable application runs
// (Node's SEA main script must be one CommonJS script), and what `node dist/kubectl-csr.cjs` runs in development.
// yargs 18 and @kubernetes/client-node are ESM-only; esbuild converts them.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, rename } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
 * Writes the bundle to outfile (atomically: builds run concurrently, and tests may be running the previous one) and
 * returns esbuild's metafile, whose inputs name every bundled package.
 */
export async function bundle(outfile, info = buildInfo()) {
  await mkdir(dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [join(root, 'src', 'bin.ts')],
    absWorkingDir: root, // metafile paths are relative to it
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs', // also rejects top-level await, which CommonJS cannot have
    target: 'node20',
    minifySyntax: true,
    legalComments: 'none', // the release ships the licences in THIRD_PARTY_LICENSES instead
    metafile: true,
    plugins: [optionalStubs],
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
  });
  await chmod(tmp, 0o755);
  await rename(tmp, outfile);
  return result.metafile;
}
