import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Import arrows point down: notebook -> model / expr -> data -> lib (see ../shared/STYLE.md). */
// A gitignore pattern without a trailing '/**' matches the folder's index ('../expr') as well as its files.
const EXPR = ['**/expr'];
const layer = (forbidden, why) => ({
  'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message: why })) }],
});

export default tseslint.config(
  { ignores: ['dist', 'dist-bench', 'node_modules', 'public'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['src/lib/**'], rules: layer(['**/data/**', '**/model/**', ...EXPR, '**/notebook/**', '**/workers/**', 'react', '@tensorflow/*'], 'src/lib imports nothing from src and no frameworks') },
  { files: ['src/data/**'], rules: layer(['**/model/**', ...EXPR, '**/notebook/**', 'react', 'react-dom', 'recharts'], 'src/data has no React and imports nothing above it') },
  { files: ['src/expr/**'], rules: layer(['**/model/**', '**/notebook/**', '**/workers/**', 'react', 'react-dom', 'recharts'], 'src/expr, the cells\' language, uses only data, lib and tfjs') },
  { files: ['src/model/**'], rules: layer(['**/notebook/**', ...EXPR, 'react', 'react-dom', 'recharts'], 'src/model emits plain data; no React; it knows nothing of the cells\' language') },
  // "No source file over 400 lines" (issue 10), counted as `wc -l` counts them.
  {
    files: ['{src,scripts,bench}/**/*.{ts,tsx,mjs}'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // The app's root files (App.tsx, main.tsx) are UI side too.
    files: ['src/notebook/**', 'src/*.{ts,tsx}'],
    ignores: ['src/notebook/services/**'],
    rules: layer(['@tensorflow/*', ...EXPR], 'notebook components never touch tfjs or the expression language; go through src/notebook/services'),
  },
);
