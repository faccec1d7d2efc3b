// Flat config: typescript-eslint's recommended rules (syntactic, not type-aware) and eslint-plugin-react-hooks'
// full recommended set (the React Compiler's rules: no ref read or written during render, no setState in an
// effect's body, ...). recommendedTypeChecked was tried and left off: it reported 464 problems, 404 of them
// node:test's test() calls, whose promises the runner awaits (no-floating-promises), and 8 in src/, mostly
// style (require-await, needless assertions); it also took the lint from about 5 s to 15 s.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';


// The layers, one direction: ui → model → readers (procfs, cgroupfs, passwd, killers, the kernel-log readers in oom/),
// with runtime/, recorder/ and cli/ wiring them for a mode; history/ (the recorder's files) is a reader, exporter/
// (Prometheus) sits beside ui/ as another view of the model. Cycles are held off by test/architecture/layers.test.ts.
const ABOVE_READERS = '(^|/)(model|ui|runtime|cli|recorder|exporter)/';
const KERNEL_LOG_READERS = '(^|/)oom/(kmsg-reader|kernel-log-source|file-tail-source|oom-watcher|command-lines|line-stream)\\.js$';
const layer = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});
const layering = [
  layer(['src/text/**'], [{ regex: '^\\.\\./', message: 'text/ is the bottom layer: it imports nothing of ours.' }]),
  layer(['src/procfs/**', 'src/cgroupfs/**', 'src/passwd/**', 'src/killers/**', 'src/history/**'], [
    { regex: `${ABOVE_READERS}|(^|/)oom/`, message: 'a reader imports nothing above it (model, ui, runtime, cli, oom).' },
  ]),
  layer(['src/oom/**'], [{ regex: ABOVE_READERS, message: 'oom/ parses the kernel log; it imports nothing above it.' }]),
  layer(['src/model/**'], [
    { regex: '(^|/)(ui|runtime|cli|recorder|exporter)/', message: 'model/ is below ui/, runtime/, recorder/ and exporter/.' },
    { regex: '(^|/)history/', message: 'model/ has no direct fs: recorder/ reads and writes the history.' },
    { regex: '^(ink|react)$', message: 'model/ has no React: it hands plain snapshots up.' },
  ]),
  layer(['src/exporter/**'], [
    { regex: '(^|/)(ui|runtime|cli|recorder)/', message: 'exporter/ is a view of the model: the daemons wire it, not the reverse.' },
  ]),
  layer(['src/ui/**'], [
    { regex: '(^|/)(runtime|cli)/', message: 'ui/ is a function of (snapshot, ui state, size): runtime/ wires it, not the reverse.' },
    {
      regex: `(^|/)(procfs|passwd|killers|history)/|(^|/)cgroupfs/(?!memory-cgroup\\.js$)|${KERNEL_LOG_READERS}`,
      allowTypeImports: true,
      message: 'ui/ takes only types from the readers: the model reads, the UI draws.',
    },
  ]),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'screenshots/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' } },
  },
  {
    // bin/ is CommonJS (bin/package.json; bin/oomlens.js says why): require() is its import.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layering,
);
