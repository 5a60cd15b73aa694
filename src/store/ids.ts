// Row ids for rows written with plain SQL (the hot paths), in the shape of Prisma's cuid(): a
// letter, then a time part (so ids sort roughly by creation) and 16 random hex digits.
import { randomBytes } from "node:crypto";

export const newId = (): string => `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
