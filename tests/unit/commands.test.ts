import { describe, expect, it } from "vitest";
import { isMessageId, translator } from "../../src/core/i18n/index.ts";
import { commands } from "../../src/core/commands/index.ts";
import { describeSchedule } from "../../src/core/commands/reflection.ts";
import { renderPlainText } from "../../src/core/message.ts";
import type { ScheduleRecord } from "../../src/core/ports.ts";
import type { Cadence } from "../../src/core/reflection/calendar.ts";
import { historyFile } from "../../src/core/reflection/history.ts";
import { digestMessage, promptMessage } from "../../src/core/reflection/messages.ts";
import { parseAfterClosing, parseCadence, parseLocalTime } from "../../src/core/reflection/terms.ts";
import { createTestServices } from "../fakes/memory-store.ts";
import { harness, userError, users } from "./harness.ts";
import { UnavailableError, unavailableMessage } from "../../src/core/errors.ts";

describe("help", () => {
  it("lists every command with its description", async () => {
    const { say } = harness();
    const reply = await say("help");
    expect(reply.tone).toBe("info");
    const lines = reply.text.split("\n");
    expect(lines[0]).toBe("Mutual commands");
    const en = translator("en");
    for (const c of commands) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${c.name}: +${en.text(c.description).replace(/[.()]/g, "\\$&")}$`)));
    expect(reply.text).toContain("Type `help <command>` for usage and examples.");
  });

  it("shows the usage of every subcommand, the options and the examples", async () => {
    const { say } = harness();
    const { text } = await say("help project");
    expect(text.split("\n")[0]).toBe("project: Create, join and leave projects; see members; set roles (leads).");
    for (const usage of [
      "project create <name> [slug=<…>] [lang=<…>] [description=<…>] — Create a project; you become its lead.",
      "project list — List the projects in this workspace.",
      "project join <project> — Join a project as a member.",
      "project leave <project> — Leave a project.",
      "project members <project> — List a project's members with their roles.",
      "project role <project> <person> <lead|mentor|member> — Set a member's role: lead, mentor or member (leads only).",
    ]) {
      expect(text).toContain(`  • ${usage}`);
    }
    expect(text).toContain("(also language)");
    expect(text).toContain("Examples:\n  • project create \"Coastal Resilience\" lang=en");
  });

  it("finds a command by alias and suggests one for a typo", async () => {
    const { say } = harness();
    expect((await say("help org")).text.split("\n")[0]).toBe("institution: Add and list the institutions of your partnership.");
    const typo = await say("help profil");
    expect(typo).toEqual({ tone: "error", text: '⚠ There is no command "profil". Did you mean "profile"?\nType `help` to see every command.' });
  });
});

describe("profile", () => {
  it("shows a new person's profile, filled from the platform's hints", async () => {
    const { say } = harness();
    const { tone, text } = await say("profile");
    expect(tone).toBe("info");
    expect(text).toBe(
      [
        "  name:         Ana Souza",
        "  time zone:    America/Sao_Paulo",
        "  language:     English (en)",
        "  institution:  not set",
        "  career stage: not set",
        "  country:      not set",
        "  work week:    mon-fri",
        "  quiet hours:  none",
        "  prompts:      active",
        "Change a field with e.g. `profile tz=Africa/Nairobi lang=fr`.",
      ].join("\n"),
    );
  });

  it("falls back to UTC and to the project's language (else English) when the platform gives no hints", async () => {
    const { say } = harness();
    const { text } = await say("profile", { as: users.chidi });
    expect(text).toContain("time zone:    not set (times are shown in UTC)");
    expect(text).toContain("language:     not set (the project's language, else English)");
  });

  it("ignores invalid platform hints instead of failing", async () => {
    const { say, store } = harness();
    const reply = await say("profile", { as: { externalId: "U9", displayName: "Dee", timezone: "Mars/Olympus", locale: "xx-YY" } });
    expect(reply.tone).toBe("info");
    expect(store.state.people[0]).toMatchObject({ timezone: null, language: null });
  });

  it("validates, canonicalises and saves several fields at once", async () => {
    const { say, store } = harness();
    const reply = await say(`profile tz=africa/nairobi lang=French stage="PhD candidate" workdays=sun-thu country=Kenya name="Ana S." quiet=22-6:30`);
    expect(reply.tone).toBe("success");
    // The reply to choosing French is the first one in French.
    expect(reply.text.split("\n")).toEqual([
      "✓ Profil enregistré.",
      "  nom:                Ana S.",
      "  fuseau horaire:     Africa/Nairobi",
      "  langue:             français (fr)",
      "  institution:        non défini",
      "  étape de carrière:  doctorant·e",
      "  pays:               KE",
      "  semaine de travail: sun-thu",
      "  heures calmes:      22:00–06:30",
      "  questions:          actives",
    ]);
    expect(store.state.people[0]).toMatchObject({
      displayName: "Ana S.",
      timezone: "Africa/Nairobi",
      language: "fr",
      careerStage: "phd_candidate",
      country: "KE",
      workDays: [1, 2, 3, 4, 7],
      quietStart: "22:00",
      quietEnd: "06:30",
    });
    expect(store.state.audit.map((a) => a.action)).toEqual(["profile.update"]);
  });

  it("sets the institution by name, ignoring case and accents, and shows its country", async () => {
    const { say, store } = harness();
    await say(`institution add "Universidad de los Andes" country=CO`, { as: users.ben });
    const { text } = await say(`profile institution="UNIVERSIDAD DE LOS ÁNDES"`);
    expect(text).toContain("institution:  Universidad de los Andes (CO)");
    expect(text).toContain("country:      CO (from institution)");
    expect(store.state.people.find((p) => p.displayName === "Ana Souza")?.institutionId).toBe(store.state.institutions[0]!.id);
    expect((await say("institution list")).text).toBe("  • Universidad de los Andes · CO — 1 person");
  });

  it("refuses an institution nobody added, suggesting a near one", async () => {
    const { say } = harness();
    await say(`institution add "University of Nairobi" country=KE`);
    const reply = await say(`profile institution="University of Nairob"`);
    expect(reply).toEqual({
      tone: "error",
      text: '⚠ There is no institution called "University of Nairob" yet. Did you mean "University of Nairobi"?\nAdd it first: institution add "University of Nairob" country=<code>',
    });
  });
});

describe("project", () => {
  /** Ana creates Coastal Resilience; Ben joins. */
  async function withProject() {
    const h = harness();
    await h.say(`project create "Coastal Resilience" lang=en`);
    await h.say("project join coastal-resilience", { as: users.ben });
    return h;
  }

  it("creates a project with its creator as lead", async () => {
    const { say, store } = harness();
    const reply = await say(`project create "Coastal Resilience" description="Flood risk, from the ground up."`);
    expect(reply).toEqual({
      tone: "success",
      text: "✓ Created Coastal Resilience (coastal-resilience). You are its lead.\nOthers join with: project join coastal-resilience",
    });
    expect(store.state.projects).toMatchObject([{ slug: "coastal-resilience", name: "Coastal Resilience", language: "en", description: "Flood risk, from the ground up." }]);
    expect(store.state.memberships).toMatchObject([{ projectId: store.state.projects[0]!.id, personId: store.state.people[0]!.id, role: "lead" }]);
  });

  it("derives the slug from accents and punctuation, or takes one given", async () => {
    const { say, store } = harness();
    await say(`project create "Saberes do Cérrado — Fase 2"`);
    await say(`project create "Saberes do Cerrado" slug=Cerrado lang=Portuguese`);
    expect(store.state.projects.map((p) => [p.slug, p.language])).toEqual([
      ["saberes-do-cerrado-fase-2", "en"],
      ["cerrado", "pt"],
    ]);
  });

  it("refuses a taken slug and a name without letters or digits", async () => {
    const { say, store } = await withProject();
    expect(await say(`project create "Coastal resilience!"`, { as: users.chidi })).toEqual({
      tone: "error",
      text: '⚠ A project with the short name "coastal-resilience" already exists.\nChoose another: slug=…',
    });
    expect((await say(`project create "— !"`)).text).toBe('⚠ A project needs a short name with letters or digits.\nGive one: project create "…" slug=coastal');
    expect(store.state.projects).toHaveLength(1);
  });

  it("lists projects with member counts and the viewer's role", async () => {
    const { say } = harness();
    expect((await say("project")).text).toBe('No projects yet. Create one: project create "Coastal Resilience"');
    await say(`project create "Coastal Resilience"`);
    await say(`project create "Agua Viva"`, { as: users.ben });
    await say("project join agua-viva", { as: users.chidi });
    expect((await say("project list")).text).toBe(
      ["  • Agua Viva (agua-viva) — 2 members", "  • Coastal Resilience (coastal-resilience) — 1 member, you: lead"].join("\n"),
    );
  });

  it("joins by slug or by name ignoring case and accents, once", async () => {
    const { say, store } = await withProject();
    expect(await say(`project join "COASTAL RÉSILIENCE"`, { as: users.chidi })).toEqual({ tone: "success", text: "✓ Welcome to Coastal Resilience!" });
    expect(await say("project join coastal-resilience", { as: users.chidi })).toEqual({
      tone: "info",
      text: "You are already a member of Coastal Resilience.",
    });
    expect(store.state.memberships.map((m) => m.role)).toEqual(["lead", "member", "member"]);
  });

  it("suggests the closest project for an unknown one", async () => {
    const { say } = await withProject();
    expect(await say("project join coastal-resilence", { as: users.chidi })).toEqual({
      tone: "error",
      text: '⚠ There is no project "coastal-resilence". Did you mean "coastal-resilience"?\nSee them all with `project list`.',
    });
  });

  it("lists members, leads first", async () => {
    const { say } = await withProject();
    await say(`institution add "Strathmore University" country=KE`, { as: users.ben });
    await say(`profile institution="Strathmore University" stage=postdoc`, { as: users.ben });
    expect((await say("project members coastal-resilience", { as: users.ben })).text).toBe(
      ["  • Ana Souza — lead", "  • Ben Otieno — member, Strathmore University, postdoc", "Coastal Resilience: 2 members."].join("\n"),
    );
  });

  it("lets only leads set roles", async () => {
    const { say, store } = await withProject();
    const before = store.snapshot();
    expect(await say("project role coastal-resilience @ben lead", { as: users.ben })).toEqual({
      tone: "error",
      text: "⚠ Only leads of Coastal Resilience can do that.\nSee who they are: project members coastal-resilience",
    });
    expect(store.snapshot()).toEqual(before);
  });

  it("sets roles by handle or mention and keeps at least one lead", async () => {
    const { say, store } = await withProject();
    expect((await say("project role coastal-resilience @Ben mentor")).text).toBe("✓ Ben Otieno is now mentor of Coastal Resilience.");
    expect((await say("project role coastal-resilience @ana member")).text).toBe("⚠ Coastal Resilience would have no lead left.\nMake someone else lead first.");
    expect((await say("project role coastal-resilience <@U02BEN> lead")).text).toBe("✓ Ben Otieno is now lead of Coastal Resilience.");
    expect((await say("project role coastal-resilience @ana member", { as: users.ben })).text).toBe("✓ Ana Souza is now member of Coastal Resilience.");
    expect(store.state.memberships.map((m) => m.role)).toEqual(["member", "lead"]);
    expect(store.state.audit.filter((a) => a.action === "project.role").map((a) => a.details)).toEqual([
      { personId: store.state.people[1]!.id, from: "member", to: "mentor" },
      { personId: store.state.people[1]!.id, from: "mentor", to: "lead" },
      { personId: store.state.people[0]!.id, from: "lead", to: "member" },
    ]);
  });

  it("explains unknown people and non-members", async () => {
    const { say } = await withProject();
    expect((await say("project role coastal-resilience @zara mentor")).text).toBe(
      "⚠ I don't know @zara yet.\nThey need to say hello to Mutual once (any command) before they can be named.",
    );
    await say("profile", { as: users.chidi });
    expect((await say("project role coastal-resilience @chidi mentor")).text).toBe(
      "⚠ Chidi Okafor is not a member of Coastal Resilience.\nThey can join with: project join coastal-resilience",
    );
  });

  it("lets members leave, but not the last lead, and says when there was nothing to leave", async () => {
    const { say, store } = await withProject();
    expect(await say("project leave coastal-resilience")).toEqual({
      tone: "error",
      text: "⚠ You are the only lead of Coastal Resilience.\nMake someone else lead first: project role coastal-resilience @name lead",
    });
    expect(await say("project leave coastal-resilience", { as: users.ben })).toEqual({ tone: "success", text: "✓ You left Coastal Resilience." });
    expect(await say("project leave coastal-resilience", { as: users.ben })).toEqual({ tone: "info", text: "You were not a member of Coastal Resilience." });
    expect(store.state.memberships).toHaveLength(1);
  });

  it("lets a lead leave once there is another lead", async () => {
    const { say, store } = await withProject();
    await say("project role coastal-resilience @ben lead");
    expect((await say("project leave coastal-resilience")).text).toBe("✓ You left Coastal Resilience.");
    expect(store.state.memberships).toMatchObject([{ personId: store.state.people[1]!.id, role: "lead" }]);
  });
});

describe("institution", () => {
  it("adds an institution with country, kind and ROR id", async () => {
    const { say, store } = harness();
    const reply = await say(`institution add "University of Nairobi" country=Kenya kind=university ror=03yrm5c26`);
    expect(reply).toEqual({
      tone: "success",
      text: '✓ Added University of Nairobi · KE · university · https://ror.org/03yrm5c26.\nPeople can now choose it: profile institution="University of Nairobi"',
    });
    expect(store.state.institutions).toMatchObject([
      { name: "University of Nairobi", nameKey: "university of nairobi", country: "KE", kind: "university", rorId: "https://ror.org/03yrm5c26" },
    ]);
  });

  it("does not add the same name twice, whatever its case or accents", async () => {
    const { say, store } = harness();
    await say(`institution add "Coletivo Maré" country=BR kind="community organisation"`);
    const before = store.snapshot();
    for (const again of [`institution add "coletivo mare"`, `institution add "COLETIVO MARÉ" country=PT`]) {
      expect(await say(again, { as: users.ben })).toEqual({
        tone: "info",
        text: "  already listed: Coletivo Maré · BR · community organisation\nNothing was changed.",
      });
    }
    expect(store.snapshot().institutions).toEqual(before.institutions);
    expect(store.state.audit.filter((a) => a.action === "institution.add")).toHaveLength(1);
  });

  it("lists institutions alphabetically with head counts", async () => {
    const { say } = harness();
    expect((await say("institution")).text).toBe('No institutions yet. Add one: institution add "University of Nairobi" country=KE');
    await say(`institution add "Tribhuvan University" country=NP`);
    await say(`institution add "Ateneo de Manila" kind=university`);
    await say(`profile institution="Tribhuvan University"`);
    await say(`profile institution="Tribhuvan University"`, { as: users.ben });
    expect((await say("institutions list")).text).toBe(["  • Ateneo de Manila · university — 0 people", "  • Tribhuvan University · NP — 2 people"].join("\n"));
  });

  it.each([
    ["country=Atlantis", '⚠ "Atlantis" is not a country I know.\nUse a two-letter code such as KE, BR, NP, NZ or CH.'],
    ["ror=https://ror.org/03yrm5c27", '⚠ "https://ror.org/03yrm5c27" is not a valid ROR id (its checksum does not match).\nCopy it from the institution\'s page on ror.org.'],
    ["ror=nairobi.ac.ke", '⚠ "nairobi.ac.ke" is not a ROR id.\nA ROR id looks like https://ror.org/03yrm5c26 (find yours at ror.org).'],
  ])("refuses %s and adds nothing", async (option, expected) => {
    const { say, store } = harness();
    await say("profile");
    const before = store.snapshot();
    expect(await say(`institution add "University of Nairobi" ${option}`)).toEqual({ tone: "error", text: expected });
    expect(store.snapshot()).toEqual(before);
  });
});

describe("institution, in the reader's language", () => {
  const lea = { externalId: "U04LEA", displayName: "Léa Martin", handle: "lea", timezone: "Europe/Paris", locale: "fr-FR" };

  it("words replies, kinds and head counts in French; names and codes stay as typed", async () => {
    const { say } = harness();
    expect((await say("institution", { as: lea })).text).toBe('Aucune institution pour l’instant. Ajoutez-en une : institution add "University of Nairobi" country=KE');
    expect(await say(`institution add "Coletivo Maré" country=Brésil kind="organisation communautaire"`, { as: lea })).toEqual({
      tone: "success",
      text: '✓ Ajoutée : Coletivo Maré · BR · organisation communautaire.\nChacun peut maintenant la choisir : profile institution="Coletivo Maré"',
    });
    expect((await say(`institution add "coletivo mare"`, { as: lea })).text).toBe("  déjà dans la liste: Coletivo Maré · BR · organisation communautaire\nRien n’a été modifié.");
    await say(`profile institution="Coletivo Maré"`, { as: lea });
    await say(`institution add "Ateneo de Manila" kind=university`);
    expect((await say("institution list", { as: lea })).text).toBe(["  • Ateneo de Manila · université — 0 personne", "  • Coletivo Maré · BR · organisation communautaire — 1 personne"].join("\n"));
    expect((await say("institution list")).text).toBe(["  • Ateneo de Manila · university — 0 people", "  • Coletivo Maré · BR · community organisation — 1 person"].join("\n"));
    expect(await say("institution add X ror=nairobi.ac.ke", { as: lea })).toEqual({
      tone: "error",
      text: "⚠ « nairobi.ac.ke » n’est pas un identifiant ROR.\nUn identifiant ROR ressemble à https://ror.org/03yrm5c26 (trouvez le vôtre sur ror.org).",
    });
  });

  it("explains the credit commands in the reader's language, with examples to type", async () => {
    const { say } = harness();
    const { text } = await say("help kudos", { as: { externalId: "U05JOAO", displayName: "João", handle: "joao", locale: "pt-BR" } });
    expect(text.split("\n")[0]).toBe("kudos: Agradece a uma pessoa ou a uma instituição, em uma linha.");
    expect(text).toContain("  • kudos @amina por traduzir o roteiro de entrevista");
    const summary = (await say("help summary", { as: lea })).text;
    expect(summary).toContain("Au choix : person (personne), institution, role ou knowledge (forme de savoir).");
    expect(summary).toContain("csv (CSV (une ligne par contribution))");
  });
});

describe("ping", () => {
  it("reports the scheduler's round trip", async () => {
    const { say, services } = harness();
    expect(await say("ping")).toEqual({ tone: "success", text: "✓ pong: the scheduler answered in 1 ms." });
    expect(services.scheduler.smokeCalls).toEqual([2000]);
  });

  it("explains a scheduler that does not answer, without an apology", async () => {
    const { say, services } = harness();
    services.scheduler.failWith = new Error("timed out");
    expect(await say("ping")).toEqual({
      tone: "error",
      text: "⚠ Mutual is running, but its scheduler did not answer within 2 s.\nIs a worker running (MUTUAL_ROLE=all or worker)?",
    });
    // The handler's log line carries the event id.
    expect(services.logger.at("warn")).toEqual([{ level: "warn", obj: { event: "Ev1", err: services.scheduler.failWith }, msg: "smoke job did not complete" }]);
    expect(services.logger.at("error")).toEqual([]);
  });

  it("says in one kind line that an unreachable scheduler is unreachable", async () => {
    const { say, services } = harness();
    services.scheduler.failWith = new UnavailableError("scheduler");
    expect(await say("ping")).toEqual({ tone: "error", text: `⚠ ${translator("en").msg(unavailableMessage("scheduler"))}` });
    expect(services.logger.at("warn")).toMatchObject([{ obj: { event: "Ev1", dependency: "scheduler" }, msg: "command failed: the scheduler is unavailable" }]);
    expect(services.logger.at("error")).toEqual([]);
  });
});

describe("reflection commands, prompts and digests in the reader's language", () => {
  const [en, fr, es, pt, sw] = [translator("en"), translator("fr"), translator("es"), translator("pt"), translator("sw")];
  const REFLECTION = ["schedule", "reflect", "answer", "skip", "pause", "prompts", "my", "home"];
  const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

  it("names every text of their definitions by catalogue id", () => {
    const texts: string[] = [];
    for (const c of commands.filter((c) => REFLECTION.includes(c.name))) {
      texts.push(c.description);
      for (const a of [c.action, ...Object.values(c.subcommands ?? {})]) {
        if (!a) continue;
        texts.push(a.description, ...(a.examples ?? []));
        for (const o of a.options) {
          texts.push(o.description);
          // Export formats keep their own names (Markdown, CSV, JSON) in every language.
          for (const [id, label] of Object.entries(o.choices ?? {})) if (label.toLowerCase() !== id) texts.push(label);
        }
      }
    }
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((text) => !isMessageId(text))).toEqual([]);
  });

  it("explains a command in the person's language, examples with their sample text translated", async () => {
    const { say } = harness();
    const lea = { externalId: "U09LEA", displayName: "Léa", handle: "lea", timezone: "Europe/Zurich", locale: "fr-FR" };
    const { text } = await say("help answer", { as: lea });
    expect(text.split("\n")[0]).toBe(fr("help.command", { name: "answer", description: fr("cmd.answer") }));
    expect(text).toContain(`  • ${fr("ex.answer.1")}`);
    expect(text).toContain("visibility=project");
  });

  it("pauses and resumes in the person's language, the date as they type it", async () => {
    const { say } = harness();
    const nia = { externalId: "U08NIA", displayName: "Nia", handle: "nia", timezone: "Africa/Nairobi", locale: "sw" };
    expect(await say("pause", { as: nia })).toEqual({ tone: "info", text: sw("pause.notPaused") });
    expect(await say("pause 2w", { as: nia })).toEqual({ tone: "success", text: `✓ ${sw("pause.paused", { date: "2025-03-17" })}\n${sw("pause.resumeEarlier")}` });
    expect(await say("pause 2025-01-01", { as: nia })).toEqual({ tone: "error", text: `⚠ ${sw("pauseEnd.past")}\n${sw("pauseEnd.past.hint")}` });
    expect(await say("pause off", { as: nia })).toEqual({ tone: "success", text: `✓ ${sw("pause.welcomeBack")}` });
  });

  it("keeps the English of an error for logs, and words it for each reader", () => {
    const e = userError(() => parseLocalTime("9:07"));
    expect(e.message).toBe("Prompts go out on the quarter hour, so 9:07 can't be used.");
    expect(fr.msg(e.text)).toBe("Les questions partent au quart d’heure, donc 9:07 n’est pas possible.");
    const cron = userError(() => parseCadence({ cron: "5 9 * * 1" }, "2025-03-03"));
    expect(es.msg(cron.text)).toBe("«5 9 * * 1» no es una expresión cron que pueda usar: las preguntas salen cada cuarto de hora: usa el minuto 0, 15, 30 o 45.");
    expect(cron.message).toBe('"5 9 * * 1" is not a cron expression I can use: prompts go out on the quarter hour: use minute 0, 15, 30 or 45.');
  });

  it("describes each kind of schedule, its weekdays as a list in the reader's language", () => {
    const services = createTestServices();
    const base = { id: "s", projectId: "p", projectName: "Águas", projectSlug: "aguas", projectLanguage: "pt", localTime: "09:00", timezone: "America/Sao_Paulo", enabled: true };
    const weekly: Cadence = { type: "weekly", weekdays: [2, 4] };
    const reflection: ScheduleRecord = { ...base, number: 1, kind: "reflection", cadence: weekly, promptSet: "mutual-learning", reminderHours: 24 };
    expect(describeSchedule(pt, reflection, services)).toBe("#1 · reflexão · Aprendizagem mútua (mutual-learning) · toda semana, ter. e qui., às 09:00 (horário local de cada pessoa) · lembrete após 24 h · ativa");
    expect(describeSchedule(en, { ...reflection, reminderHours: null, enabled: false }, services)).toBe(
      "#1 · reflection · Mutual learning (mutual-learning) · weekly on tue and thu at 09:00 (each person's local time) · no reminder · paused",
    );
    const digest: ScheduleRecord = { ...base, number: 2, kind: "digest", cadence: weekly, promptSet: null, reminderHours: null };
    expect(describeSchedule(pt, digest, services)).toBe("#2 · resumo no canal do projeto · toda semana, ter. e qui., às 09:00 (America/Sao_Paulo) · ativa");
    const checkin: ScheduleRecord = { ...base, number: 3, kind: "checkin", cadence: weekly, promptSet: null, reminderHours: null };
    expect(describeSchedule(en, checkin, services)).toBe("#3 · mentorship check-in reminders · each pair's cadence, at the mentor's local time · active");
    const survey: ScheduleRecord = { ...base, number: 4, kind: "survey", cadence: { type: "monthly", day: 1 }, promptSet: null, reminderHours: 48 };
    expect(describeSchedule(fr, survey, services)).toBe("#4 · enquête sur les besoins en capacités · chaque mois le 1er à 09:00 (heure locale de chaque personne) · actif");
    const care: ScheduleRecord = { ...base, number: 5, kind: "care", cadence: { type: "after-close", months: [3, 12] }, promptSet: "follow-up", reminderHours: 24 };
    expect(describeSchedule(en, care, services)).toBe(
      "#5 · care follow-ups · Follow-up after the project (follow-up) · 3 months and 12 months after the project closes, at 09:00 (each person's local time) · " +
        "starts when the project closes · reminder after 24 h · active",
    );
    expect(describeSchedule(en, { ...care, closedOn: "2026-08-31" }, services)).toContain("3 months after closing: 2026-11-30; 12 months after closing: 2027-08-31 ·");
  });

  it("reads months after closing as people write them, in five languages, and refuses the rest", () => {
    expect(parseAfterClosing("3,12")).toEqual([3, 12]);
    expect(parseAfterClosing("12m, 3m, 3")).toEqual([3, 12]);
    expect(parseAfterClosing("3 months and 1 year")).toEqual([3, 12]);
    expect(parseAfterClosing("6 mois et 1 an")).toEqual([6, 12]);
    expect(parseAfterClosing("6 meses y 2 años")).toEqual([6, 24]);
    expect(parseAfterClosing("6 meses e 1 ano")).toEqual([6, 12]);
    expect(parseAfterClosing("miezi 3 na mwaka 1")).toEqual([3, 12]);
    expect(parseAfterClosing("1y")).toEqual([12]);
    for (const bad of ["soon", "3 weeks", "", "3,,x", "-3"]) expect(userError(() => parseAfterClosing(bad)).message, bad).toMatch(/is not a list of months after closing/);
    for (const bad of ["0", "121", "11 years", "1,2,3,4,5,6,7,8,9,10,11,12,13"]) expect(userError(() => parseAfterClosing(bad)).message, bad).toMatch(/^Follow-ups fall 1 to 120 months/);
  });

  it("words a prompt for its recipient: heading, reminder, how to answer and the buttons", () => {
    const message = promptMessage(sw, { deliveryId: "d1", projectName: "Pwani", question: "Swali?", reminder: true });
    expect(message.language).toBe("sw");
    expect(renderPlainText(message).split("\n")).toEqual([sw("reflection.prompt.heading", { project: "Pwani" }), sw("reflection.prompt.reminder"), "Swali?", sw("reflection.prompt.howToAnswer")]);
    const buttons = message.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
    expect(buttons.map((b) => [b.label, b.command])).toEqual([
      ["Jibu", "answer to=d1"],
      ["Ruka", "skip to=d1"],
    ]);
  });

  it("counts a digest's prompts with plurals: one in English, zero in French and Portuguese", () => {
    const digest = { projectName: "Coastal", from: "2026-10-19", to: "2026-10-26", sent: 1, answered: 0, shared: 0, anonymous: 0, skipped: 0, entries: [] };
    // "1 prompts sent" before the catalogue: the count now agrees with its noun.
    expect(renderPlainText(digestMessage(en, digest)).split("\n")).toEqual(["Reflection digest · Coastal · 2026-10-19 – 2026-10-26", "1 prompt sent · 0 answered (0 shared, 0 anonymous) · 0 skipped", "No reflections were shared this time."]);
    expect(renderPlainText(digestMessage(fr, digest))).toContain("1 question envoyée · 0 réponse (0 partagée, 0 anonyme) · 0 passée");
    expect(renderPlainText(digestMessage(pt, { ...digest, sent: 1200, answered: 2, shared: 1 }))).toContain("1.200 perguntas enviadas · 2 respondidas (1 compartilhada, 0 anônimas) · 0 puladas");
    const shared = digestMessage(fr, { ...digest, sent: 3, answered: 1, shared: 1, entries: [{ author: "joao", question: "Quoi ?", answer: "Les marées." }] });
    expect(plain(renderPlainText(shared))).toContain("3 questions envoyées · 1 réponse (1 partagée, 0 anonyme) · 0 passée\nPartagées avec l’équipe :\n  • joao — « Quoi ? » Les marées.");
  });

  it("agrees counts with their nouns in lists and the overview", () => {
    // Before the catalogue these read "1 prompts" and "1 check-ins".
    expect(en("prompts.line", { id: "solo", title: "Solo", count: 1, languages: "en" })).toBe("solo — Solo: 1 prompt (en)");
    expect(en("home.pair", { role: "mentor", name: "amina", project: "Coastal", checkIns: 1, hasLast: "yes", last: "2026-10-19" })).toBe("You mentor amina · Coastal · 1 check-in, last 2026-10-19");
    expect(en("home.pair", { role: "mentee", name: "kofi", project: "Coastal", checkIns: 3, hasLast: "no", last: "" })).toBe("kofi mentors you · Coastal · 3 check-ins");
    expect(sw("prompts.line", { id: "solo", title: "Solo", count: 1, languages: "en" })).toBe("solo — Solo: swali 1 (en)");
    expect(es("schedule.fire.prompts", { sent: 2, due: 3, project: "Costa", failed: 1 })).toBe("Enviado a 2 de 3 miembros de Costa (1 falló; se reintenta en la próxima ronda).");
    expect(en("schedule.fire.prompts", { sent: 3, due: 3, project: "Coastal", failed: 0 })).toBe("Sent to 3 of 3 members of Coastal.");
  });

  it("exports one's reflections as Markdown in one's language; CSV keeps its columns", async () => {
    const services = createTestServices();
    const record = { id: "r1", promptKey: "mutual-learning/ml-01", language: "es", projectName: "Costa", text: "Aprendí *mucho*", visibility: "project" as const, answeredAt: new Date("2026-10-20T10:00:00Z") };
    const read = async (file: ReturnType<typeof historyFile>) => {
      let out = "";
      for await (const chunk of file.chunks()) out += chunk;
      return out;
    };
    const markdown = await read(historyFile(es, "markdown", "Ana", [record], services.prompts, "2026-10-21"));
    expect(markdown.split("\n\n").slice(0, 2)).toEqual(["# Reflexiones de Ana", "## 2026-10-20 · Costa · compartida con el proyecto"]);
    expect(markdown).toContain(`> ${services.prompts.prompt("mutual-learning/ml-01")!.text.es}`);
    const csv = await read(historyFile(es, "csv", "Ana", [record], services.prompts, "2026-10-21"));
    expect(csv.split("\r\n")[0]).toBe("answered_at,project,prompt_id,language,question,answer,visibility");
  });
});
