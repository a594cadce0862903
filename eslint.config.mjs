// Lint keeps the boundaries the architecture states, with as few type-aware rules as that takes
// (type information is the slow part): the language core stays pure, and no promise is dropped.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const PURE = 'server/mlpipe is the language itself and has no I/O: read data through its small interfaces instead';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', '**/.cache/**', '**/*.d.ts', 'examples/**/data/**'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      // scripts/gpu/ is outside tsconfig.json (it runs on a GPU machine): linted with default options.
      parserOptions: { projectService: { allowDefaultProject: ['scripts/gpu/*.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test(), describe() and it() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
    },
  },
  {
    files: ['server/mlpipe/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: PURE })),
          patterns: [
            { regex: '^node:', message: PURE },
            { group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'], message: PURE },
            { regex: '(^|/)(backend|lsp|cli)/', message: `${PURE}; the backend, language server and CLI import the core, never the other way` },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/^(node:|vscode)|(^|\\/)(backend|lsp|cli)\\//]', message: PURE },
        { selector: "CallExpression[callee.name='require']", message: PURE },
      ],
    },
  },
);
