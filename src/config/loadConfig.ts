import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { applyEnvOverrides } from './envOverrides';
import { configSchema, type RouterConfig } from './schema';

export const DEFAULT_CONFIG_PATH = 'config/router.yaml';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface LoadedConfig {
  config: RouterConfig;
  path: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = resolve(env['ROUTER_CONFIG'] ?? DEFAULT_CONFIG_PATH);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${path} (ROUTER_CONFIG): ${(err as Error).message}`);
  }
  return { config: parseConfig(text, path, env), path };
}

export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv = {}): RouterConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    // The parser's first line says where; the rest quotes the source, which may hold a password (a Redis URL).
    throw new ConfigError(`Config ${source} is not valid YAML: ${((err as Error).message.split('\n')[0] ?? '').slice(0, 300)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`Config ${source} must be a YAML mapping`);
  }
  const origins = applyEnvOverrides(raw as Record<string, unknown>, env);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`Invalid config ${source}:\n${formatIssues(result.error.issues, origins)}`);
  }
  return result.data;
}

function formatIssues(issues: readonly z.core.$ZodIssue[], origins: Map<string, string>): string {
  return issues
    .map((issue) => {
      const field = formatPath(issue.path);
      const origin = origins.get(issue.path.join('.'));
      return `  - ${field}${origin ? ` (from ${origin})` : ''}: ${issue.message}`;
    })
    .join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>((acc, key) => {
      if (typeof key === 'number') return `${acc}[${key}]`;
      return acc ? `${acc}.${String(key)}` : String(key);
    }, '') || '(root)'
  );
}
