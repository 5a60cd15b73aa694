// The shell adapter, like Hubot's: one command per line on stdin, replies on stdout. Piped input
// gets only replies (scriptable); a terminal gets a prompt. Ends cleanly at end of input or `exit`.
import { randomUUID } from "node:crypto";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { once } from "node:events";
import type { ChatEvent } from "../../core/events.ts";
import { renderPlainText, type OutgoingMessage } from "../../core/message.ts";
import type { ExportFile } from "../../core/credit/model.ts";
import type { ChatPort, PersonRef } from "../../core/ports.ts";
import type { ChatAdapter } from "../adapter.ts";

export const SHELL_WORKSPACE = { externalId: "local", name: "Shell" };

export interface ShellOptions {
  handle(event: ChatEvent): Promise<OutgoingMessage[]>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user: string;
  interactive: boolean;
  /** Where exports are written. */
  exportDir: string;
  /** Resolves once the notices asked for so far are sent: a script's notices print before its next line runs. */
  settled?: () => Promise<void>;
  /** The time in export file names (default: now). */
  now?: () => Date;
}

/** A file name part from a shell user name: letters, digits, dot, underscore and hyphen. */
const safePart = (s: string) => s.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^[-.]+|-+$/g, "").slice(0, 60) || "someone";

/**
 * "mutual-reflections-2026-10-19.md" saved by amina at 10:15:02 UTC →
 * "mutual-reflections-2026-10-19-amina-20261019T101502Z.md": one shell is a whole team's terminal,
 * so a file carries who and when and never overwrites another (a second in the same second gets "-2").
 */
export function exportName(filename: string, user: string, at: Date, copy = 1): string {
  const base = path.basename(filename);
  const ext = path.extname(base);
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
  return `${base.slice(0, base.length - ext.length)}-${safePart(user)}-${stamp}${copy > 1 ? `-${copy}` : ""}${ext}`;
}

/**
 * The simplest adapter of the contract. The shell is one terminal for a whole team: every message
 * sent is printed (with whom it is for), whatever accounts the person has, so it is also a ChatPort
 * on its own (tests and a one-machine trial need no router).
 */
export class ShellAdapter implements ChatAdapter, ChatPort {
  readonly platform = "shell";
  readonly label = "the shell";
  readonly startHint = "";
  private rl: readline.Interface | undefined;
  private readonly session = randomUUID().slice(0, 8);
  /** Who is typing: MUTUAL_SHELL_USER, until `/as <name>`. */
  private user: string;
  private workspace: { externalId: string; name: string } = SHELL_WORKSPACE;

  constructor(private readonly options: ShellOptions) {
    this.user = options.user;
  }

  private print(text: string) {
    this.options.output.write(`${text}\n`);
  }

  /** Nothing to connect: run() reads the lines. */
  async start(): Promise<void> {}

  /** run() ends at end of input or `exit`. */
  async stop(): Promise<void> {}

  render(message: OutgoingMessage): string[] {
    return [renderPlainText(message)];
  }

  /** Files are saved to exportDir and their paths printed. */
  async upload(_userId: string, files: readonly ExportFile[]): Promise<void> {
    for (const file of files) this.print(`📎 Saved ${await this.save(file)}`);
  }

  /** Messages sent outside a reply (scheduled prompts, notifications) are printed as they fire. */
  async send(to: PersonRef, message: OutgoingMessage): Promise<void> {
    const forMe = to.handle === this.user || to.displayName === this.user;
    this.print(`${forMe ? "📬" : `📬 (to ${to.displayName})`} ${renderPlainText(message)}`);
    if (this.rl && this.options.interactive) this.rl.prompt(true);
  }

  /** The shell is one terminal: a channel post is printed with the channel it went to. */
  async post(channelId: string, message: OutgoingMessage): Promise<void> {
    this.print(`📣 (#${channelId}) ${renderPlainText(message)}`);
    if (this.rl && this.options.interactive) this.rl.prompt(true);
  }

  /** Streams an export to a new file in exportDir, named for who asked and when; returns its path. */
  private async save(file: ExportFile): Promise<string> {
    await mkdir(this.options.exportDir, { recursive: true });
    const at = (this.options.now ?? (() => new Date()))();
    let target = "";
    let handle: FileHandle | undefined;
    for (let copy = 1; !handle; copy++) {
      target = path.join(this.options.exportDir, exportName(file.filename, this.user, at, copy));
      try {
        handle = await open(target, "wx"); // never an existing file
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST" || copy >= 100) throw e;
      }
    }
    const out = handle.createWriteStream();
    for await (const chunk of file.chunks()) {
      if (!out.write(chunk)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    return target;
  }

  /** Resolves when input ends or the user types exit. */
  async run(): Promise<void> {
    const { input, output, interactive } = this.options;
    const rl = readline.createInterface({ input, output, terminal: interactive, prompt: "mutual> " });
    this.rl = rl;
    // Ctrl+C at the prompt ends the session like end of input (readline would only pause).
    rl.on("SIGINT", () => rl.close());
    if (interactive) {
      this.print(`Mutual shell, as ${this.user}. Type \`help\` to see the commands, \`exit\` to leave.`);
      rl.prompt();
    }
    let lineNumber = 0;
    for await (const line of rl) {
      lineNumber++;
      const text = line.trim();
      if (text === "exit" || text === "quit") break;
      // `/as joao` acts as another person from the next line on: one shell, a whole team's script.
      // `/as joao@ngo-workspace`: a person of another workspace (a partner organisation's Slack or Discord).
      const [, switchTo, workspace] = /^\/as\s+@?([\p{L}\p{N}._-]{1,80})(?:@([\p{L}\p{N}._-]{1,80}))?$/u.exec(text) ?? [];
      if (switchTo) {
        this.user = switchTo;
        this.workspace = workspace ? { externalId: workspace, name: workspace } : SHELL_WORKSPACE;
        if (interactive) this.print(`(acting as ${this.user})`);
      } else if (text !== "" && !text.startsWith("#")) {
        const replies = await this.options.handle({
          id: `shell:${this.session}:${lineNumber}`,
          platform: "shell",
          workspace: this.workspace,
          user: { externalId: this.user, displayName: this.user, handle: this.user },
          channel: { id: "stdin", direct: true },
          text,
        });
        for (const reply of replies) {
          for (const line of this.render(reply)) this.print(line);
          await this.upload(this.user, reply.files ?? []);
        }
        // The reply came first; the notices it caused (to others, printed "to X") follow before the next line.
        await this.options.settled?.().catch(() => undefined);
      }
      if (interactive) rl.prompt();
    }
    rl.close();
    this.rl = undefined;
  }
}
