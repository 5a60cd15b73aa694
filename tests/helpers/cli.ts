// Runs the built CLI (dist/main.js, which `npm test` builds first) as a child process.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { onTestFinished } from "vitest";

export const MAIN = path.resolve("dist/main.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI with `input` piped to stdin (null: stdin left open) and only `env` (plus PATH and HOME) in
 * its environment. signalWhen: send SIGTERM once stderr matches (e.g. the start-up log line).
 */
export function runCli(input: string | null, env: Record<string, string>, { signalWhen }: { signalWhen?: RegExp } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      // Health endpoints off unless a test asks: the default port (9464) is shared by everything on this machine.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", MUTUAL_HEALTH_PORT: "off", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // A test that times out must not leave its CLI running: it would still hold the embedded
    // database (and its lock) when the next test starts on the same directory.
    try {
      onTestFinished(async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      });
    } catch {
      // called outside a test (a beforeAll): the hook's own timeout applies
    }
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    let signalled = false;
    child.stderr.on("data", (d) => {
      stderr += d;
      if (signalWhen && !signalled && signalWhen.test(stderr)) {
        signalled = true;
        child.kill("SIGTERM");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (input !== null) child.stdin.end(input);
  });
}
