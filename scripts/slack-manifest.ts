// Writes slack/manifest.yml (Socket Mode) from the command definitions, or prints the HTTP-mode
// variant: npx tsx scripts/slack-manifest.ts --http https://mutual.example.org
import { writeFileSync } from "node:fs";
import { commands } from "../src/core/commands/index.ts";
import { manifestYaml } from "../src/adapters/slack/manifest.ts";

const at = process.argv.indexOf("--http");
if (at > 0) {
  process.stdout.write(manifestYaml(commands, { httpBaseUrl: process.argv[at + 1] }));
} else {
  writeFileSync(new URL("../slack/manifest.yml", import.meta.url), manifestYaml(commands));
  console.log("wrote slack/manifest.yml");
}
