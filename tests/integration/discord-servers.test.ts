// A bot in several Discord servers: a DM carries no server, so Mutual places it by where it knows the
// person. Known in one server: served there. Known in several: asked which, with one button per
// server, and nothing changes until one is picked. Known nowhere: told to use Mutual in a server first.
// The real discord.js client (gateway: READY, then one GUILD_CREATE per server) against the fake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_FORM_PREFIX, SERVER_PREFIX } from "../../src/adapters/discord/discord.ts";
import { translator } from "../../src/core/i18n/index.ts";
import type { FakeUser, Json } from "../fakes/discord.ts";
import { startDiscord, type DiscordHarness } from "../helpers/discord.ts";
import { fingerprint } from "../helpers/snapshot.ts";

const COAST = { id: "400000000000000001", name: "Coastal Lab" };
const CERRADO = { id: "400000000000000002", name: "Cerrado Network" };
/** Mutual knows her in both servers; her client is in French. */
const amina: FakeUser = { id: "300000000000000011", username: "amina", global_name: "Amina", locale: "fr" };
/** Known in the Coastal Lab only. */
const kofi: FakeUser = { id: "300000000000000012", username: "kofi", global_name: "Kofi", locale: "en-GB" };
/** Never used Mutual anywhere. */
const nia: FakeUser = { id: "300000000000000013", username: "nia", global_name: "Nia", locale: "en-US" };

let h: DiscordHarness;
const snapshot = () => fingerprint(h.app.database.connection);
const plain = (s: string) => s.replace(/\\([*_`~|>#\-.[\]()])/g, "$1").replace(/\*\*/g, "");
const buttonsOf = (data: Json | undefined): Json[] => ((data?.components ?? []) as Json[]).flatMap((row) => row.components as Json[]);
const workspaceOfProject = async (slug: string) =>
  (await h.app.database.prisma.project.findMany({ where: { slug }, include: { workspace: true } })).map((p) => p.workspace.externalId);

describe("Discord: a DM from someone in several servers", () => {
  beforeAll(async () => {
    h = await startDiscord("postgres", { users: [amina, kofi, nia], guilds: [COAST, CERRADO] });
    await h.slash(kofi, 'project create "Tides" slug=tides', { guildId: COAST.id });
    await h.slash(amina, 'project create "Coastal Maps" slug=maps', { guildId: COAST.id });
    await h.slash(amina, 'project create "Seeds" slug=seeds', { guildId: CERRADO.id });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("receives every server over the gateway (READY lists them unavailable, then a GUILD_CREATE each)", () => {
    expect([...h.adapter.client.guilds.cache.values()].map((g) => g.name).sort()).toEqual([CERRADO.name, COAST.name]);
  });

  it("serves a person known in one server in that server", async () => {
    const answered = await h.slash(kofi, "project list", { dm: true });
    expect(answered.replies.join("\n")).toContain("Tides");
    expect(answered.replies.join("\n")).not.toContain("Seeds");
  });

  it("asks someone known in two servers which one, in their language, with a button per server, and changes nothing", async () => {
    const before = await snapshot();
    const answered = await h.slash(amina, 'project create "Delta" slug=delta', { dm: true });
    const fr = translator("fr");
    expect(plain(answered.replies.join("\n"))).toBe(fr("discord.whichServer", { servers: fr.list([COAST.name, CERRADO.name], "or") }));
    const buttons = buttonsOf(h.fake.interactionResponse(answered.payload.id)?.data);
    expect(buttons.map((b) => b.label)).toEqual([COAST.name, CERRADO.name]);
    expect(buttons.map((b) => b.custom_id)).toEqual([COAST.id, CERRADO.id].map((g) => `${SERVER_PREFIX}${g}:project create slug="delta" name="Delta"`));
    expect(answered.flags[0]! & (1 << 6)).toBe(1 << 6); // ephemeral
    expect(await snapshot()).toEqual(before);
  });

  it("runs the command in the server picked, once however often the button is pressed", async () => {
    const asked = await h.slash(amina, 'project create "Delta" slug=delta', { dm: true });
    const cerrado = buttonsOf(h.fake.interactionResponse(asked.payload.id)?.data).find((b) => b.label === CERRADO.name)!;
    const dm = h.fake.dmChannelOf(amina.id);
    const press = () => h.interact(h.fake.button({ user: amina, channelId: dm, customId: cerrado.custom_id, message: { id: "500000000000000001" } }));
    const first = await press();
    expect(first.replies.join("\n")).toContain("Delta");
    const again = await press();
    expect(again.replies).toEqual(first.replies); // a double click gets the first answer again
    expect(await workspaceOfProject("delta")).toEqual([CERRADO.id]);
    // And reading back in that server, by the same route:
    const listed = await h.slash(amina, "project list", { dm: true });
    const list = buttonsOf(h.fake.interactionResponse(listed.payload.id)?.data).find((b) => b.label === COAST.name)!;
    const coast = await h.interact(h.fake.button({ user: amina, channelId: dm, customId: list.custom_id, message: { id: "500000000000000002" } }));
    expect(coast.replies.join("\n")).toContain("Coastal Maps");
    expect(coast.replies.join("\n")).not.toContain("Seeds");
  });

  it("opens a form button's form for the server picked, and its answer is recorded there", async () => {
    const dm = h.fake.dmChannelOf(amina.id);
    const formButton = h.fake.button({ user: amina, channelId: dm, customId: "mutual:form:project create", message: { id: "500000000000000004" } });
    const asked = await h.interact(formButton);
    const cerrado = buttonsOf(h.fake.interactionResponse(asked.payload.id)?.data).find((b) => b.label === CERRADO.name)!;
    expect(cerrado.custom_id).toBe(`${SERVER_FORM_PREFIX}${CERRADO.id}:project create`);
    const opened = await h.interact(h.fake.button({ user: amina, channelId: dm, customId: cerrado.custom_id, message: { id: "500000000000000005" } }));
    expect(opened.type).toBe(9); // MODAL
    const modal = h.fake.interactionResponse(opened.payload.id)!.data!;
    expect(modal.custom_id).toBe(`${SERVER_PREFIX}${CERRADO.id}:project create`);
    const submitted = await h.interact(h.fake.modalSubmit({ user: amina, channelId: dm, customId: modal.custom_id, fields: { name: "Estuary" } }));
    expect(submitted.replies.join("\n")).toContain("Estuary");
    expect(await workspaceOfProject("estuary")).toEqual([CERRADO.id]);
  });

  it("refuses a server button for a server where Mutual doesn't know the person, changing nothing", async () => {
    const before = await snapshot();
    const dm = h.fake.dmChannelOf(kofi.id);
    const customId = `${SERVER_PREFIX}${CERRADO.id}:project create name="Sneaky"`;
    const forged = await h.interact(h.fake.button({ user: kofi, channelId: dm, customId, message: { id: "500000000000000003" } }));
    expect(plain(forged.replies.join("\n"))).toContain(translator("en")("discord.notLinked"));
    expect(await snapshot()).toEqual(before);
  });

  it("tells someone Mutual knows in no server to use it in one first, changing nothing", async () => {
    const before = await snapshot();
    const answered = await h.slash(nia, "project list", { dm: true });
    expect(plain(answered.replies.join("\n"))).toContain(translator("en")("discord.notLinked"));
    expect(await snapshot()).toEqual(before);
  });

  it("asks the same of a plain DM: a short command gets buttons, a long answer is told to use the server", async () => {
    const dm = h.fake.dmChannelOf(amina.id);
    const before = await snapshot();
    const count = h.fake.messagesIn(dm).length;
    await h.fake.sendMessage({ author: amina, channelId: dm, content: "project list" });
    await h.fake.waitForCall("POST", `/channels/${dm}/messages`, (c) => c.status === 200 && h.fake.messagesIn(dm).length > count);
    await h.adapter.drain();
    const [question] = h.fake.messagesIn(dm).slice(count);
    expect(buttonsOf(question as Json).map((b) => b.custom_id)).toEqual([COAST.id, CERRADO.id].map((g) => `${SERVER_PREFIX}${g}:project list`));

    const answer = "What I learned this week: the fishers' tide calendar predicts the king tides better than our model does.";
    await h.fake.sendMessage({ author: amina, channelId: dm, content: answer });
    await h.fake.waitForCall("POST", `/channels/${dm}/messages`, (c) => c.status === 200 && h.fake.messagesIn(dm).length > count + 1);
    await h.adapter.drain();
    const [told] = h.fake.messagesIn(dm).slice(count + 1);
    const en = translator("en"); // a plain DM carries no locale: the catalogue's default
    expect(plain(told!.content)).toBe(en("discord.whichServer.typeThere", { servers: en.list([COAST.name, CERRADO.name], "or") }));
    expect(told!.components).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
