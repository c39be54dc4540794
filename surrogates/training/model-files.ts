/**
 * TF.js layers-format model files without tfjs-node: `model.json` (topology + weights manifest)
 * and `weights.bin` (all weights concatenated), written through a custom tf.io save handler and
 * read back through an in-memory load handler. Custom layers must be registered (by importing
 * their area) before loading.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { DatasetFormatError } from "../../core/index.js";
import { writeFileAtomic } from "../../datasets/index.js";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

/** Write `model` into `dir` (created if needed). Weights first, so model.json marks completion. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = a.weightData === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(Array.isArray(a.weightData) ? a.weightData : [a.weightData]);
      await writeFileAtomic(path.join(dir, WEIGHTS_BIN), new Uint8Array(data));
      const json = {
        modelTopology: a.modelTopology,
        format: a.format ?? "layers-model",
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: a.weightSpecs ?? [] }],
      };
      await writeFileAtomic(path.join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
}

/** Load a model written by saveLayersModel (or by tfjs' own file savers with one weights file). */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const jsonFile = path.join(dir, MODEL_JSON);
  if (!fs.existsSync(jsonFile)) throw new DatasetFormatError("missing model.json", dir);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as tf.io.ModelJSON;
  } catch (e) {
    throw new DatasetFormatError("model.json is not valid JSON", jsonFile, { cause: e });
  }
  const manifest = json.weightsManifest ?? [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest)
    for (const p of group.paths) {
      const b = fs.readFileSync(path.join(dir, p));
      buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    }
  const specs = manifest.flatMap((g) => g.weights);
  const data = tf.io.concatenateArrayBuffers(buffers);
  const expected = specs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (data.byteLength !== expected) throw new DatasetFormatError(`weights hold ${data.byteLength} bytes, model.json expects ${expected}`, dir);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: data, format: json.format }));
}
