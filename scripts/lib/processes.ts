// The pieces of a local stack (database, WebSocket proxy, wrangler, later a web demo server)
// as a list of services, stopped in reverse start order so nothing loses its dependency
// while it is still serving.
import { spawn } from "node:child_process";
import fs from "node:fs";

export interface Service {
  name: string;
  stop(): Promise<void>;
  /** Child processes only: settles with the exit code (or signal) when the process ends. */
  exited?: Promise<number | string | null>;
}

export interface ChildService extends Service {
  exited: Promise<number | string | null>;
  /** Recent output, for error messages when the output is not shown live. */
  tail(): string;
}

export class Services {
  private readonly list: Service[] = [];
  private stopping?: Promise<void>;
  private reportCrash!: (message: string) => void;
  /** Settles when a child process exits on its own (not because we stopped it). */
  readonly crashed = new Promise<string>((resolve) => (this.reportCrash = resolve));

  constructor(private readonly log: (message: string) => void = () => {}) {}

  add<T extends Service>(service: T): T {
    this.list.push(service);
    service.exited?.then((code) => {
      if (!this.stopping) this.reportCrash(`${service.name} exited unexpectedly (${code})`);
    });
    return service;
  }

  /** Idempotent: a Ctrl-C tends to arrive more than once (from the terminal and from npm). */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of [...this.list].reverse()) {
        const started = performance.now();
        try {
          await service.stop();
          this.log(`stopped ${service.name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        } catch (err) {
          console.error(`stopping ${service.name} failed:`, err);
        }
      }
    })();
    return this.stopping;
  }
}

/** SIGTERM, then SIGKILL after this long: workerd ignores SIGTERM once wrangler is gone. */
const STOP_TIMEOUT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether any process of the group still runs. Exited grandchildren are reparented to PID 1,
 * and some container inits reap them late or never: on Linux, read /proc and ignore zombies
 * (state Z), which a plain kill(-pgid, 0) would count as alive.
 */
function groupAlive(pgid: number): boolean {
  if (fs.existsSync("/proc/self/stat")) {
    return fs.readdirSync("/proc").some((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        // Fields after the parenthesised command name: state, ppid, pgrp, ...
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(pgrp) === pgid && state !== "Z";
      } catch {
        return false; // exited while we looked
      }
    });
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts a long-running child in its own process group. The terminal's Ctrl-C then reaches only
 * our script, which stops children in order; and signalling the group also reaches the
 * grandchildren (wrangler runs workerd), so nothing is left behind.
 */
export function spawnService(
  name: string,
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; quiet?: boolean; cwd?: string; onOutput?: (chunk: string) => void } = {},
): ChildService {
  const child = spawn(command, args, {
    env: opts.env,
    cwd: opts.cwd,
    detached: true,
    stdio: ["ignore", opts.quiet ? "pipe" : "inherit", opts.quiet ? "pipe" : "inherit"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
    opts.onOutput?.(chunk.toString());
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | string | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal));
    child.once("error", (err) => resolve(err.message));
  });

  const stop = async () => {
    const pgid = child.pid;
    if (!pgid || !groupAlive(pgid)) return;
    signalGroup(pgid, "SIGTERM");
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
    if (groupAlive(pgid)) {
      console.error(`${name} did not stop within the timeout: killing it`);
      signalGroup(pgid, "SIGKILL");
    }
    await exited;
  };
  return { name, exited, stop, tail: () => output };
}

/** Runs `handler` once on the first SIGINT/SIGTERM/SIGHUP; later signals are ignored. */
export function onShutdownSignal(handler: (signal: NodeJS.Signals) => void) {
  let fired = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (fired) return;
      fired = true;
      handler(signal);
    });
  }
}
