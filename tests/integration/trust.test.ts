// The four cases issue 13 reported, as they were tried: an outsider (same workspace, leads another
// project) reading and writing project schp's record, an institution spoken for by a self-declared
// affiliation, and hostile input that reached the internal-error path or other people's screens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPlainText } from "../../src/core/message.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";
import { fingerprint } from "../helpers/snapshot.ts";

describe.each(["postgres", "pglite"] as const)("trust boundaries on %s", (kind) => {
  let app: TestApp;
  const ok = async (user: string, line: string) => {
    const reply = await app.say(user, line);
    expect(reply, line).not.toMatch(/^⚠/);
    return reply;
  };
  /** A refused line: the reply, and proof that the database did not change. */
  const refused = async (user: string, line: string) => {
    const before = await fingerprint(app.database.connection);
    const reply = await app.say(user, line);
    expect(reply, line).toMatch(/^⚠ /);
    expect(reply, line).not.toMatch(/something went wrong/);
    expect(await fingerprint(app.database.connection), `${line} changed nothing`).toEqual(before);
    return reply;
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    for (const [user, line] of [
      ["lena", 'institution add "Enda Santé" country=SN kind=ngo'],
      ["lena", 'project create "School Health" slug=schp'],
      ["awa", "project join schp"],
      ["awa", 'profile institution="Enda Santé"'],
      ["bea", "project join schp"],
      ["otto", 'project create "Other" slug=other'],
      ["lena", 'contribution add @bea "Ran the survey" roles=investigation project=schp'],
      ["lena", 'contribution add @awa "Translated the consent forms" roles=translation project=schp'],
      ["lena", 'contribution add "Enda Santé" "Hosted the workshops" roles=resources project=schp'],
      ["bea", 'contribution dispute #1 "I led it" project=schp'],
      ["lena", "schedule create every=weekly days=mon project=schp"],
      ["lena", "kudos @bea for the survey project=schp"],
      ["lena", "kudos @awa for the forms project=schp"],
      ["bea", "kudos @lena for the planning project=schp"],
      ["awa", "kudos @bea for the help project=schp"],
    ] as const) {
      await ok(user, line);
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("1. an outsider can't read the project's contributions, dispute comments, schedules or members", async () => {
    expect(await refused("otto", "contribution list project=schp status=disputed")).toBe("⚠ You are not a member of School Health.\nJoin with: project join schp");
    expect(await refused("otto", "schedule list project=schp")).toMatch(/^⚠ You are not a member of School Health\./);
    expect(await refused("otto", "project members schp")).toMatch(/^⚠ You are not a member of School Health\./);
    expect(await ok("bea", "contribution list project=schp status=disputed")).toContain("I led it");
  });

  it("2. an outsider's kudos is refused and the lead's summary and equity shares don't move", async () => {
    const summary = () => app.say("lena", "summary schp");
    const before = await summary();
    expect(before).toContain("4 acknowledgements");
    expect(await refused("otto", "kudos @bea hi project=schp")).toMatch(/^⚠ You are not a member of School Health\./);
    expect(await summary()).toBe(before);
  });

  it("3. a self-declared affiliation speaks for no institution; a contact a lead confirmed does, audited", async () => {
    await ok("otto", 'profile institution="Enda Santé"');
    expect(await refused("otto", 'contribution dispute #3 "no" project=schp')).toMatch(/^⚠ You are not a member of School Health\./);
    expect(await refused("otto", "contribution confirm #3 project=schp")).toMatch(/^⚠ You are not a member of School Health\./);
    // A member whose profile names the NGO, but whom no lead has confirmed, is refused too.
    expect(await refused("awa", 'contribution dispute #3 "no" project=schp')).toMatch(/^⚠ Only a lead of School Health or a confirmed contact of Enda Santé can dispute #3\./);
    expect(await refused("bea", 'institution contact "Enda Santé" @awa project=schp')).toMatch(/^⚠ Only leads of School Health can do that\./);
    expect(await refused("lena", 'institution contact "Enda Santé" @otto project=schp')).toMatch(/^⚠ otto is not a member of School Health\./);
    // The credit still counts for Enda Santé in the exports.
    const jats = await app.mutual.handle(shellEvent("lena", "summary schp format=jats"));
    let xml = "";
    for await (const chunk of jats[1]!.files![0]!.chunks()) xml += chunk;
    expect(xml).toContain("Enda Santé");

    expect(await ok("lena", 'institution contact "Enda Santé" @awa project=schp')).toContain("awa is now a confirmed contact of Enda Santé in School Health");
    expect(await ok("bea", "institution contacts project=schp")).toMatch(/Enda Santé — awa/);
    app.sent.length = 0;
    expect(await ok("awa", "contribution confirm #3 project=schp")).toContain("Confirmed #3.");
    const audit = await app.database.prisma.auditLog.findMany({ where: { action: { in: ["institution.contact.add", "contribution.confirmed"] } }, orderBy: { at: "asc" } });
    const people = await app.database.prisma.platformAccount.findMany({ select: { personId: true, externalId: true } });
    const who = (id: string | null) => people.find((p) => p.personId === id)?.externalId;
    expect(audit.map((a) => [a.action, who(a.actorPersonId)])).toEqual([
      ["institution.contact.add", "lena"],
      ["contribution.confirmed", "awa"],
    ]);
    // A new contribution of the NGO reaches its confirmed contact, not everyone whose profile names it.
    app.sent.length = 0;
    await ok("bea", 'contribution add "Enda Santé" "Lent the clinic rooms" roles=resources project=schp');
    expect(app.sent.map((s) => s.to.displayName)).toEqual(["awa"]);
  });

  it("4. hostile input gets one clear line and changes nothing", async () => {
    for (const line of ['institution add "a\u0000b"', "summary \u0000", 'profile name="\u0000"', "kudos @bea thanks\u0000 project=schp"]) {
      expect(await refused("lena", line)).toBe("⚠ Your message contains a control character (U+0000) that Mutual can't store.\nRemove it (it is often pasted by accident) and send the command again.");
    }
    expect(await refused("lena", "kudos @bea \u001b[2Jcleared project=schp")).toMatch(/^⚠ Your message contains a control character \(U\+001B\)/);
    // Half a surrogate pair (found by the fuzz test) is no character: refused, never sent to the database.
    expect(await refused("lena", "project role 𐀀\ud800!\udc00 __proto__ mentor")).toMatch(/^⚠ Your message contains a broken character \(U\+D800, half of a pair\)/);
    expect(await refused("lena", "my constructor")).toMatch(/^⚠ `my` has no "constructor"\./);
    expect(await refused("lena", "project constructor")).toMatch(/^⚠ `project` has no "constructor"\./);
    expect(await refused("lena", "schedule __proto__")).toMatch(/^⚠ `schedule` has no "__proto__"\./);
    expect(await refused("lena", 'contribution add @bea "d" roles=investigation date=0000-01-01 project=schp')).toBe(
      '⚠ date must be a date between 1900-01-01 and 2199-12-31 (got "0000-01-01").',
    );
    expect(await refused("lena", "summary schp period=0000")).toMatch(/^⚠ period must be a date between 1900-01-01 and 2199-12-31/);
  });

  it("4. text one person typed reaches another without bidi overrides or control characters", async () => {
    app.sent.length = 0;
    await ok("lena", "kudos @bea for the \u202eadvice\u202c and the \u2066notes\u2069 project=schp");
    const told = app.sent.find((s) => s.to.displayName === "bea");
    expect(told).toBeDefined();
    const shown = renderPlainText(told!.message);
    expect(shown).toContain("for the advice and the notes");
    expect(shown).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});
