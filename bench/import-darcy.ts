/**
 * `npm run bench -- import-darcy [--models fno,fno-pad0.125,fno-fixed9,gsnn] [--epochs 20]
 * [--ntrain 900] [--seeds 0] [--lr 8e-3] [--backend wasm] [--label one-sided|periodic|interior]
 * [--torch]`:
 * the protocol on neuraloperator's Darcy 16² (imported from the test fixtures): FNO
 * width 32, 8 modes, depth 4, AdamW 8e-3 (weight decay 1e-4), cosine, batch 32, 20 epochs,
 * 900 training samples; scored on the 50 test samples at 16² and at 32² (rel. L2 and H1,
 * and the 32²/16² transfer ratio). Other variants: fno-pad0.25, gsnn-reflect (hidden filters
 * by even reflection at the walls), gsnn-nopath (no linear path); gsnn-sine is gsnn. `--label` imports the stores with another grid reading
 * (periodic, or interior-point Dirichlet) to show what a wrong layout costs; `--torch` adds a
 * PyTorch FNO trained on the same samples with the same protocol (python3-torch). Figures
 * only; no assertions. Prints the load average beside the times (the machine is shared).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveBackendPreference, selectBackend, type BoundaryCondition, type PointLayout } from "../core/index.js";
import { importDataset, openDataset } from "../datasets/index.js";
import { evaluateRun, parseTrainConfig, train, trainingDataFromDataset, type TrainingData } from "../surrogates/index.js";
import { findPython, runPython } from "../__tests__/python.js";

const FIXTURES = new URL("../datasets/__tests__/fixtures/neuralop/", import.meta.url).pathname;

const VARIANTS: Record<string, { model: "fno" | "gsnn"; modelConfig: Record<string, unknown> }> = {
  fno: { model: "fno", modelConfig: { width: 32, modes: 8, depth: 4 } },
  "fno-pad0.125": { model: "fno", modelConfig: { width: 32, modes: 8, depth: 4, paddingFraction: 0.125 } },
  "fno-pad0.25": { model: "fno", modelConfig: { width: 32, modes: 8, depth: 4, paddingFraction: 0.25 } },
  "fno-fixed9": { model: "fno", modelConfig: { width: 32, modes: 8, depth: 4, padding: 9 } },
  gsnn: { model: "gsnn", modelConfig: {} },
  "gsnn-sine": { model: "gsnn", modelConfig: { hiddenDirichlet: "sine" } },
  "gsnn-reflect": { model: "gsnn", modelConfig: { hiddenDirichlet: "reflect" } },
  "gsnn-nopath": { model: "gsnn", modelConfig: { linearPathTaus: 0 } },
};

function arg(args: string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

function load(): string {
  return os.loadavg().map((x) => x.toFixed(1)).join(" ");
}

function subset(d: TrainingData, n: number): TrainingData {
  const pts = d.grid.shape.reduce((a, b) => a * b, 1);
  return { ...d, count: n, inputs: d.inputs.subarray(0, n * pts * d.inChannels), outputs: d.outputs.subarray(0, n * pts * d.outChannels) };
}

const LABELS: Record<string, { bc: BoundaryCondition; layout: PointLayout }> = {
  "one-sided": { bc: "dirichlet", layout: "one-sided" },
  periodic: { bc: "periodic", layout: "one-sided" },
  interior: { bc: "dirichlet", layout: "interior" },
};

export async function run(args: string[]): Promise<void> {
  const backend = await selectBackend(resolveBackendPreference(arg(args, "backend", ""), "wasm", "--backend"));
  const models = arg(args, "models", "fno,fno-pad0.125,fno-fixed9,gsnn").split(",");
  const epochs = Number(arg(args, "epochs", "20"));
  const nTrain = Number(arg(args, "ntrain", "900"));
  const lr = Number(arg(args, "lr", "8e-3"));
  const seeds = arg(args, "seeds", "0").split(",").map(Number);
  const label = arg(args, "label", "one-sided");
  const lab = LABELS[label];
  if (!lab) throw new Error(`--label must be one of ${Object.keys(LABELS).join(", ")}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-bench-darcy-"));
  console.log(`import-darcy: backend ${backend.name}, ${nTrain} train, ${epochs} epochs, lr ${lr}, grid read as ${label} (${lab.bc}); load ${load()}`);
  try {
    const store = async (f: string) => {
      const out = path.join(dir, f);
      await importDataset({ files: [path.join(FIXTURES, `${f}.pt`)], out, bc: lab.bc, layout: lab.layout, fsync: false });
      return out;
    };
    const [tr, t16, t32] = [await store("darcy_train_16"), await store("darcy_test_16"), await store("darcy_test_32")];
    const data = subset(await trainingDataFromDataset(await openDataset(tr)), nTrain);
    console.log("model         seed  params    train s   relL2@16  relL2@32  ratio   H1@16   H1@32   load");
    for (const name of models) {
      const v = VARIANTS[name];
      if (!v) throw new Error(`unknown model variant ${name} (${Object.keys(VARIANTS).join(", ")})`);
      for (const seed of seeds) {
        const out = path.join(dir, `${name}-${seed}`);
        const config = parseTrainConfig({
          data: tr,
          out,
          model: v.model,
          modelConfig: { ...v.modelConfig, seed },
          epochs,
          batchSize: 32,
          lr,
          optimizer: { name: "adamw", weightDecay: 1e-4 },
          schedule: { kind: "cosine" },
          validationFraction: 0,
          seed,
          checkpointEvery: 1_000_000,
          backend: backend.name as "wasm",
        });
        const t0 = performance.now();
        const r = await train({ config, data, backend: backend.name, warn: () => {} });
        const secs = (performance.now() - t0) / 1000;
        r.model.dispose();
        const ev = await evaluateRun(out, [t16, t32]);
        const m = ev.entries.map((e) => e.result!.metrics);
        const [a, b] = [m[0]!.relL2.mean, m[1]!.relL2.mean];
        console.log(
          `${name.padEnd(13)} ${String(seed).padStart(4)}  ${String(ev.parameterCount).padStart(7)}  ${secs.toFixed(0).padStart(7)}   ` +
            `${a.toFixed(4)}    ${b.toFixed(4)}    ${(b / a).toFixed(2)}   ${m[0]!.h1.mean.toFixed(3)}   ${m[1]!.h1.mean.toFixed(3)}   ${load()}`,
        );
      }
    }
    if (args.includes("--torch")) torchReference(nTrain, epochs, seeds);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same protocol in PyTorch (an FNO written after the paper's fourier_2d.py), on the same samples. */
function torchReference(nTrain: number, epochs: number, seeds: number[]): void {
  const py = findPython(["torch"]);
  if (!py) {
    console.log("torch reference: no python3 with torch; skipped");
    return;
  }
  const code = `
import torch, math, time
torch.set_num_threads(2)
D = ${JSON.stringify(FIXTURES)}
tr, t16, t32 = (torch.load(D + f) for f in ("darcy_train_16.pt", "darcy_test_16.pt", "darcy_test_32.pt"))
def grid(n):
    x = torch.arange(n, dtype=torch.float32) / n   # one-sided points j/n
    return torch.stack(torch.meshgrid(x, x, indexing="ij"), -1)
class SC(torch.nn.Module):
    def __init__(s, w, m):
        super().__init__(); s.m = m; sc = 1 / (w * w)
        s.w1 = torch.nn.Parameter(sc * torch.rand(w, w, m, m, dtype=torch.cfloat)); s.w2 = torch.nn.Parameter(sc * torch.rand(w, w, m, m, dtype=torch.cfloat))
    def forward(s, x):
        b, c, h, w = x.shape; m = s.m; X = torch.fft.rfft2(x); Y = torch.zeros(b, c, h, w // 2 + 1, dtype=torch.cfloat)
        Y[:, :, :m, :m] = torch.einsum("bixy,ioxy->boxy", X[:, :, :m, :m], s.w1); Y[:, :, -m:, :m] = torch.einsum("bixy,ioxy->boxy", X[:, :, -m:, :m], s.w2)
        return torch.fft.irfft2(Y, s=(h, w))
class FNO(torch.nn.Module):
    def __init__(s, w=32, m=8, depth=4, frac=0.0):
        super().__init__(); s.frac = frac; s.p = torch.nn.Linear(3, w)
        s.sc = torch.nn.ModuleList(SC(w, m) for _ in range(depth)); s.ws = torch.nn.ModuleList(torch.nn.Conv2d(w, w, 1) for _ in range(depth))
        s.q1 = torch.nn.Linear(w, 128); s.q2 = torch.nn.Linear(128, 1)
    def forward(s, a):
        n = a.shape[1]; x = torch.cat([a[..., None], grid(n)[None].expand(a.shape[0], -1, -1, -1)], -1)
        x = s.p(x).permute(0, 3, 1, 2); pad = round(s.frac * n)
        if pad: x = torch.nn.functional.pad(x, [0, pad, 0, pad])
        for k, (sc, w) in enumerate(zip(s.sc, s.ws)):
            x = sc(x) + w(x)
            if k < len(s.sc) - 1: x = torch.nn.functional.gelu(x)
        if pad: x = x[..., :n, :n]
        return s.q2(torch.nn.functional.gelu(s.q1(x.permute(0, 2, 3, 1))))[..., 0]
a, u = tr["x"][:${nTrain}].float(), tr["y"][:${nTrain}].float()
am, asd = a.mean(), a.std(); um, usd = u.mean(), u.std()
rel = lambda p, y: ((p - y).flatten(1).norm(dim=1) / y.flatten(1).norm(dim=1)).mean()
for frac in (0.0, 0.125):
  for seed in ${JSON.stringify(seeds)}:
    torch.manual_seed(seed); net = FNO(frac=frac)
    opt = torch.optim.AdamW(net.parameters(), lr=8e-3, weight_decay=1e-4)
    steps = ${epochs} * math.ceil(len(a) / 32); sch = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps); t0 = time.time()
    for ep in range(${epochs}):
        perm = torch.randperm(len(a))
        for i in range(0, len(a), 32):
            idx = perm[i:i + 32]; opt.zero_grad()
            loss = rel(net((a[idx] - am) / asd) * usd + um, u[idx]); loss.backward(); opt.step(); sch.step()
    with torch.no_grad():
        r = [float(rel(net((t["x"].float() - am) / asd) * usd + um, t["y"])) for t in (t16, t32)]
    print("torch-fno pad %.3f %4d  %7.0f   %.4f    %.4f    %.2f" % (frac, seed, time.time() - t0, r[0], r[1], r[1] / r[0]))
`;
  console.log("torch reference (same samples and protocol; pad = fraction of n on the high side):");
  process.stdout.write(runPython(py, code));
}
