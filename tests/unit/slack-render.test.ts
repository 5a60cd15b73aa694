// Block Kit rendering within Slack's limits, with user text inert, and forms as modals.
import { describe, expect, it } from "vitest";
import { escapeText, formModal, formValues, homeView, LIMITS, toSlackMessages } from "../../src/adapters/slack/render.ts";
import { commands } from "../../src/core/commands/index.ts";
import { formFor } from "../../src/core/commands/form.ts";
import { actions, fields, heading, info, list, note, success, text } from "../../src/core/message.ts";

type Section = { type: string; text?: { type: string; text: string; verbatim?: boolean }; fields?: Array<{ text: string }>; elements?: Array<Record<string, unknown>> };

describe("Block Kit rendering", () => {
  it("splits a long summary into messages of at most 50 blocks and sections of at most 3,000 characters, losing nothing", () => {
    const items = Array.from({ length: 2000 }, (_, i) => `#${i + 1} · amina — Investigation (lead) · ${"x".repeat(80)} <${i}>`);
    const messages = toSlackMessages(info(heading("Coastal Resilience — contributions"), list(items), note("Export with format=csv.")));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
      for (const b of m.blocks as Section[]) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    const listed = messages.flatMap((m) => (m.blocks as Section[]).filter((b) => b.type === "section").map((b) => b.text!.text)).join("\n");
    expect(listed).toBe(escapeText(items.map((i) => `• ${i}`).join("\n")));
  });

  it("cuts one line longer than a section, counting the characters escaping adds", () => {
    const line = "<>&".repeat(2000); // 6,000 characters, 22,000 once escaped
    const sections = toSlackMessages(info(text(line))).flatMap((m) => m.blocks as Section[]);
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(sections.map((s) => s.text!.text).join("")).toBe(escapeText(line));
  });

  it("drops bidi overrides and control characters someone typed, so they can't reorder or repaint what others read", () => {
    const [m] = toSlackMessages(info(heading("\u202eFrom Ana"), text("ok \u202egnp.exe \u2066x\u2069 \u001b[2J")));
    const json = JSON.stringify(m);
    // eslint-disable-next-line no-control-regex -- the escape character is what must not get through
    expect(json).not.toMatch(/\\u202e|\\u2066|\\u2069|\\u001b|[\u202e\u2066\u2069\u001b]/i);
    expect(m!.text).toContain("ok gnp.exe x [2J");
  });

  it("escapes & < > and marks all markdown verbatim, so mentions typed by people stay text", () => {
    const [m] = toSlackMessages(success("Thanks recorded <!channel>", fields(["message", "<@U123> & <!everyone>"]), note("@here")));
    const texts = (m!.blocks as Section[]).flatMap((b) => [b.text, ...(b.fields ?? []), ...((b.elements as Section["fields"]) ?? [])]).filter(Boolean) as Array<{ text: string; verbatim?: boolean; type?: string }>;
    expect(texts.map((t) => t.text)).toEqual(["✅ Thanks recorded &lt;!channel&gt;", "*message*\n&lt;@U123&gt; &amp; &lt;!everyone&gt;", "@here"]);
    expect(texts.every((t) => t.verbatim === true)).toBe(true);
    expect(m!.text).toContain("&lt;!channel&gt;");
  });

  it("splits more than 10 fields over sections and renders buttons with unique action ids", () => {
    const many = fields(...Array.from({ length: 23 }, (_, i) => [`f${i}`, String(i)] as [string, string]));
    const buttons = actions({ id: "answer", label: "Answer", command: "answer to=abc", input: "text" }, { id: "skip", label: "Skip", command: "skip to=abc" });
    const blocks = toSlackMessages(info(many, buttons))[0]!.blocks as Section[];
    expect(blocks.filter((b) => b.fields).map((b) => b.fields!.length)).toEqual([10, 10, 3]);
    const elements = blocks.at(-1)!.elements!;
    expect(elements.map((e) => [e.action_id, e.value])).toEqual([
      ["mutual:form:1:answer", "answer to=abc"],
      ["mutual:run:1:skip", "skip to=abc"],
    ]);
  });

  it("keeps the Home tab within 100 blocks", () => {
    const big = info(...Array.from({ length: 150 }, (_, i) => text(`line ${i}`)));
    const view = homeView([big]) as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    expect(view.blocks).toHaveLength(LIMITS.blocksPerView);
  });
});

describe("forms from command definitions", () => {
  const form = (command: string) => formFor(commands, command, "Title")?.fields.map((f) => [f.name, f.kind, f.required, f.multiline]);

  it("asks for what a button's command leaves open: free text, choices and required options", () => {
    expect(form("answer to=abc")).toEqual([
      ["text", "text", true, true],
      ["visibility", "choice", false, false],
    ]);
    expect(form("checkin log #1")).toEqual([
      ["note", "text", false, true],
      ["next", "text", false, true],
    ]);
    expect(form("checkin skip #1")).toEqual([["reason", "text", true, true]]);
    expect(form("preferences set")).toEqual([["forms", "text", true, true]]);
    expect(form("needs add project=coastal")?.map(([name]) => name)).toEqual(["category", "need"]);
  });

  it("has no form for a command that is complete", () => {
    expect(formFor(commands, "pause off", "Resume")).toBeUndefined();
    expect(formFor(commands, "checkin confirm #1 thanks", "Confirm")).toBeUndefined();
  });

  it("renders a form as a modal and reads its values back by option name, leaving out empty fields", () => {
    const f = formFor(commands, "answer to=abc", "Answer this week's reflection")!;
    const modal = formModal(f, { command: f.command, responseUrl: "https://hooks.slack.com/x" }) as { title: { text: string }; private_metadata: string; blocks: Array<{ block_id: string; optional: boolean }> };
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(JSON.parse(modal.private_metadata)).toEqual({ command: "answer to=abc", responseUrl: "https://hooks.slack.com/x" });
    expect(modal.blocks.map((b) => [b.block_id, b.optional])).toEqual([
      ["text", false],
      ["visibility", true],
    ]);
    expect(
      formValues({
        text: { value: { type: "plain_text_input", value: 'He said "tide=high"' } },
        visibility: { value: { type: "static_select", selected_option: null } },
      }),
    ).toEqual({ text: 'He said "tide=high"' });
  });
});
