"""PyTorch reference figures for the GPU bench (bench/gpu/entry.ts, docs/gpu.md).

The same shapes and loop as bench/gpu/webgpu-models.ts: 1000 samples, batch 20, one epoch =
50 Adam steps on the MSE (lr 1e-3), the loss read back every step (.item()); inference at
batch 100. Models written the usual way (the FNO paper's scripts: a lift from (u, x) to the
width, spectral convolutions via torch.fft with the lowest modes kept, pointwise linear skips,
GELU, a 128-unit projection). Prints one JSON line per model; exits 3 without CUDA.

  python3 torch-cuda.py [--steps 20] [--device cuda]
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SpectralConv1d(nn.Module):
    def __init__(self, c, modes):
        super().__init__()
        self.modes = modes
        s = 1 / (c * c)
        self.w = nn.Parameter(s * torch.rand(c, c, modes, dtype=torch.cfloat))

    def forward(self, x):  # [B, C, n]
        xf = torch.fft.rfft(x)
        out = torch.zeros(x.shape[0], self.w.shape[1], xf.shape[-1], dtype=torch.cfloat, device=x.device)
        out[:, :, : self.modes] = torch.einsum("bix,iox->box", xf[:, :, : self.modes], self.w)
        return torch.fft.irfft(out, n=x.shape[-1])


class SpectralConv2d(nn.Module):
    def __init__(self, c, m1, m2):
        super().__init__()
        self.m1, self.m2 = m1, m2
        s = 1 / (c * c)
        self.w1 = nn.Parameter(s * torch.rand(c, c, m1, m2, dtype=torch.cfloat))
        self.w2 = nn.Parameter(s * torch.rand(c, c, m1, m2, dtype=torch.cfloat))

    def forward(self, x):  # [B, C, n1, n2]
        b, c, n1, n2 = x.shape
        xf = torch.fft.rfft2(x)
        out = torch.zeros(b, c, n1, n2 // 2 + 1, dtype=torch.cfloat, device=x.device)
        out[:, :, : self.m1, : self.m2] = torch.einsum("bixy,ioxy->boxy", xf[:, :, : self.m1, : self.m2], self.w1)
        out[:, :, -self.m1 :, : self.m2] = torch.einsum("bixy,ioxy->boxy", xf[:, :, -self.m1 :, : self.m2], self.w2)
        return torch.fft.irfft2(out, s=(n1, n2))


class Fno(nn.Module):
    def __init__(self, dim, width, modes, depth=4):
        super().__init__()
        self.dim = dim
        self.lift = nn.Linear(1 + dim, width)
        conv = (lambda: SpectralConv1d(width, modes)) if dim == 1 else (lambda: SpectralConv2d(width, modes, modes))
        self.convs = nn.ModuleList(conv() for _ in range(depth))
        self.ws = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
        self.p1 = nn.Linear(width, 128)
        self.p2 = nn.Linear(128, 1)

    def forward(self, u):  # [B, ...spatial, 1] channels last, like the tfjs models
        shape = u.shape[1:-1]
        axes = [torch.linspace(0, 1, n, device=u.device) for n in shape]
        grid = torch.stack(torch.meshgrid(*axes, indexing="ij"), -1).expand(u.shape[0], *shape, self.dim)
        h = self.lift(torch.cat([u, grid], -1))
        perm = (0, h.dim() - 1, *range(1, h.dim() - 1))
        back = (0, *range(2, h.dim()), 1)
        for i, (conv, w) in enumerate(zip(self.convs, self.ws)):
            y = conv(h.permute(*perm)).permute(*back) + w(h)
            h = F.gelu(y) if i < len(self.convs) - 1 else y
        return self.p2(F.gelu(self.p1(h)))


class Mlp(nn.Module):
    def __init__(self, n, hidden=(512, 512)):
        super().__init__()
        layers, k = [], n
        for h in hidden:
            layers += [nn.Linear(k, h), nn.ReLU()]
            k = h
        layers.append(nn.Linear(k, n))
        self.net = nn.Sequential(*layers)

    def forward(self, u):
        return self.net(u.reshape(u.shape[0], -1)).reshape(u.shape)


def bench(name, setting, model, shape, steps, device):
    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    n_samples, batch, per_epoch = 1000, 20, 50
    x = torch.randn(n_samples, *shape, 1, device=device)
    y = torch.randn(n_samples, *shape, 1, device=device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(i):
        b = i % per_epoch
        xb, yb = x[b * batch : (b + 1) * batch], y[b * batch : (b + 1) * batch]
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(3):
        step(i)
    sync()
    t = time.perf_counter()
    for i in range(steps):
        step(i)
    epoch = (time.perf_counter() - t) / steps * per_epoch
    xb = x[:100]
    with torch.no_grad():
        for _ in range(3):
            model(xb)
        sync()
        t = time.perf_counter()
        reps = 20
        for _ in range(reps):
            model(xb).sum().item()
        infer = (time.perf_counter() - t) / reps / 100 * 1000
    params = sum(p.numel() * (2 if p.is_complex() else 1) for p in model.parameters())
    print(json.dumps({"model": name, "setting": setting, "params": params, "epochS": epoch, "inferMsPerSample": infer}), flush=True)


def main():
    args = sys.argv[1:]
    steps = int(args[args.index("--steps") + 1]) if "--steps" in args else 20
    device = args[args.index("--device") + 1] if "--device" in args else "cuda"
    if device == "cuda" and not torch.cuda.is_available():
        print(json.dumps({"error": "torch has no CUDA device"}), flush=True)
        sys.exit(3)
    print(json.dumps({"torch": torch.__version__, "device": torch.cuda.get_device_name(0) if device == "cuda" else device}), flush=True)
    torch.manual_seed(0)
    dev = torch.device(device)
    bench("fno", "1-D n=256", Fno(1, 32, 16).to(dev), [256], steps, dev)
    bench("mlp", "1-D n=256", Mlp(256).to(dev), [256], steps, dev)
    bench("fno", "Darcy 2-D 64²", Fno(2, 32, 12).to(dev), [64, 64], steps, dev)


if __name__ == "__main__":
    main()
