// Core messages → Discord messages and modals, within Discord's limits, with user text inert.
import { ComponentType } from "discord.js";
import { describe, expect, it } from "vitest";
import { formModal, LIMITS, toDiscordMessages } from "../../src/adapters/discord/render.ts";
import { formFor } from "../../src/core/commands/form.ts";
import { commands } from "../../src/core/commands/index.ts";
import { actions, heading, info, list, note, text } from "../../src/core/message.ts";

describe("toDiscordMessages", () => {
  it("splits long output under 2,000 characters per message, losing and reordering nothing", () => {
    const items = Array.from({ length: 2000 }, (_, i) => `item ${i} — ${"x".repeat(i % 37)}`);
    const long = "word ".repeat(1500).trim(); // one line of 7,499 characters
    const out = toDiscordMessages(info(heading("Contributions"), list(items), text(long)));
    expect(out.length).toBeGreaterThan(10);
    for (const m of out) expect(m.content.length).toBeLessThanOrEqual(LIMITS.content);
    const all = out.map((m) => m.content).join("\n");
    const seen = items.map((item) => all.indexOf(`• ${item.replace(/—/g, "—")}\n`));
    expect(seen.every((at) => at >= 0)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(all.replace(/\s+/g, " ")).toContain(long);
  });

  it("escapes masked links, headings and lists someone typed, and drops bidi overrides and escape sequences", () => {
    const typed = "[click](https://evil.example)\n# Urgent\n- item\n1. first\n\u202egnp.exe \u001b[31mred";
    const [m] = toDiscordMessages(info(text(typed)));
    const lines = m!.content.split("\n");
    expect(lines[0]).toBe("\\[click](https://evil.example)"); // shown as typed, never a live masked link
    expect(lines[1]).toBe("\\# Urgent");
    expect(lines[2]).toBe("\\- item");
    expect(lines[3]).toBe("1\\. first");
    // eslint-disable-next-line no-control-regex -- the escape character is what must not get through
    expect(m!.content).not.toMatch(/[\u202e\u001b]/);
    expect(lines[4]).toBe("gnp.exe [31mred");
  });

  it("escapes markdown and breaks @everyone and @here (allowed_mentions: none is checked on the wire)", () => {
    const [m] = toDiscordMessages(info(text("**bold** @everyone @here <@&123456789012345678> <@123456789012345678> `code` ||spoiler||")));
    expect(m!.content).not.toContain("**bold**");
    expect(m!.content).toContain("\\*\\*bold\\*\\*");
    expect(m!.content).not.toMatch(/@(everyone|here)/);
    expect(m!.content).toContain("@\u200beveryone");
  });

  it("puts buttons in rows of five, five rows a message, under the text they belong to", () => {
    const buttons = Array.from({ length: 27 }, (_, i) => ({ id: `b${i}`, label: `Button ${i}`, command: `checkin snooze #${i} 1d` }));
    const out = toDiscordMessages(info(text("Pick one"), actions(...buttons), note("after")));
    const rows = out.flatMap((m) => m.components);
    expect(rows.flatMap((r) => r.components)).toHaveLength(27);
    for (const m of out) expect(m.components.length).toBeLessThanOrEqual(LIMITS.rowsPerMessage);
    for (const r of rows) expect(r.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    expect(out[0]!.content).toBe("Pick one");
    expect(out.at(-1)!.content).toBe("-# after");
    expect(rows[0]!.components[0]).toMatchObject({ type: ComponentType.Button, custom_id: "mutual:run:checkin snooze #0 1d", label: "Button 0" });
  });

  it("leaves out a button whose command doesn't fit a custom id (the text says what to type)", () => {
    const [m] = toDiscordMessages(info(text("t"), actions({ id: "long", label: "Long", command: `needs none project=${"p".repeat(100)}` }, { id: "ok", label: "OK", command: "skip" })));
    expect(m!.components.flatMap((r) => r.components).map((b) => b.custom_id)).toEqual(["mutual:run:skip"]);
  });
});

describe("formModal", () => {
  it("turns the answer button's form into a modal: the reflection as a paragraph, visibility as a select", () => {
    const form = formFor(commands, "answer to=clx0000000000000000000000", "Answer")!;
    const modal = formModal(form);
    expect(modal.custom_id).toBe("mutual:form:answer to=clx0000000000000000000000");
    expect(modal.title.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(modal.components.length).toBeLessThanOrEqual(LIMITS.modalComponents);
    const [reflection, visibility] = modal.components as unknown as Array<{ type: number; label: string; component: Record<string, unknown> }>;
    expect(reflection).toMatchObject({ type: ComponentType.Label, component: { type: ComponentType.TextInput, custom_id: "text", style: 2, required: true } });
    expect(visibility!.component).toMatchObject({ type: ComponentType.StringSelect, custom_id: "visibility" });
    expect((visibility!.component.options as Array<{ value: string }>).map((o) => o.value)).toEqual(["private", "project", "anonymous"]);
    for (const c of modal.components as unknown as Array<{ label: string }>) expect(c.label.length).toBeLessThanOrEqual(LIMITS.label);
  });
});
