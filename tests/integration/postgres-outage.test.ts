// PostgreSQL becomes unreachable mid-session (a local TCP proxy in front of it is cut) and comes
// back: commands say the database is unavailable and nothing was saved, /readyz turns 503 with the
// reason, and everything recovers by itself. The embedded scheduler runs here (no Redis involved).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unavailableMessage } from "../../src/core/errors.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.ts";
import { ADMIN_DATABASE_URL } from "../helpers/env.ts";

/** A TCP proxy to PostgreSQL that can be cut (listener closed, connections reset) and restored on the same port. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("error", () => undefined);
        s.on("close", () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    port = (server!.address() as net.AddressInfo).port;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    async cut() {
      const closed = new Promise((resolve) => server!.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
    restore: listen,
  };
}

async function get(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe("a PostgreSQL outage", () => {
  let db: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startProxy(new URL(ADMIN_DATABASE_URL));
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    app = await startTestApp("pglite", { database: { url: url.toString() }, redisUrl: undefined, healthPort: 0 });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.cut().catch(() => undefined);
    await db?.drop();
  });

  it("says the database is unavailable and nothing was saved, turns /readyz 503, and recovers by itself", async () => {
    const port = app.healthPort!;
    expect(await app.say("amina", "profile tz=Africa/Nairobi")).toContain("Profile saved");
    expect(await get(port, "/readyz")).toEqual({ status: 200, body: '{"status":"ready","database":"ok","scheduler":"ok"}\n' });

    await proxy.cut();
    for (const command of ["help", "profile tz=Europe/Paris", "kudos @joao for the maps"]) {
      const started = performance.now();
      const reply = await app.say("amina", command);
      expect(reply, command).toBe(`⚠ ${translator("en").msg(unavailableMessage("database"))}`);
      expect(reply).toContain("nothing was saved");
      expect(performance.now() - started).toBeLessThan(6_000);
    }
    const ready = await get(port, "/readyz");
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ status: "unavailable", database: expect.stringMatching(/^unreachable \(/), scheduler: "ok" });
    expect((await get(port, "/healthz")).status).toBe(200); // alive, only not ready

    await proxy.restore();
    expect(await app.say("amina", "profile")).toMatch(/time zone:\s+Africa\/Nairobi/); // the outage changed nothing
    expect((await get(port, "/readyz")).status).toBe(200);
    const metrics = (await get(port, "/metrics")).body;
    expect(metrics).toMatch(/^mutual_commands_total\{command="help",outcome="unavailable"\} 1$/m);
  });
});
