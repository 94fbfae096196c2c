import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { fileURLToPath } from 'node:url';

const importParser = fileURLToPath(new URL('./scripts/eslint-import-parser.mjs', import.meta.url));

export default ts.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'bench/.data/',
      'test-results/',
      'playwright-report/',
      'src/wasm/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      curly: ['error', 'multi-line'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'workers/**/*.ts', 'src/**/*.svelte', 'src/**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // No import circles in the app. The resolver reads tsconfig.json, so extension-less imports
    // and `.svelte` components resolve as Vite resolves them; the AssemblyScript kernels are
    // left out (they are not TypeScript). The rule skips `import type` by design;
    // tests/unit/lint/no-cycle.test.ts also walks src/lib with type imports included.
    files: ['src/**/*.ts', 'workers/**/*.ts', 'src/**/*.svelte'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.svelte'],
      // Parsed modules are re-read when their mtime changes; the default 30 s lifetime only
      // made a long run parse every file again.
      'import-x/cache': { lifetime: Infinity },
      'import-x/ignore': ['/src/wasm/'],
      'import-x/parsers': { [importParser]: ['.ts', '.svelte'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ extensions: ['.ts', '.svelte', '.d.ts', '.js'] }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
    },
  },
  {
    // src/lib is pure, framework-free TypeScript.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['svelte', 'svelte/*', 'idb', 'comlink', 'chart.js', '*.svelte'] },
      ],
    },
  },
);
