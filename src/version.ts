// What this build is: the version and commit are baked in by the bundler (scripts/bundle.mjs defines them); code run
// from source, as the unit tests do, has neither.
declare const __KUBECTL_CSR_VERSION__: string | undefined;
declare const __KUBECTL_CSR_COMMIT__: string | undefined;

export const VERSION: string = typeof __KUBECTL_CSR_VERSION__ === 'string' ? __KUBECTL_CSR_VERSION__ : 'v0.0.0-dev';
export const COMMIT: string = typeof __KUBECTL_CSR_COMMIT__ === 'string' ? __KUBECTL_CSR_COMMIT__ : 'unknown';
