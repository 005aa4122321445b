// `npm run lint` runs this (type-aware typescript-eslint over src/, test/ and scripts/, zero warnings) and
// dependency-cruiser's layer and cycle rules (.dependency-cruiser.cjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
