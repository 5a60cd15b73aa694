// The data migration that gives stored digest channels their platform ("slack:C123", "discord:123…"):
// rows written before it carried the bare id; after it the router can post without guessing.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPGlite, type Connection } from "../../src/store/driver.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../../src/store/migrate.ts";

const QUALIFY = "20261202010500_qualified_channel_ids";

describe("qualified channel ids migration (PGlite)", () => {
  let dir: string;
  let c: Connection;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mutual-channel-ids-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    c = await connectPGlite();
  });
  afterAll(async () => {
    await c?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("prefixes Slack and Discord channel ids once, leaving qualified ids and empty ones alone", async () => {
    const all = (await readMigrations(dir)).map((m) => m.name);
    expect(all).toContain(QUALIFY);
    // The database as it was before: every migration up to this one.
    const later = all.filter((name) => name >= QUALIFY);
    const held = await mkdtemp(path.join(tmpdir(), "mutual-channel-ids-held-"));
    for (const name of later) {
      await cp(path.join(dir, name), path.join(held, name), { recursive: true });
      await rm(path.join(dir, name), { recursive: true });
    }
    await migrate(c, dir);
    await c.query(`INSERT INTO "Workspace" (id, platform, "externalId") VALUES ('w1', 'SLACK', 'T1')`);
    const rows: Array<[string, string | null]> = [
      ["p1", "C0GENERAL"],
      ["p2", "1234567890123456789"],
      ["p3", "slack:C0DONE"],
      ["p4", null],
    ];
    for (const [id, channel] of rows) await c.query(`INSERT INTO "Project" (id, "workspaceId", slug, name, "channelId") VALUES ($1, 'w1', $1, $1, $2)`, [id, channel]);
    for (const name of later) await cp(path.join(held, name), path.join(dir, name), { recursive: true });
    await rm(held, { recursive: true, force: true });
    expect(await migrate(c, dir)).toEqual(later);
    const after = await c.query<{ id: string; channelId: string | null }>(`SELECT id, "channelId" FROM "Project" ORDER BY id`);
    expect(after.map((r) => [r.id, r.channelId])).toEqual([
      ["p1", "slack:C0GENERAL"],
      ["p2", "discord:1234567890123456789"],
      ["p3", "slack:C0DONE"],
      ["p4", null],
    ]);
  });
});
