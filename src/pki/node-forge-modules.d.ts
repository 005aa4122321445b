// node-forge's own modules, which asn1.ts loads instead of the whole library: lib/forge.js is the object the others
// fill in, the very one that 'node-forge' exports, so it has its types.
declare module 'node-forge/lib/forge.js' {
  import forge from 'node-forge';
  export default forge;
}
declare module 'node-forge/lib/asn1.js';
