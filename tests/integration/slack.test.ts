// The Slack adapter end to end: the real Bolt app (HTTP receiver) on the real app (PostgreSQL,
// Redis), driven by correctly signed requests in Slack's payload shapes, against a fake Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/core/commands/index.ts";
import { locateAction, tokenize } from "../../src/core/commands/parse.ts";
import { MESSAGE_SHORTCUTS } from "../../src/adapters/slack/manifest.ts";
import { FORM_ANSWER_MS } from "../../src/adapters/slack/slack.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { VISIBILITIES } from "../../src/core/vocabulary.ts";
import { blockActionsPayload, eventBody, interactionBody, messageShortcutPayload, postSigned, slashCommandBody, viewSubmissionPayload, type SlackCall } from "../fakes/slack.ts";
import { startSlack, unescape, type SlackHarness } from "../helpers/slack.ts";
import { AMINA, JOAO, KOFI, SCRIPT, TEAM } from "./slack-script.ts";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

let h: SlackHarness;

/** Every command path (`project create`, `kudos`, …) the definitions declare. */
const allPaths = () => commands.flatMap((c) => (c.action ? [c.name] : Object.keys(c.subcommands ?? {}).map((s) => `${c.name} ${s}`)));

const count = async () => {
  const db = h.app.database.prisma;
  return { contributions: await db.contribution.count(), acknowledgements: await db.acknowledgement.count(), responses: await db.promptResponse.count() };
};

/** All text of a posted message: fallback and block texts, as Slack received them (escaped). */
function allText(call: SlackCall): string {
  return JSON.stringify([call.args.text, call.args.blocks]);
}

describe("Slack adapter (Bolt HTTP receiver, fake Slack, PostgreSQL, Redis)", () => {
  beforeAll(async () => {
    h = await startSlack("postgres");
    for (const user of TEAM) h.fake.addUser(user);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("runs every command through /mutual, acknowledged at once, with the replies checked", async () => {
    for (const [user, text, expected] of SCRIPT) {
      const { status, ms, replies } = await h.slash(user, text);
      expect(status, text).toBe(200);
      expect(ms, `ack of ${text}`).toBeLessThan(3000);
      expect(replies.length, text).toBeGreaterThan(0);
      expect(replies[0], text).not.toMatch(/^⚠/);
      expect(replies.join("\n"), text).toContain(expected);
    }
    // The CSV export was uploaded to the lead's DM, not echoed in the channel.
    const csv = h.fake.files.find((f) => f.filename.endsWith(".csv"));
    expect(csv?.channelId).toBe(`D${KOFI}`);
    expect(csv?.content.toString("utf8")).toContain("Interviewed 40 fishers in Kilifi");
    // users.info filled each new person's zone and language.
    const joao = await h.app.database.prisma.person.findFirstOrThrow({ where: { accounts: { some: { externalId: JOAO } } } });
    expect([joao.timezone, joao.language, joao.displayName]).toEqual(["America/Sao_Paulo", "pt", "João"]);
  }, 120_000); // each ack is held to 3 s above; the walk grows with the commands (5 s idle, over 30 s on a loaded 2-core machine)

  it("serves the app's /healthz, /readyz and /metrics beside /slack/events", async () => {
    const base = h.eventsUrl.replace("/slack/events", "");
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", database: "ok", scheduler: "ok" }]);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^mutual_commands_total\{command="[a-z ]+",outcome="ok"\} \d+$/m);
  });

  it("the script touches every command the definitions declare (new commands must join it)", () => {
    const covered = new Set(SCRIPT.map(([, text]) => locateAction(commands, tokenize(text)).path));
    expect(allPaths().filter((p) => !covered.has(p))).toEqual([]);
  });

  it("refuses a bad signature, a stale or future timestamp and a tampered body with 401, and changes nothing", async () => {
    const before = await count();
    const responses = h.fake.responses.length;
    const body = slashCommandBody(h.fake, { userId: KOFI, text: `kudos <@${AMINA}|amina> forged` });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const attempts = [
      { body, contentType: FORM, signature: "v0=" + "0".repeat(64) },
      { body, contentType: FORM, timestamp: stale },
      // Signed correctly but stamped an hour ahead: replayable later, so refused like a stale one.
      { body, contentType: FORM, timestamp: Math.floor(Date.now() / 1000) + 60 * 60 },
      { body, contentType: FORM, tamper: (b: string) => b.replace("forged", "forgery") },
      { body: eventBody(h.fake, { type: "app_mention", user: KOFI, text: `<@UBOT> kudos <@${AMINA}> x`, channel: "C1", ts: "1.1" }), contentType: JSON_TYPE, signature: "v0=bad" },
    ] as const;
    for (const attempt of attempts) {
      const res = await postSigned(h.eventsUrl, h.fake.signingSecret, attempt);
      expect(res.status).toBe(401);
    }
    await h.adapter.drain();
    expect(await count()).toEqual(before);
    expect(h.fake.responses.length).toBe(responses);
  });

  it("records an event delivered four times (X-Slack-Retry-Num 1–3) once, with one reply", async () => {
    const before = await count();
    const ephemeral = h.fake.callsTo("chat.postEphemeral").length;
    const body = eventBody(h.fake, { type: "app_mention", user: KOFI, text: `<@UBOT> kudos <@${AMINA}> for the tide tables`, channel: "CCOAST", ts: "1700000001.000100", event_ts: "1700000001.000100" }, { eventId: "Ev0RETRY1" });
    for (const retryNum of [undefined, 1, 2, 3]) {
      const res = await h.post(body, JSON_TYPE, retryNum === undefined ? {} : { retryNum });
      expect(res.status).toBe(200);
    }
    expect(await count()).toEqual({ ...before, acknowledgements: before.acknowledgements + 1 });
    const replies = h.fake.callsTo("chat.postEphemeral").slice(ephemeral);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args).toMatchObject({ channel: "CCOAST", user: KOFI });
    expect(unescape(String(replies[0]!.args.text))).toContain("Thanks recorded for amina");
  });

  it("records kudos from the configured reaction once, however often it is delivered", async () => {
    const before = await count();
    const reaction = { type: "reaction_added", user: AMINA, reaction: "raised_hands", item_user: JOAO, item: { type: "message", channel: "CCOAST", ts: "1700000002.000200" }, event_ts: "1700000003.000300" };
    await h.post(eventBody(h.fake, reaction, { eventId: "Ev0REACT1" }), JSON_TYPE);
    await h.post(eventBody(h.fake, reaction, { eventId: "Ev0REACT1" }), JSON_TYPE, { retryNum: 1 });
    // Removed and added again: a new event, the same kudos.
    await h.post(eventBody(h.fake, reaction, { eventId: "Ev0REACT2" }), JSON_TYPE);
    // Another emoji, or one's own message, records nothing.
    await h.post(eventBody(h.fake, { ...reaction, reaction: "thumbsup" }, { eventId: "Ev0REACT3" }), JSON_TYPE);
    await h.post(eventBody(h.fake, { ...reaction, item_user: AMINA }, { eventId: "Ev0REACT4" }), JSON_TYPE);
    expect(await count()).toEqual({ ...before, acknowledgements: before.acknowledgements + 1 });
    const ack = await h.app.database.prisma.acknowledgement.findFirstOrThrow({ orderBy: { createdAt: "desc" }, include: { toPerson: true } });
    expect(ack.toPerson?.displayName).toBe("João");
    expect(ack.message).toContain(":raised_hands:");
  });

  it("acknowledges a command at once while its handler is still working (past Slack's 3 s, however long), and answers later", async () => {
    // The handler is held until the ack has arrived: an adapter that waited for it would never ack.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.setProcess((inner) => async (event) => {
      await held;
      return inner(event);
    });
    try {
      let answeredAtAck: number | undefined;
      const { status, ms, replies } = await h.slash(KOFI, "ping", {
        onAck: (id) => {
          answeredAtAck = h.fake.responses.filter((r) => r.id === id).length;
          release();
        },
      });
      expect(status).toBe(200);
      expect(ms).toBeLessThan(1_000);
      expect(answeredAtAck).toBe(0);
      expect(replies.join("\n")).toContain("pong");
    } finally {
      h.setProcess((inner) => inner);
    }
  });

  it("waits out a 429 with Retry-After on chat.postMessage and delivers the reply exactly once", async () => {
    const posted = h.fake.callsTo("chat.postMessage").length;
    h.fake.rateLimitNext("chat.postMessage", 1);
    const started = Date.now();
    await h.post(eventBody(h.fake, { type: "message", channel_type: "im", channel: `D${AMINA}`, user: AMINA, text: "help profile", ts: "1700000004.000400" }), JSON_TYPE);
    const delivered = h.fake.callsTo("chat.postMessage").slice(posted);
    expect(delivered).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(delivered[0]!.at - started).toBeGreaterThanOrEqual(1_000);
    expect(unescape(String(delivered[0]!.args.text))).toContain("profile");
  });

  it("echoes user text inert: no <!channel>, <!everyone> or <@U…> reaches Slack as markup, and no block is injected", async () => {
    const hostile = `<!channel> <!everyone> <!here> @channel <@${KOFI}> "}]},{"type":"section","text":{"type":"mrkdwn","text":"<!channel>"}}`;
    const posted = h.fake.callsTo("chat.postMessage").length;
    const { replies } = await h.slash(KOFI, `kudos <@${JOAO}|joao> ${hostile}`);
    expect(replies[0]).toContain("Thanks recorded for João");
    // The thank-you DM to João quotes the message: escaped, verbatim, inside one section.
    const dm = h.fake.callsTo("chat.postMessage").slice(posted).find((c) => c.args.channel === `D${JOAO}`)!;
    const text = allText(dm);
    expect(text).not.toMatch(/<!channel>|<!everyone>|<!here>|<@U02KOFI>/);
    expect(text).toContain("&lt;!channel&gt;");
    const blocks = dm.args.blocks as Array<{ type: string; text?: { type: string; verbatim?: boolean } }>;
    expect(blocks.every((b) => b.type !== "section" || b.text?.type !== "mrkdwn" || b.text.verbatim === true)).toBe(true);
    expect(blocks.filter((b) => b.type === "section")).toHaveLength(1);
    expect([String(dm.args.link_names), dm.args.parse]).toEqual(["false", "none"]);
  });

  it("sends a scheduled prompt as a DM with buttons; Answer opens a modal whose answer is stored with its visibility", async () => {
    const { replies } = await h.slash(KOFI, "schedule create set=forms-of-knowledge every=daily at=09:00");
    const number = /#(\d+)/.exec(replies[0]!)![1];
    const posted = h.fake.callsTo("chat.postMessage").length;
    expect((await h.slash(KOFI, `schedule fire #${number}`)).replies[0]).toContain("Sent to 2 of 2 members");
    const prompt = h.fake.callsTo("chat.postMessage").slice(posted).find((c) => c.args.channel === `D${AMINA}`)!;
    const message = h.fake.messages.find((m) => m.channel === `D${AMINA}` && m.text === prompt.args.text)!;
    const buttons = (prompt.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>).find((b) => b.type === "actions")!.elements!;
    expect(buttons.map((b) => b.text.text)).toEqual(["Answer", "Skip"]);
    const answer = buttons[0]!;

    await h.post(interactionBody(h.fake, blockActionsPayload(h.fake, { userId: AMINA, channelId: `D${AMINA}`, messageTs: message.ts, actionId: answer.action_id, value: answer.value })), FORM);
    const opened = h.fake.callsTo("views.open").at(-1)!;
    const view = opened.args.view as { callback_id: string; blocks: Array<{ block_id: string; element: { type: string; options?: Array<{ value: string }> } }> };
    expect(view.callback_id).toBe("mutual:form");
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ["text", "plain_text_input"],
      ["visibility", "static_select"],
    ]);
    expect(view.blocks[1]!.element.options!.map((o) => o.value)).toEqual(["private", "project", "anonymous"]);

    const before = await count();
    const reflection = 'Elders name the winds; "tide=high" is how they say it';
    const submission = viewSubmissionPayload(h.fake, {
      userId: AMINA,
      view: view as never,
      values: {
        text: { value: { type: "plain_text_input", value: reflection } },
        visibility: { value: { type: "static_select", selected_option: { text: { type: "plain_text", text: "anonymous" }, value: "anonymous" } } },
      },
    });
    const res = await h.post(interactionBody(h.fake, submission), FORM);
    expect(res.status).toBe(200);
    await h.post(interactionBody(h.fake, submission), FORM); // a double submit
    expect(await count()).toEqual({ ...before, responses: before.responses + 1 });
    const stored = await h.app.database.prisma.promptResponse.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect([stored.text, stored.visibility]).toEqual([reflection, "ANONYMOUS"]);
    const answered = h.fake.responses.at(-1)!;
    expect(unescape(String(answered.body.text))).toContain("answer saved (anonymous in aggregates)");
  });

  it("sends a mentor's check-in reminder with buttons: Log check-in opens a form, Snooze runs at once", async () => {
    expect((await h.slash(KOFI, `mentor pair <@${KOFI}|kofi> <@${AMINA}|amina> every=weekly`)).replies[0]).toContain("Paired: #2 kofi → amina");
    const posted = h.fake.callsTo("chat.postMessage").length;
    expect((await h.slash(KOFI, "schedule fire #2")).replies[0]).toContain("Check-in reminders sent to 1 of 1 mentors");
    const reminder = h.fake.callsTo("chat.postMessage").slice(posted).find((c) => c.args.channel === `D${KOFI}`)!;
    const message = h.fake.messages.find((m) => m.channel === `D${KOFI}` && m.text === reminder.args.text)!;
    const buttons = (reminder.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>).find((b) => b.type === "actions")!.elements!;
    const button = (label: string) => buttons.find((b) => b.text.text === label)!;
    const click = (label: string) => interactionBody(h.fake, blockActionsPayload(h.fake, { userId: KOFI, channelId: `D${KOFI}`, messageTs: message.ts, actionId: button(label).action_id, value: button(label).value }));

    await h.post(click("Log check-in"), FORM);
    const view = h.fake.callsTo("views.open").at(-1)!.args.view as { blocks: Array<{ block_id: string }> };
    expect(view.blocks.map((b) => b.block_id)).toEqual(["note", "next"]);
    await h.post(interactionBody(h.fake, viewSubmissionPayload(h.fake, { userId: KOFI, view, values: { note: { value: { type: "plain_text_input", value: "Talked through the grant budget" } }, next: { value: { type: "plain_text_input", value: null } } } })), FORM);
    const checkIn = await h.app.database.prisma.checkIn.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect([checkIn.mentorNote, checkIn.nextSteps]).toEqual(["Talked through the grant budget", null]);

    const responses = h.fake.responses.length;
    await h.post(click("Snooze 1 day"), FORM);
    await h.post(click("Snooze 1 day"), FORM); // a double click is one press
    const answers = h.fake.responses.slice(responses);
    expect(answers).toHaveLength(1);
    expect(unescape(String(answers[0]!.body.text))).toContain("Snoozed");
  });

  it("takes a plain DM reply as the answer to the latest prompt", async () => {
    const before = await count();
    await h.post(eventBody(h.fake, { type: "message", channel_type: "im", channel: `D${KOFI}`, user: KOFI, text: "My main learning: community mapping showed what our survey missed", ts: "1700000005.000500" }), JSON_TYPE);
    expect(await count()).toEqual({ ...before, responses: before.responses + 1 });
    const reply = h.fake.callsTo("chat.postMessage").at(-1)!;
    expect(reply.args.channel).toBe(`D${KOFI}`);
    expect(unescape(String(reply.args.text))).toContain("answer saved (private)");
    // The bot's own messages and edits are not answers.
    await h.post(eventBody(h.fake, { type: "message", channel_type: "im", channel: `D${KOFI}`, bot_id: "B0MUTUAL", text: "echo", ts: "1700000006.000600" }), JSON_TYPE);
    await h.post(eventBody(h.fake, { type: "message", subtype: "message_changed", channel_type: "im", channel: `D${KOFI}`, ts: "1700000007.000700" }), JSON_TYPE);
    expect(await count()).toEqual({ ...before, responses: before.responses + 1 });
  });

  it("publishes the App Home: profile, next prompts, private reflections, pairs, preferences with an edit button", async () => {
    await h.post(eventBody(h.fake, { type: "app_home_opened", user: AMINA, channel: `D${AMINA}`, tab: "home", event_ts: "1700000008.000800" }), JSON_TYPE);
    const published = h.fake.callsTo("views.publish").at(-1)!;
    expect(published.args.user_id).toBe(AMINA);
    const view = published.args.view as { type: string; blocks: Array<Record<string, unknown>> };
    expect(view.type).toBe("home");
    const text = JSON.stringify(view.blocks);
    for (const part of ["Your profile", "Africa/Nairobi", "Next prompts", "Coastal Resilience", "Your recent reflections", "Elders name the winds", "Only you can see these", "Mentorship", "How you like to be acknowledged", "authorship", "Edit preferences"]) {
      expect(text, part).toContain(part);
    }
  });

  /** Amina's "Edit preferences" on her App Home (published by the test before): the modal it opens. */
  const openPreferencesForm = async (): Promise<Record<string, unknown>> => {
    const home = h.fake.homeOf(AMINA)!;
    const edit = (home.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>).flatMap((b) => b.elements ?? []).find((e) => e.text.text === "Edit preferences")!;
    const click = {
      ...blockActionsPayload(h.fake, { userId: AMINA, channelId: `D${AMINA}`, messageTs: "0", actionId: edit.action_id, value: edit.value }),
      container: { type: "view", view_id: home.id },
      view: home,
    } as Record<string, unknown>;
    delete click.response_url;
    delete click.message;
    await h.post(interactionBody(h.fake, click), FORM);
    return h.fake.callsTo("views.open").at(-1)!.args.view as Record<string, unknown>;
  };

  it("shows a form's mistake inside the modal, changing nothing, and saves the corrected form", async () => {
    const view = await openPreferencesForm();
    const submit = (forms: string) =>
      postSigned(h.eventsUrl, h.fake.signingSecret, {
        body: interactionBody(h.fake, viewSubmissionPayload(h.fake, { userId: AMINA, view, values: { forms: { value: { type: "plain_text_input", value: forms } } } })),
        contentType: FORM,
      });
    const wrong = await submit("fame and fortune");
    await h.adapter.drain();
    expect(JSON.parse(wrong.text)).toMatchObject({ response_action: "errors", errors: { forms: expect.stringContaining("fame and fortune") } });
    expect((await h.app.store.credit.preferences((await h.app.database.prisma.platformAccount.findFirstOrThrow({ where: { externalId: AMINA } })).personId)).forms).toEqual(["authorship", "presenting_findings"]);
    const right = await submit("dataset credit, authorship");
    await h.adapter.drain();
    expect(right.status).toBe(200);
    expect(right.text).not.toContain("errors");
    const republished = h.fake.callsTo("views.publish").at(-1)!;
    expect(JSON.stringify(republished.args.view)).toContain("1. data / dataset credit");
  });

  it("acknowledges a form slower than its wait plainly (the modal closes) and sends its answer, a mistake too, as a message", async () => {
    // The core is held until the ack is in: the form's wait (shortened here from 2 s) must pass without an answer.
    const view = await openPreferencesForm();
    let acked!: () => void;
    const ack = new Promise<void>((resolve) => (acked = resolve));
    h.setProcess((inner) => async (event) => {
      await ack;
      return inner(event);
    });
    h.adapter.timings.formWaitMs = 1;
    try {
      const posted = h.fake.callsTo("chat.postMessage").length;
      const values = { forms: { value: { type: "plain_text_input", value: "fame and fortune" } } };
      const body = interactionBody(h.fake, viewSubmissionPayload(h.fake, { userId: AMINA, view, values }));
      const res = await postSigned(h.eventsUrl, h.fake.signingSecret, { body, contentType: FORM });
      acked();
      await h.adapter.drain();
      expect(res.status).toBe(200);
      expect(res.text).not.toContain("errors");
      const dm = h.fake.callsTo("chat.postMessage").slice(posted).map((c) => String(c.args.text));
      expect(dm.join("\n")).toContain("fame and fortune");
    } finally {
      h.adapter.timings.formWaitMs = FORM_ANSWER_MS;
      h.setProcess((inner) => inner);
    }
  });

  it("words a Portuguese speaker's prompt, its buttons, its answer form and his App Home in Portuguese", async () => {
    const pt = translator("pt");
    await h.slash(JOAO, "project join coastal");
    const { replies } = await h.slash(KOFI, "schedule create set=language-and-culture every=daily at=10:00");
    const number = /#(\d+)/.exec(replies[0]!)![1];
    const posted = h.fake.callsTo("chat.postMessage").length;
    await h.slash(KOFI, `schedule fire #${number}`);
    const prompt = h.fake.callsTo("chat.postMessage").slice(posted).find((c) => c.args.channel === `D${JOAO}`)!;
    const text = unescape(allText(prompt));
    expect(text).toContain(pt("reflection.prompt.heading", { project: "Coastal Resilience" }));
    expect(text).toContain(pt("reflection.prompt.howToAnswer"));
    const message = h.fake.messages.find((m) => m.channel === `D${JOAO}` && m.text === prompt.args.text)!;
    const buttons = (prompt.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>).find((b) => b.type === "actions")!.elements!;
    expect(buttons.map((b) => b.text.text)).toEqual([pt("reflection.prompt.answer"), pt("reflection.prompt.skip")]);

    await h.post(interactionBody(h.fake, blockActionsPayload(h.fake, { userId: JOAO, channelId: `D${JOAO}`, messageTs: message.ts, actionId: buttons[0]!.action_id, value: buttons[0]!.value })), FORM);
    const view = h.fake.callsTo("views.open").at(-1)!.args.view as { title: { text: string }; submit: { text: string }; blocks: Array<{ label: { text: string }; element: { options?: Array<{ text: { text: string } }> } }> };
    expect(view.title.text).toBe(pt("reflection.prompt.answer"));
    expect(view.submit.text).toBe(pt("form.submit"));
    expect(view.blocks.map((b) => b.label.text)).toEqual([pt("opt.answer.text"), pt("opt.answer.visibility")]);
    expect(view.blocks[1]!.element.options!.map((o) => o.text.text)).toEqual(VISIBILITIES.ids.map((v) => `${v} — ${pt(VISIBILITIES.messages[v])}`));

    await h.post(eventBody(h.fake, { type: "app_home_opened", user: JOAO, channel: `D${JOAO}`, tab: "home", event_ts: "1700000009.000900" }), JSON_TYPE);
    const home = unescape(JSON.stringify(h.fake.callsTo("views.publish").at(-1)!.args.view));
    for (const id of ["slack.home.answer", "slack.home.checkin", "slack.home.contribution", "home.profile", "home.next", "home.reflections", "home.mentorship", "home.acknowledgement", "home.button.editPreferences", "home.button.pause"] as const) {
      expect(home, id).toContain(pt(id));
    }
    expect(home).toContain("Coastal Resilience · Língua e cultura");
  });

  it("thanks a message's author from the message shortcut: the kudos form opens prefilled, and the kudos is stored once", async () => {
    const db = h.app.database.prisma;
    const message = { ts: "1700000100.000100", text: "Here are the tide tables from the elders' notebooks", authorId: AMINA };
    const shortcut = messageShortcutPayload(h.fake, { userId: KOFI, callbackId: MESSAGE_SHORTCUTS.thank.callback_id, channelId: "C0GENERAL", message });
    const opened = h.fake.callsTo("views.open").length;
    const { status, ms } = await h.post(interactionBody(h.fake, shortcut), FORM);
    expect([status, ms < 3000]).toEqual([200, true]);
    expect(h.fake.callsTo("views.open")).toHaveLength(opened + 1);
    const open = h.fake.callsTo("views.open").at(-1)!;
    expect(open.args.trigger_id).toBe(shortcut.trigger_id);
    const view = open.args.view as { title: { text: string }; private_metadata: string; blocks: Array<{ block_id: string; element: { initial_value?: string } }> };
    expect(view.title.text).toBe("Thank the author");
    expect(JSON.parse(view.private_metadata).command).toBe(`kudos <@${AMINA}>`); // the author, filled in
    const permalink = `https://${h.fake.teamDomain}.slack.com/archives/C0GENERAL/p1700000100000100`;
    const field = view.blocks.find((b) => b.block_id === "message")!;
    expect(field.element.initial_value).toBe(`For this message: ${permalink}`);

    const before = await count();
    const thanks = `Thank you for these! ${permalink}`;
    const submission = viewSubmissionPayload(h.fake, { userId: KOFI, view: view as never, values: { message: { value: { type: "plain_text_input", value: thanks } } } });
    expect((await h.post(interactionBody(h.fake, submission), FORM)).status).toBe(200);
    await h.post(interactionBody(h.fake, submission), FORM); // a double submit is one kudos
    expect(await count()).toEqual({ ...before, acknowledgements: before.acknowledgements + 1 });
    const stored = await db.acknowledgement.findFirstOrThrow({ where: { message: thanks }, include: { toPerson: { include: { accounts: true } }, fromPerson: { include: { accounts: true } } } });
    expect(stored.toPerson!.accounts.map((a) => a.externalId)).toEqual([AMINA]);
    expect(stored.fromPerson!.accounts.map((a) => a.externalId)).toEqual([KOFI]);
    expect(unescape(String(h.fake.responses.at(-1)!.body.text))).toContain("Thanks recorded for amina");
  });

  it("records a message as its author's contribution from the message shortcut: the form opens prefilled with the text and the link", async () => {
    const db = h.app.database.prisma;
    const message = { ts: "1700000200.000200", text: "Mapped the three landing sites with the fishers' cooperative", authorId: AMINA };
    const shortcut = messageShortcutPayload(h.fake, { userId: KOFI, callbackId: MESSAGE_SHORTCUTS.record.callback_id, channelId: "C0GENERAL", message });
    await h.post(interactionBody(h.fake, shortcut), FORM);
    const view = h.fake.callsTo("views.open").at(-1)!.args.view as { title: { text: string }; private_metadata: string; blocks: Array<{ block_id: string; element: { initial_value?: string } }> };
    expect(view.title.text).toBe("Record as contribution");
    const permalink = `https://${h.fake.teamDomain}.slack.com/archives/C0GENERAL/p1700000200000200`;
    expect(JSON.parse(view.private_metadata).command).toBe(`contribution add <@${AMINA}> link="${permalink}"`);
    expect(view.blocks.map((b) => b.block_id)).toEqual(["description", "roles", "degree"]);
    expect(view.blocks[0]!.element.initial_value).toBe(message.text);

    const before = await count();
    const values = {
      description: { value: { type: "plain_text_input", value: message.text } },
      roles: { value: { type: "plain_text_input", value: "investigation, community liaison" } },
      degree: { value: { type: "static_select", selected_option: { text: { type: "plain_text", text: "lead" }, value: "lead" } } },
    };
    const submission = viewSubmissionPayload(h.fake, { userId: KOFI, view: view as never, values });
    expect((await h.post(interactionBody(h.fake, submission), FORM)).status).toBe(200);
    await h.post(interactionBody(h.fake, submission), FORM); // retried: one record
    expect(await count()).toEqual({ ...before, contributions: before.contributions + 1 });
    const stored = await db.contribution.findFirstOrThrow({ where: { description: message.text }, include: { contributorPerson: { include: { accounts: true } } } });
    expect(stored.contributorPerson!.accounts.map((a) => a.externalId)).toEqual([AMINA]);
    expect([stored.link, stored.degree]).toEqual([permalink, "LEAD"]);
  });

  it("answers a shortcut on an app's message with one kind line and opens nothing", async () => {
    const before = await count();
    const opened = h.fake.callsTo("views.open").length;
    const shortcut = messageShortcutPayload(h.fake, { userId: KOFI, callbackId: MESSAGE_SHORTCUTS.thank.callback_id, channelId: "C0GENERAL", message: { ts: "1700000300.000300", text: "Deploy finished", botId: "B0OTHER" } });
    await h.post(interactionBody(h.fake, shortcut), FORM);
    expect(h.fake.callsTo("views.open")).toHaveLength(opened);
    expect(h.fake.responses.at(-1)!.body).toMatchObject({ response_type: "ephemeral", text: "Only a message a person wrote can be thanked or recorded; this one came from an app." });
    expect(await count()).toEqual(before);
  });

  it("puts the common actions on the App Home: answer the latest prompt, log a check-in, record a contribution, each opening its form", async () => {
    await h.post(eventBody(h.fake, { type: "app_home_opened", user: KOFI, channel: `D${KOFI}`, tab: "home", event_ts: "1700000010.001000" }), JSON_TYPE);
    const home = h.fake.callsTo("views.publish").at(-1)!.args.view as { id?: string; blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }> };
    const first = home.blocks.find((b) => b.type === "actions")!.elements!;
    expect(first.map((b) => [b.text.text, b.value])).toEqual([
      ["Answer the latest prompt", "answer"],
      ["Log a check-in", "checkin log"],
      ["Record a contribution", "contribution add"],
    ]);
    const held = h.fake.views.get([...h.fake.views.keys()].at(-1)!)!;
    const record = first[2]!;
    const click = { ...blockActionsPayload(h.fake, { userId: KOFI, channelId: `D${KOFI}`, messageTs: "0", actionId: record.action_id, value: record.value }), container: { type: "view", view_id: held.id }, view: held } as Record<string, unknown>;
    delete click.response_url;
    delete click.message;
    await h.post(interactionBody(h.fake, click), FORM);
    const form = h.fake.callsTo("views.open").at(-1)!.args.view as { blocks: Array<{ block_id: string }> };
    expect(form.blocks.map((b) => b.block_id)).toEqual(["who", "description", "roles", "degree"]);
  });
});
