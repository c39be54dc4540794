/**
 * The benches' model specs, `kind:key=value,...` (gsnn-nonlinear's --models, time-to-accuracy's
 * --tta-models): values parse as numbers, `true`/`false`, or strings; `tauMin=a,tauMax=b` stands
 * for tauInit {min: a, max: b}.
 */
export function parseModelSpec(spec: string): { kind: string; config: Record<string, unknown> } {
  const [kind = "", rest = ""] = spec.split(":");
  const config: Record<string, unknown> = {};
  for (const kv of rest.split(",").filter(Boolean)) {
    const [k, v = ""] = kv.split("=");
    config[k!] = v === "true" ? true : v === "false" ? false : Number.isFinite(Number(v)) && v !== "" ? Number(v) : v;
  }
  if (config.tauMin !== undefined || config.tauMax !== undefined) {
    config.tauInit = { min: config.tauMin, max: config.tauMax };
    delete config.tauMin;
    delete config.tauMax;
  }
  return { kind, config };
}
