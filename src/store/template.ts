// A new embedded database starts from a template: a data directory made once at build time (`npm run build`,
// which `npm ci` runs) by initdb and every migration, packed as dist/pgdata-template.tar.gz. A first start
// unpacks it with plain Node (no second PostgreSQL for initdb, no WebAssembly memory) and then migrates what
// is newer, so a stale template is still correct. Beside it, dist/pgdata-template.json names the PGlite
// version and the migrations (name and checksum) inside: a template from another PGlite, or holding a
// migration that has since changed or gone, is not used, and the first start makes the database as before.
//
//   node dist/store/template.js   (re)builds the template when it is missing or stale; a no-op otherwise.
import { createRequire } from "node:module";
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gzipSync } from "node:zlib";
import { migrate, readMigrations, type Migration } from "./migrate.ts";

export const TEMPLATE_FILE = fileURLToPath(new URL("../../dist/pgdata-template.tar.gz", import.meta.url));
const manifestFor = (template: string) => template.replace(/\.tar\.gz$/, ".json");

export interface TemplateManifest {
  pglite: string;
  migrations: { name: string; checksum: string }[];
}

/** The installed PGlite's version: its data directories are what a template holds. */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** The template's manifest when it can start a database for these migrations, else undefined (reason in `why`). */
export function usableTemplate(template: string, migrations: Migration[], why: (reason: string) => void = () => undefined): TemplateManifest | undefined {
  if (!existsSync(template) || !existsSync(manifestFor(template))) return void why("no template");
  let manifest: TemplateManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFor(template), "utf8")) as TemplateManifest;
  } catch {
    return void why("unreadable manifest");
  }
  if (manifest.pglite !== pgliteVersion()) return void why(`made by PGlite ${manifest.pglite}`);
  const current = new Map(migrations.map((m) => [m.name, m.checksum]));
  const foreign = manifest.migrations.find((m) => current.get(m.name) !== m.checksum);
  if (foreign) return void why(`migration ${foreign.name} differs`);
  return manifest;
}

/**
 * Unpacks the template into dataDir (new or empty) when it fits these migrations; false when it does not.
 * PG_VERSION, PGlite's mark of an existing database, is written last: an unpacking cut short is redone.
 */
export async function unpackTemplate(dataDir: string, migrations: Migration[], template = TEMPLATE_FILE): Promise<boolean> {
  if (!usableTemplate(template, migrations)) return false;
  // Streamed, a file at a time: the unpacked directory (~40 MB) is never all in this process's memory.
  const untar = new Untar(dataDir);
  await pipeline(createReadStream(template), createGunzip(), untar);
  untar.finish();
  return true;
}

/** Makes the template unless the one there is current; returns true when it made one. */
export async function buildTemplate(template = TEMPLATE_FILE): Promise<boolean> {
  const migrations = await readMigrations();
  const current = usableTemplate(template, migrations);
  if (current && current.migrations.length === migrations.length) return false;
  const work = await mkdtemp(path.join(tmpdir(), "mutual-template-"));
  try {
    const dataDir = path.join(work, "db");
    // Loaded only here: checking the template costs no PGlite.
    const { connectPGlite } = await import("./driver-pglite.ts");
    const connection = await connectPGlite(dataDir);
    try {
      await migrate(connection);
    } finally {
      await connection.close();
    }
    // postmaster.pid belongs to the process that made it.
    await rm(path.join(dataDir, "postmaster.pid"), { force: true });
    const packed = gzipSync(tar(await listTree(dataDir)), { level: 9 });
    const manifest: TemplateManifest = { pglite: pgliteVersion(), migrations: migrations.map(({ name, checksum }) => ({ name, checksum })) };
    await mkdir(path.dirname(template), { recursive: true });
    // The manifest goes first and the tarball is renamed into place: a build cut short leaves no template that lies.
    await rm(manifestFor(template), { force: true });
    await writeFile(`${template}.tmp`, packed);
    await rename(`${template}.tmp`, template);
    await writeFile(manifestFor(template), `${JSON.stringify(manifest, null, 2)}\n`);
    return true;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface TarEntry {
  name: string;
  /** undefined: a directory */
  data?: Buffer;
}

async function listTree(root: string, dir = root): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    const name = path.relative(root, full).split(path.sep).join("/");
    if (entry.isDirectory()) out.push({ name }, ...(await listTree(root, full)));
    else if ((await stat(full)).isFile()) out.push({ name, data: await readFile(full) });
  }
  return out;
}

// A plain ustar archive (POSIX.1-1988): regular files and directories, names under 100 bytes, which a data
// directory's paths are. `tar tzf dist/pgdata-template.tar.gz` lists it.
const BLOCK = 512;

function tar(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const name = entry.data === undefined ? `${entry.name}/` : entry.name;
    if (Buffer.byteLength(name) >= 100) throw new Error(`tar: name too long: ${name}`);
    const header = Buffer.alloc(BLOCK);
    const field = (offset: number, length: number, value: string) => header.write(value, offset, length, "utf8");
    const octal = (offset: number, length: number, value: number) => field(offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
    field(0, 100, name);
    octal(100, 8, entry.data === undefined ? 0o700 : 0o600);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, entry.data?.length ?? 0);
    octal(136, 12, 0);
    field(148, 8, "        ");
    field(156, 1, entry.data === undefined ? "5" : "0");
    field(257, 8, "ustar\u000000");
    let sum = 0;
    for (const byte of header) sum += byte;
    field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
    blocks.push(header);
    if (entry.data?.length) blocks.push(entry.data, Buffer.alloc((BLOCK - (entry.data.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

/** Writes a ustar stream's files and directories under root; PG_VERSION is held back until finish(). */
class Untar extends Writable {
  private pending = Buffer.alloc(0);
  private file: { fd: number; left: number; padding: number } | undefined;
  private skip = 0;
  private held: { name: string; data: Buffer[] } | undefined;
  private ended = false;

  constructor(private readonly root: string) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    try {
      this.take(chunk);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  private take(chunk: Buffer) {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length && !this.ended) {
      if (this.file) {
        const part = data.subarray(0, this.file.left);
        if (this.file.fd < 0) this.held?.data.push(Buffer.from(part));
        else writeSync(this.file.fd, part);
        this.file.left -= part.length;
        data = data.subarray(part.length);
        if (this.file.left > 0) return;
        if (this.file.fd >= 0) closeSync(this.file.fd);
        this.skip = this.file.padding;
        this.file = undefined;
        continue;
      }
      if (this.skip) {
        const n = Math.min(this.skip, data.length);
        this.skip -= n;
        data = data.subarray(n);
        continue;
      }
      if (data.length < BLOCK) {
        this.pending = Buffer.from(data);
        return;
      }
      this.header(data.subarray(0, BLOCK));
      data = data.subarray(BLOCK);
    }
  }

  private header(header: Buffer) {
    if (header.every((byte) => byte === 0)) {
      this.ended = true;
      return;
    }
    const text = (start: number, length: number) => header.toString("utf8", start, start + length).replace(/\0.*$/s, "");
    const size = Number.parseInt(text(124, 12).trim() || "0", 8);
    const type = text(156, 1);
    const name = text(0, 100).replace(/\/$/, "");
    // Never outside the data directory, whatever the archive says.
    if (!name || name.startsWith("/") || name.split("/").includes("..")) throw new Error(`tar: unsafe name ${JSON.stringify(name)}`);
    const target = path.join(this.root, name);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === "5") {
      mkdirSync(target, { recursive: true, mode: 0o700 });
      return;
    }
    if (type !== "0" && type !== "") {
      this.skip = size + padding;
      return;
    }
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    if (name === "PG_VERSION") this.held = { name, data: [] };
    const fd = this.held?.name === name ? -1 : openSync(target, "w", 0o600);
    if (size > 0) this.file = { fd, left: size, padding };
    else if (fd >= 0) closeSync(fd);
  }

  /** Writes PG_VERSION, PGlite's mark of an existing database, last: an unpacking cut short is redone. */
  finish() {
    if (!this.held) throw new Error("tar: the template has no PG_VERSION");
    writeFileSync(path.join(this.root, this.held.name), Buffer.concat(this.held.data), { mode: 0o600 });
  }
}

// Run as a script (the build's last step), never when imported.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const made = await buildTemplate();
  process.stdout.write(made ? `Made ${path.relative(process.cwd(), TEMPLATE_FILE)} in ${Math.round(performance.now() - started)} ms.\n` : "");
}
