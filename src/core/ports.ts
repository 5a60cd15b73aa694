// The ports through which the core talks to the world. Implementations live in src/store,
// src/scheduler and src/adapters; tests use in-memory fakes.
import type { ChatEvent, Platform, UserRef } from "./events.ts";
import type { OutgoingMessage } from "./message.ts";
import type { ACKNOWLEDGEMENT_FORMS, CapacityCategory, CareerStage, CheckInTopic, InstitutionKind, ProjectRole } from "./vocabulary.ts";
import type {
  ContributionRoleId,
  ContributionSource,
  ContributionStatus,
  ContributionView,
  DegreeId,
  GroupBy,
  KnowledgeFormId,
  Period,
  StatusCounts,
  SummaryGroup,
} from "./credit/model.ts";
import type { Cadence, PersonCalendar } from "./reflection/calendar.ts";
import type { NamingWish } from "./credit/naming.ts";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Structured logging; pino's Logger satisfies it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The person behind an event, resolved from their platform account. */
export interface Actor {
  personId: string;
  accountId: string;
  workspaceId: string;
  platform: Platform;
  displayName: string;
  /** The language the person chose (or their platform gave); null: none yet, so the project's or English. */
  language: string | null;
  timezone: string | null;
}

/** A person's account on one platform, in one workspace (Slack team, Discord guild). */
export interface ChatAccount {
  platform: Platform;
  workspaceId: string;
  externalId: string;
}

export interface OffChatPerson {
  personId: string;
  displayName: string;
  institution: string | null;
  orcid: string | null;
}

export interface NewOffChatPerson {
  projectId: string;
  displayName: string;
  institutionId: string | null;
  orcid: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  idempotencyKey: string;
}

export interface PersonRef {
  personId: string;
  displayName: string;
  handle: string | null;
}

export interface InstitutionRecord {
  id: string;
  name: string;
  country: string | null;
  rorId: string | null;
  kind: InstitutionKind | null;
  people: number;
}

/** A workspace as people know it: its name (its platform id when it has none) and its platform. */
export interface WorkspaceLabel {
  id: string;
  name: string;
  platform: Platform;
}

/** A member a lead confirmed may speak for an institution in a project. */
export interface InstitutionContactRecord {
  institution: { id: string; name: string };
  person: PersonRef;
  confirmedAt: Date;
}

export interface Profile {
  personId: string;
  displayName: string;
  timezone: string | null;
  /** null: not chosen; Mutual speaks the project's language, or English. */
  language: string | null;
  country: string | null;
  careerStage: CareerStage | null;
  institution: { id: string; name: string; country: string | null } | null;
  workDays: number[];
  /** A personal pause: no prompts or reminders before this instant. */
  awayUntil: Date | null;
  quietStart: string | null;
  quietEnd: string | null;
  orcid: string | null;
  givenName: string | null;
  familyName: string | null;
  naming: NamingWish;
}

export type ProfilePatch = Partial<{
  displayName: string;
  orcid: string;
  givenName: string;
  familyName: string;
  naming: NamingWish;
  timezone: string;
  language: string;
  country: string;
  careerStage: CareerStage;
  institutionId: string;
  workDays: number[];
  awayUntil: Date | null;
  quietStart: string | null;
  quietEnd: string | null;
}>;

export interface ProjectRecord {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  language: string;
  members: number;
  /** When a lead closed it (read-only since); null or absent: open. */
  closedAt?: Date | null;
}

/** `alliance`: counts only, from the projects the viewer may read (src/store/alliance.ts). */
export interface AllianceView {
  projects: Array<{ slug: string; name: string; closedAt: Date | null; from: Date; contributions: number; acknowledgements: number }>;
  /** Projects they took part in that the viewer may not read: counted, never named. */
  hidden: number;
  /** Contribution roles (ids), most credited first: contributions credited and thanks received for them. */
  roles: Array<{ role: string; contributions: number; acknowledgements: number }>;
  /** Pairs as mentor and as mentee (an institution: of its people). */
  mentorships: { mentor: number; mentee: number };
  /** Other institutions credited in, or with members in, the same projects. */
  institutions: string[];
}

export interface MemberRecord extends PersonRef {
  role: ProjectRole;
  institutionId: string | null;
  institution: string | null;
  careerStage: CareerStage | null;
}

/** Who a contribution or a thank-you is about. */
export type Contributor = { kind: "person"; personId: string } | { kind: "institution"; institutionId: string };
/** Whose alliance: a person, or an institution, possibly registered in several workspaces (one ROR id). */
export type AllianceTarget = { kind: "person"; personId: string } | { kind: "institution"; institutionIds: string[] };

export interface NewContribution {
  projectId: string;
  contributor: Contributor;
  roles: ContributionRoleId[];
  degree: DegreeId;
  knowledgeForms: KnowledgeFormId[];
  startedOn: string;
  endedOn: string | null;
  link: string | null;
  description: string;
  /** The event that recorded it: a retry finds the first record instead of writing a second. */
  idempotencyKey: string;
  /**
   * Notices for the outbox, written in the same statement as the record: both or neither. The store
   * adds the recorded contribution (its number is known only then) to each one's data, as `contribution`.
   */
  notices?: readonly NewOutboxNotice[];
}

export interface NewAcknowledgement {
  projectId: string;
  to: Contributor;
  contributionId: string | null;
  message: string;
  idempotencyKey: string;
  /** Notices for the outbox, written in the same statement as the thanks: both or neither. */
  notices?: readonly NewOutboxNotice[];
}

export type AcknowledgementFormId = (typeof ACKNOWLEDGEMENT_FORMS.ids)[number];

export interface AcknowledgementPreferences {
  /** Most valued first. */
  forms: AcknowledgementFormId[];
  note: string | null;
}

/** Raw counts of one group of the equity view; the core turns them into shares. */
export interface EquityCount {
  dimension: "institution" | "career stage";
  label: string;
  /** The institution's id or the career stage's id; null for "no institution" / "no career stage". */
  key?: string | null;
  contributions: number;
  acknowledgements: number;
  leadRoles: number;
}

export interface SummaryData {
  totals: StatusCounts & { acknowledgements: number; leadRoles: number };
  groups: SummaryGroup[];
  equity: EquityCount[];
}

/** A count in one calendar month (YYYY-MM, by UTC date) of one key (a role, a form of knowledge…). */
export interface MonthlyCount {
  month: string;
  key: string;
  n: number;
}

/** Contributions of a project and period month by month: per role, per form of knowledge, in all. */
export interface CreditTimeline {
  roles: MonthlyCount[];
  knowledge: MonthlyCount[];
  /** key "all": every contribution; key "none": those with no form of knowledge recorded. */
  contributions: MonthlyCount[];
}

/** Lead-degree contributions per institution (the affiliation credited) and role; a contribution counts once per role. */
export interface LeadRoleCount {
  /** null: contributions by people with no institution. */
  institutionId: string | null;
  institution: string | null;
  role: ContributionRoleId;
  contributions: number;
}

/** The forms of acknowledgement a project's members value: how many value each, and how many most. */
export interface ValuedForms {
  /** Members who recorded any preference. */
  people: number;
  forms: Array<{ form: AcknowledgementFormId; people: number; first: number }>;
}

/** Mentorship activity of a project in a period: counts only, never notes or reasons. */
export interface MentorshipActivity {
  /** Per month of the check-in's date: check-ins logged, confirmed by the mentee, cycles skipped. */
  months: Array<{ month: string; checkIns: number; confirmed: number; skipped: number }>;
  /** Overdue stretches flagged (to the mentor at 1.5 cycles), and how many of them reached the leads (2 cycles). */
  overdue: { stretches: number; reachedLeads: number };
}

/** Reflection prompts of a project per month they were sent: counts only, never text. */
export interface ParticipationMonth {
  month: string;
  sent: number;
  answered: number;
  /** Answers shared with the project, and counted anonymously; the rest of the answered are private. */
  shared: number;
  anonymous: number;
  skipped: number;
}

/** checkin: a project's mentorship reminders (each pair keeps its own cadence); survey: a capacity needs survey. */
/** care: follow-up prompts about what happened next, the one schedule a closed project keeps sending. */
export type ScheduleKind = "reflection" | "digest" | "checkin" | "survey" | "care";

export interface NewSchedule {
  projectId: string;
  kind: ScheduleKind;
  cadence: Cadence;
  localTime: string;
  /** Zone of a digest's posts; prompts follow each recipient's zone. */
  timezone: string;
  promptSet: string | null;
  reminderHours: number | null;
}

export interface ScheduleRecord extends NewSchedule {
  id: string;
  projectName: string;
  projectSlug: string;
  projectLanguage: string;
  /** Closed projects send nothing but care follow-ups. */
  projectClosed?: boolean;
  /** The project's closing date in the schedule's zone (YYYY-MM-DD), anchoring "after-close" follow-ups; null: open. */
  closedOn?: string | null;
  number: number;
  enabled: boolean;
}

/** A project member as the scheduler sees them. */
export interface Recipient extends PersonRef, PersonCalendar {
  language: string;
}

export interface NewDelivery {
  dedupeKey: string;
  scheduleId: string | null;
  projectId: string;
  personId: string;
  promptKey: string;
  language: string;
  occurrence: Date;
}

export type DeliveryStatus = "pending" | "sent" | "answered" | "skipped" | "failed";
export type Visibility = "private" | "project" | "anonymous";

export interface DeliveryRecord {
  id: string;
  personId: string;
  projectId: string | null;
  projectName: string | null;
  promptKey: string;
  language: string;
  status: DeliveryStatus;
  occurrence: Date;
  sentAt: Date | null;
}

export interface ReflectionRecord {
  id: string;
  promptKey: string | null;
  language: string | null;
  projectName: string | null;
  text: string;
  visibility: Visibility;
  answeredAt: Date;
}

export interface DigestData {
  /** With its platform ("slack:C123", "discord:1234…"): the router posts there without guessing. */
  channelId: string | null;
  /** Who gets the digest when the project has no channel, with their effective language. */
  leads: Recipient[];
  sent: number;
  answered: number;
  shared: number;
  anonymous: number;
  skipped: number;
  /** Only answers their authors shared with the project. */
  entries: Array<{ author: string; promptKey: string | null; text: string }>;
}

export interface NewPair {
  projectId: string;
  mentorId: string;
  menteeId: string;
  cadence: Cadence;
  /** "HH:MM", the mentor's local time for reminders. */
  localTime: string;
  goals: string | null;
  startsOn: string;
  endsOn: string | null;
}

export interface PairRecord extends Omit<NewPair, "mentorId" | "menteeId"> {
  id: string;
  number: number;
  projectName: string;
  projectSlug: string;
  mentor: Recipient;
  mentee: Recipient;
  endedAt: Date | null;
  snoozedUntil: Date | null;
  /** Local dates (YYYY-MM-DD) of the latest check-in and the latest skipped cycle. */
  lastCheckIn: string | null;
  lastSkip: string | null;
  checkIns: number;
  skips: number;
}

export interface CheckInRecord {
  id: string;
  pairId: string;
  occurredOn: string;
  topics: CheckInTopic[];
  nextSteps: string | null;
  /** Notes are the pair's: shown to mentor and mentee only. */
  mentorNote: string | null;
  menteeNote: string | null;
  menteeConfirmedAt: Date | null;
  createdAt: Date;
}

export type NoticeKind = "checkin_reminder" | "overdue_mentor" | "overdue_lead" | "survey" | "survey_reminder";

export interface NewNotice {
  dedupeKey: string;
  kind: NoticeKind;
  scheduleId: string | null;
  projectId: string;
  pairId: string | null;
  personId: string;
  occurrence: Date;
}

export interface NoticeRecord extends NewNotice {
  id: string;
  status: DeliveryStatus;
  sentAt: Date | null;
  reason: string | null;
}

export type Priority = 1 | 2 | 3;

export interface NeedRecord {
  id: string;
  category: CapacityCategory;
  description: string;
  priority: Priority;
  createdAt: Date;
}

export interface StrengthRecord {
  id: string;
  category: CapacityCategory;
  description: string;
}

/** A member as the needs aggregate and matching see them. */
export interface CapacityProfile {
  personId: string;
  displayName: string;
  institutionId: string | null;
  institution: string | null;
  careerStage: CareerStage | null;
  needs: NeedRecord[];
  strengths: StrengthRecord[];
  /** Active pairs in the project where this person mentors. */
  mentees: string[];
}

/**
 * What redeeming a link code did. linked: the actor's person was merged into the code's person;
 * already: they are one person already (their own code, or a code they used before); invalid:
 * unknown, expired or used by someone else (never says whose); same-workspace: both people have an
 * account in one workspace, and a person has one account per workspace.
 */
export interface LinkResult {
  outcome: "linked" | "already" | "invalid" | "same-workspace";
  /** The actor's accounts afterwards (linked, already); empty otherwise. */
  accounts: ChatAccount[];
}

/** A notice for the outbox: which template (src/core/notices.ts), its facts, for whom, under which key. */
export interface NewOutboxNotice {
  dedupeKey: string;
  projectId: string;
  personId: string;
  template: string;
  data: unknown;
}

/** A claimed notice with its recipient, whose language is the effective one (theirs, else the project's). */
export interface OutboxNotice {
  id: string;
  template: string;
  data: unknown;
  projectId: string;
  to: PersonRef & { language: string };
}

/** Everything Mutual holds about one person (`my data`): plain JSON values under stable keys. */
export interface PersonData {
  profile: Record<string, unknown>;
  accounts: Array<Record<string, unknown>>;
  memberships: Array<Record<string, unknown>>;
  institutionContacts: Array<Record<string, unknown>>;
  contributionsCredited: Array<Record<string, unknown>>;
  contributionsRecorded: Array<Record<string, unknown>>;
  kudosGiven: Array<Record<string, unknown>>;
  kudosReceived: Array<Record<string, unknown>>;
  preferences: Array<Record<string, unknown>>;
  reflections: Array<Record<string, unknown>>;
  prompts: Array<Record<string, unknown>>;
  mentorshipPairs: Array<Record<string, unknown>>;
  needs: Array<Record<string, unknown>>;
  strengths: Array<Record<string, unknown>>;
  notices: Array<Record<string, unknown>>;
  linkCodes: Array<Record<string, unknown>>;
  created: Array<Record<string, unknown>>;
  audit: Array<Record<string, unknown>>;
}

export type ReceiptClaim =
  | { state: "claimed" }
  | { state: "done"; reply: OutgoingMessage[] }
  | { state: "busy" };

// The store, one port per domain. A handler or service takes the ports it uses (e.g.
// `Pick<Store, "projects" | "credit">`, or a port itself); the app wires them all (src/store).

export interface IdentityStore {
  /** Finds or creates the workspace, person and account behind an event (idempotent). */
  resolve(event: ChatEvent): Promise<Actor>;
  /** The person behind an event if already known; never writes (a command that didn't parse changes nothing). */
  known(event: ChatEvent): Promise<Actor | undefined>;
  findPerson(workspaceId: string, ref: UserRef): Promise<PersonRef | undefined>;
  /** Where the person can be reached: their chat accounts, oldest first. */
  accounts(personId: string): Promise<ChatAccount[]>;
  /** The workspaces (Slack teams, Discord guilds) where this platform user has an account, oldest first. */
  workspacesOf(platform: Platform, externalId: string): Promise<string[]>;
  /**
   * Stores a one-time link code (normalised, e.g. "ABCDEFGH") for the person, replacing their
   * earlier codes and dropping everyone's expired ones; false when the code is taken (draw again).
   */
  createLinkCode(personId: string, code: string, expiresAt: Date, now: Date): Promise<boolean>;
  /**
   * Redeems a code from another account. In one transaction, the actor's person is merged into the
   * code's person (every row that names them re-pointed, then the person deleted) and the code is
   * used up. Two redemptions of one code at once merge once.
   */
  link(actor: Actor, code: string, now: Date): Promise<LinkResult>;
}

export interface ProfileStore {
  get(personId: string): Promise<Profile>;
  update(actor: Actor, patch: ProfilePatch): Promise<Profile>;
}

export interface InstitutionStore {
  /** Returns the existing institution (created: false) when the folded name is taken. */
  add(
    actor: Actor,
    input: { name: string; country?: string; rorId?: string; kind?: InstitutionKind },
  ): Promise<{ created: boolean; institution: InstitutionRecord }>;
  list(workspaceId: string): Promise<InstitutionRecord[]>;
  findByName(workspaceId: string, name: string): Promise<InstitutionRecord | undefined>;
  /**
   * The institutions of this name a viewer may look up: of their own workspace, and of every workspace
   * whose people (or projects) share a project with them: the partners of a project spanning workspaces.
   * Rows of those workspaces with the ROR id of one found come too, whatever their name.
   */
  reachable(workspaceId: string, viewerId: string, name: string): Promise<Array<InstitutionRecord & { workspace: WorkspaceLabel }>>;
  /** Confirms (on) or withdraws a member as a contact of an institution in a project; false when nothing changed. */
  setContact(actor: Actor, contact: { projectId: string; institutionId: string; personId: string }, on: boolean): Promise<boolean>;
  /** A project's confirmed contacts, by institution then name. */
  contacts(projectId: string): Promise<InstitutionContactRecord[]>;
  isContact(projectId: string, institutionId: string, personId: string): Promise<boolean>;
}

export interface ProjectStore {
  /** Creates the project with the actor as its lead; returns undefined if the slug is taken. */
  create(actor: Actor, input: { slug: string; name: string; description?: string; language: string }): Promise<ProjectRecord | undefined>;
  /** By slug, or by name ignoring case and accents; with the viewer's role in it (null: not a member). */
  find(workspaceId: string, slugOrName: string, viewerId?: string): Promise<(ProjectRecord & { myRole: ProjectRole | null }) | undefined>;
  /**
   * The projects of the workspace the person is a member of, with their role: one round trip. With
   * none there, their projects of other workspaces (joined by invitation, or through a linked account).
   */
  mine(workspaceId: string, personId: string): Promise<Array<ProjectRecord & { myRole: ProjectRole }>>;
  /** The workspace's projects and the viewer's own of other workspaces. */
  list(workspaceId: string, viewerId: string): Promise<Array<ProjectRecord & { myRole: ProjectRole | null }>>;
  roleOf(projectId: string, personId: string): Promise<ProjectRole | undefined>;
  /** Adds the person as a member; returns false if they already were one. */
  join(actor: Actor, projectId: string): Promise<boolean>;
  /**
   * Removes a membership, refusing (returns "last-lead") to leave a project without a lead. In the
   * same transaction the person's pairs there end, their prompts and survey invitations there stop
   * (unanswered ones are skipped, unsent reminders dropped), their open needs there are closed and
   * they stop being an institution's contact there. What they contributed stays credited.
   */
  leave(actor: Actor, projectId: string, now?: Date): Promise<"left" | "not-member" | "last-lead">;
  members(projectId: string): Promise<MemberRecord[]>;
  setRole(actor: Actor, projectId: string, personId: string, role: ProjectRole): Promise<"set" | "not-member" | "last-lead">;
  /** Stores a one-time invitation code; false when the code is taken (draw another). */
  createInvite(actor: Actor, projectId: string, code: string, expiresAt: Date, now: Date): Promise<boolean>;
  /** The project a live invitation code opens, with the viewer's role in it; undefined: unknown, used or expired. */
  invited(code: string, viewerId: string, now: Date): Promise<(ProjectRecord & { myRole: ProjectRole | null }) | undefined>;
  /** Uses the code (once) and makes the actor a member: "already" if they were one (the code is kept then). */
  redeemInvite(actor: Actor, code: string, now: Date): Promise<"joined" | "already" | "invalid">;
  /**
   * Closes the project: its pairs end, unsent prompts, reminders and check-in notices are dropped and
   * its schedules other than care stop sending. "already" when it was closed.
   */
  close(actor: Actor, projectId: string, now: Date): Promise<{ outcome: "closed" | "already"; pairsEnded: number }>;
  /** Opens a closed project again (pairs ended when it closed stay ended); false when it was open. */
  reopen(actor: Actor, projectId: string): Promise<boolean>;
}

export interface CreditStore {
  /** Numbers the contribution within its project; returns the first record for a retried key. */
  /** `notices`: the ids of the notices written with it (none on a retry), for the scheduler to send. */
  record(actor: Actor, input: NewContribution): Promise<{ contribution: ContributionView; created: boolean; notices: string[] }>;
  find(projectId: string, number: number): Promise<ContributionView | undefined>;
  /** Most recent first. */
  list(projectId: string, filter: { personId?: string; status?: ContributionStatus; limit: number }): Promise<ContributionView[]>;
  setStatus(actor: Actor, contributionId: string, status: "confirmed" | "disputed", comment: string | null): Promise<ContributionView>;
  /** created: false when the key was already recorded (a retry); the ids of the notices written with it. */
  thank(actor: Actor, input: NewAcknowledgement): Promise<{ created: boolean; notices: string[] }>;
  preferences(personId: string): Promise<AcknowledgementPreferences>;
  setPreferences(actor: Actor, preferences: AcknowledgementPreferences): Promise<void>;
  /** Counted in the database; onlyPersonId limits it to one person's contributions. */
  summarize(projectId: string, period: Period, by: GroupBy, onlyPersonId?: string): Promise<SummaryData>;
  /** Streams in batches, in number order. */
  contributions(projectId: string, period: Period, onlyPersonId?: string): ReturnType<ContributionSource>;
  /** Per month (of the day work started), counted in the database like summarize. */
  timeline(projectId: string, period: Period): Promise<CreditTimeline>;
  leadRoles(projectId: string, period: Period): Promise<LeadRoleCount[]>;
  /** The forms of acknowledgement the project's members value (their preferences; no notes). */
  valuedForms(projectId: string): Promise<ValuedForms>;
}

export interface ReflectionStore {
  /** Numbers the schedule within its project. */
  createSchedule(actor: Actor, input: NewSchedule): Promise<ScheduleRecord>;
  schedules(projectId: string): Promise<ScheduleRecord[]>;
  schedule(id: string): Promise<ScheduleRecord | undefined>;
  findSchedule(projectId: string, number: number): Promise<ScheduleRecord | undefined>;
  setEnabled(actor: Actor, id: string, enabled: boolean): Promise<void>;
  deleteSchedule(actor: Actor, id: string): Promise<void>;
  /** The distinct calendars (all but the pause) of a project's members; `signature` identifies one. */
  calendars(projectId: string): Promise<Array<Omit<PersonCalendar, "awayUntil"> & { signature: string }>>;
  /** Members, or only those whose calendar signature is listed. */
  recipients(projectId: string, signatures?: readonly string[]): Promise<Recipient[]>;
  /** For each person, when they last had each prompt of a set (epoch ms). */
  seenPrompts(personIds: readonly string[], setId: string): Promise<Map<string, Map<string, number>>>;
  /**
   * Claims the sends: inserts each row unless its dedupe key exists; a PENDING row whose claim is
   * older than leaseMs (its sender crashed) is claimed again, up to maxAttempts. Returns only the
   * rows this call may send, with their ids (and the prompt first chosen for a re-claimed row).
   */
  claimDeliveries(rows: readonly NewDelivery[], now: Date, leaseMs: number, maxAttempts: number): Promise<Array<NewDelivery & { id: string }>>;
  markSent(ids: readonly string[], now: Date): Promise<void>;
  /** Gives up on rows whose last allowed attempt failed. */
  markFailed(ids: readonly string[], maxAttempts: number): Promise<void>;
  /** Sent, unanswered, not yet reminded deliveries of a schedule sent in [from, to). */
  remindable(scheduleId: string, from: Date, to: Date): Promise<Array<{ delivery: DeliveryRecord; recipient: Recipient }>>;
  /** Marks reminders as sent; returns the ids this call claimed (another process may have). */
  claimReminders(ids: readonly string[], now: Date): Promise<string[]>;
  /** A delivery the person can still answer within maxAgeMs: the one named, or their latest (answered or not; none if they skipped it). */
  openDelivery(personId: string, now: Date, maxAgeMs: number, deliveryId?: string): Promise<DeliveryRecord | undefined>;
  /** Records (or, for the same delivery, replaces) an answer, answered at `at` (the clock's now); false when the key was a retry. */
  answer(actor: Actor, input: { delivery: DeliveryRecord; text: string; visibility: Visibility; idempotencyKey: string; at: Date }): Promise<{ created: boolean; replaced: boolean }>;
  skip(actor: Actor, deliveryId: string): Promise<void>;
  /** The person's own answers, newest first. */
  reflections(personId: string): Promise<ReflectionRecord[]>;
  /** Claims a post to a project channel, like claimDeliveries; undefined when not this call's to send. */
  claimPost(row: { dedupeKey: string; scheduleId: string; projectId: string; occurrence: Date }, now: Date, leaseMs: number, maxAttempts: number): Promise<string | undefined>;
  markPostSent(id: string, now: Date): Promise<void>;
  /** When the schedule's last post went out. */
  lastPost(scheduleId: string): Promise<Date | undefined>;
  digest(projectId: string, from: Date, to: Date): Promise<DigestData>;
  /** Prompts of the project sent in the period, per month sent (UTC): counts only. */
  participation(projectId: string, period: Period): Promise<ParticipationMonth[]>;
}

export interface MentorshipStore {
  /** Creates the pair (numbered per project), or updates/resumes the existing one of the same people. */
  pair(actor: Actor, input: NewPair): Promise<{ pair: PairRecord; outcome: "created" | "updated" | "resumed" }>;
  /** Newest first; `personId` keeps pairs where they are mentor or mentee; `active` drops ended ones. */
  pairs(projectId: string, filter?: { personId?: string; active?: boolean }): Promise<PairRecord[]>;
  findPair(projectId: string, number: number): Promise<PairRecord | undefined>;
  endPair(actor: Actor, pairId: string, at: Date): Promise<void>;
  /** A retry with the same key returns the first record (created: false). Clears a pending snooze. */
  logCheckIn(
    actor: Actor,
    input: { pairId: string; occurredOn: string; topics: CheckInTopic[]; nextSteps: string | null; mentorNote: string | null; idempotencyKey: string },
  ): Promise<{ checkIn: CheckInRecord; created: boolean }>;
  confirmCheckIn(actor: Actor, checkInId: string, note: string | null, at: Date): Promise<CheckInRecord>;
  /** Newest first. */
  checkIns(pairId: string): Promise<CheckInRecord[]>;
  snooze(actor: Actor, pairId: string, until: Date | null): Promise<void>;
  /** The pair's latest sent check-in reminder (what a skip applies to). */
  lastReminder(pairId: string): Promise<NoticeRecord | undefined>;
  /** Marks the reminder's cycle skipped with a reason (the pair's to see); clears a pending snooze. */
  skipCycle(actor: Actor, notice: NoticeRecord, reason: string): Promise<void>;
  /** Skipped cycles, newest first. */
  skips(pairId: string): Promise<Array<{ date: string; reason: string | null }>>;
  leads(projectId: string): Promise<Recipient[]>;
  /** The project's check-in schedule (kind checkin), created once. */
  ensureSchedule(actor: Actor, projectId: string): Promise<ScheduleRecord>;
  /** Check-ins, skipped cycles and overdue flags of the project's pairs in the period. */
  activity(projectId: string, period: Period): Promise<MentorshipActivity>;
}

export interface NoticeStore {
  /** Claims like reflections.claimDeliveries: only the returned rows are this call's to send. */
  claim(rows: readonly NewNotice[], now: Date, leaseMs: number, maxAttempts: number): Promise<Array<NewNotice & { id: string }>>;
  markSent(ids: readonly string[], now: Date): Promise<void>;
  markFailed(ids: readonly string[], maxAttempts: number): Promise<void>;
  /** Sent survey invitations of a schedule still unanswered, sent in [from, to). */
  unansweredSurveys(scheduleId: string, from: Date, to: Date): Promise<Array<{ notice: NoticeRecord; recipient: Recipient }>>;
  /** The person answered the project's open surveys (stated a need, or "none"). */
  answerSurveys(personId: string, projectId: string): Promise<number>;
  surveyProgress(scheduleId: string): Promise<{ invited: number; answered: number }>;
}

export interface CapacityStore {
  addNeed(actor: Actor, input: { projectId: string; category: CapacityCategory; description: string; priority: Priority; idempotencyKey: string }): Promise<{ need: NeedRecord; created: boolean }>;
  /** Open needs, in the order stated. */
  needs(personId: string, projectId: string): Promise<NeedRecord[]>;
  resolveNeed(actor: Actor, needId: string, at: Date): Promise<void>;
  addStrength(actor: Actor, input: { category: CapacityCategory; description: string; idempotencyKey: string }): Promise<{ strength: StrengthRecord; created: boolean }>;
  strengths(personId: string): Promise<StrengthRecord[]>;
  removeStrength(actor: Actor, strengthId: string): Promise<void>;
  /** Every member of the project with their open needs there, strengths and mentees. */
  profiles(projectId: string): Promise<CapacityProfile[]>;
}

/** Notices a command caused, sent after its reply (src/core/notify.ts). */
export interface OutboxStore {
  /** Writes the notices (a retried event's are already there: its keys are skipped); returns the ids written. */
  enqueue(rows: readonly NewOutboxNotice[], now: Date): Promise<string[]>;
  /** Claims pending notices to send: these ids, or (none given) the ones whose job never came or whose sender died. */
  claim(ids: readonly string[], now: Date, leaseMs: number, maxAttempts: number): Promise<OutboxNotice[]>;
  markSent(ids: readonly string[], now: Date): Promise<void>;
  markFailed(ids: readonly string[], maxAttempts: number): Promise<void>;
}

/** People of a project who are not on the chat (a Person with no account, and a membership). */
export interface OffChatStore {
  /**
   * Adds the person and their membership, keyed by the event (a retry finds the first); "exists" when
   * the project has an off-chat person of that name already (folded), and nothing is written.
   */
  add(actor: Actor, input: NewOffChatPerson): Promise<{ outcome: "added" | "repeat" | "exists"; person: OffChatPerson }>;
  /** The project's members without a chat account, by name. Never their email. */
  list(projectId: string): Promise<OffChatPerson[]>;
  /**
   * Merges the off-chat person into a person on the chat (as `link` merges two accounts' people):
   * false when `from` has a chat account by now (nothing is merged).
   */
  merge(actor: Actor, from: string, into: string): Promise<boolean>;
  /**
   * Erases a person of the project who is still not on the chat, at their request through a lead, as
   * `my data delete confirm` erases one's own (their credit stays as "a former member"). Returns the
   * notices written, or undefined when they are no longer off the chat in this project (nothing erased).
   */
  erase(actor: Actor, projectId: string, personId: string, now: Date, eventId: string): Promise<string[] | undefined>;
}

/** A person's own data: export and erasure (src/store/person-data.ts says what happens to each table). */
export interface PersonDataStore {
  export(personId: string): Promise<PersonData>;
  /** Notes that the person asked to erase their data; `erase` must follow within its window. */
  requestErasure(actor: Actor, now: Date): Promise<void>;
  /**
   * Erases the person in one transaction if they asked within `withinMs`; erased: false otherwise.
   * Returns the outbox notices written for the leads and pair partners (to deliver after the reply).
   */
  erase(actor: Actor, now: Date, options: { eventId: string; withinMs: number }): Promise<{ erased: boolean; notices: string[] }>;
}

export interface ReceiptStore {
  /** Drops receipts (copies of replies) older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
  /** Claims an idempotency key; a PENDING claim older than staleAfterMs may be taken over. */
  claim(key: string, now: Date, staleAfterMs: number): Promise<ReceiptClaim>;
  complete(key: string, reply: OutgoingMessage[], now: Date): Promise<void>;
  release(key: string): Promise<void>;
}

/** Every port of the store, composed: what the app builds (src/store/index.ts). */
export interface AllianceStore {
  /**
   * A person's or an institution's record across every project they took part in (members, credited,
   * thanked, paired), counted only in the projects `readable` says the viewer may read; never text.
   */
  view(target: AllianceTarget, viewerId: string, readable: (role: ProjectRole | null, self: boolean) => boolean): Promise<AllianceView>;
}

export interface Store {
  identity: IdentityStore;
  profiles: ProfileStore;
  institutions: InstitutionStore;
  projects: ProjectStore;
  credit: CreditStore;
  reflections: ReflectionStore;
  mentorship: MentorshipStore;
  notices: NoticeStore;
  capacity: CapacityStore;
  alliance: AllianceStore;
  outbox: OutboxStore;
  people: PersonDataStore;
  offChat: OffChatStore;
  receipts: ReceiptStore;
}

/** Each port's name, once: a port added to `Store` and not here fails to compile. */
const portNames: { [K in keyof Store]: K } = {
  identity: "identity",
  profiles: "profiles",
  institutions: "institutions",
  projects: "projects",
  credit: "credit",
  reflections: "reflections",
  mentorship: "mentorship",
  notices: "notices",
  capacity: "capacity",
  alliance: "alliance",
  outbox: "outbox",
  people: "people",
  offChat: "offChat",
  receipts: "receipts",
};

/** The store's ports by name, for checks at run time (Mutual hands a command only the ports it declared). */
export const STORE_PORTS: ReadonlyArray<keyof Store> = Object.values(portNames);

/** Background work, carried by a queue; the core only asks, the scheduler decides how. */
export interface JobScheduler {
  /**
   * Round-trips a job through the queue and a worker; resolves with the elapsed time. Rejects with
   * an UnavailableError("scheduler") at once when the queue is unreachable, else after timeoutMs.
   */
  smoke(timeoutMs: number): Promise<{ ms: number }>;
  /**
   * Re-reads the schedules from the database into the queue (after any change). Never waits long
   * and never fails the caller: the database already holds the change, and a scheduler that could
   * not take it now is reconciled again when it is back.
   */
  reconcile(): Promise<void>;
  /**
   * Sends these outbox notices soon, after the caller's reply. Never waits and never fails the
   * caller: a notice whose job is lost is picked up by the next sweep (every minute).
   */
  deliver(noticeIds: readonly string[]): void;
}

export type CommandOutcome = "ok" | "user_error" | "repeated" | "unavailable" | "error";

/** Counters for operators (Prometheus in production); the core only reports, never reads. */
export interface Metrics {
  /** One handled event: the command's path ("schedule create", or "unknown"), its outcome and duration. */
  command(command: string, outcome: CommandOutcome, seconds: number): void;
  /** Messages Mutual started itself: kind is prompt, reminder, digest or a notice kind. */
  delivery(kind: string, outcome: "sent" | "failed", count: number): void;
}

export const noMetrics: Metrics = { command: () => undefined, delivery: () => undefined };

/** Sends messages outside a reply: prompts, reminders, notifications (as direct messages). */
export interface ChatPort {
  send(to: PersonRef, message: OutgoingMessage): Promise<void>;
  /** Posts to a channel (a project's), by its id with the platform: "slack:C123". */
  post(channelId: string, message: OutgoingMessage): Promise<void>;
}

/** A Vega-Lite specification as plain JSON, its data inline (see src/core/report/charts.ts). */
export type ChartSpec = { readonly [key: string]: unknown };

/** Draws charts for documents; the chart library stays outside the core (src/reports/vega.ts). */
export interface ChartRenderer {
  /** The chart as a standalone SVG document (no scripts, no external resources). */
  svg(spec: ChartSpec): Promise<string>;
}
