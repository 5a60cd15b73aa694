// Messages Mutual starts itself about mentoring and capacity needs — pairings, check-in reminders,
// overdue flags, survey invitations — in the recipient's language. Commands inside them stay in
// English (they are what people type); everything around them is translated.
import { actions, fields, heading, info, note, text, type OutgoingMessage } from "../message.ts";

type Lang = "en" | "fr" | "es" | "pt" | "sw";

interface Phrases {
  mentorship: string;
  checkIn: string;
  cadence: string;
  goals: string;
  until: string;
  pairedMentor: (p: { mentee: string; project: string }) => string;
  pairedMentee: (p: { mentor: string; project: string }) => string;
  /** After pairing, to both: how reminders work. */
  pairedHow: (p: { mentor: string }) => string;
  unpaired: (p: { other: string; project: string }) => string;
  reminder: (p: { mentee: string }) => string;
  snoozedReminder: (p: { mentee: string }) => string;
  /** `n` is the pair's number, e.g. 3 for #3. */
  howToLog: (p: { n: number }) => string;
  logCheckIn: string;
  snoozeDay: string;
  snoozeWeek: string;
  skipCycle: string;
  overdueMentor: (p: { mentee: string; since: string; days: number }) => string;
  /** To leads: only facts and dates, never notes. */
  overdueLead: (p: { mentor: string; mentee: string; project: string; since: string; days: number }) => string;
  checkInLogged: (p: { mentor: string; date: string; topics: string }) => string;
  howToConfirm: (p: { n: number }) => string;
  confirm: string;
  confirmWithNote: string;
  confirmed: (p: { mentee: string; date: string }) => string;
  survey: string;
  surveyInvite: (p: { project: string }) => string;
  surveyReminder: string;
  howToAnswerSurvey: string;
  addNeed: string;
  noNeeds: string;
}

const PHRASES: Record<Lang, Phrases> = {
  en: {
    mentorship: "Mentorship",
    checkIn: "Mentorship check-in",
    cadence: "Check-ins",
    goals: "Goals",
    until: "Until",
    pairedMentor: (p) => `You are now mentoring ${p.mentee} in ${p.project}.`,
    pairedMentee: (p) => `${p.mentor} is now your mentor in ${p.project}.`,
    pairedHow: (p) => `Mutual will remind ${p.mentor} of each check-in at their local time. Notes you log stay between the two of you.`,
    unpaired: (p) => `Your mentorship pair with ${p.other} in ${p.project} has ended. Thank you for the time you gave each other.`,
    reminder: (p) => `Time for a check-in with ${p.mentee}? Even a short conversation counts.`,
    snoozedReminder: (p) => `As you asked, here is the reminder again: a check-in with ${p.mentee}.`,
    howToLog: (p) =>
      `Log it with: checkin log #${p.n} <what you talked about> topics=writing,career next=<next steps> note=<private note>. Notes are seen only by the two of you. Later: checkin snooze #${p.n} 1d (or 1w). Not this time: checkin skip #${p.n} <reason>.`,
    logCheckIn: "Log check-in",
    snoozeDay: "Snooze 1 day",
    snoozeWeek: "Snooze 1 week",
    skipCycle: "Skip this cycle",
    overdueMentor: (p) => `It has been ${p.days} days since your last check-in with ${p.mentee} (${p.since}). A short conversation this week would keep things going.`,
    overdueLead: (p) => `The mentorship pair ${p.mentor} → ${p.mentee} in ${p.project} has had no check-in for ${p.days} days (since ${p.since}).`,
    checkInLogged: (p) => `${p.mentor} logged your check-in of ${p.date} (topics: ${p.topics}).`,
    howToConfirm: (p) => `Did it happen? Confirm with: checkin confirm #${p.n}, and add your own note if you like: checkin confirm #${p.n} <your note>. Your note is seen only by the two of you.`,
    confirm: "Confirm",
    confirmWithNote: "Confirm with a note",
    confirmed: (p) => `${p.mentee} confirmed your check-in of ${p.date}.`,
    survey: "Capacity needs survey",
    surveyInvite: (p) => `${p.project} is gathering capacity-strengthening needs, to plan training, mentoring and exchanges together. What would help you grow in this partnership?`,
    surveyReminder: "A gentle reminder, in case this got buried — no pressure:",
    howToAnswerSurvey:
      'State each need with its category (academic, intercultural, translational or institutional) and a priority: needs add academic "qualitative coding" priority=high. Nothing right now? needs none. Leads see needs only in aggregates of at least 3 people, never with your name (when they look for a mentor for you, only which categories match).',
    addNeed: "Add a need",
    noNeeds: "No needs right now",
  },
  fr: {
    mentorship: "Mentorat",
    checkIn: "Point de mentorat",
    cadence: "Points",
    goals: "Objectifs",
    until: "Jusqu’au",
    pairedMentor: (p) => `Vous êtes désormais mentor de ${p.mentee} dans ${p.project}.`,
    pairedMentee: (p) => `${p.mentor} est désormais votre mentor dans ${p.project}.`,
    pairedHow: (p) => `Mutual rappellera chaque point à ${p.mentor}, à son heure locale. Les notes enregistrées restent entre vous deux.`,
    unpaired: (p) => `Votre binôme de mentorat avec ${p.other} dans ${p.project} est terminé. Merci pour le temps que vous vous êtes consacré.`,
    reminder: (p) => `C’est peut-être le moment de faire le point avec ${p.mentee} ? Même une courte conversation compte.`,
    snoozedReminder: (p) => `Comme demandé, voici de nouveau le rappel : un point avec ${p.mentee}.`,
    howToLog: (p) =>
      `Enregistrez-le avec : checkin log #${p.n} <ce dont vous avez parlé> topics=writing,career next=<prochaines étapes> note=<note privée>. Les notes ne sont vues que par vous deux. Plus tard : checkin snooze #${p.n} 1d (ou 1w). Pas cette fois : checkin skip #${p.n} <raison>.`,
    logCheckIn: "Enregistrer le point",
    snoozeDay: "Rappeler dans 1 jour",
    snoozeWeek: "Rappeler dans 1 semaine",
    skipCycle: "Passer ce cycle",
    overdueMentor: (p) => `Cela fait ${p.days} jours depuis votre dernier point avec ${p.mentee} (${p.since}). Une courte conversation cette semaine permettrait de garder le lien.`,
    overdueLead: (p) => `Le binôme de mentorat ${p.mentor} → ${p.mentee} dans ${p.project} n’a pas fait de point depuis ${p.days} jours (depuis le ${p.since}).`,
    checkInLogged: (p) => `${p.mentor} a enregistré votre point du ${p.date} (thèmes : ${p.topics}).`,
    howToConfirm: (p) =>
      `A-t-il bien eu lieu ? Confirmez avec : checkin confirm #${p.n}, et ajoutez votre propre note si vous le souhaitez : checkin confirm #${p.n} <votre note>. Votre note n’est vue que par vous deux.`,
    confirm: "Confirmer",
    confirmWithNote: "Confirmer avec une note",
    confirmed: (p) => `${p.mentee} a confirmé votre point du ${p.date}.`,
    survey: "Enquête sur les besoins en renforcement des capacités",
    surveyInvite: (p) => `${p.project} recense les besoins en renforcement des capacités, pour planifier ensemble formations, mentorat et échanges. Qu’est-ce qui vous aiderait à progresser dans ce partenariat ?`,
    surveyReminder: "Un petit rappel, au cas où ce message se serait perdu — sans pression :",
    howToAnswerSurvey:
      'Indiquez chaque besoin avec sa catégorie (academic, intercultural, translational ou institutional) et une priorité : needs add academic "codage qualitatif" priority=high. Rien pour l’instant ? needs none. Les responsables ne voient les besoins que regroupés par au moins 3 personnes, jamais avec votre nom (s’ils vous cherchent un mentor, seulement les catégories qui correspondent).',
    addNeed: "Ajouter un besoin",
    noNeeds: "Aucun besoin pour l’instant",
  },
  es: {
    mentorship: "Mentoría",
    checkIn: "Encuentro de mentoría",
    cadence: "Encuentros",
    goals: "Objetivos",
    until: "Hasta",
    pairedMentor: (p) => `Ahora eres mentor/a de ${p.mentee} en ${p.project}.`,
    pairedMentee: (p) => `${p.mentor} es ahora tu mentor/a en ${p.project}.`,
    pairedHow: (p) => `Mutual le recordará cada encuentro a ${p.mentor}, a su hora local. Las notas que registren quedan entre ustedes dos.`,
    unpaired: (p) => `Tu pareja de mentoría con ${p.other} en ${p.project} ha terminado. Gracias por el tiempo que se dedicaron.`,
    reminder: (p) => `¿Es momento de un encuentro con ${p.mentee}? Incluso una conversación breve cuenta.`,
    snoozedReminder: (p) => `Como pediste, aquí está de nuevo el recordatorio: un encuentro con ${p.mentee}.`,
    howToLog: (p) =>
      `Regístralo con: checkin log #${p.n} <de qué hablaron> topics=writing,career next=<próximos pasos> note=<nota privada>. Las notas solo las ven ustedes dos. Más tarde: checkin snooze #${p.n} 1d (o 1w). Esta vez no: checkin skip #${p.n} <motivo>.`,
    logCheckIn: "Registrar encuentro",
    snoozeDay: "Posponer 1 día",
    snoozeWeek: "Posponer 1 semana",
    skipCycle: "Omitir este ciclo",
    overdueMentor: (p) => `Han pasado ${p.days} días desde tu último encuentro con ${p.mentee} (${p.since}). Una conversación breve esta semana ayudaría a mantener el ritmo.`,
    overdueLead: (p) => `La pareja de mentoría ${p.mentor} → ${p.mentee} en ${p.project} no ha tenido encuentros en ${p.days} días (desde el ${p.since}).`,
    checkInLogged: (p) => `${p.mentor} registró su encuentro del ${p.date} (temas: ${p.topics}).`,
    howToConfirm: (p) =>
      `¿Tuvo lugar? Confírmalo con: checkin confirm #${p.n}, y añade tu propia nota si quieres: checkin confirm #${p.n} <tu nota>. Tu nota solo la ven ustedes dos.`,
    confirm: "Confirmar",
    confirmWithNote: "Confirmar con una nota",
    confirmed: (p) => `${p.mentee} confirmó su encuentro del ${p.date}.`,
    survey: "Encuesta de necesidades de fortalecimiento de capacidades",
    surveyInvite: (p) => `${p.project} está reuniendo necesidades de fortalecimiento de capacidades, para planificar juntos formación, mentoría e intercambios. ¿Qué te ayudaría a crecer en esta alianza?`,
    surveyReminder: "Un recordatorio amable, por si este mensaje quedó enterrado — sin presión:",
    howToAnswerSurvey:
      'Indica cada necesidad con su categoría (academic, intercultural, translational o institutional) y una prioridad: needs add academic "codificación cualitativa" priority=high. ¿Nada por ahora? needs none. Quienes coordinan solo ven las necesidades en grupos de al menos 3 personas, nunca con tu nombre (si buscan un mentor para ti, solo las categorías que coinciden).',
    addNeed: "Añadir una necesidad",
    noNeeds: "Nada por ahora",
  },
  pt: {
    mentorship: "Mentoria",
    checkIn: "Encontro de mentoria",
    cadence: "Encontros",
    goals: "Objetivos",
    until: "Até",
    pairedMentor: (p) => `Agora você é mentor(a) de ${p.mentee} em ${p.project}.`,
    pairedMentee: (p) => `${p.mentor} agora é seu/sua mentor(a) em ${p.project}.`,
    pairedHow: (p) => `O Mutual vai lembrar ${p.mentor} de cada encontro, no horário local. As notas registradas ficam só entre vocês dois.`,
    unpaired: (p) => `Sua dupla de mentoria com ${p.other} em ${p.project} foi encerrada. Obrigado pelo tempo que vocês dedicaram um ao outro.`,
    reminder: (p) => `Hora de um encontro com ${p.mentee}? Mesmo uma conversa curta conta.`,
    snoozedReminder: (p) => `Como você pediu, aqui está o lembrete de novo: um encontro com ${p.mentee}.`,
    howToLog: (p) =>
      `Registre com: checkin log #${p.n} <sobre o que conversaram> topics=writing,career next=<próximos passos> note=<nota privada>. As notas são vistas só por vocês dois. Mais tarde: checkin snooze #${p.n} 1d (ou 1w). Desta vez não: checkin skip #${p.n} <motivo>.`,
    logCheckIn: "Registrar encontro",
    snoozeDay: "Adiar 1 dia",
    snoozeWeek: "Adiar 1 semana",
    skipCycle: "Pular este ciclo",
    overdueMentor: (p) => `Já se passaram ${p.days} dias desde o seu último encontro com ${p.mentee} (${p.since}). Uma conversa curta esta semana ajudaria a manter o ritmo.`,
    overdueLead: (p) => `A dupla de mentoria ${p.mentor} → ${p.mentee} em ${p.project} não tem encontros há ${p.days} dias (desde ${p.since}).`,
    checkInLogged: (p) => `${p.mentor} registrou o encontro de vocês em ${p.date} (temas: ${p.topics}).`,
    howToConfirm: (p) =>
      `Aconteceu? Confirme com: checkin confirm #${p.n}, e acrescente sua própria nota se quiser: checkin confirm #${p.n} <sua nota>. Sua nota é vista só por vocês dois.`,
    confirm: "Confirmar",
    confirmWithNote: "Confirmar com uma nota",
    confirmed: (p) => `${p.mentee} confirmou o encontro de ${p.date}.`,
    survey: "Levantamento de necessidades de fortalecimento de capacidades",
    surveyInvite: (p) => `${p.project} está reunindo necessidades de fortalecimento de capacidades, para planejar juntos formações, mentoria e intercâmbios. O que ajudaria você a crescer nesta parceria?`,
    surveyReminder: "Um lembrete gentil, caso esta mensagem tenha se perdido — sem pressão:",
    howToAnswerSurvey:
      'Informe cada necessidade com sua categoria (academic, intercultural, translational ou institutional) e uma prioridade: needs add academic "codificação qualitativa" priority=high. Nada agora? needs none. A coordenação só vê as necessidades em grupos de pelo menos 3 pessoas, nunca com o seu nome (se procurarem um mentor para você, só as categorias que coincidem).',
    addNeed: "Adicionar uma necessidade",
    noNeeds: "Nada agora",
  },
  sw: {
    mentorship: "Ushauri",
    checkIn: "Kikao cha ushauri",
    cadence: "Vikao",
    goals: "Malengo",
    until: "Hadi",
    pairedMentor: (p) => `Sasa wewe ni mshauri wa ${p.mentee} katika ${p.project}.`,
    pairedMentee: (p) => `${p.mentor} sasa ni mshauri wako katika ${p.project}.`,
    pairedHow: (p) => `Mutual itamkumbusha ${p.mentor} kila kikao kwa saa za eneo lake. Maelezo mnayoandika yanabaki kati yenu wawili.`,
    unpaired: (p) => `Ushirikiano wako wa ushauri na ${p.other} katika ${p.project} umekamilika. Asante kwa muda mliotoleana.`,
    reminder: (p) => `Je, ni wakati wa kikao na ${p.mentee}? Hata mazungumzo mafupi yanahesabika.`,
    snoozedReminder: (p) => `Kama ulivyoomba, huu hapa ukumbusho tena: kikao na ${p.mentee}.`,
    howToLog: (p) =>
      `Kiandike kwa: checkin log #${p.n} <mlichozungumza> topics=writing,career next=<hatua zinazofuata> note=<maelezo ya faragha>. Maelezo yanaonekana kwenu wawili tu. Baadaye: checkin snooze #${p.n} 1d (au 1w). Si wakati huu: checkin skip #${p.n} <sababu>.`,
    logCheckIn: "Andika kikao",
    snoozeDay: "Ahirisha siku 1",
    snoozeWeek: "Ahirisha wiki 1",
    skipCycle: "Ruka mzunguko huu",
    overdueMentor: (p) => `Zimepita siku ${p.days} tangu kikao chako cha mwisho na ${p.mentee} (${p.since}). Mazungumzo mafupi wiki hii yangesaidia kuendeleza uhusiano.`,
    overdueLead: (p) => `Jozi ya ushauri ${p.mentor} → ${p.mentee} katika ${p.project} haijafanya kikao kwa siku ${p.days} (tangu ${p.since}).`,
    checkInLogged: (p) => `${p.mentor} ameandika kikao chenu cha ${p.date} (mada: ${p.topics}).`,
    howToConfirm: (p) =>
      `Je, kilifanyika? Thibitisha kwa: checkin confirm #${p.n}, na uongeze maelezo yako ukipenda: checkin confirm #${p.n} <maelezo yako>. Maelezo yako yanaonekana kwenu wawili tu.`,
    confirm: "Thibitisha",
    confirmWithNote: "Thibitisha na maelezo",
    confirmed: (p) => `${p.mentee} amethibitisha kikao chenu cha ${p.date}.`,
    survey: "Utafiti wa mahitaji ya kujenga uwezo",
    surveyInvite: (p) => `${p.project} inakusanya mahitaji ya kujenga uwezo, ili kupanga pamoja mafunzo, ushauri na kubadilishana uzoefu. Ni nini kingekusaidia kukua katika ushirikiano huu?`,
    surveyReminder: "Ukumbusho mdogo, endapo ujumbe huu ulipotea — bila shinikizo:",
    howToAnswerSurvey:
      'Taja kila hitaji pamoja na aina yake (academic, intercultural, translational au institutional) na kipaumbele: needs add academic "uchambuzi wa data za maelezo" priority=high. Hakuna kwa sasa? needs none. Viongozi huona mahitaji kwa makundi ya watu 3 au zaidi tu, kamwe si kwa jina lako (wakikutafutia mshauri, wanaona tu aina zinazolingana).',
    addNeed: "Ongeza hitaji",
    noNeeds: "Hakuna kwa sasa",
  },
};

export const mentorPhrases = (language: string): Phrases => PHRASES[language as Lang] ?? PHRASES.en;

export interface PairFacts {
  number: number;
  projectName: string;
  projectSlug: string;
  mentor: string;
  mentee: string;
  cadence: string;
  goals: string | null;
  endsOn: string | null;
}

/** To mentor or mentee when a lead pairs them. */
export function pairedMessage(pair: PairFacts, role: "mentor" | "mentee", language: string): OutgoingMessage {
  const t = mentorPhrases(language);
  return info(
    heading(`${t.mentorship} · ${pair.projectName}`),
    text(role === "mentor" ? t.pairedMentor({ mentee: pair.mentee, project: pair.projectName }) : t.pairedMentee({ mentor: pair.mentor, project: pair.projectName })),
    fields([t.cadence, pair.cadence], ...(pair.goals ? [[t.goals, pair.goals] as [string, string]] : []), ...(pair.endsOn ? [[t.until, pair.endsOn] as [string, string]] : [])),
    note(t.pairedHow({ mentor: pair.mentor })),
  );
}

export function unpairedMessage(pair: PairFacts, role: "mentor" | "mentee", language: string): OutgoingMessage {
  const t = mentorPhrases(language);
  return info(heading(`${t.mentorship} · ${pair.projectName}`), text(t.unpaired({ other: role === "mentor" ? pair.mentee : pair.mentor, project: pair.projectName })));
}

/** The quick actions of a reminder: log, snooze a day or a week, skip the cycle with a reason. */
const pairActions = (pair: PairFacts, t: Phrases) => {
  const ref = `#${pair.number} project=${pair.projectSlug}`;
  return actions(
    { id: "checkin-log", label: t.logCheckIn, command: `checkin log ${ref}`, input: "text" },
    { id: "checkin-snooze-day", label: t.snoozeDay, command: `checkin snooze ${ref} 1d` },
    { id: "checkin-snooze-week", label: t.snoozeWeek, command: `checkin snooze ${ref} 1w` },
    { id: "checkin-skip", label: t.skipCycle, command: `checkin skip ${ref}`, input: "text" },
  );
};

export function reminderMessage(pair: PairFacts, language: string, snoozed = false): OutgoingMessage {
  const t = mentorPhrases(language);
  return info(
    heading(`${t.checkIn} · ${pair.projectName}`),
    text(snoozed ? t.snoozedReminder({ mentee: pair.mentee }) : t.reminder({ mentee: pair.mentee })),
    ...(pair.goals ? [fields([t.goals, pair.goals])] : []),
    note(t.howToLog({ n: pair.number })),
    pairActions(pair, t),
  );
}

export function overdueMentorMessage(pair: PairFacts, since: string, days: number, language: string): OutgoingMessage {
  const t = mentorPhrases(language);
  return info(heading(`${t.checkIn} · ${pair.projectName}`), text(t.overdueMentor({ mentee: pair.mentee, since, days })), note(t.howToLog({ n: pair.number })), pairActions(pair, t));
}

/** Built from dates and names only: a lead-facing message has no place for notes. */
export function overdueLeadMessage(pair: Pick<PairFacts, "projectName" | "mentor" | "mentee" | "cadence">, since: string, days: number, language: string): OutgoingMessage {
  const t = mentorPhrases(language);
  return info(heading(`${t.mentorship} · ${pair.projectName}`), text(t.overdueLead({ mentor: pair.mentor, mentee: pair.mentee, project: pair.projectName, since, days })), fields([t.cadence, pair.cadence]));
}

export function checkInLoggedMessage(pair: PairFacts, date: string, topics: string, language: string): OutgoingMessage {
  const t = mentorPhrases(language);
  const ref = `#${pair.number} project=${pair.projectSlug}`;
  return info(
    heading(`${t.checkIn} · ${pair.projectName}`),
    text(t.checkInLogged({ mentor: pair.mentor, date, topics })),
    note(t.howToConfirm({ n: pair.number })),
    actions({ id: "checkin-confirm", label: t.confirm, command: `checkin confirm ${ref}` }, { id: "checkin-confirm-note", label: t.confirmWithNote, command: `checkin confirm ${ref}`, input: "text" }),
  );
}

export function checkInConfirmedMessage(pair: PairFacts, date: string, language: string): OutgoingMessage {
  const t = mentorPhrases(language);
  return info(heading(`${t.checkIn} · ${pair.projectName}`), text(t.confirmed({ mentee: pair.mentee, date })));
}

export function surveyMessage(p: { projectName: string; projectSlug: string; language: string; reminder?: boolean }): OutgoingMessage {
  const t = mentorPhrases(p.language);
  return info(
    heading(`${t.survey} · ${p.projectName}`),
    ...(p.reminder ? [note(t.surveyReminder)] : []),
    text(t.surveyInvite({ project: p.projectName })),
    note(t.howToAnswerSurvey),
    actions(
      { id: "needs-add", label: t.addNeed, command: `needs add project=${p.projectSlug}`, input: "text" },
      { id: "needs-none", label: t.noNeeds, command: `needs none project=${p.projectSlug}` },
    ),
  );
}
