// The one part of @kubernetes/client-node that kubectl-csr uses, behind a static import: a dynamic
// import('@kubernetes/client-node') hands back the whole module namespace, so the bundler must keep every export
// (the generated API, most of the library); through this module it keeps only what KubeConfig needs (scripts/bundle.mjs).
export { KubeConfig } from '@kubernetes/client-node';
