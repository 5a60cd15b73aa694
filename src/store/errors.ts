// Recognises a unique-constraint violation from either driver adapter. @prisma/adapter-pg maps
// PostgreSQL's 23505 to Prisma's P2002; pglite-prisma-adapter 0.6 passes the raw PostgreSQL error
// through as a DriverAdapterError whose cause carries the SQLSTATE.
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const err = e as { code?: unknown; cause?: { code?: unknown; kind?: unknown } };
  return err.code === "P2002" || err.cause?.code === "23505" || err.cause?.kind === "UniqueConstraintViolation";
}
