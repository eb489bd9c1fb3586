// The request path reads top to bottom in the folders, and each layer knows only the layers below it:
//   transport/{grpc,http} -> core -> policy, resilience, cache, fleet -> catalog, providers, redis -> config, observability -> domain, util
// (fleet: state shared by the replicas through Redis; redis: the one way to connect to it)
// Proto-generated types and grpc-js stay in the gRPC adapter and the CLI. These rules keep it so.
const tseslint = require('typescript-eslint');

const LAYERS = ['transport', 'core', 'policy', 'resilience', 'cache', 'fleet', 'redis', 'catalog', 'providers', 'config', 'observability', 'domain', 'util', 'simulator', 'cli'];
const GRPC = ['@grpc/*', '**/generated/**', 'grpc-health-check'];

/** `rule` (an only(...)) for one file of its folder, letting through one module of one layer it forbids. */
function except(rule, file, layer, module) {
  const [level, { patterns }] = rule.rules['no-restricted-imports'];
  const narrowed = patterns.map((p) => (p.group && p.group.includes(`**/${layer}`) ? { regex: `(^|/)${layer}(/(?!${module}$).*)?$`, message: p.message } : p));
  return { files: [file], rules: { 'no-restricted-imports': [level, { patterns: narrowed }] } };
}

/** A layer may import only the layers it lists (and, always, its own folder). */
function only(folder, allowed, extraForbidden = []) {
  const forbidden = LAYERS.filter((layer) => layer !== folder && !allowed.includes(layer));
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // `./<name>` is a file of the folder's own that happens to share a layer's name (providers/fleet.ts).
            ...forbidden.map((layer) => ({ group: [`**/${layer}`, `**/${layer}/**`, '!@opentelemetry/**', `!./${layer}`], message: `src/${folder} may not import src/${layer}: see the layering in eslint.config.js.` })),
            ...extraForbidden.map((pattern) => ({ group: [pattern], message: `src/${folder} may not import ${pattern}.` })),
          ],
        },
      ],
    },
  };
}

module.exports = [
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**'] },
  // typescript-eslint's strictest preset, with the type checker.
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['src/**/*.ts'] })),
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module', projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      // Logs are JSON lines through the logger; the CLI writes through its own io.
      'no-console': 'error',
      // Numbers and booleans read fine in messages; objects and undefined are what this rule is for.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => void something()` in a callback is clear enough.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `_unused` in a destructuring names what is left out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Where bytes from outside become typed values (the simulator's wire, request validation, the transports), a
    // field typed by the shape it should have is checked at run time all the same: "unnecessary" to the compiler only.
    files: ['src/simulator/**/*.ts', 'src/policy/validate/**/*.ts', 'src/transport/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-condition': 'off' },
  },
  only('transport', ['core', 'domain', 'config', 'observability', 'util']),
  only('core', ['policy', 'resilience', 'cache', 'fleet', 'catalog', 'providers', 'config', 'observability', 'domain', 'util'], GRPC),
  only('policy', ['catalog', 'config', 'domain', 'util'], GRPC),
  only('resilience', ['catalog', 'config', 'observability', 'domain', 'util'], GRPC),
  only('cache', ['redis', 'config', 'observability', 'domain', 'util'], GRPC),
  only('fleet', ['redis', 'config', 'observability', 'domain', 'util'], GRPC),
  only('redis', ['config', 'observability', 'domain', 'util'], GRPC),
  only('catalog', ['config', 'observability', 'domain', 'util'], GRPC),
  only('providers', ['config', 'observability', 'domain', 'util'], GRPC),
  only('observability', ['domain', 'util'], GRPC),
  only('config', ['domain', 'util'], GRPC),
  only('domain', [], GRPC),
  only('util', [], GRPC),
  only('simulator', ['util'], GRPC),
  // The CLI is a gRPC client: it uses the adapter's proto loading and Struct conversion, nothing of the service.
  only('cli', ['transport', 'domain']),
  // doctor validates the service's config file with the service's own loader: that one file may import that one module.
  except(only('cli', ['transport', 'domain']), 'src/cli/doctor/configCheck.ts', 'config', 'loadConfig'),
  {
    // The composition root (main, app, warm-up) wires the gRPC adapter but never touches proto types or grpc-js.
    files: ['src/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: GRPC.map((pattern) => ({ group: [pattern], message: `src/*.ts may not import ${pattern}: it belongs in src/transport/grpc.` })) }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
];
