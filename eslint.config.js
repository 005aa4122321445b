// `npm run lint` runs this (type-aware typescript-eslint over src/, test/ and scripts/, zero warnings) and
// dependency-cruiser's layer and cycle rules (.dependency-cruiser.cjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FORMAT = 'json|yaml|wide|jsonpath|jsonpath-file|jsonpath-as-json|custom-columns|custom-columns-file|go-template|go-template-file';
const OUTPUT = 'output|format|template';
const message = 'src/commands/ does not switch on the output format: the printer does (src/output/printer.ts, issue 22)';
/** A switch or a comparison on -o, its parsed format or template, or a format's name. */
const NO_FORMAT_SWITCH = [
  `SwitchStatement[discriminant.property.name=/^(${OUTPUT})$/]`,
  `BinaryExpression > MemberExpression[property.name=/^(${OUTPUT})$/]`,
  `:not(ImportDeclaration) > Literal[value=/^(${FORMAT})$/]`,
  'MemberExpression[property.name=/^(format|template)$/]',
].map((selector) => ({ selector, message }));
/** -o as a condition: `if (opts.output)`, `opts.output ? … : …`, `!opts.output`, `opts.output && …`. */
const NO_OUTPUT_TEST = [
  `IfStatement > MemberExpression.test[property.name=/^(${OUTPUT})$/]`,
  `ConditionalExpression > MemberExpression.test[property.name=/^(${OUTPUT})$/]`,
  `UnaryExpression > MemberExpression[property.name=/^(${OUTPUT})$/]`,
  `LogicalExpression > MemberExpression[property.name=/^(${OUTPUT})$/]`,
].map((selector) => ({ selector, message }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.tap/', 'release/', '.demo/', 'test/controlplane/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Escaping control characters is what src/util/printable.ts and the name checks are for.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Issue 22: no command switches on the output format. The printer (src/output/printer.ts), built once from -o,
    // --no-headers, the template and --sort-by, decides how objects print; a command calls print() and done().
    files: ['src/commands/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_FORMAT_SWITCH, ...NO_OUTPUT_TEST] },
  },
  {
    // The options step (kubectl's Complete) may ask whether -o was given, for a flag rule ("--watch prints one line
    // per decision; -o does not apply"); it still never compares or switches on the format.
    files: ['src/commands/**/*-options.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_FORMAT_SWITCH] },
  },
  {
    // Tests and scripts read JSON that the tool, kubectl or the API server printed, and assert on its fields.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Expected table output has runs of spaces.
      'no-regex-spaces': 'off',
      // Destructuring that leaves methods out (`const { stop: _stop, ...info } = plane`) is not a call.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // tap awaits every subtest it is given; `t.test(...)` and `t.rejects(...)` need no await of their own.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: '@tapjs/test', name: ['test', 'todo', 'skip'] },
            { from: 'package', package: '@tapjs/asserts', name: ['rejects', 'resolves', 'resolveMatch', 'resolveMatchSnapshot'] },
          ],
        },
      ],
      // tap's callbacks are async by convention, whether or not they await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
