// A scheduled prompt to a large project on Discord: every member gets exactly one DM, and the
// fan-out stays under Discord's global limit (50 requests a second) without a single 429, so it
// never counts towards the invalid-request limit either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUser } from "../fakes/discord.ts";
import { startDiscord, type DiscordHarness } from "../helpers/discord.ts";

const MEMBERS = 120;
const lead: FakeUser = { id: "310000000000000000", username: "lead" };
const members: FakeUser[] = Array.from({ length: MEMBERS }, (_, i) => ({ id: String(310000000000000001n + BigInt(i)), username: `member${i}` }));

let h: DiscordHarness;

describe("Discord DM fan-out under the rate limits", () => {
  beforeAll(async () => {
    h = await startDiscord("postgres", { users: [lead, ...members] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it(`sends a scheduled prompt to ${MEMBERS} members once each, with no 429 and at most 50 requests in any second`, async () => {
    await h.slash(lead, 'project create "Big Team" slug=big');
    // Members join through the core directly: the point here is the sending, not 120 interactions.
    for (const m of members) {
      const { replies } = await h.app.mutual.process({
        id: `discord:${h.guildId}:join:${m.id}`,
        platform: "discord",
        workspace: { externalId: h.guildId },
        user: { externalId: m.id, displayName: m.username, handle: m.username },
        text: "project join big",
      });
      expect(replies[0]!.tone).toBe("success");
    }
    await h.slash(lead, "schedule create set=mutual-learning every=daily at=09:00");
    const started = Date.now();
    const fired = await h.slash(lead, "schedule fire #1");
    const seconds = (Date.now() - started) / 1000;
    expect(fired.type).toBe(5); // deferred: the fan-out takes longer than 3 s
    expect(fired.replies.join("\n")).toContain(`Sent to ${MEMBERS + 1} of ${MEMBERS + 1} members`);

    for (const m of [lead, ...members]) {
      const prompts = h.fake.messagesIn(h.fake.dmChannelOf(m.id)).filter((msg) => msg.components.length > 0);
      expect(prompts, m.username).toHaveLength(1);
    }
    expect(h.fake.rateLimited).toEqual([]);
    const busiest = h.fake.maxRequestsInAnySecond();
    expect(busiest).toBeLessThanOrEqual(50);
    const requests = h.fake.calls.filter((c) => c.at >= started).length;
    console.info(`Discord fan-out: ${MEMBERS + 1} DMs, ${requests} REST requests in ${seconds.toFixed(1)} s; busiest second ${busiest} requests; 429s: 0`);
  }, 60_000);
});
