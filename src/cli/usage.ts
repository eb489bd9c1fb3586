export const USAGE = `Usage: modelrouter <command> [options]

Commands:
  complete [options] "prompt"   Answer a prompt ("-" reads it from stdin). Text to stdout, summary to stderr.
  route [options] "prompt"      Dry run: which model would serve the prompt, its fallbacks and why.
  models [--limit N] [--after ID] [--before ID] [--json]
                                List the model catalog, newest first.
  model ID                      Show one model (id or alias) as JSON.

Request options (complete, route):
  --task T                      Policy task, e.g. simple_qa, code_generation, complex_reasoning, general
  --model M                     Explicit model id or alias (overrides the policy)
  --system S                    System prompt
  --max-tokens N                Upper bound on output tokens (0 = configured default)
  --temperature X               Sampling temperature in [0, 1]
  --thinking N                  Extended thinking budget in tokens (0 = off)
  --no-cache                    Neither read nor write the response cache
  --refresh                     Skip the cache read, call upstream and overwrite the entry
  --json                        Print the whole response as JSON (with --stream: one chunk per line)
  --stream                      complete only: print text as it is generated

Common options:
  --addr host:port              Server address (default $MODELROUTER_ADDR, else localhost:$GRPC_PORT or 50051)
  --deadline-ms N               gRPC deadline in milliseconds (default 60000)
  -h, --help                    Show this help

Exit codes: 0 ok, 1 server or connection error, 2 bad usage.
`;
