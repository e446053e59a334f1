// Types for `exports` inside tests: the Worker's default handler. `env` is Cloudflare.Env, the
// Worker's own (worker/bindings.d.ts, completed with the secrets in worker/env.ts).
declare namespace Cloudflare {
  interface Exports {
    default: Fetcher;
  }
}
