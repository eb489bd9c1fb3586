// The request path reads top to bottom in the folders, and each layer knows only the layers below it:
//   transport/{grpc,http} -> core -> policy, resilience, cache -> catalog, providers -> config, observability -> domain, util
// Proto-generated types and grpc-js stay in the gRPC adapter and the CLI. These rules keep it so.
const tseslint = require('typescript-eslint');

const LAYERS = ['transport', 'core', 'policy', 'resilience', 'cache', 'catalog', 'providers', 'config', 'observability', 'domain', 'util', 'simulator', 'cli'];
const GRPC = ['@grpc/*', '**/generated/**', 'grpc-health-check'];

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
            ...forbidden.map((layer) => ({ group: [`**/${layer}`, `**/${layer}/**`], message: `src/${folder} may not import src/${layer}: see the layering in eslint.config.js.` })),
            ...extraForbidden.map((pattern) => ({ group: [pattern], message: `src/${folder} may not import ${pattern}.` })),
          ],
        },
      ],
    },
  };
}

module.exports = [
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    // Logs are JSON lines through the logger; the CLI writes through its own io.
    rules: { 'no-console': 'error' },
  },
  only('transport', ['core', 'domain', 'config', 'observability', 'util']),
  only('core', ['policy', 'resilience', 'cache', 'catalog', 'providers', 'config', 'observability', 'domain', 'util'], GRPC),
  only('policy', ['catalog', 'config', 'domain', 'util'], GRPC),
  only('resilience', ['catalog', 'config', 'observability', 'domain', 'util'], GRPC),
  only('cache', ['config', 'observability', 'domain', 'util'], GRPC),
  only('catalog', ['config', 'observability', 'domain', 'util'], GRPC),
  only('providers', ['config', 'observability', 'domain', 'util'], GRPC),
  only('observability', ['domain', 'util'], GRPC),
  only('config', ['domain', 'util'], GRPC),
  only('domain', [], GRPC),
  only('util', [], GRPC),
  only('simulator', ['util'], GRPC),
  // The CLI is a gRPC client: it uses the adapter's proto loading and Struct conversion, nothing of the service.
  only('cli', ['transport', 'domain']),
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
];
