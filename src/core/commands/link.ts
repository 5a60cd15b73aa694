// `link`: one person, several chat accounts. `link` on one account shows a one-time code; `link <code>`
// on the other makes them one person, so reflections, credit, check-ins and profile are one history.
import { fail } from "../errors.ts";
import { msg, type Translator } from "../i18n/index.ts";
import { accountLabel, drawCode, formatCode, LINK_CODE_LENGTH, LINK_CODE_TTL_MS, parseLinkCode } from "../linking.ts";
import { list, note, success, text } from "../message.ts";
import type { ChatAccount } from "../ports.ts";
import type { ChatEvent } from "../events.ts";
import { action, defineCommand } from "./definition.ts";

/** Which of the accounts the event came from, so the list can say "this account". */
const labels = (t: Translator, accounts: readonly ChatAccount[], event: ChatEvent) =>
  accounts.map((a) => {
    const here = a.platform === event.platform && a.workspaceId === event.workspace.externalId && a.externalId === event.user.externalId;
    const label = t.msg(accountLabel(a));
    return here ? t("link.account.here", { account: label }) : label;
  });

const TTL_MINUTES = LINK_CODE_TTL_MS / 60_000;

export const link = defineCommand({
  name: "link",
  description: "cmd.link",
  action: action({
    description: "cmd.link.action",
    ports: ["identity"],
    options: [
      // Short: in a direct message, longer prose that starts with "link" is an answer, not this command.
      { name: "code", type: "text", positional: true, maxLength: 24, description: "opt.link.code" },
    ],
    examples: ["link", "link ABCD-EFGH"],
    // Writes (a code, or a merge): a retried event gets the first answer from its receipt.
    async handler({ actor, event, services, t }, args) {
      const { identity } = services.store;
      const now = services.clock.now();
      if (args.code === undefined) {
        const code = await drawCode(LINK_CODE_LENGTH, (c) => identity.createLinkCode(actor.personId, c, new Date(now.getTime() + LINK_CODE_TTL_MS), now));
        const shown = formatCode(code);
        const accounts = await identity.accounts(actor.personId);
        return success(
          t("link.code", { code: shown }),
          text(t("link.code.how", { code: shown, minutes: TTL_MINUTES })),
          text(t(accounts.length > 1 ? "link.accounts.linked" : "link.accounts.sofar")),
          list(labels(t, accounts, event)),
          note(t("link.code.once")),
        );
      }

      const code = parseLinkCode(args.code);
      if (!code) fail("link.code.malformed", {}, msg("link.code.malformed.hint"));
      const result = await identity.link(actor, code, now);
      switch (result.outcome) {
        case "invalid":
          // The same words for unknown, expired and used codes: a wrong guess learns nothing.
          return fail("link.code.invalid", { minutes: TTL_MINUTES }, msg("link.code.invalid.hint"));
        case "same-workspace":
          return fail("link.sameWorkspace", {}, msg("link.sameWorkspace.hint"));
        case "already":
          return success(
            t("link.already"),
            list(labels(t, result.accounts, event)),
            ...(result.accounts.length === 1 ? [note(t("link.already.another"))] : []),
          );
        case "linked":
          return success(
            t("link.linked"),
            list(labels(t, result.accounts, event)),
            text(t("link.linked.history")),
            note(t("link.linked.profile")),
          );
      }
    },
  }),
});
