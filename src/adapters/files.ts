// Exports are streamed by the core; an upload or an attachment needs the whole file.
import type { ExportFile } from "../core/credit/model.ts";

export async function exportBytes(file: ExportFile): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of file.chunks()) parts.push(Buffer.from(chunk, "utf8"));
  return Buffer.concat(parts);
}
