/** `pdes info <store>`: problem, shapes, sizes and provenance of a dataset store. */
import type { Command } from "commander";
import { openDataset, storeInfo } from "../../datasets/index.js";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export function register(program: Command): void {
  program
    .command("info")
    .description("show a dataset store's problem, shapes, sizes and provenance")
    .argument("<store>", "store directory")
    .option("--json", "print JSON")
    .action(async (store: string, o: { json?: boolean }) => {
      if (!existsSync(join(store, ".pdes", "spec.json"))) {
        // A store written by another tool: show what zarr metadata says.
        const ds = await openDataset(store);
        const info = { path: store, zarrFormat: ds.zarrFormat, n: ds.n, inputs: ds.inputs, outputs: ds.outputs, attrs: ds.attrs };
        process.stdout.write(o.json ? JSON.stringify(info, null, 2) + "\n" : `${store}: foreign zarr v${ds.zarrFormat} store, ${ds.n} samples, inputs [${ds.inputs.shape.join(", ")}], outputs [${ds.outputs.shape.join(", ")}] (no checksums)\n`);
        return;
      }
      const info = await storeInfo(store);
      const attrsPath = join(store, info.spec.zarrFormat === 2 ? ".zattrs" : "zarr.json");
      const attrs = existsSync(attrsPath) ? (JSON.parse(readFileSync(attrsPath, "utf8")) as Record<string, unknown>) : {};
      const prov = (info.spec.zarrFormat === 2 ? attrs : attrs.attributes) as Record<string, unknown> | undefined;
      if (o.json) {
        process.stdout.write(JSON.stringify({ ...info, attributes: prov }, null, 2) + "\n");
        return;
      }
      const s = info.spec;
      const lines = [
        `store       ${store} (zarr v${s.zarrFormat}, ${info.complete ? "complete" : "PARTIAL"})`,
        `problem     ${s.problem} ${JSON.stringify(s.params)}`,
        `samples     ${s.n} in ${info.chunks} chunk(s) of ${s.chunkSamples}, seed ${s.seed}`,
        `inputs      [${info.inputsShape.join(", ")}] ${s.dtype}, compressor ${s.compressor ?? "none"}`,
        `outputs     [${info.outputsShape.join(", ")}] ${s.dtype}, compressor ${s.compressor ?? "none"}`,
        `on disk     ${(info.diskBytes / 1e6).toFixed(2)} MB`,
        `pde         ${String(prov?.pde ?? "?")}`,
        `solver      ${String(prov?.solver ?? "?")}, tolerance ${String(prov?.tolerance ?? "?")}`,
        `generator   ${s.generator}, created ${info.created}`,
      ];
      process.stdout.write(lines.join("\n") + "\n");
    });
}
