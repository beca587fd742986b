import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Import arrows point down: notebook -> model -> data -> lib (see ../shared/STYLE.md). */
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
  { files: ['src/lib/**'], rules: layer(['**/data/**', '**/model/**', '**/notebook/**', '**/workers/**', 'react', '@tensorflow/*'], 'src/lib imports nothing from src and no frameworks') },
  { files: ['src/data/**'], rules: layer(['**/model/**', '**/notebook/**', 'react', 'react-dom', 'recharts'], 'src/data has no React and imports nothing above it') },
  { files: ['src/model/**'], rules: layer(['**/notebook/**', 'react', 'react-dom', 'recharts'], 'src/model emits plain data; no React') },
  // "No source file over 400 lines" (issue 10): code lines, so a file is not split to make room for its comments.
  {
    files: ['{src,scripts,bench}/**/*.{ts,tsx,mjs}'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/notebook/**'],
    ignores: ['src/notebook/services/**'],
    rules: layer(['@tensorflow/*'], 'notebook components never touch tfjs; go through src/notebook/services'),
  },
);
