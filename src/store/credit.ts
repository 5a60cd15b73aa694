// Contributions, acknowledgements, preferences and summaries. Summaries are counted in the database
// (GROUP BY over a covering index), and exports stream in keyset-paginated batches.
import type { ContributionStatus, ContributionView, GroupBy, Period, StatusCounts, SummaryGroup } from "../core/credit/model.ts";
import type { Actor, EquityCount, LeadRoleCount, MonthlyCount, Store, ValuedForms } from "../core/ports.ts";
import { ACKNOWLEDGEMENT_FORMS, CAREER_STAGES, KNOWLEDGE_FORMS } from "../core/vocabulary.ts";
import { ROLE_LABELS } from "../core/credit/terms.ts";
import { shownPerson, type NamingWish, type ShownPerson } from "../core/credit/naming.ts";
import { auditEntry } from "./audit.ts";
import { newId } from "./ids.ts";
import { OUTBOX_INSERT, outboxParams } from "./outbox.ts";
import type { Db } from "./database.ts";
import { prepared, type Connection } from "./driver.ts";
import { isUniqueViolation } from "./errors.ts";
import { Prisma, type AcknowledgementForm } from "./generated/client.ts";

const up = <T extends string>(id: string) => id.toUpperCase() as T;
const down = <T extends string>(value: string) => value.toLowerCase() as T;

/**
 * Rows per export page. Small on purpose: a page and the one prefetched behind it then die young in
 * V8's new space instead of being promoted; at 5,000 rows a million-row CSV export peaked at
 * ~350 MB RSS, at 500 at ~230 MB and ran faster (scripts/bench-credit.ts).
 */
const EXPORT_PAGE_ROWS = 500;

/** One row of the contribution view query: strings as PostgreSQL formats them, cheap to read. */
interface ViewRow {
  id: string;
  number: number;
  started_on: string;
  ended_on: string | null;
  person_id: string | null;
  institution_id: string | null;
  affiliation_id: string | null;
  career_stage: string | null;
  roles: string | null;
  degree: string;
  knowledge_forms: string;
  status: string;
  status_comment: string | null;
  description: string;
  link: string | null;
  recorded_by_id: string | null;
  recorded_at: string;
}

/** A contribution's columns as a ContributionView row wants them, from a row named `c`. */
const VIEW_COLUMNS = `
  SELECT c.id, c.number, to_char(c."startedOn", 'YYYY-MM-DD') AS started_on, to_char(c."endedOn", 'YYYY-MM-DD') AS ended_on,
    c."contributorPersonId" AS person_id, c."contributorInstitutionId" AS institution_id, c."affiliationId" AS affiliation_id,
    lower(c."careerStage"::text) AS career_stage, lower(array_to_string(c.roles, ',')) AS roles,
    lower(c.degree::text) AS degree, lower(array_to_string(c."knowledgeForms", ',')) AS knowledge_forms,
    lower(c.status::text) AS status, c."statusComment" AS status_comment, c.description, c.link,
    c."recordedById" AS recorded_by_id, to_char(c."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

/**
 * Contributions as people see them, read through the driver (not Prisma's client) because exports
 * read a million of them: one table, no joins (names come from a cache, see Names), and dates,
 * roles and enums as ready-made strings. Parameters: $1 project, $2 "number greater than",
 * $3/$4 period (dates or null), $5 person or null, $6 a single number or null, $7 a contribution
 * id or null, $8 status or null, $9 limit, $10 an idempotency key or null.
 */
const VIEW_SQL = `${VIEW_COLUMNS}
  FROM "Contribution" c
  WHERE ($1::text IS NULL OR c."projectId" = $1) AND c.number > $2
    AND ($3::date IS NULL OR COALESCE(c."endedOn", c."startedOn") >= $3::date) AND ($4::date IS NULL OR c."startedOn" <= $4::date)
    AND ($5::text IS NULL OR c."contributorPersonId" = $5) AND ($6::int IS NULL OR c.number = $6)
    AND ($7::text IS NULL OR c.id = $7) AND ($8::text IS NULL OR c.status::text = $8)
    AND ($10::text IS NULL OR c."idempotencyKey" = $10)
  ORDER BY c.number {ORDER} LIMIT $9`;

/**
 * A row of VIEW_COLUMNS (`v`) as the ContributionView that Names.view makes of it, with the names
 * joined: `cp` the contributing person, `ci` the contributing institution, `af` the affiliation,
 * `rb` the recorder. Used where one statement both writes a contribution and tells someone of it.
 * The person is named in full here: the notice goes to that person. record() applies a naming wish
 * other than "full" to the view it returns (shownPerson, as every reader does).
 */
const VIEW_JSON = `jsonb_build_object(
    'id', v.id, 'number', v.number, 'startedOn', v.started_on, 'endedOn', v.ended_on,
    'contributor', CASE
      WHEN v.person_id IS NOT NULL THEN jsonb_build_object('kind', 'person', 'id', v.person_id, 'name', COALESCE(cp."displayName", ''),
        'given', cp."givenName", 'family', cp."familyName", 'orcid', cp.orcid, 'naming', lower(cp.naming::text))
        || CASE WHEN EXISTS (SELECT 1 FROM "PlatformAccount" a WHERE a."personId" = v.person_id) THEN '{}'::jsonb ELSE '{"offChat": true}'::jsonb END
      WHEN v.institution_id IS NOT NULL THEN jsonb_build_object('kind', 'institution', 'id', v.institution_id, 'name', COALESCE(ci.name, ''))
      ELSE jsonb_build_object('kind', 'person', 'id', '', 'name', '', 'former', true) END,
    'affiliation', CASE WHEN af.id IS NULL THEN NULL ELSE jsonb_build_object('id', af.id, 'name', af.name, 'country', af.country, 'rorId', af."rorId") END,
    'careerStage', v.career_stage, 'roles', to_jsonb(COALESCE(string_to_array(NULLIF(v.roles, ''), ','), '{}'::text[])), 'degree', v.degree,
    'knowledgeForms', to_jsonb(COALESCE(string_to_array(NULLIF(v.knowledge_forms, ''), ','), '{}'::text[])),
    'status', v.status, 'statusComment', v.status_comment, 'description', v.description, 'link', v.link,
    'recordedBy', rb."displayName", 'recordedById', v.recorded_by_id, 'recordedAt', v.recorded_at)`;

/**
 * Records a contribution in one statement (see record()). $1 id, $2 project, $3 person or null,
 * $4 institution or null, $5 recorder, $6 description, $7 roles, $8 degree, $9 knowledge forms,
 * $10/$11 dates, $12 link, $13 idempotency key, $14 audit id, $15 workspace, $16 audit details,
 * then the outbox rows (each one's data gets the contribution). Returns the new contribution as a
 * ContributionView (`view`) and the notices written, or nothing when the key was recorded before.
 */
const RECORD_SQL = prepared("credit_record", `
  WITH snapshot AS (
    SELECT COALESCE(p."institutionId", $4::text) AS affiliation, p."careerStage" AS stage
    FROM (SELECT 1) one LEFT JOIN "Person" p ON p.id = $3::text),
  inserted AS (
    INSERT INTO "Contribution" (id, number, "projectId", "contributorPersonId", "contributorInstitutionId", "affiliationId", "careerStage",
      "recordedById", description, roles, degree, "knowledgeForms", "startedOn", "endedOn", link, "idempotencyKey")
    SELECT $1, (SELECT COALESCE(max(c.number), 0) + 1 FROM "Contribution" c WHERE c."projectId" = $2), $2, $3, $4, s.affiliation, s.stage,
      $5, $6, $7::text[]::"ContributionRole"[], $8::"ContributionDegree", $9::text[]::"KnowledgeForm"[], $10::date, $11::date, $12, $13
    FROM snapshot s
    WHERE NOT EXISTS (SELECT 1 FROM "Contribution" WHERE "idempotencyKey" = $13)
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING *),
  -- The project's longest span, which bounds period queries (see overlapsPeriod); a write only when this one is longer.
  spanned AS (
    UPDATE "Project" p SET "longestContributionDays" = i.days
    FROM (SELECT COALESCE("endedOn", "startedOn") - "startedOn" AS days FROM inserted) i
    WHERE p.id = $2 AND p."longestContributionDays" < i.days),
  audited AS (
    INSERT INTO "AuditLog" (id, "workspaceId", "actorPersonId", action, "entityType", "entityId", details)
    SELECT $14, $15, $5, 'contribution.record', 'Contribution', i.id, jsonb_set($16::jsonb, '{number}', to_jsonb(i.number)) FROM inserted i),
  viewed AS (${VIEW_COLUMNS} FROM inserted c),
  shown AS (
    SELECT ${VIEW_JSON} AS view
    FROM viewed v LEFT JOIN "Person" cp ON cp.id = v.person_id LEFT JOIN "Institution" ci ON ci.id = v.institution_id
      LEFT JOIN "Institution" af ON af.id = v.affiliation_id LEFT JOIN "Person" rb ON rb.id = v.recorded_by_id),
  told AS (${OUTBOX_INSERT("shown", 17, "r.data::jsonb || jsonb_build_object('contribution', (SELECT view FROM shown))")})
  SELECT s.view, (SELECT array_agg(id) FROM told) AS notices FROM shown s`);

/**
 * Thanks in one statement (see thank()): $1 id, $2 project, $3 from, $4 person or null, $5
 * institution or null, $6 contribution or null, $7 message, $8 idempotency key, then the outbox rows.
 */
export const THANK_SQL = prepared(
  "credit_thank",
  `WITH thanked AS (
     INSERT INTO "Acknowledgement" (id, "projectId", "fromPersonId", "toPersonId", "toInstitutionId", "contributionId", "affiliationId", "careerStage",
       "contributionRoles", "contributionKnowledgeForms", message, "idempotencyKey")
     SELECT $1, $2, $3, $4, $5, $6, COALESCE(p."institutionId", $5), p."careerStage", c.roles, c."knowledgeForms", $7, $8
     FROM (SELECT 1) one LEFT JOIN "Person" p ON p.id = $4 LEFT JOIN "Contribution" c ON c.id = $6
     ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING id),
   told AS (${OUTBOX_INSERT("thanked", 9)})
   SELECT EXISTS (SELECT 1 FROM thanked) AS created, (SELECT array_agg(id) FROM told) AS notices`,
);

interface ViewQuery {
  projectId?: string;
  after?: number;
  period?: Period;
  personId?: string;
  number?: number;
  id?: string;
  status?: ContributionStatus;
  idempotencyKey?: string;
  newestFirst?: boolean;
  limit: number;
}

const viewParams = (q: ViewQuery) => [
  q.projectId ?? null,
  q.after ?? 0,
  q.period?.from ?? null,
  q.period?.to ?? null,
  q.personId ?? null,
  q.number ?? null,
  q.id ?? null,
  q.status ? q.status.toUpperCase() : null,
  q.limit,
  q.idempotencyKey ?? null,
];

const split = (list: string | null) => (list ? list.split(",") : []);

type Affiliation = NonNullable<ContributionView["affiliation"]>;

/**
 * Names of the people and institutions rows refer to, fetched once per id: a project has thousands
 * of people and dozens of institutions, but an export has a million rows. One object per
 * institution is shared by every row that names it.
 */
class Names {
  private readonly people = new Map<string, ShownPerson & { offChat: boolean }>();
  private readonly institutions = new Map<string, Affiliation>();
  constructor(private readonly driver: Pick<Connection, "query">) {}

  async load(rows: readonly ViewRow[]) {
    const people = new Set<string>();
    const institutions = new Set<string>();
    for (const r of rows) {
      if (r.person_id && !this.people.has(r.person_id)) people.add(r.person_id);
      if (r.recorded_by_id && !this.people.has(r.recorded_by_id)) people.add(r.recorded_by_id);
      if (r.institution_id && !this.institutions.has(r.institution_id)) institutions.add(r.institution_id);
      if (r.affiliation_id && !this.institutions.has(r.affiliation_id)) institutions.add(r.affiliation_id);
    }
    const [p, i] = await Promise.all([
      people.size ? personNames(this.driver, [...people]) : new Map<string, ShownPerson & { offChat: boolean }>(),
      institutions.size
        ? this.driver.query<Affiliation & { ror: string | null }>(`SELECT id, name, country, "rorId" AS ror FROM "Institution" WHERE id = ANY($1)`, [[...institutions]])
        : [],
    ]);
    for (const [id, shown] of p) this.people.set(id, shown);
    for (const row of i) this.institutions.set(row.id, { id: row.id, name: row.name, country: row.country, rorId: row.ror });
  }

  view(r: ViewRow): ContributionView {
    return {
      id: r.id,
      number: r.number,
      startedOn: r.started_on,
      endedOn: r.ended_on,
      contributor: r.person_id
        ? this.person(r.person_id)
        : r.institution_id
          ? { kind: "institution", id: r.institution_id, name: this.institutions.get(r.institution_id)?.name ?? "" }
          : // A member who erased their data: the credit stays, their name does not.
            { kind: "person", id: "", name: "", former: true },
      affiliation: r.affiliation_id ? (this.institutions.get(r.affiliation_id) ?? null) : null,
      careerStage: r.career_stage as ContributionView["careerStage"],
      roles: split(r.roles) as ContributionView["roles"],
      degree: r.degree as ContributionView["degree"],
      knowledgeForms: split(r.knowledge_forms) as ContributionView["knowledgeForms"],
      status: r.status as ContributionStatus,
      statusComment: r.status_comment,
      description: r.description,
      link: r.link,
      recordedBy: r.recorded_by_id ? (this.people.get(r.recorded_by_id)?.name ?? null) : null,
      recordedById: r.recorded_by_id,
      recordedAt: r.recorded_at,
    };
  }

  private person(id: string): ContributionView["contributor"] {
    const p = this.people.get(id);
    if (!p) return { kind: "person", id, name: "" };
    return { kind: "person", id, name: p.name, given: p.given, family: p.family, orcid: p.orcid, naming: p.naming, ...(p.offChat && { offChat: true }) };
  }
}

/**
 * People as shared outputs name them (their naming wish applied, see core/credit/naming.ts), and
 * whether they are on the chat at all. Never their email.
 */
export async function personNames(driver: Pick<Connection, "query">, ids: readonly string[]): Promise<Map<string, ShownPerson & { offChat: boolean }>> {
  const rows = await driver.query<{
    id: string;
    name: string;
    given: string | null;
    family: string | null;
    orcid: string | null;
    naming: NamingWish;
    institution: string | null;
    off_chat: boolean;
  }>(
    `SELECT p.id, p."displayName" AS name, p."givenName" AS given, p."familyName" AS family, p.orcid, lower(p.naming::text) AS naming,
       i.name AS institution, NOT EXISTS (SELECT 1 FROM "PlatformAccount" a WHERE a."personId" = p.id) AS off_chat
     FROM "Person" p LEFT JOIN "Institution" i ON i.id = p."institutionId" WHERE p.id = ANY($1::text[])`,
    [[...ids]],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { ...shownPerson({ displayName: r.name, givenName: r.given, familyName: r.family, orcid: r.orcid, naming: r.naming, institution: r.institution }), offChat: r.off_chat },
    ]),
  );
}

/**
 * Contributions of a project whose days overlap the period: a contribution from 10 March to 20 April
 * counts in Q1 and in Q2. Both index scans cover "endedOn", so the summaries stay index-only. The
 * end alone cannot bound a scan of the index on "startedOn", so the start is bounded too: nothing
 * overlapping the period started before `from` minus the project's longest span (kept by record()).
 * Without that bound a yearly summary read every contribution of every year before it.
 */
export const overlapsPeriod = (projectId: string, period: Period): Prisma.Sql =>
  Prisma.sql`${period.to ? Prisma.sql` AND c."startedOn" <= ${period.to}::date` : Prisma.empty}${
    period.from
      ? Prisma.sql` AND COALESCE(c."endedOn", c."startedOn") >= ${period.from}::date
          AND c."startedOn" >= ${period.from}::date - (SELECT p."longestContributionDays" FROM "Project" p WHERE p.id = ${projectId})`
      : Prisma.empty
  }`;

export function periodFilter(column: Prisma.Sql, period: Period, timestamp = false): Prisma.Sql {
  // Dates are inclusive; for timestamps "to" means the end of that day (UTC).
  const from = period.from ? Prisma.sql` AND ${column} >= ${period.from}::date` : Prisma.empty;
  const to = period.to ? (timestamp ? Prisma.sql` AND ${column} < (${period.to}::date + 1)` : Prisma.sql` AND ${column} <= ${period.to}::date`) : Prisma.empty;
  return Prisma.sql`${from}${to}`;
}

interface CountRow {
  key: string | null;
  total: number;
  recorded: number;
  confirmed: number;
  disputed: number;
  lead: number;
}

const COUNTS = Prisma.sql`count(*)::int AS total,
  count(*) FILTER (WHERE c.status = 'RECORDED')::int AS recorded,
  count(*) FILTER (WHERE c.status = 'CONFIRMED')::int AS confirmed,
  count(*) FILTER (WHERE c.status = 'DISPUTED')::int AS disputed,
  count(*) FILTER (WHERE c.degree = 'LEAD')::int AS lead`;

const statusCounts = (r: CountRow): StatusCounts => ({ total: r.total, recorded: r.recorded, confirmed: r.confirmed, disputed: r.disputed });

export function creditStore(db: Db, driver: Pick<Connection, "query">, { pageRows = EXPORT_PAGE_ROWS } = {}): Store["credit"] {
  const views = async (q: ViewQuery, names = new Names(driver)) => {
    const rows = await driver.query<ViewRow>(VIEW_SQL.replace("{ORDER}", q.newestFirst ? "DESC" : "ASC"), viewParams(q));
    await names.load(rows);
    return rows.map((r) => names.view(r));
  };
  const byId = async (id: string) => (await views({ id, limit: 1 }))[0]!;

  async function labelsFor(by: GroupBy, keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter(Boolean);
    if (by === "role") return new Map(ids.map((k) => [k, ROLE_LABELS[down<keyof typeof ROLE_LABELS>(k)]]));
    if (by === "knowledge") return new Map(ids.map((k) => [k, KNOWLEDGE_FORMS.labels[down<keyof typeof KNOWLEDGE_FORMS.labels>(k)]]));
    // Through the driver with one array parameter: a summary by person names thousands of ids.
    const named = (table: "Person" | "Institution", column: string) =>
      ids.length ? driver.query<{ id: string; name: string }>(`SELECT id, ${column} AS name FROM "${table}" WHERE id = ANY($1::text[])`, [ids]) : [];
    // People as they wish to be named; their ids (the keys) stay, so counts stay true.
    const [people, institutions] = await Promise.all([by === "person" && ids.length ? personNames(driver, ids) : new Map<string, ShownPerson>(), named("Institution", "name")]);
    return new Map<string, string>([...[...people].map(([id, p]) => [id, p.name] as const), ...institutions.map((i) => [i.id, i.name] as const)]);
  }

  /**
   * The names behind a summary's keys (its groups, the institutions of its equity view) and the
   * preferences of the people among them, read as the keys become known: those of the acknowledgements
   * (the quicker count) while the contributions are still being counted, then only those still missing.
   * By institution the groups are the equity view's institutions: their names are read once.
   */
  function summaryLabels(by: GroupBy) {
    const asked = { groups: new Set<string>(), institutions: new Set<string>() };
    const groups = new Map<string, string>();
    const institutions = new Map<string, string>();
    const preferences = new Map<string, NonNullable<SummaryGroup["preferences"]>>();
    const reads: Promise<unknown>[] = [];
    const read = <T>(p: Promise<T>, into: (value: T) => void) => {
      const done = p.then(into);
      done.catch(() => undefined); // awaited in all(); until then a failure must not count as unhandled
      reads.push(done);
    };
    const fresh = (set: Set<string>, keys: Iterable<string | null>) => [...keys].filter((k): k is string => !!k && !set.has(k) && !!set.add(k));
    return {
      add(groupKeys: Iterable<string | null>, institutionKeys: Iterable<string | null>) {
        const newGroups = by === "institution" ? [] : fresh(asked.groups, groupKeys);
        const newInstitutions = fresh(asked.institutions, institutionKeys);
        if (newGroups.length) read(labelsFor(by, newGroups), (m) => m.forEach((v, k) => groups.set(k, v)));
        if (newInstitutions.length) read(labelsFor("institution", newInstitutions), (m) => m.forEach((v, k) => institutions.set(k, v)));
        if (by === "person" && newGroups.length) read(preferencesOf(driver, newGroups), (m) => m.forEach((v, k) => preferences.set(k, v)));
      },
      async all() {
        await Promise.all(reads);
        return { groups: by === "institution" ? institutions : groups, institutions, preferences };
      },
    };
  }

  return {
    async record(actor: Actor, input) {
      // One statement: the next number of the project, the snapshot of the person's institution and
      // career stage (or the institution itself), the row and its audit entry. A retried key writes
      // nothing and reads the first record; two contributions racing for one number: the loser retries.
      const person = input.contributor.kind === "person" ? input.contributor.personId : null;
      const institution = input.contributor.kind === "institution" ? input.contributor.institutionId : null;
      for (let attempt = 0; ; attempt++) {
        try {
          const [row] = await driver.query<{ view: ContributionView | string; notices: string[] | null }>(RECORD_SQL, [
            newId(),
            input.projectId,
            person,
            institution,
            actor.personId,
            input.description,
            input.roles.map((r) => r.toUpperCase()),
            input.degree.toUpperCase(),
            input.knowledgeForms.map((k) => k.toUpperCase()),
            input.startedOn,
            input.endedOn,
            input.link,
            input.idempotencyKey,
            newId(),
            actor.workspaceId,
            JSON.stringify({ roles: input.roles }),
            ...outboxParams(input.notices ?? [], new Date()),
          ]);
          if (row) {
            let contribution = typeof row.view === "string" ? (JSON.parse(row.view) as ContributionView) : row.view;
            const c = contribution.contributor;
            if (c.kind === "person" && c.naming && c.naming !== "full") {
              // Rare: the credited asked to be named otherwise; shared replies name them as they wish.
              const shown = (await personNames(driver, [c.id])).get(c.id);
              if (shown) contribution = { ...contribution, contributor: { ...c, name: shown.name, given: shown.given, family: shown.family, orcid: shown.orcid } };
            }
            return { contribution, created: true, notices: row.notices ?? [] };
          }
          // The key was recorded already (a retry): the first record stands, and its notices were written with it.
          const first = await views({ idempotencyKey: input.idempotencyKey, limit: 1 });
          return { contribution: first[0]!, created: false, notices: [] };
        } catch (e) {
          if (!isUniqueViolation(e) || attempt >= 5) throw e;
        }
      }
    },

    async find(projectId, number) {
      return (await views({ projectId, number, limit: 1 }))[0];
    },

    async list(projectId, { personId, status, limit }) {
      return views({ projectId, limit, newestFirst: true, ...(personId && { personId }), ...(status && { status }) });
    },

    async setStatus(actor, contributionId, status: Exclude<ContributionStatus, "recorded">, comment) {
      await db.$transaction([
        db.contribution.update({
          where: { id: contributionId },
          data: { status: status === "confirmed" ? "CONFIRMED" : "DISPUTED", statusComment: comment, statusChangedAt: new Date(), statusById: actor.personId },
        }),
        db.auditLog.createMany({ data: [auditEntry(actor, `contribution.${status}`, "Contribution", contributionId, comment ? { comment } : undefined)] }),
      ]);
      return byId(contributionId);
    },

    async thank(actor, input) {
      // One statement: the snapshot of the thanked person's institution and career stage (or the
      // institution itself), and the thanked contribution's roles and forms of knowledge, are read as the
      // row is written; a retried key writes nothing.
      const person = input.to.kind === "person" ? input.to.personId : null;
      const institution = input.to.kind === "institution" ? input.to.institutionId : null;
      // The notices it causes go into the outbox in the same statement (a transactional outbox).
      const notices = input.notices ?? [];
      const [row] = await driver.query<{ created: boolean; notices: string[] | null }>(THANK_SQL, [
        newId(),
        input.projectId,
        actor.personId,
        person,
        institution,
        input.contributionId,
        input.message,
        input.idempotencyKey,
        ...outboxParams(notices, new Date()),
      ]);
      return { created: row!.created, notices: row!.notices ?? [] };
    },

    async preferences(personId) {
      const rows = await db.acknowledgementPreference.findMany({ where: { personId }, orderBy: { rank: "asc" } });
      return { forms: rows.map((r) => down(r.form)), note: rows.find((r) => r.note)?.note ?? null };
    },

    async setPreferences(actor, { forms, note }) {
      await db.$transaction([
        db.acknowledgementPreference.deleteMany({ where: { personId: actor.personId } }),
        db.acknowledgementPreference.createMany({
          data: forms.map((form, i) => ({ personId: actor.personId, form: up<AcknowledgementForm>(form), rank: i + 1, note: i === 0 ? note : null })),
        }),
        db.auditLog.createMany({ data: [auditEntry(actor, "preferences.set", "Person", actor.personId, { forms, note })] }),
      ]);
    },

    async summarize(projectId, period, by, onlyPersonId) {
      // The counts, the labels of their keys (names, preferences) as they arrive, then shaping.
      const labels = summaryLabels(by);
      const counts = splitCounts(
        by,
        await summaryCounts(driver, projectId, period, by, onlyPersonId, (acks) =>
          labels.add(by === "person" ? acks.map((a) => a.key) : [], acks.map((a) => a.aff)),
        ),
      );
      const groupKeys = [...new Set([...counts.groups.map((g) => g.key), ...counts.acks.map((a) => a.key)])];
      labels.add(groupKeys, [...counts.byInstitution.keys(), ...counts.acksByInstitution.keys()]);
      const { groups, institutions, preferences } = await labels.all();
      return {
        totals: { ...statusCounts(counts.totalRow), leadRoles: counts.totalRow.lead, acknowledgements: counts.ackTotal },
        groups: summaryGroups(by, groupKeys, counts, groups, preferences),
        equity: equityCounts(counts, institutions),
      };
    },

    async *contributions(projectId, period, onlyPersonId) {
      const names = new Names(driver);
      const page = (after: number) => views({ projectId, period, after, limit: pageRows, ...(onlyPersonId && { personId: onlyPersonId }) }, names);
      let next = page(0);
      for (;;) {
        const rows = await next;
        if (rows.length === pageRows) {
          // Ask for the next page now: the database works on it while the caller formats this one.
          next = page(rows[rows.length - 1]!.number);
          next.catch(() => undefined); // a caller that stops early must not leave a rejection unhandled
        }
        yield rows;
        if (rows.length < pageRows) return;
      }
    },

    async timeline(projectId, period) {
      // The same rows as summarize (a project, contributions by the day work started), per month.
      // Each scan groups the rows by (month, roles) or (month, forms of knowledge) as arrays — a few
      // thousand groups for a million rows — and only those groups are unnested: unnesting every row
      // (as summary by=role does) costs several times more, and so does one scan with both grouping sets.
      const where = Prisma.sql`c."projectId" = ${projectId}${periodFilter(Prisma.sql`c."startedOn"`, period)}`;
      const ym = Prisma.sql`(extract(year FROM c."startedOn") * 100 + extract(month FROM c."startedOn"))::int`;
      const [roles, knowledge] = await Promise.all([
        db.$queryRaw<YearMonthRow[]>`
          WITH g AS (SELECT ${ym} AS ym, c.roles, count(*)::int AS n FROM "Contribution" c WHERE ${where} GROUP BY 1, 2)
          SELECT ym, lower(r.role::text) AS key, sum(n)::int AS n FROM g CROSS JOIN LATERAL unnest(g.roles) AS r(role) GROUP BY 1, 2`,
        db.$queryRaw<YearMonthRow[]>`
          WITH g AS (SELECT ${ym} AS ym, c."knowledgeForms" AS forms, count(*)::int AS n FROM "Contribution" c WHERE ${where} GROUP BY 1, 2)
          SELECT ym, lower(k.form::text) AS key, sum(n)::int AS n FROM g CROSS JOIN LATERAL unnest(g.forms) AS k(form) GROUP BY 1, 2
          UNION ALL SELECT ym, 'all', sum(n)::int FROM g GROUP BY 1
          UNION ALL SELECT ym, 'none', sum(n)::int FROM g WHERE cardinality(forms) = 0 GROUP BY 1`,
      ]);
      const month = (r: YearMonthRow): MonthlyCount => ({ month: `${Math.floor(r.ym / 100)}-${String(r.ym % 100).padStart(2, "0")}`, key: r.key, n: r.n });
      const byMonth = (a: MonthlyCount, b: MonthlyCount) => a.month.localeCompare(b.month) || a.key.localeCompare(b.key);
      const total = (r: YearMonthRow) => r.key === "all" || r.key === "none";
      return {
        roles: roles.map(month).sort(byMonth),
        knowledge: knowledge.filter((r) => !total(r)).map(month).sort(byMonth),
        contributions: knowledge.filter(total).map(month).sort(byMonth),
      };
    },

    async leadRoles(projectId, period) {
      // Grouped by (institution, roles) first, then unnested, as in timeline.
      const where = Prisma.sql`c."projectId" = ${projectId}${overlapsPeriod(projectId, period)} AND c.degree = 'LEAD'`;
      const rows = await db.$queryRaw<Array<{ key: string | null; role: string; n: number }>>`
        WITH g AS (SELECT c."affiliationId" AS key, c.roles, count(*)::int AS n FROM "Contribution" c WHERE ${where} GROUP BY 1, 2)
        SELECT key, lower(r.role::text) AS role, sum(n)::int AS n FROM g CROSS JOIN LATERAL unnest(g.roles) AS r(role) GROUP BY 1, 2`;
      const names = await labelsFor("institution", rows.map((r) => r.key ?? ""));
      return rows
        .map((r) => ({ institutionId: r.key, institution: r.key ? (names.get(r.key) ?? r.key) : null, role: r.role as LeadRoleCount["role"], contributions: r.n }))
        .sort((a, b) => (a.institution ?? "\uffff").localeCompare(b.institution ?? "\uffff") || b.contributions - a.contributions || a.role.localeCompare(b.role));
    },

    async valuedForms(projectId) {
      const rows = await db.$queryRaw<Array<{ form: string | null; people: number; first: number }>>`
        SELECT lower(p.form::text) AS form, count(DISTINCT p."personId")::int AS people, count(*) FILTER (WHERE p.rank = 1)::int AS first
        FROM "AcknowledgementPreference" p JOIN "Membership" m ON m."personId" = p."personId" AND m."projectId" = ${projectId}
        GROUP BY GROUPING SETS ((p.form), ())`;
      const total = rows.find((r) => r.form === null);
      return {
        people: total?.people ?? 0,
        forms: rows
          .filter((r): r is typeof r & { form: string } => r.form !== null)
          .map((r) => ({ form: r.form as ValuedForms["forms"][number]["form"], people: r.people, first: r.first }))
          .sort((a, b) => b.people - a.people || b.first - a.first || a.form.localeCompare(b.form)),
      };
    },
  };
}

/** A row of the counting queries: the counts of one institution and career stage (by person: and contributor). */
type TallyRow = CountRow & { aff: string | null; stage: string | null };
type AckTallyRow = { key: string | null; aff: string | null; stage: string | null; n: number };

type SplitCounts = ReturnType<typeof splitCounts>;

/** Adds a row's counts to the sum kept under `key`. */
function addCounts(sums: Map<string | null, CountRow>, key: string | null, r: CountRow): void {
  const sum = sums.get(key);
  if (!sum) sums.set(key, { key, total: r.total, recorded: r.recorded, confirmed: r.confirmed, disputed: r.disputed, lead: r.lead });
  else {
    sum.total += r.total;
    sum.recorded += r.recorded;
    sum.confirmed += r.confirmed;
    sum.disputed += r.disputed;
    sum.lead += r.lead;
  }
}

const addN = (sums: Map<string | null, number>, key: string | null, n: number) => void sums.set(key, (sums.get(key) ?? 0) + n);

/**
 * The rows of summaryCounts summed, in one pass, into the total, the equity view (by institution, by
 * career stage) and the groups: by institution, the equity view's; by person, the rows' own key; by
 * role or form of knowledge, their own query's.
 */
function splitCounts(by: GroupBy, { tally, ackTally, groupRows, ackRows }: Awaited<ReturnType<typeof summaryCounts>>) {
  const sums = () => new Map<string | null, CountRow>();
  const [total, byInstitution, byStage, byPerson] = [sums(), sums(), sums(), sums()];
  for (const r of tally) {
    addCounts(total, null, r);
    addCounts(byInstitution, r.aff, r);
    addCounts(byStage, r.stage, r);
    if (by === "person") addCounts(byPerson, r.key, r);
  }
  const ns = () => new Map<string | null, number>();
  const [ackTotal, acksByInstitution, acksByStage, acksByPerson] = [ns(), ns(), ns(), ns()];
  for (const r of ackTally) {
    addN(ackTotal, null, r.n);
    addN(acksByInstitution, r.aff, r.n);
    addN(acksByStage, r.stage, r.n);
    if (by === "person") addN(acksByPerson, r.key, r.n);
  }
  const own = by === "person" ? { groups: byPerson, acks: acksByPerson } : by === "institution" ? { groups: byInstitution, acks: acksByInstitution } : undefined;
  return {
    totalRow: total.get(null) ?? { key: null, total: 0, recorded: 0, confirmed: 0, disputed: 0, lead: 0 },
    ackTotal: ackTotal.get(null) ?? 0,
    byInstitution,
    byStage,
    acksByInstitution,
    acksByStage,
    groups: own ? [...own.groups.values()] : (groupRows ?? []),
    acks: own ? [...own.acks].map(([key, n]) => ({ key, n })) : (ackRows ?? []),
  };
}

/** One group per key that has contributions or acknowledgements, labelled, most contributions first. */
function summaryGroups(
  by: GroupBy,
  keys: ReadonlyArray<string | null>,
  { groups, acks }: SplitCounts,
  labels: Map<string, string>,
  preferences: Map<string, NonNullable<SummaryGroup["preferences"]>>,
): SummaryGroup[] {
  const ackByKey = new Map(acks.map((a) => [a.key, a.n]));
  const countsByKey = new Map(groups.map((g) => [g.key, g]));
  const none = by === "institution" ? "no institution" : "unattributed";
  const shaped = keys.map((key): SummaryGroup => {
    const g = countsByKey.get(key) ?? { key, total: 0, recorded: 0, confirmed: 0, disputed: 0, lead: 0 };
    const label = key ? (labels.get(key) ?? key) : none;
    const group: SummaryGroup = { key: key ?? "", label, contributions: statusCounts(g), leadRoles: g.lead, acknowledgements: ackByKey.get(key) ?? 0 };
    const mine = key ? preferences.get(key) : undefined;
    if (mine) group.preferences = mine;
    return group;
  });
  // The key last: two people of one name and count keep one order from run to run.
  const byKey = (a: SummaryGroup, b: SummaryGroup) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const byCounts = (a: SummaryGroup, b: SummaryGroup) => b.contributions.total - a.contributions.total || b.acknowledgements - a.acknowledgements;
  return shaped.sort((a, b) => byCounts(a, b) || a.label.localeCompare(b.label) || byKey(a, b));
}

/** The equity view: contributions, acknowledgements and lead roles by institution and by career stage. */
function equityCounts(counts: SplitCounts, institutionNames: Map<string, string>): EquityCount[] {
  const dimension = (
    name: EquityCount["dimension"],
    contributions: Map<string | null, CountRow>,
    acks: Map<string | null, number>,
    label: (key: string | null) => string,
    key: (key: string | null) => string | null,
  ): EquityCount[] =>
    [...new Set([...contributions.keys(), ...acks.keys()])].map((k) => ({
      dimension: name,
      label: label(k),
      key: key(k),
      contributions: contributions.get(k)?.total ?? 0,
      acknowledgements: acks.get(k) ?? 0,
      leadRoles: contributions.get(k)?.lead ?? 0,
    }));
  return [
    ...dimension("institution", counts.byInstitution, counts.acksByInstitution, (k) => (k ? (institutionNames.get(k) ?? k) : "no institution"), (k) => k),
    ...dimension(
      "career stage",
      counts.byStage,
      counts.acksByStage,
      (k) => (k ? CAREER_STAGES.labels[down<keyof typeof CAREER_STAGES.labels>(k)] : "no career stage (institutions, or not given)"),
      (k) => (k ? down(k) : null),
    ),
  ];
}

/** The same counts as COUNTS, summed over groups `g` that carry a status, a degree and their row count `n`. */
const SUMS = Prisma.sql`sum(g.n)::int AS total,
  COALESCE(sum(g.n) FILTER (WHERE g.status = 'RECORDED'), 0)::int AS recorded,
  COALESCE(sum(g.n) FILTER (WHERE g.status = 'CONFIRMED'), 0)::int AS confirmed,
  COALESCE(sum(g.n) FILTER (WHERE g.status = 'DISPUTED'), 0)::int AS disputed,
  COALESCE(sum(g.n) FILTER (WHERE g.degree = 'LEAD'), 0)::int AS lead`;

const ARRAYS = { role: Prisma.raw(`"roles"`), knowledge: Prisma.raw(`"knowledgeForms"`) };
/** The same arrays as copied onto each acknowledgement of a contribution (see thank()). */
const ACK_ARRAYS = { role: Prisma.raw(`"contributionRoles"`), knowledge: Prisma.raw(`"contributionKnowledgeForms"`) };

/**
 * The counts behind a summary, in parallel, read through the driver (plain rows, no per-row work in
 * Prisma's engine). One index-only scan of Contribution_summary_idx counts the contributions per
 * institution and career stage (a few hundred rows, summed in splitCounts into the totals, the equity
 * view and the groups by institution); by person, per contributor too (a row or two per person), so
 * the groups by person come from the same scan instead of a second one. The acknowledgements likewise,
 * from Acknowledgement_summary_idx, which also holds the arrays the counts by role and form of
 * knowledge read (without them in the index, that count visited every row: 70 ms instead of 9). The
 * acknowledgements, counted first, hand their keys to `onAcks` so their names are read meanwhile.
 *
 * By role or form of knowledge, the rows are first grouped by their array, status and degree (a few
 * hundred groups for a million rows, from Contribution_lists_idx) and only those groups are unnested:
 * unnesting every row cost several times more. Their acknowledgements are grouped by the copy of the
 * contribution's array each one carries (joined to Contribution instead, the planner hashed every
 * contribution of every year, and looking each one up by key was no faster); only those still tied to
 * a contribution count, as before.
 */
async function summaryCounts(
  driver: Pick<Connection, "query">,
  projectId: string,
  period: Period,
  by: GroupBy,
  onlyPersonId: string | undefined,
  onAcks: (rows: AckTallyRow[]) => void,
) {
  const run = <R>(q: Prisma.Sql) => driver.query<R>(q.text, q.values);
  const only = onlyPersonId ? Prisma.sql` AND c."contributorPersonId" = ${onlyPersonId}` : Prisma.empty;
  const onlyAck = onlyPersonId ? Prisma.sql` AND a."toPersonId" = ${onlyPersonId}` : Prisma.empty;
  const where = Prisma.sql`c."projectId" = ${projectId}${overlapsPeriod(projectId, period)}${only}`;
  const ackWhere = Prisma.sql`a."projectId" = ${projectId}${periodFilter(Prisma.sql`a."createdAt"`, period, true)}${onlyAck}`;
  const key = by === "person" ? Prisma.sql`COALESCE(c."contributorPersonId", c."contributorInstitutionId")` : Prisma.sql`NULL::text`;
  const ackKey = by === "person" ? Prisma.sql`COALESCE(a."toPersonId", a."toInstitutionId")` : Prisma.sql`NULL::text`;

  let groupQuery: Prisma.Sql | undefined;
  let ackQuery: Prisma.Sql | undefined;
  if (by === "role" || by === "knowledge") {
    const list = ARRAYS[by];
    groupQuery = Prisma.sql`
      WITH g AS (SELECT c.${list} AS list, c.status, c.degree, count(*)::int AS n FROM "Contribution" c WHERE ${where} GROUP BY 1, 2, 3)
      SELECT v.item::text AS key, ${SUMS} FROM g CROSS JOIN LATERAL unnest(g.list) AS v(item) GROUP BY 1`;
    ackQuery = Prisma.sql`
      WITH g AS (SELECT a.${ACK_ARRAYS[by]} AS list, count(*)::int AS n FROM "Acknowledgement" a WHERE ${ackWhere} AND a."contributionId" IS NOT NULL GROUP BY 1)
      SELECT v.item::text AS key, sum(g.n)::int AS n FROM g CROSS JOIN LATERAL unnest(g.list) AS v(item) GROUP BY 1`;
  }

  // Grouped by the career stage itself, named only in the output: casting every row cost a fifth more.
  const [tally, ackTally, groupRows, ackRows] = await Promise.all([
    run<TallyRow>(Prisma.sql`
      SELECT ${key} AS key, c."affiliationId" AS aff, c."careerStage"::text AS stage, ${COUNTS}
      FROM "Contribution" c WHERE ${where} GROUP BY 1, c."affiliationId", c."careerStage"`),
    run<AckTallyRow>(Prisma.sql`
      SELECT ${ackKey} AS key, a."affiliationId" AS aff, a."careerStage"::text AS stage, count(*)::int AS n
      FROM "Acknowledgement" a WHERE ${ackWhere} GROUP BY 1, a."affiliationId", a."careerStage"`).then((rows) => (onAcks(rows), rows)),
    groupQuery ? run<CountRow>(groupQuery) : undefined,
    ackQuery ? run<{ key: string | null; n: number }>(ackQuery) : undefined,
  ]);
  return { tally, ackTally, groupRows, ackRows };
}

/** The acknowledgement preferences of these people, worded, by person (people without any are absent). */
async function preferencesOf(driver: Pick<Connection, "query">, personIds: string[]): Promise<Map<string, NonNullable<SummaryGroup["preferences"]>>> {
  const byPerson = new Map<string, NonNullable<SummaryGroup["preferences"]>>();
  if (!personIds.length) return byPerson;
  const rows = await driver.query<{ person: string; form: string; note: string | null }>(
    `SELECT "personId" AS person, form::text AS form, note FROM "AcknowledgementPreference" WHERE "personId" = ANY($1::text[]) ORDER BY "personId", rank`,
    [personIds],
  );
  for (const r of rows) {
    let mine = byPerson.get(r.person);
    if (!mine) byPerson.set(r.person, (mine = { forms: [], note: null }));
    mine.forms.push(ACKNOWLEDGEMENT_FORMS.labels[down<keyof typeof ACKNOWLEDGEMENT_FORMS.labels>(r.form)]);
    if (mine.note === null && r.note) mine.note = r.note; // the first note given, as ranked
  }
  return byPerson;
}

/** A count per year and month (2026 × 100 + 3 for March 2026) and key. */
interface YearMonthRow {
  ym: number;
  key: string;
  n: number;
}
