// Child of webgpu-harness.ts: can the webgpu backend start here? Prints {"ok": ..., "reason": ...}.
import { selectBackend } from "../index.js";

try {
  const info = await selectBackend("webgpu", { quiet: true });
  console.log(JSON.stringify({ ok: true, adapter: info.adapter }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, reason: e instanceof Error ? e.message : String(e) }));
}
