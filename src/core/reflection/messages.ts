// Messages Mutual starts itself — prompts, reminders, digests — in the recipient's language (for a
// digest, the project's). Languages of the bundled prompt sets; anything else reads English.
import { actions, heading, info, list, note, text, type OutgoingMessage } from "../message.ts";

type Lang = "en" | "fr" | "es" | "pt" | "sw";

interface Phrases {
  reflection: string;
  howToAnswer: string;
  answer: string;
  skip: string;
  reminder: string;
  digest: string;
  participation: (p: { sent: number; answered: number; shared: number; anonymous: number; skipped: number }) => string;
  shared: string;
  noneShared: string;
}

const PHRASES: Record<Lang, Phrases> = {
  en: {
    reflection: "Reflection",
    howToAnswer:
      "Answer in one reply: answer <your reflection>. It stays private unless you add visibility=project (shared with the team) or visibility=anonymous (counted, never shown). Not this time? skip.",
    answer: "Answer",
    skip: "Skip",
    reminder: "A gentle reminder, in case this got buried — no pressure:",
    digest: "Reflection digest",
    participation: (p) => `${p.sent} prompts sent · ${p.answered} answered (${p.shared} shared, ${p.anonymous} anonymous) · ${p.skipped} skipped`,
    shared: "Shared with the team:",
    noneShared: "No reflections were shared this time.",
  },
  fr: {
    reflection: "Réflexion",
    howToAnswer:
      "Répondez en un message : answer <votre réflexion>. Elle reste privée, sauf si vous ajoutez visibility=project (partagée avec l’équipe) ou visibility=anonymous (comptée, jamais affichée). Pas cette fois ? skip.",
    answer: "Répondre",
    skip: "Passer",
    reminder: "Un petit rappel, au cas où ce message se serait perdu — sans pression :",
    digest: "Synthèse des réflexions",
    participation: (p) => `${p.sent} questions envoyées · ${p.answered} réponses (${p.shared} partagées, ${p.anonymous} anonymes) · ${p.skipped} passées`,
    shared: "Partagées avec l’équipe :",
    noneShared: "Aucune réflexion n’a été partagée cette fois.",
  },
  es: {
    reflection: "Reflexión",
    howToAnswer:
      "Responde en un solo mensaje: answer <tu reflexión>. Queda privada salvo que añadas visibility=project (compartida con el equipo) o visibility=anonymous (contada, nunca mostrada). ¿Esta vez no? skip.",
    answer: "Responder",
    skip: "Omitir",
    reminder: "Un recordatorio amable, por si este mensaje quedó enterrado — sin presión:",
    digest: "Resumen de reflexiones",
    participation: (p) => `${p.sent} preguntas enviadas · ${p.answered} respondidas (${p.shared} compartidas, ${p.anonymous} anónimas) · ${p.skipped} omitidas`,
    shared: "Compartidas con el equipo:",
    noneShared: "Esta vez no se compartió ninguna reflexión.",
  },
  pt: {
    reflection: "Reflexão",
    howToAnswer:
      "Responda em uma só mensagem: answer <sua reflexão>. Ela fica privada, a menos que você acrescente visibility=project (compartilhada com a equipe) ou visibility=anonymous (contada, nunca mostrada). Desta vez não? skip.",
    answer: "Responder",
    skip: "Pular",
    reminder: "Um lembrete gentil, caso esta mensagem tenha se perdido — sem pressão:",
    digest: "Resumo das reflexões",
    participation: (p) => `${p.sent} perguntas enviadas · ${p.answered} respondidas (${p.shared} compartilhadas, ${p.anonymous} anônimas) · ${p.skipped} puladas`,
    shared: "Compartilhadas com a equipe:",
    noneShared: "Nenhuma reflexão foi compartilhada desta vez.",
  },
  sw: {
    reflection: "Tafakari",
    howToAnswer:
      "Jibu kwa ujumbe mmoja: answer <tafakari yako>. Inabaki ya faragha isipokuwa uongeze visibility=project (inashirikiwa na timu) au visibility=anonymous (inahesabiwa, haionyeshwi kamwe). Si wakati huu? skip.",
    answer: "Jibu",
    skip: "Ruka",
    reminder: "Ukumbusho mdogo, endapo ujumbe huu ulipotea — bila shinikizo:",
    digest: "Muhtasari wa tafakari",
    participation: (p) => `Maswali ${p.sent} yametumwa · ${p.answered} yamejibiwa (${p.shared} yameshirikiwa, ${p.anonymous} bila jina) · ${p.skipped} yamerukwa`,
    shared: "Yaliyoshirikiwa na timu:",
    noneShared: "Hakuna tafakari iliyoshirikiwa wakati huu.",
  },
};

export const phrases = (language: string): Phrases => PHRASES[language as Lang] ?? PHRASES.en;

/** A prompt as a direct message, with the commands (buttons on Slack and Discord) that answer or skip it. */
export function promptMessage(p: { deliveryId: string; projectName: string; question: string; language: string; reminder?: boolean }): OutgoingMessage {
  const t = phrases(p.language);
  return info(
    heading(`${t.reflection} · ${p.projectName}`),
    ...(p.reminder ? [note(t.reminder)] : []),
    text(p.question),
    note(t.howToAnswer),
    actions(
      { id: "answer", label: t.answer, command: `answer to=${p.deliveryId}`, input: "text" },
      { id: "skip", label: t.skip, command: `skip to=${p.deliveryId}` },
    ),
  );
}

export interface DigestContent {
  projectName: string;
  language: string;
  period: string;
  sent: number;
  answered: number;
  shared: number;
  anonymous: number;
  skipped: number;
  /** Named answers their authors shared with the project; nothing else is ever shown. */
  entries: Array<{ author: string; question: string; answer: string }>;
}

export function digestMessage(d: DigestContent): OutgoingMessage {
  const t = phrases(d.language);
  return info(
    heading(`${t.digest} · ${d.projectName} · ${d.period}`),
    text(t.participation(d)),
    ...(d.entries.length ? [text(t.shared), list(d.entries.map((e) => `${e.author} — “${e.question}” ${e.answer}`))] : [note(t.noneShared)]),
  );
}
