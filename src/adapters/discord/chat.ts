// Sending to Discord through discord.js's REST client: DMs for prompts, reminders and notifications,
// channel posts for digests, and the pieces of a long reply. discord.js's REST queue waits out 429s
// (retry_after) and per-route buckets, so a send happens once; on top of that, sends from a fan-out
// are paced, so hundreds of scheduled DMs stay well under Discord's global 50 requests a second and
// never meet a 429 (which would count towards the invalid-request limit).
import { setTimeout as sleep } from "node:timers/promises";
import type { Client, MessageCreateOptions, MessageMentionOptions, SendableChannels } from "discord.js";
import type { ExportFile } from "../../core/credit/model.ts";
import type { OutgoingMessage } from "../../core/message.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reach } from "../adapter.ts";
import { exportBytes } from "../files.ts";
import { toDiscordMessages, type DiscordMessage } from "./render.ts";

/** Requests a second for DMs and posts; Discord's global limit is 50, interaction replies need their share. */
export const SENDS_PER_SECOND = 40;

/** Nobody is ever pinged by what Mutual posts: people are named, not notified. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], users: [], roles: [], repliedUser: false };

/** A rendered piece in discord.js's terms; exports go with the last piece. */
export function createOptions(m: DiscordMessage, files: ReadonlyArray<{ name: string; attachment: Buffer }> = []): Pick<MessageCreateOptions, "content" | "components" | "allowedMentions" | "files"> {
  return {
    ...(m.content !== "" && { content: m.content }),
    components: m.components,
    allowedMentions: NO_MENTIONS,
    ...(files.length && { files: [...files] }),
  };
}

/** Exports as discord.js attachments. */
export async function attachments(files: readonly ExportFile[] = []): Promise<Array<{ name: string; attachment: Buffer }>> {
  const out: Array<{ name: string; attachment: Buffer }> = [];
  for (const file of files) out.push({ name: file.filename, attachment: await exportBytes(file) });
  return out;
}

export class DiscordChat {
  private nextSlot = 0;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly perSecond = SENDS_PER_SECOND,
  ) {}

  /** To each of the person's Discord accounts; a person known only on another platform is refused. */
  async send(to: Reach, message: OutgoingMessage): Promise<void> {
    if (to.userIds.length === 0) throw new Error(`${to.displayName} (${to.personId}) has no Discord account to message`);
    for (const id of to.userIds) await this.dm(id, message);
  }

  async post(channelId: string, message: OutgoingMessage): Promise<void> {
    await this.pace();
    const channel = await this.client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new Error(`Discord channel ${channelId} is not one Mutual can post in`);
    await this.sendTo(channel, message);
  }

  async dm(userId: string, message: OutgoingMessage): Promise<void> {
    // discord.js keeps each user's DM channel, so the channel is opened once per user.
    if (!this.client.users.cache.get(userId)?.dmChannel) await this.pace();
    const channel = await this.client.users.createDM(userId);
    await this.sendTo(channel, message);
  }

  /** Exports alone, to the person's DM with the bot. */
  async upload(userId: string, files: readonly ExportFile[]): Promise<void> {
    if (files.length === 0) return;
    await this.pace();
    const channel = await this.client.users.createDM(userId);
    await channel.send({ files: await attachments(files), allowedMentions: NO_MENTIONS });
  }

  async sendTo(channel: SendableChannels, message: OutgoingMessage): Promise<void> {
    const pieces = toDiscordMessages(message);
    const files = await attachments(message.files);
    for (const [i, piece] of pieces.entries()) {
      await this.pace();
      await channel.send(createOptions(piece, i === pieces.length - 1 ? files : []));
    }
    if (files.length) this.logger.debug({ channel: channel.id, files: files.map((f) => f.name) }, "export sent to Discord");
  }

  /** Spaces requests evenly at `perSecond`: a fan-out never bursts, whatever its concurrency. */
  private async pace(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
  }
}
