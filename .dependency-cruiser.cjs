/**
 * The layer rules of docs/architecture.md, checked on every test run. A violation names the offending import.
 * Folders are named by runtime, so a file's allowed imports follow from its path.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment:
        'core/ is pure TypeScript: it imports nothing of the project outside core/, and no Node built-ins.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(native|electron|renderer|test|bench|scripts)/' },
    },
    {
      name: 'core-no-node-builtins',
      comment: 'core/ is also bundled into the renderer: no Node built-ins.',
      severity: 'error',
      from: { path: '^core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'native-only-core',
      comment: 'native/ (device drivers) may import core/ only.',
      severity: 'error',
      from: { path: '^native/' },
      to: { path: '^(electron|renderer|test|bench|scripts)/' },
    },
    {
      name: 'renderer-only-core',
      comment: 'renderer/ speaks to the desk only through the contract: it may import core/ only.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(native|electron|test|bench|scripts)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'renderer/ runs sandboxed in Chromium: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-shell',
      comment:
        "Only electron/main and electron/preload may import 'electron' (everything else runs in plain Node).",
      severity: 'error',
      from: { pathNot: '^electron/(main|preload)/' },
      to: {
        path: '^electron$',
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'unknown', 'undetermined', 'core'],
      },
    },
    {
      name: 'electron-side-not-renderer',
      comment: 'The Node side never imports UI code.',
      severity: 'error',
      from: { path: '^(electron|native)/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'no-test-code-in-app',
      comment: 'Application code never imports test support.',
      severity: 'error',
      from: { path: '^(core|native|electron|renderer)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|vite\\.config\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.vue', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
