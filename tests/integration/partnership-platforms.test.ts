// One project shared by a Slack workspace and a Discord server, end to end through the real adapters
// (Bolt's HTTP receiver and discord.js on the gateway) against the fakes, behind one chat port as in
// production (src/main.ts): invite on Slack, join on Discord, kudos across, a prompt that
// reaches both, and a summary that counts both.
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DiscordAdapter } from "../../src/adapters/discord/discord.ts";
import { connect } from "../../src/adapters/router.ts";
import { SlackAdapter } from "../../src/adapters/slack/slack.ts";
import { commands } from "../../src/core/commands/index.ts";
import type { Json } from "../fakes/discord.ts";
import { FakeDiscord, type FakeUser } from "../fakes/discord.ts";
import { blockSuggestionPayload, FakeSlack, interactionBody, postSigned, slashCommandBody, viewSubmissionPayload } from "../fakes/slack.ts";
import { FORM_CALLBACK, formModal } from "../../src/adapters/slack/render.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { discordConfig, interactionOptions } from "../helpers/discord.ts";
import { slackConfig, unescape } from "../helpers/slack.ts";

const KOFI = "U02KOFI";
const AMINA = "U01AMINA";
const joao: FakeUser = { id: "300000000000000003", username: "joao", global_name: "João", locale: "pt-BR" };

let slackFake: FakeSlack;
let discordFake: FakeDiscord;
let slack: SlackAdapter;
let discord: DiscordAdapter;
let app: TestApp;
let eventsUrl: string;
let requests = 0;

beforeAll(async () => {
  slackFake = await FakeSlack.start();
  slackFake.addUser({ id: KOFI, name: "kofi", real_name: "Kofi Mensah", tz: "Africa/Accra", locale: "en-GB" });
  slackFake.addUser({ id: AMINA, name: "amina", real_name: "Amina Yusuf", tz: "Africa/Nairobi", locale: "en-KE" });
  discordFake = await FakeDiscord.start({ users: [joao], heartbeatIntervalMs: 1_000 });
  const logger = pino({ level: "silent" });
  slack = new SlackAdapter({
    config: slackConfig(slackFake),
    commands,
    process: (event) => app.mutual.process(event),
    form: (event, command, title) => app.mutual.form(event, command, title),
    suggest: (event, option, typed) => app.mutual.suggest(event, option, typed),
    health: (req, res) => app.health(req, res),
    logger,
  });
  discord = new DiscordAdapter({
    config: discordConfig(discordFake),
    commands,
    process: (event) => app.mutual.process(event),
    suggest: (event, option, typed) => app.mutual.suggest(event, option, typed),
    form: (event, command, title) => app.mutual.form(event, command, title),
    logger,
  });
  // Both adapters behind one chat port, as src/main.ts wires them.
  const wiring = connect([slack, discord]);
  app = await startTestApp("postgres", {}, { chat: wiring.chat });
  await wiring.start();
  eventsUrl = `http://127.0.0.1:${slack.port}/slack/events`;
}, 60_000);

afterAll(async () => {
  await slack?.stop();
  await discord?.stop();
  await app?.stop();
  await slackFake?.close();
  await discordFake?.close();
});

/** `/mutual …` on Slack; the replies' texts once answered (and the notices it caused sent). */
async function onSlack(user: string, text: string): Promise<string> {
  const id = `p${++requests}`;
  await postSigned(eventsUrl, slackFake.signingSecret, { body: slashCommandBody(slackFake, { userId: user, text, responseUrlId: id }), contentType: "application/x-www-form-urlencoded" });
  await slack.drain();
  await app.scheduler.settle();
  return slackFake.responses.filter((r) => r.id === id).map((r) => unescape(String(r.body.text ?? ""))).join("\n");
}

/** `/mutual …` on Discord, in the server; the reply and follow-ups once answered. */
async function onDiscord(user: FakeUser, text: string): Promise<string> {
  const { name, options } = interactionOptions(text);
  const payload = discordFake.chatInput({ user, guildId: discordFake.guilds[0]!.id, name, options });
  const callback = await discordFake.interact(payload);
  await discord.drain();
  await app.scheduler.settle();
  const token = payload.token as string;
  const first = callback.type === 5 ? discordFake.original(token)?.content : callback.data?.content;
  return [...(first !== undefined ? [String(first)] : []), ...discordFake.followUps(token).map((m: Json) => m.content)].join("\n");
}

it("a project shared by a Slack workspace and a Discord server", async () => {
  expect(await onSlack(KOFI, 'project create "Coastal Resilience" slug=coastal')).toContain("You are its lead");
  expect(await onSlack(AMINA, "project join coastal")).toContain("Welcome to Coastal Resilience");
  // Before the invitation the Discord server can't name the project.
  expect(await onDiscord(joao, "project members coastal")).toMatch(/^⚠/);

  const invite = await onSlack(KOFI, "project invite coastal");
  const code = /Invitation to Coastal Resilience: ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})/.exec(invite)![1]!;
  // João's Discord client is in Portuguese.
  expect(await onDiscord(joao, `project join ${code}`)).toContain("Coastal Resilience");
  expect(await app.database.prisma.membership.count()).toBe(3);

  // Kudos across, both ways: a person of the other workspace is named by handle.
  const before = slackFake.callsTo("chat.postMessage").length;
  expect(await onDiscord(joao, 'kudos @kofi "pelo guia de campo"')).not.toMatch(/^⚠/);
  // Kofi is told on Slack (the outbox), in his DM.
  const told = slackFake.callsTo("chat.postMessage").slice(before);
  expect(told.some((c) => c.args.channel === `D${KOFI}` && JSON.stringify(c.args).includes("pelo guia de campo"))).toBe(true);
  expect(await onSlack(KOFI, 'kudos @joao "for translating the interviews"')).not.toMatch(/^⚠/);
  const joaoDm = discordFake.dmChannelOf(joao.id);
  // João is told on Discord, in his DM.
  expect(discordFake.messagesIn(joaoDm).some((m: Json) => JSON.stringify(m).includes("for translating the interviews"))).toBe(true);
  expect(await onSlack(KOFI, 'contribution add @joao "Interviews in Portuguese" roles=investigation,translation_interpretation')).not.toMatch(/^⚠/);

  // A prompt reaches both platforms.
  expect(await onSlack(KOFI, "schedule create every=weekly days=mon at=09:00")).toMatch(/^✓/);
  const dmBefore = discordFake.messagesIn(joaoDm).length;
  const slackBefore = slackFake.callsTo("chat.postMessage").length;
  expect(await onSlack(KOFI, "schedule fire #1")).toContain("Sent to 3 of 3 members");
  expect(discordFake.messagesIn(joaoDm).slice(dmBefore).some((m: Json) => m.components.length > 0)).toBe(true);
  const prompted = slackFake.callsTo("chat.postMessage").slice(slackBefore).map((c) => c.args.channel);
  expect(prompted).toEqual(expect.arrayContaining([`D${KOFI}`, `D${AMINA}`]));

  // The summary counts both workspaces.
  const summary = await onSlack(KOFI, "summary by=person");
  expect(summary).toContain("João");
  const thanks = await app.database.prisma.acknowledgement.findMany({ include: { toPerson: { include: { accounts: { include: { workspace: true } } } } } });
  expect(new Set(thanks.map((k) => k.toPerson!.accounts[0]!.workspace.platform))).toEqual(new Set(["SLACK", "DISCORD"]));
}, 120_000);

/** The account ids of the person a thank-you with this message went to. */
async function thankedAccounts(message: string): Promise<string[]> {
  const thanks = await app.database.prisma.acknowledgement.findFirstOrThrow({ where: { message }, include: { toPerson: { include: { accounts: true } } } });
  return thanks.toPerson!.accounts.map((a) => a.externalId);
}

it("offers the project's members of the Slack workspace as João types a name on Discord, and the one picked is thanked", async () => {
  // Discord's user picker only has the server's members: Kofi and Amina must be typed, so autocomplete offers them.
  const guildId = discordFake.guilds[0]!.id;
  const typing = async (value: string, project?: string) => {
    const options = [{ type: 3, name: "who-name", value, focused: true }, ...(project ? [{ type: 3, name: "project", value: project }] : [])];
    const callback = await discordFake.interact(discordFake.autocomplete({ user: joao, guildId, name: "kudos", options }));
    await discord.drain();
    expect(callback.type).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    return callback.data!.choices as Array<{ name: string; value: string }>;
  };
  expect(await typing("ko", "coastal")).toEqual([{ name: "kofi (@kofi)", value: "@kofi" }]);
  // Without a project named, João's projects' members; never João himself.
  expect((await typing("")).map((c) => c.value)).toEqual(expect.arrayContaining(["@kofi", "@amina"]));
  expect((await typing("")).map((c) => c.value)).not.toContain("@joao");

  const [picked] = await typing("kof", "coastal");
  const options = [
    { type: 3, name: "who-name", value: picked!.value },
    { type: 3, name: "message", value: "pela maré de ontem" },
    { type: 3, name: "project", value: "coastal" },
  ];
  const payload = discordFake.chatInput({ user: joao, guildId, name: "kudos", options });
  await discordFake.interact(payload);
  await discord.drain();
  expect(await thankedAccounts("pela maré de ontem")).toEqual([KOFI]);
});

it("suggests the project's members of the Discord server in a Slack form as Kofi types, and the one picked is thanked", async () => {
  // The kudos form's "who" is an external_select: Slack asks for options as Kofi types.
  const clicked = { id: "slack:T:form", platform: "slack", workspace: { externalId: slackFake.teamId }, user: { externalId: KOFI, displayName: "kofi" }, text: "kudos" };
  const opened = await app.mutual.form(clicked, "kudos", "Thanks");
  const view = { ...formModal(opened!, { command: "kudos" }), id: "V0KUDOS" } as Record<string, unknown>;
  expect((view.blocks as Json[]).find((b) => b.block_id === "who")!.element).toMatchObject({ type: "external_select", action_id: "value" });
  const typing = async (value: string) => {
    const body = interactionBody(slackFake, blockSuggestionPayload(slackFake, { userId: KOFI, view, blockId: "who", value }));
    const res = await postSigned(eventsUrl, slackFake.signingSecret, { body, contentType: "application/x-www-form-urlencoded" });
    expect(res.status).toBe(200);
    return (JSON.parse(res.text) as { options: Array<{ text: { text: string }; value: string }> }).options.map((o) => [o.text.text, o.value]);
  };
  // What was typed comes first (an institution or a handle may be named), then João, of the Discord server.
  expect(await typing("jo")).toEqual([["jo", "jo"], ["João (@joao)", "@joao"]]);
  // Amina is of Kofi's own workspace (a mention away): not offered by handle.
  expect((await typing("am")).map(([, value]) => value)).toEqual(["am"]);

  const values = {
    who: { value: { type: "external_select", selected_option: { text: { type: "plain_text", text: "João (@joao)" }, value: "@joao" } } },
    message: { value: { type: "plain_text_input", value: "pelas entrevistas" } },
  };
  const submitted = viewSubmissionPayload(slackFake, { userId: KOFI, view: { ...view, callback_id: FORM_CALLBACK }, values });
  await postSigned(eventsUrl, slackFake.signingSecret, { body: interactionBody(slackFake, submitted), contentType: "application/x-www-form-urlencoded" });
  await slack.drain();
  await app.scheduler.settle();
  expect(await thankedAccounts("pelas entrevistas")).toEqual([joao.id]);
});
