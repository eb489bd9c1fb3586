export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly level: LogLevel;
  /** Whether a record at this level would be written: lets callers skip building fields nobody reads. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bound: LogFields): Logger;
}

export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => {
  process.stdout.write(line);
};

export function isLogLevel(value: string): value is LogLevel {
  return value in LEVEL_RANK;
}

/**
 * One JSON object per line. Hand-rolled rather than pino: the request path logs one line per call and
 * this costs a single JSON.stringify, with no worker thread or transport to configure.
 */
export function createLogger(level: LogLevel = 'info', sink: LogSink = stdoutSink, bound: LogFields = {}): Logger {
  const threshold = LEVEL_RANK[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void => {
    if (LEVEL_RANK[lvl] < threshold) return;
    const record = { time: new Date().toISOString(), level: lvl, msg, ...bound, ...fields };
    sink(JSON.stringify(record, errorReplacer) + '\n');
  };
  return {
    level,
    enabled: (lvl) => LEVEL_RANK[lvl] >= threshold,
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (more) => createLogger(level, sink, { ...bound, ...more }),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

/** For tests: a logger that keeps its records in memory. */
export function createMemoryLogger(level: LogLevel = 'debug'): { logger: Logger; records: () => LogFields[] } {
  const lines: string[] = [];
  const logger = createLogger(level, (line) => lines.push(line));
  return { logger, records: () => lines.map((l) => JSON.parse(l) as LogFields) };
}

export const silentLogger: Logger = createLogger('silent');
