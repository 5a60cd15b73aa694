// `link`: one person, several chat accounts. `link` on one account shows a one-time code; `link <code>`
// on the other makes them one person, so reflections, credit, check-ins and profile are one history.
import { UserError } from "../errors.ts";
import { accountLabel, formatLinkCode, LINK_CODE_TTL_MS, newLinkCode, parseLinkCode } from "../linking.ts";
import { list, note, success, text } from "../message.ts";
import type { ChatAccount } from "../ports.ts";
import type { ChatEvent } from "../events.ts";
import { action, defineCommand } from "./definition.ts";

/** Which of the accounts the event came from, so the list can say "this account". */
const labels = (accounts: readonly ChatAccount[], event: ChatEvent) =>
  accounts.map((a) => {
    const here = a.platform === event.platform && a.workspaceId === event.workspace.externalId && a.externalId === event.user.externalId;
    return `${accountLabel(a)}${here ? " — this account" : ""}`;
  });

const TTL_MINUTES = LINK_CODE_TTL_MS / 60_000;

export const link = defineCommand({
  name: "link",
  description: "Link your Slack, Discord and shell accounts, so they are one person with one history.",
  action: action({
    description: "Without a code: get a one-time code. With the code, on your other account: link the two.",
    options: [
      // Short: in a direct message, longer prose that starts with "link" is an answer, not this command.
      { name: "code", type: "text", positional: true, maxLength: 24, description: "The code your other account got from `link`, e.g. ABCD-EFGH." },
    ],
    examples: ["link", "link ABCD-EFGH"],
    // Writes (a code, or a merge): a retried event gets the first answer from its receipt.
    async handler({ actor, event, services }, args) {
      const { identity } = services.store;
      const now = services.clock.now();
      if (args.code === undefined) {
        let code = newLinkCode();
        // A clash with a live code is a one-in-10¹¹ event; draw again rather than fail.
        for (let tries = 1; !(await identity.createLinkCode(actor.personId, code, new Date(now.getTime() + LINK_CODE_TTL_MS), now)); tries++) {
          if (tries >= 3) throw new Error("could not draw a free link code");
          code = newLinkCode();
        }
        const shown = formatLinkCode(code);
        const accounts = await identity.accounts(actor.personId);
        return success(
          `Your link code: ${shown}`,
          text(`On your other account (Slack, Discord or the shell), give Mutual the command \`link ${shown}\` within ${TTL_MINUTES} minutes. Both accounts then become one person, with one history.`),
          text(accounts.length > 1 ? "Accounts already linked to you:" : "Your accounts so far:"),
          list(labels(accounts, event)),
          note("The code works once. Keep it to yourself: whoever types it joins their account to yours."),
        );
      }

      const code = parseLinkCode(args.code);
      if (!code) throw new UserError("That is not a link code: a code has 8 letters and digits, like ABCD-EFGH.", "Get one with `link` on your other account.");
      const result = await identity.link(actor, code, now);
      switch (result.outcome) {
        case "invalid":
          // The same words for unknown, expired and used codes: a wrong guess learns nothing.
          throw new UserError(
            `That code doesn't work: it may be mistyped, older than ${TTL_MINUTES} minutes, or already used.`,
            "Get a new one with `link` on your other account, and type it here.",
          );
        case "same-workspace":
          throw new UserError(
            "Both accounts are in this same workspace, and Mutual keeps one account per person in each workspace, so they can't be linked.",
            "Link accounts from different places: Slack and Discord, or another Slack workspace.",
          );
        case "already":
          return success(
            "Already linked: these accounts are one person.",
            list(labels(result.accounts, event)),
            ...(result.accounts.length === 1 ? [note("To link another account, type the code there.")] : []),
          );
        case "linked":
          return success(
            "Linked: these accounts are now one person.",
            list(labels(result.accounts, event)),
            text("Your reflections, contributions, kudos, check-ins, needs, strengths and preferences are one history now, whichever account you use."),
            note("Your profile is the one of the account that made the code; anything it lacked was filled in from this one."),
          );
      }
    },
  }),
});
