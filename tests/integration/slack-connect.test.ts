// Slack Connect: people of another organisation in a channel shared with the installation's workspace.
// A Connect user is a person of their own team's workspace (users.info's team_id, else the payload's
// account of them), never of the installation's: their profile and projects are the same wherever they
// meet Mutual, and a project spanning both organisations is joined with an invitation code. Signed
// requests shaped as Slack sends them in a shared channel: the envelope's team and authorizations name
// the installation, `user.team_id` / `user_team` the person's own team, and an org-wide install sends
// `team: null`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_PREFIX, FORM_CALLBACK } from "../../src/adapters/slack/render.ts";
import { blockActionsPayload, eventBody, interactionBody, slashCommandBody, viewSubmissionPayload, type SlackUser } from "../fakes/slack.ts";
import { startSlack, unescape, type SlackHarness } from "../helpers/slack.ts";

const FORM = "application/x-www-form-urlencoded";
const PARTNER_TEAM = "T0PARTNER";
const SHARED = "C0SHARED";
const kofi: SlackUser = { id: "U0KOFI", name: "kofi", tz: "Africa/Accra" };
/** Of the partner organisation, in the shared channel. */
const ana: SlackUser = { id: "U0ANA", name: "ana", tz: "America/Sao_Paulo", team_id: PARTNER_TEAM };

let h: SlackHarness;
/** The workspaces (Slack teams) where Mutual has an account for this user id. */
const teamsOf = async (userId: string) =>
  (await h.app.database.prisma.platformAccount.findMany({ where: { externalId: userId }, include: { workspace: true } })).map((a) => a.workspace.externalId);
const slash = async (user: string, text: string, o: { teamId?: string; channelId?: string } = {}) => {
  const id = `connect-${Math.random().toString(36).slice(2)}`;
  const body = slashCommandBody(h.fake, { userId: user, text, responseUrlId: id, channelId: o.channelId ?? SHARED, ...(o.teamId && { teamId: o.teamId }) });
  await h.post(body, FORM);
  return h.fake.responses.filter((r) => r.id === id).map((r) => unescape(String(r.body.text ?? ""))).join("\n");
};

describe("Slack Connect users (a shared channel with another organisation)", () => {
  let code = "";
  beforeAll(async () => {
    h = await startSlack("postgres");
    h.fake.addUser(kofi);
    h.fake.addUser(ana);
    const created = await slash(kofi.id, 'project create "Shared Tides" slug=tides');
    if (!created.includes("Shared Tides")) throw new Error(created);
    const invited = await slash(kofi.id, "project invite tides");
    code = /([A-Z0-9]{4}(?:-[A-Z0-9]{4})+)/.exec(invited)?.[1] ?? `none in: ${invited}`;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("keeps the installation's own people in the installation's workspace", async () => {
    expect(await teamsOf(kofi.id)).toEqual([h.fake.teamId]);
  });

  it("makes a Connect user running /mutual in the shared channel a person of their own team, who joins by invitation code", async () => {
    // Which team a shared channel's slash command names for an external user: either way, the person is of their own team.
    const joined = await slash(ana.id, `project join ${code}`, { teamId: h.fake.teamId });
    expect(joined).toContain("Shared Tides");
    expect(await slash(ana.id, "project list", { teamId: PARTNER_TEAM })).toContain("Shared Tides");
    expect(await teamsOf(ana.id)).toEqual([PARTNER_TEAM]);
    const include = { workspace: true, memberships: { include: { person: true } } };
    const waters = await h.app.database.prisma.project.findFirstOrThrow({ where: { slug: "tides" }, include });
    expect(waters.workspace.externalId).toBe(h.fake.teamId);
    expect(waters.memberships.map((m) => m.person.displayName).sort()).toEqual(["ana", "kofi"]);
  });

  it("is the same person from a button (team: the user's own) and from an app mention (user_team) in the shared channel", async () => {
    const clicked = blockActionsPayload(h.fake, {
      userId: ana.id,
      channelId: SHARED,
      messageTs: "1700000000.000100",
      actionId: `${ACTION_PREFIX}run:0:list`,
      value: "project members tides",
      responseUrlId: "connect-click",
      team: { id: PARTNER_TEAM, domain: "partner" },
    });
    await h.post(interactionBody(h.fake, clicked), FORM);
    expect(h.fake.responses.filter((r) => r.id === "connect-click").map((r) => String(r.body.text)).join("\n")).toContain("kofi");

    const posted = h.fake.callsTo("chat.postEphemeral").length;
    const mention = {
      type: "app_mention",
      user: ana.id,
      user_team: PARTNER_TEAM,
      source_team: PARTNER_TEAM,
      team: PARTNER_TEAM,
      text: `<@${h.fake.botUserId}> project list`,
      ts: "1700000000.000200",
      channel: SHARED,
      event_ts: "1700000000.000200",
    };
    await h.post(eventBody(h.fake, mention, { externallyShared: true }), "application/json");
    const said = h.fake.callsTo("chat.postEphemeral").slice(posted).map((c) => String(c.args.text)).join("\n");
    expect(said).toContain("Shared Tides");
    expect(await teamsOf(ana.id)).toEqual([PARTNER_TEAM]);
  });

  it("thanks across the two organisations by mention, each to the one person they are, making no second person", async () => {
    const thanks = (message: string) =>
      h.app.database.prisma.acknowledgement.findFirstOrThrow({
        where: { message },
        include: { toPerson: { include: { accounts: { include: { workspace: true } } } } },
      });
    expect(await slash(kofi.id, `kudos <@${ana.id}|ana> "Thanks for the sampling" project=tides`)).toContain("ana");
    const toAna = await thanks("Thanks for the sampling");
    expect(toAna.toPerson!.accounts.map((a) => [a.externalId, a.workspace.externalId])).toEqual([[ana.id, PARTNER_TEAM]]);
    expect(await slash(ana.id, `kudos <@${kofi.id}|kofi> "Thanks for the boat" project=tides`)).toContain("kofi");
    const toKofi = await thanks("Thanks for the boat");
    expect(toKofi.toPerson!.accounts.map((a) => [a.externalId, a.workspace.externalId])).toEqual([[kofi.id, h.fake.teamId]]);
    expect(await teamsOf(ana.id)).toEqual([PARTNER_TEAM]);
    expect(await teamsOf(kofi.id)).toEqual([h.fake.teamId]);
  });

  it("takes the person's team from user.team_id when a form's payload has no team (org-wide install)", async () => {
    const metadata = JSON.stringify({ command: `kudos @kofi project=tides` });
    const view = { callback_id: FORM_CALLBACK, private_metadata: metadata, blocks: [{ type: "input", block_id: "message" }] };
    const values = { message: { value: { type: "plain_text_input", value: "Thanks for the tide gauges" } } };
    const submitted = viewSubmissionPayload(h.fake, { userId: ana.id, view, values, team: null });
    await h.post(interactionBody(h.fake, submitted), FORM);
    const thanks = await h.app.database.prisma.acknowledgement.findFirstOrThrow({
      where: { message: "Thanks for the tide gauges" },
      include: { fromPerson: { include: { accounts: { include: { workspace: true } } } } },
    });
    expect(thanks.fromPerson!.accounts.map((a) => a.workspace.externalId)).toEqual([PARTNER_TEAM]);
    expect(await teamsOf(ana.id)).toEqual([PARTNER_TEAM]);
  });

  it("falls back to the payload's account of the person (user.team_id) when users.info can't say, and no team is sent", async () => {
    // Not in the fake's directory: users.info answers user_not_found, as for a user the token may not see.
    const stranger = "U0STRANGER";
    const clicked = blockActionsPayload(h.fake, {
      userId: stranger,
      channelId: SHARED,
      messageTs: "1700000000.000300",
      actionId: `${ACTION_PREFIX}run:0:list`,
      value: "project list",
      responseUrlId: "connect-stranger",
      team: null,
    });
    (clicked.user as Record<string, string>).team_id = PARTNER_TEAM;
    await h.post(interactionBody(h.fake, clicked), FORM);
    expect(await teamsOf(stranger)).toEqual([PARTNER_TEAM]);
  });
});
