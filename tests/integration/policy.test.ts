// The access policy as a matrix: every command path the definitions declare, run by a lead, a
// mentor, a member, a person of the same workspace who is not a member (and leads another project),
// and a person of another workspace. What the policy table (src/core/policy.ts) allows must pass the
// project check; what it refuses must get the kind refusal and change nothing in the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandPaths, namesProject, policyTable } from "../../src/core/commands/access.ts";
import { commands } from "../../src/core/commands/index.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { allows, POLICY, ruleFor } from "../../src/core/policy.ts";
import { readFileSync } from "node:fs";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";
import { fingerprint } from "../helpers/snapshot.ts";

type Who = "lead" | "mentor" | "member" | "outsider" | "stranger";
const PEOPLE: Record<Who, string> = { lead: "lena", mentor: "mo", member: "bea", outsider: "otto", stranger: "sam" };

/**
 * One invocation per command path. Changes that would disturb the fixture name records that don't
 * exist (#99): an allowed person then passes the access check and meets "no such record" instead.
 * A new command fails the test below until it has a line here.
 */
const SAMPLES: Record<string, string> = {
  help: "help",
  home: "home",
  profile: "profile",
  link: "link",
  "project create": 'project create "Matrix {who}" slug=matrix-{who}',
  "project list": "project list",
  "project join": "project join third",
  "project invite": "project invite schp",
  // Reopened by the next sample, before any other command meets School Health closed.
  "project close": "project close schp",
  "project reopen": "project reopen schp",
  "project leave": "project leave third",
  "project members": "project members schp",
  "project role": "project role schp @bea member",
  "institution add": 'institution add "Institute {who}"',
  "institution list": "institution list",
  "institution contact": 'institution contact "Enda Santé" @bea remove=yes project=schp',
  "institution contacts": "institution contacts project=schp",
  "person add": 'person add "Elder {who}" project=schp',
  "person list": "person list project=schp",
  "person merge": 'person merge "Nobody Here" @bea project=schp',
  "person data": 'person data "Nobody Here" project=schp',
  "person remove": 'person remove "Nobody Here" confirm project=schp',
  "contribution add": 'contribution add @bea "Coded the interviews" roles=investigation project=schp',
  "contribution list": "contribution list status=disputed project=schp",
  "contribution confirm": "contribution confirm #99 project=schp",
  "contribution dispute": 'contribution dispute #99 "not so" project=schp',
  kudos: "kudos @mo for the tide tables project=schp",
  "preferences show": "preferences",
  "preferences set": "preferences set authorship",
  summary: "summary schp",
  reflect: "reflect project=schp",
  answer: "answer What I learnt",
  skip: "skip",
  pause: "pause",
  prompts: "prompts",
  "my reflections": "my reflections",
  "my data": "my data",
  "schedule create": "schedule create every=weekly days=mon project=schp",
  "schedule list": "schedule list project=schp",
  "schedule pause": "schedule pause #99 project=schp",
  "schedule resume": "schedule resume #99 project=schp",
  "schedule delete": "schedule delete #99 project=schp",
  "schedule fire": "schedule fire #99 project=schp",
  "mentor pair": "mentor pair @mo @bea project=schp",
  "mentor unpair": "mentor unpair #99 project=schp",
  "mentor list": "mentor list project=schp",
  "mentor suggest": "mentor suggest @bea project=schp",
  "checkin log": "checkin log #99 project=schp",
  "checkin confirm": "checkin confirm #99 project=schp",
  "checkin history": "checkin history #99 project=schp",
  "checkin snooze": "checkin snooze #99 project=schp",
  "checkin skip": "checkin skip #99 fieldwork project=schp",
  "needs list": "needs list project=schp",
  "needs add": 'needs add academic "qualitative coding" project=schp',
  "needs none": "needs none project=schp",
  "needs done": "needs done 99 project=schp",
  "needs plan": "needs plan project=schp",
  "strengths list": "strengths",
  "strengths add": 'strengths add academic "survey design"',
  "strengths remove": "strengths remove 99",
  "survey start": "survey start on=2099-01-05 project=schp",
  "survey status": "survey status project=schp",
  ping: "ping",
  alliance: "alliance @bea",
};

const en = translator("en");
const refusals = (project: { name: string; slug: string }) => ({
  notMember: en("access.notMember", { project: project.name, slug: project.slug }),
  leadsOnly: en("access.leadsOnly", { project: project.name, slug: project.slug }),
});
const SCHP = { name: "School Health", slug: "schp" };
const THIRD = { name: "Third", slug: "third" };

describe("every command has an access rule and a sample", () => {
  const paths = commandPaths(commands).map(([path]) => path);
  it("the policy table names exactly the commands the definitions declare", () => {
    expect(Object.keys(POLICY).sort()).toEqual([...paths].sort());
  });
  it("the matrix below runs every command path", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...paths].sort());
  });
  it("the README shows the policy table as the code has it", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(policyTable(commands));
  });
});

describe.each(["postgres", "pglite"] as const)("the access policy on %s", (kind) => {
  let app: TestApp;
  let counter = 0;
  const run = async (who: Who, text: string) => {
    const event = shellEvent(PEOPLE[who], text, `policy:${kind}:${++counter}`);
    // The stranger speaks from another workspace: a Slack team or Discord server of their own.
    if (who === "stranger") event.workspace = { externalId: "elsewhere", name: "Elsewhere" };
    const replies = await app.mutual.handle(event);
    await app.scheduler.settle(); // notices it caused are sent before the next line is judged
    return replies.map(renderPlainText).join("\n");
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    const setup: Array<[Who, string]> = [
      ["lead", 'project create "School Health" slug=schp'],
      ["lead", 'project create "Third" slug=third'],
      ["mentor", "project join schp"],
      ["member", "project join schp"],
      ["lead", "project role schp @mo mentor"],
      ["outsider", 'project create "Other" slug=other'],
      ["lead", 'institution add "Enda Santé" country=SN kind=ngo'],
      ["lead", 'contribution add @bea "Ran the survey" roles=investigation project=schp'],
      ["lead", 'contribution add "Enda Santé" "Hosted the workshops" roles=resources project=schp'],
      ["lead", "schedule create every=weekly days=mon project=schp"],
      ["lead", "mentor pair @mo @bea project=schp"],
      ["stranger", "profile"],
    ];
    for (const [who, text] of setup) expect(await run(who, text), text).not.toMatch(/^⚠/);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const paths = commandPaths(commands);
  // Joining and leaving act on a project of their own ("third"), so they can't disturb the others.
  it.each(paths.map(([path, action]) => [path, action] as const))("%s", async (path, action) => {
    const rule = ruleFor(path);
    const project = path.startsWith("project join") || path.startsWith("project leave") ? THIRD : SCHP;
    const { notMember, leadsOnly } = refusals(project);
    const notFound = en("project.notFound", { ref: project.slug, didYouMean: "" });
    // Refused people first, so what allowed people change can't hide a refusal's effect.
    const order: Who[] = ["stranger", "outsider", "member", "mentor", "lead"];
    for (const who of order) {
      const text = SAMPLES[path]!.replace(/\{who\}/g, who);
      const role = who === "stranger" || who === "outsider" ? null : who;
      const allowed = who === "stranger" ? rule.access === "anyone" && !namesProject(action) : allows(rule, role);
      if (allowed) {
        const reply = await run(who, text);
        expect(reply, `${who}: ${text}`).not.toContain(notMember);
        expect(reply, `${who}: ${text}`).not.toContain(leadsOnly);
        expect(reply, `${who}: ${text}`).not.toMatch(/something went wrong/);
        continue;
      }
      const before = await fingerprint(app.database.connection);
      const reply = await run(who, text);
      const expected = who === "stranger" ? notFound : role === null ? notMember : leadsOnly;
      // toMatch with a string: the refusal (its "did you mean" may follow).
      expect(reply.split("\n")[0], `${who}: ${text}`).toMatch(`⚠ ${expected}`);
      expect(await fingerprint(app.database.connection), `${who}: ${text} changed nothing`).toEqual(before);
    }
  });
});
