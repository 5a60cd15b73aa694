// Messages to people other than the one who typed a command (the credited person, a pair's mentee,
// the leads): worded in the recipient's language — theirs, else the project's, else English.
import { pickLanguage, translator, type Translator } from "./i18n/index.ts";
import type { OutgoingMessage } from "./message.ts";
import type { PersonRef, Services } from "./ports.ts";

/** Sends `compose(t)` to `to`, with `t` in the recipient's language. */
export async function tell(services: Services, to: PersonRef, projectLanguage: string | null, compose: (t: Translator) => OutgoingMessage): Promise<void> {
  const { language } = await services.store.profiles.get(to.personId);
  const t = translator(pickLanguage(language, projectLanguage));
  await services.chat.send(to, { ...compose(t), language: t.lang });
}
