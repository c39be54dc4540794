/**
 * TF.js layers-format model files without tfjs-node: `model.json` (topology + weights manifest)
 * and `weights.bin` (all weights concatenated), written through a custom tf.io save handler and
 * read back through an in-memory load handler. Custom layers must be registered (by importing
 * their area) before loading. Saving returns each file's checksum record; loading checks the
 * files against records when given (a finished run's surrogate.json lists them), and every
 * failure names the file (docs/safety.md §Checksums).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { DatasetFormatError } from "../../core/index.js";
import { writeFileAtomic } from "../../datasets/index.js";
import { readJsonFile, readVerified, recordOf, type FileRecord } from "../artifact-checksums.js";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

/**
 * Write `model` into `dir` (created if needed). Weights first, so model.json marks completion.
 * Returns the checksum records of the two files, by name.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<Record<string, FileRecord>> {
  fs.mkdirSync(dir, { recursive: true });
  const records: Record<string, FileRecord> = {};
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = a.weightData === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(Array.isArray(a.weightData) ? a.weightData : [a.weightData]);
      const weights = new Uint8Array(data);
      await writeFileAtomic(path.join(dir, WEIGHTS_BIN), weights);
      records[WEIGHTS_BIN] = recordOf(weights);
      const json = JSON.stringify({
        modelTopology: a.modelTopology,
        format: a.format ?? "layers-model",
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: a.weightSpecs ?? [] }],
      });
      await writeFileAtomic(path.join(dir, MODEL_JSON), json);
      records[MODEL_JSON] = recordOf(json);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  return records;
}

/**
 * Load a model written by saveLayersModel (or by tfjs' own file savers with one weights file).
 * With `files`, model.json and every weights file must match their records (by name).
 */
export async function loadLayersModel(dir: string, files?: Readonly<Record<string, FileRecord>>): Promise<tf.LayersModel> {
  const jsonFile = path.join(dir, MODEL_JSON);
  if (files === undefined && !fs.existsSync(jsonFile)) throw new DatasetFormatError("missing model.json", dir);
  const raw = readJsonFile(jsonFile, files ? readVerified(jsonFile, files[MODEL_JSON]) : undefined);
  if (typeof raw !== "object" || raw === null || typeof (raw as tf.io.ModelJSON).modelTopology !== "object" || (raw as tf.io.ModelJSON).modelTopology === null)
    throw new DatasetFormatError("is not a TF.js layers model (no modelTopology)", jsonFile);
  const json = raw as tf.io.ModelJSON;
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest) || manifest.some((g) => !Array.isArray(g?.paths) || !Array.isArray(g?.weights)))
    throw new DatasetFormatError("has a malformed weightsManifest", jsonFile);
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest)
    for (const p of group.paths) {
      const file = path.join(dir, p);
      // Weights files live in the run directory itself.
      if (path.relative(dir, file).startsWith("..")) throw new DatasetFormatError(`names a weights file outside its directory (${p})`, jsonFile);
      let b: Buffer;
      if (files) b = readVerified(file, files[path.basename(file)]);
      else {
        try {
          b = fs.readFileSync(file);
        } catch (e) {
          throw new DatasetFormatError(`is ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable"}`, file, { cause: e });
        }
      }
      buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    }
  const specs = manifest.flatMap((g) => g.weights);
  const data = tf.io.concatenateArrayBuffers(buffers);
  const expected = specs.reduce((s, w) => s + 4 * (Array.isArray(w?.shape) ? w.shape.reduce((a, b) => a * b, 1) : NaN), 0);
  if (data.byteLength !== expected) throw new DatasetFormatError(`weights hold ${data.byteLength} bytes, model.json expects ${expected}`, dir);
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: data, format: json.format }));
  } catch (e) {
    // tfjs' own messages name no file; keep theirs after ours.
    throw new DatasetFormatError(`does not describe a loadable model (${(e as Error).message.split("\n")[0]})`, jsonFile, { cause: e });
  }
}
