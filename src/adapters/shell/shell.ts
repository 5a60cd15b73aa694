// The shell adapter, like Hubot's: one command per line on stdin, replies on stdout. Piped input
// gets only replies (scriptable); a terminal gets a prompt. Ends cleanly at end of input or `exit`.
import { randomUUID } from "node:crypto";
import readline from "node:readline";
import type { ChatEvent } from "../../core/events.ts";
import { renderPlainText, type OutgoingMessage } from "../../core/message.ts";
import type { ChatPort, PersonRef } from "../../core/ports.ts";

export const SHELL_WORKSPACE = { externalId: "local", name: "Shell" };

export interface ShellOptions {
  handle(event: ChatEvent): Promise<OutgoingMessage[]>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user: string;
  interactive: boolean;
}

export class ShellAdapter implements ChatPort {
  private rl: readline.Interface | undefined;
  private readonly session = randomUUID().slice(0, 8);

  constructor(private readonly options: ShellOptions) {}

  private print(text: string) {
    this.options.output.write(`${text}\n`);
  }

  /** Messages sent outside a reply (scheduled prompts, notifications) are printed as they fire. */
  async send(to: PersonRef, message: OutgoingMessage): Promise<void> {
    const forMe = to.handle === this.options.user;
    this.print(`${forMe ? "📬" : `📬 (to ${to.displayName})`} ${renderPlainText(message)}`);
    if (this.rl && this.options.interactive) this.rl.prompt(true);
  }

  /** Resolves when input ends or the user types exit. */
  async run(): Promise<void> {
    const { input, output, interactive, user } = this.options;
    const rl = readline.createInterface({ input, output, terminal: interactive, prompt: "mutual> " });
    this.rl = rl;
    // Ctrl+C at the prompt ends the session like end of input (readline would only pause).
    rl.on("SIGINT", () => rl.close());
    if (interactive) {
      this.print(`Mutual shell, as ${user}. Type \`help\` to see the commands, \`exit\` to leave.`);
      rl.prompt();
    }
    let lineNumber = 0;
    for await (const line of rl) {
      lineNumber++;
      const text = line.trim();
      if (text === "exit" || text === "quit") break;
      if (text !== "" && !text.startsWith("#")) {
        const replies = await this.options.handle({
          id: `shell:${this.session}:${lineNumber}`,
          platform: "shell",
          workspace: SHELL_WORKSPACE,
          user: { externalId: user, displayName: user, handle: user },
          channel: { id: "stdin", direct: true },
          text,
        });
        for (const reply of replies) this.print(renderPlainText(reply));
      }
      if (interactive) rl.prompt();
    }
    rl.close();
    this.rl = undefined;
  }
}
