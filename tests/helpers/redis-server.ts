// A Redis of a test's own (redis-server on a free port, no persistence), to kill and restart without
// touching the shared one at 6379 that every other test uses.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import net from "node:net";

export interface TestRedisServer {
  url: string;
  port: number;
  /** SIGKILL: the outage an operator sees when Redis crashes. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port; resolves once it accepts connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d;
      if (/Ready to accept connections/.test(out)) {
        child.stdout!.off("data", onData);
        child.stdout!.resume(); // keep draining
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${out.slice(-500)}`)));
  });
}

export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port);
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
    child = undefined;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    async restart() {
      await kill();
      child = await launch(port);
    },
    stop: kill,
  };
}
