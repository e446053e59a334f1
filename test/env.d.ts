// Types for `env` and `exports` inside tests: the Worker's own Env and its default handler.
declare namespace Cloudflare {
  interface Env extends WorkerEnv {}
  interface Exports {
    default: Fetcher;
  }
}
type WorkerEnv = import("../worker/env").Env;
