// The entry point: the only place that touches process.exitCode.
import { main } from './main.js';
import { processIo } from './io.js';

// The Node 22 runtime inside the binary warns (DEP0040) when client-node's dependencies tr46 and whatwg-url load the
// punycode module; a user can do nothing about it, and scripts should not see it on stderr. The client is loaded
// lazily, after this line.
process.noDeprecation = true;

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
