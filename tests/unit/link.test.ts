// Link codes (drawn, shown, read back however they are typed) and the `link` command on the fakes.
// The merge itself, table by table, is tested on the real store: tests/integration/link.test.ts.
import { describe, expect, it } from "vitest";
import { accountLabel, formatCode, LINK_CODE_ALPHABET, newLinkCode, parseLinkCode } from "../../src/core/linking.ts";
import { english } from "../../src/core/i18n/index.ts";
import { harness, users } from "./harness.ts";

describe("link codes", () => {
  it("draws 8 characters from an alphabet without look-alikes", () => {
    expect(LINK_CODE_ALPHABET).not.toMatch(/[01ILOU]/);
    const codes = Array.from({ length: 500 }, newLinkCode);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(codes).size).toBe(500);
  });

  it("shows a code as ABCD-EFGH and reads it back in any case, with or without dashes and spaces", () => {
    expect(formatCode("ABCDEFGH")).toBe("ABCD-EFGH");
    for (const typed of ["ABCD-EFGH", "abcd-efgh", "abcdefgh", "ABCD EFGH", " abcd - efgh ", "AB CD EF GH", "ABCD–EFGH", "abcd_efgh"]) {
      expect(parseLinkCode(typed), typed).toBe("ABCDEFGH");
    }
    const code = newLinkCode();
    expect(parseLinkCode(formatCode(code).toLowerCase())).toBe(code);
  });

  it("reads nothing that can't be a code", () => {
    for (const typed of ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "ABCD-EFGI", "ABCD-EFGO", "hello", "ABCD/EFGH"]) {
      expect(parseLinkCode(typed), typed).toBeUndefined();
    }
  });

  it("names where an account lives, not who holds it", () => {
    expect(english(accountLabel({ platform: "slack", workspaceId: "T123", externalId: "U1" }))).toBe("Slack (T123)");
    expect(english(accountLabel({ platform: "discord", workspaceId: "456", externalId: "9" }))).toBe("Discord (guild 456)");
    expect(english(accountLabel({ platform: "shell", workspaceId: "local", externalId: "amina" }))).toBe("shell");
  });
});

describe("link", () => {
  const onDiscord = (h: ReturnType<typeof harness>, text: string, as = users.ana, id?: string) =>
    h.bot.handle({ ...h.event(text, { as, ...(id && { id }) }), platform: "discord", workspace: { externalId: "456" } });

  it("gives a code valid 15 minutes, and the code joins the other account to this person", async () => {
    const h = harness();
    const shown = await h.say("link");
    expect(shown.tone).toBe("success");
    const code = /Your link code: ([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(shown.text)![1]!;
    expect(shown.text).toContain(`give Mutual the command \`link ${code}\` within 15 minutes`);
    expect(shown.text).toContain("  • Slack (T01) — this account");
    expect(h.store.state.linkCodes).toEqual([{ code: code.replace("-", ""), personId: "person-2", expiresAt: new Date("2025-03-03T09:15:00Z") }]);

    const [linked] = await onDiscord(h, `link ${code.toLowerCase()}`);
    expect(linked!.tone).toBe("success");
    expect(h.store.state.people).toHaveLength(1);
    expect(await h.store.identity.accounts("person-2")).toHaveLength(2);
    expect(h.store.state.linkCodes).toEqual([]);
  });

  it("refuses an expired code with one kind line, changing nothing", async () => {
    const h = harness();
    const code = /Your link code: (\S+)/.exec((await h.say("link")).text)![1]!;
    await onDiscord(h, "profile");
    h.services.clock.advance(15 * 60_000);
    const before = h.store.snapshot();
    const [reply] = await onDiscord(h, `link ${code}`);
    expect(reply!.tone).toBe("error");
    expect(h.store.snapshot()).toEqual(before);
  });

  it("refuses a second account in the same workspace", async () => {
    const h = harness();
    const code = /Your link code: (\S+)/.exec((await h.say("link")).text)![1]!;
    const refused = await h.say(`link ${code}`, { as: users.ben });
    expect(refused.text).toMatch(/^⚠ Both accounts are in this same workspace/);
  });

  it("a retried event gets the first answer from its receipt", async () => {
    const h = harness();
    const first = await h.send("link", { id: "Ev-link" });
    const again = await h.send("link", { id: "Ev-link" });
    expect(again).toEqual(first);
    expect(h.store.state.linkCodes).toHaveLength(1);
  });
});
