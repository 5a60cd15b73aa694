// `my data`: everything Mutual holds about the person, as JSON (machine-readable, GDPR Art. 20) and
// Markdown (readable); `my data delete` says what erasure erases and keeps, and `my data delete
// confirm` within ERASE_WINDOW_MS erases it in one transaction (src/store/person-data.ts).
import { fail } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { heading, list, note, success, info, text } from "../message.ts";
import { personDataFiles } from "../person-data.ts";
import { action } from "./definition.ts";

/** `my data delete confirm` must follow `my data delete` within this. */
export const ERASE_WINDOW_MS = 10 * 60_000;

export const data = action({
  description: "cmd.my.data",
  ports: ["people"],
  options: [
    { name: "step", type: "choice", positional: true, choices: { delete: "choice.my.data.delete" }, description: "opt.my.data.step" },
    { name: "confirm", type: "choice", positional: true, choices: { confirm: "choice.my.data.confirm" }, description: "opt.my.data.confirm" },
  ],
  examples: ["ex.my.data.1", "ex.my.data.2", "ex.my.data.3"],
  async handler({ actor, event, services, t }, args) {
    const { store, clock } = services;
    const now = clock.now();
    if (args.step === undefined && args.confirm === undefined) {
      const all = await store.people.export(actor.personId);
      const counts = { reflections: all.reflections.length, contributions: all.contributionsCredited.length, kudos: all.kudosGiven.length + all.kudosReceived.length, pairs: all.mentorshipPairs.length };
      return { ...success(t("data.export.done", counts), note(t("data.export.private"))), files: personDataFiles(t, all, actor, now) };
    }
    if (args.confirm === undefined) {
      await store.people.requestErasure(actor, now);
      const minutes = ERASE_WINDOW_MS / 60_000;
      return info(
        heading(t("data.delete.heading")),
        text(t("data.delete.erased")),
        text(t("data.delete.kept")),
        text(t("data.delete.told")),
        note(t("data.delete.exportFirst")),
        note(t("data.delete.how", { minutes })),
      );
    }
    const { erased, notices } = await store.people.erase(actor, now, { eventId: event.id, withinMs: ERASE_WINDOW_MS });
    if (!erased) fail("data.delete.notAsked", { minutes: ERASE_WINDOW_MS / 60_000 }, msg("data.delete.notAsked.hint"));
    if (notices.length) services.scheduler.deliver(notices);
    return success(t("data.delete.done"), list([t("data.delete.doneKept")]), note(t("data.delete.goodbye")));
  },
});
