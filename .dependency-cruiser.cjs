// The layers of src/ (ARCHITECTURE.md), checked by `npm run lint`: an import may only go down the list
//   base (util/, errors.ts, io.ts, version.ts) → pki → kube → policy → input | output → commands → cli → main.ts, run-main.ts, bin.ts, bin-list.ts
// and build/ (help rendering, the single executable's bootstrap) sits on top, imported by nothing in src/.
// Type-only imports count: a type that a lower layer needs belongs to that layer.
const BASE = '^src/(util/|startup/|errors\\.ts$|io\\.ts$|version\\.ts$)';
const LAYERS = [
  ['base', BASE],
  ['pki', '^src/pki/'],
  ['kube', '^src/kube/'],
  ['policy', '^src/policy/'],
  ['input', '^src/input/'],
  ['output', '^src/output/'],
  ['commands', '^src/commands/'],
  ['cli', '^src/cli/'],
  ['main', '^src/(main|bin|bin-list|run-main)\\.ts$'],
  ['build', '^src/build/'],
];
// What each layer may not import: everything above it. input and output are siblings and may not import each other.
const ABOVE = {
  base: ['pki', 'kube', 'policy', 'input', 'output', 'commands', 'cli', 'main', 'build'],
  pki: ['kube', 'policy', 'input', 'output', 'commands', 'cli', 'main', 'build'],
  kube: ['policy', 'input', 'output', 'commands', 'cli', 'main', 'build'],
  policy: ['input', 'output', 'commands', 'cli', 'main', 'build'],
  input: ['output', 'commands', 'cli', 'main', 'build'],
  output: ['input', 'commands', 'cli', 'main', 'build'],
  commands: ['cli', 'main', 'build'],
  cli: ['main', 'build'],
  main: ['build'],
};
const path = Object.fromEntries(LAYERS);
/** A command with a folder of its own (approval/, approver/): any folder of src/commands/ but shared/. */
const COMMAND_FOLDER = '(?!shared/)([^/]+/)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(ABOVE).map(([layer, above]) => ({
      name: `${layer}-imports-upward`,
      severity: 'error',
      comment: `${layer} may not import ${above.join(', ')} (ARCHITECTURE.md "Layers").`,
      from: { path: path[layer] },
      to: { path: above.map((l) => path[l]) },
    })),
    {
      name: 'command-imports-another-command',
      severity: 'error',
      comment:
        'A command (src/commands/VERB.ts and its VERB-*.ts helpers) imports only its own files and src/commands/shared/.',
      from: { path: '^src/commands/([^/.-]+)[^/]*\\.ts$' },
      to: { path: `^src/commands/([^/]+\\.ts$|${COMMAND_FOLDER})`, pathNot: '^src/commands/$1[.-]' },
    },
    {
      name: 'command-folder-imports-another-command',
      severity: 'error',
      comment: 'A command in a folder of its own (src/commands/approval/) imports only its folder and src/commands/shared/.',
      from: { path: `^src/commands/(?!approver/)${COMMAND_FOLDER}` },
      to: { path: '^src/commands/', pathNot: '^src/commands/($1|shared/)' },
    },
    {
      name: 'approver-imports-a-command-but-approval',
      severity: 'error',
      comment: "The approver is approve --pending --watch with hooks: it imports approval/'s watch loop, and no other command.",
      from: { path: '^src/commands/approver/' },
      to: { path: '^src/commands/', pathNot: '^src/commands/(approver|approval|shared)/' },
    },
    {
      name: 'shared-imports-a-command',
      severity: 'error',
      comment: 'src/commands/shared/ is what commands share; it imports no command.',
      from: { path: '^src/commands/shared/' },
      to: { path: `^src/commands/([^/]+\\.ts$|${COMMAND_FOLDER})` },
    },
    {
      name: 'startup-imports-src',
      severity: 'error',
      comment: 'src/startup/ is the speed tricks, fenced off: it imports nothing else of src/.',
      from: { path: '^src/startup/' },
      to: { path: '^src/', pathNot: '^src/startup/' },
    },
    {
      name: 'src-imports-tests-or-scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
