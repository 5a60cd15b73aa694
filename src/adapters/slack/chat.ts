// Sending to Slack through the Web API: DMs (conversations.open, then chat.postMessage), channel
// posts, ephemeral replies and file uploads. Used by the bot's listeners and by workers for prompts
// and reminders. The WebClient waits out 429s itself (Retry-After), so a send happens once.
import type { webApi } from "@slack/bolt";
import type { ExportFile } from "../../core/credit/model.ts";
import type { OutgoingMessage } from "../../core/message.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reach } from "../adapter.ts";
import { exportBytes } from "../files.ts";
import { toSlackMessages } from "./render.ts";

type WebClient = webApi.WebClient;

/** Plain text is not Slack markup: don't link names or channels the text happens to contain. */
const INERT = { link_names: false, parse: "none", unfurl_links: false, unfurl_media: false } as const;


export class SlackChat {
  /** DM channel per user: conversations.open is idempotent, but one call per user is enough. */
  private readonly dms = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  /** To each of the person's Slack accounts; a person known only on another platform is refused. */
  async send(to: Reach, message: OutgoingMessage): Promise<void> {
    if (to.userIds.length === 0) throw new Error(`${to.displayName} (${to.personId}) has no Slack account to message`);
    for (const id of to.userIds) await this.dm(id, message);
  }

  async post(channelId: string, message: OutgoingMessage): Promise<void> {
    await this.postTo(channelId, message);
  }

  async dm(userId: string, message: OutgoingMessage): Promise<void> {
    await this.postTo(await this.dmChannel(userId), message);
  }

  async postTo(channel: string, message: OutgoingMessage): Promise<void> {
    for (const m of toSlackMessages(message)) await this.client.chat.postMessage({ channel, ...m, ...INERT });
    for (const file of message.files ?? []) await this.upload(channel, file);
  }

  /** Visible only to `user`, in a channel: replies to mentions and reactions. */
  async ephemeral(channel: string, user: string, message: OutgoingMessage): Promise<void> {
    for (const m of toSlackMessages(message)) await this.client.chat.postEphemeral({ channel, user, ...m, ...INERT });
    await this.uploadToDm(user, message.files ?? []);
  }

  /** Exports asked for in a channel or a private reply go to the person's DM, never the channel. */
  async uploadToDm(userId: string, files: readonly ExportFile[]): Promise<void> {
    if (files.length === 0) return;
    const dm = await this.dmChannel(userId);
    for (const file of files) await this.upload(dm, file);
  }

  async dmChannel(userId: string): Promise<string> {
    const known = this.dms.get(userId);
    if (known) return known;
    const opened = await this.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error(`conversations.open gave no channel for ${userId}`);
    this.dms.set(userId, id);
    return id;
  }

  /** Exports are streamed by the core; Slack's upload needs the length first, so they are gathered. */
  async upload(channel: string, file: ExportFile): Promise<void> {
    const content = await exportBytes(file);
    await this.client.filesUploadV2({ channel_id: channel, file: content, filename: file.filename, title: file.filename });
    this.logger.debug({ channel, filename: file.filename, bytes: content.length }, "export uploaded to Slack");
  }
}
