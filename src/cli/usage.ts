export const USAGE = `Usage: modelrouter <command> [options]

Commands:
  complete [options] "prompt"   Answer a prompt ("-" reads it from stdin). Text, then one line per tool call
                                ([tool_use <id>] <name> <input JSON>), to stdout; thinking and a summary to stderr.
  route [options] "prompt"      Dry run: which model would serve the prompt, its fallbacks and why.
  count [options] "prompt"      Count the request's input tokens on the model it routes to: input_tokens=N model=ID
  models [--limit N] [--after ID] [--before ID] [--json] [--refresh]
                                List the model catalog, newest first (--refresh: read the Models API first).
  model ID                      Show one model (id or alias) as JSON.

Request options (complete, route, count):
  --task T                      Policy task, e.g. simple_qa, code_generation, complex_reasoning, general
  --model M                     Explicit model id or alias (overrides the policy)
  --system S                    System prompt
  --max-tokens N                Upper bound on output tokens (0 = configured default)
  --temperature X               Sampling temperature in [0, 1]
  --thinking N                  Extended thinking budget in tokens (0 = off)
  --image FILE                  Attach an image (.png, .jpg, .jpeg, .gif, .webp); repeatable
  --document FILE               Attach a document (.pdf, or .txt/.md as text), titled with its file name; repeatable
  --tools FILE.json             Tools the model may call: a JSON array in Anthropic's format
  --tool-choice C               auto, any, none or tool:NAME
  --messages FILE.json          The conversation so far: a JSON array of Anthropic messages. The prompt is then
                                optional; when given it is sent as a final user turn
  --beta NAME                   An anthropic-beta value; repeatable
  --no-cache                    Neither read nor write the response cache
  --refresh                     Skip the cache read, call upstream and overwrite the entry
  --json                        Print the whole response as JSON (with --stream: one chunk per line)
  --stream                      complete only: print text (and tool calls) as they are generated

  Images and documents go into the final user turn, before the prompt's text; without a prompt, into the
  conversation's last turn if it is the user's, else into a user turn of their own.

Common options:
  --addr host:port              Server address (default $MODELROUTER_ADDR, else localhost:$GRPC_PORT or 50051)
  --deadline-ms N               gRPC deadline in milliseconds (default 60000)
  -h, --help                    Show this help

Examples:
  modelrouter complete --image examples/pixel.png "What is in this picture?"
  modelrouter complete --tools examples/weather-tools.json "Use the tool: what's the weather in Paris?"
  modelrouter complete --tools examples/weather-tools.json --messages examples/tool-loop.json
  modelrouter count --document examples/hello.pdf "Summarise this"

Exit codes: 0 ok, 1 server or connection error, 2 bad usage (a missing or unreadable file included).
`;
