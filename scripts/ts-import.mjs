// `node --import ./scripts/ts-import.mjs FILE.ts`: runs TypeScript through esbuild (scripts/ts-hooks.mjs). tap loads
// it into every test process (package.json, "tap" > "node-arg").
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
