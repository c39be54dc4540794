/** `pdes verify <store>`: check checksums, completeness and metadata of a dataset store. */
import type { Command } from "commander";
import { verifyStore } from "../../datasets/index.js";
import { DatasetFormatError } from "../../core/index.js";

export function register(program: Command): void {
  program
    .command("verify")
    .description("verify a dataset store: completion marker, manifest, every chunk's length and sha256")
    .argument("<store>", "store directory")
    .action(async (store: string) => {
      const r = await verifyStore(store);
      for (const p of r.problems) process.stderr.write(`${store}: ${p}\n`);
      if (!r.ok) throw new DatasetFormatError(`verification failed: ${r.problems[0]}${r.problems.length > 1 ? ` (+${r.problems.length - 1} more)` : ""}`, store);
      process.stdout.write(`${store}: ok (${r.files} files, ${(r.bytes / 1e6).toFixed(2)} MB checked)\n`);
    });
}
