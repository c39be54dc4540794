"""PyTorch CPU reference for `npm run bench -- models`: the same shapes as the TypeScript models
(GSNN deep heat1d, FNO-1D, FNO-2D Darcy, MLP), one thread, Adam 1e-3 on the MSE, batch 20.
Reads a JSON job on stdin ({"models": [...], "steps": K, "warmup": 2}) and prints one JSON line
per model: seconds per epoch of 50 steps (wall and process CPU) timed over K steps after the
warm-up, and the parameter count. Random data: only the time is measured."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
N, BATCH = 1000, 20
STEPS_PER_EPOCH = N // BATCH


class HeatFilter(nn.Module):
    """exp(-tau^2 |k|^2) per channel on a periodic 1-D axis of length 1 (rfft / irfft)."""

    def __init__(self, c, tau_min, tau_max):
        super().__init__()
        self.log_tau = nn.Parameter(torch.linspace(math.log(tau_min), math.log(tau_max), c))

    def forward(self, h):  # [B, n, C]
        n = h.shape[1]
        k = 2 * math.pi * torch.arange(n // 2 + 1, dtype=h.dtype)
        m = torch.exp(-torch.exp(2 * self.log_tau)[None, :] * (k * k)[:, None])
        return torch.fft.irfft(torch.fft.rfft(h, dim=1) * m, n=n, dim=1)


class Gsnn(nn.Module):
    """Deep GSNN without the linear path: lift, 4 x gelu(heat(mix h) + skip h), projection."""

    def __init__(self, n, width=32, depth=4, proj=128):
        super().__init__()
        self.lift = nn.Linear(2, width)
        self.mix = nn.ModuleList([nn.Linear(width, width) for _ in range(depth)])
        self.heat = nn.ModuleList([HeatFilter(width, 1 / (math.pi * n), 1 / (2 * math.pi)) for _ in range(depth)])
        self.skip = nn.ModuleList([nn.Linear(width, width, bias=False) for _ in range(depth)])
        self.p1 = nn.Linear(width, proj)
        self.p2 = nn.Linear(proj, 1)

    def forward(self, x):  # [B, n, 1]
        B, n, _ = x.shape
        grid = torch.arange(n, dtype=x.dtype).div(n).view(1, n, 1).expand(B, n, 1)
        h = self.lift(torch.cat([x, grid], -1))
        for mix, heat, skip in zip(self.mix, self.heat, self.skip):
            h = F.gelu(heat(mix(h)) + skip(h))
        return self.p2(F.gelu(self.p1(h)))


class SpectralConv1d(nn.Module):
    def __init__(self, c, o, modes):
        super().__init__()
        self.modes = modes
        s = 1 / (c * o)
        self.w = nn.Parameter(s * torch.rand(c, o, modes, dtype=torch.cfloat))

    def forward(self, x):  # [B, C, n]
        X = torch.fft.rfft(x)
        out = torch.zeros(x.shape[0], self.w.shape[1], x.shape[-1] // 2 + 1, dtype=torch.cfloat)
        out[:, :, : self.modes] = torch.einsum("bix,iox->box", X[:, :, : self.modes], self.w)
        return torch.fft.irfft(out, n=x.shape[-1])


class SpectralConv2d(nn.Module):
    def __init__(self, c, o, m1, m2):
        super().__init__()
        self.m1, self.m2 = m1, m2
        s = 1 / (c * o)
        self.w1 = nn.Parameter(s * torch.rand(c, o, m1, m2, dtype=torch.cfloat))
        self.w2 = nn.Parameter(s * torch.rand(c, o, m1, m2, dtype=torch.cfloat))

    def forward(self, x):  # [B, C, n1, n2]
        B, _, n1, n2 = x.shape
        X = torch.fft.rfft2(x)
        out = torch.zeros(B, self.w1.shape[1], n1, n2 // 2 + 1, dtype=torch.cfloat)
        out[:, :, : self.m1, : self.m2] = torch.einsum("bixy,ioxy->boxy", X[:, :, : self.m1, : self.m2], self.w1)
        out[:, :, -self.m1 :, : self.m2] = torch.einsum("bixy,ioxy->boxy", X[:, :, -self.m1 :, : self.m2], self.w2)
        return torch.fft.irfft2(out, s=(n1, n2))


class Fno(nn.Module):
    """The project's FNO layout: lifting on (a, x), depth Fourier layers (GELU after all but the
    last), projection 128 + GELU + 1; 2-D pads 9 points on the high side (non-periodic domain)."""

    def __init__(self, d, width=32, modes=16, depth=4, proj=128, padding=0):
        super().__init__()
        self.d, self.padding = d, padding
        self.lift = nn.Linear(1 + d, width)
        if d == 1:
            self.conv = nn.ModuleList([SpectralConv1d(width, width, modes) for _ in range(depth)])
            self.w = nn.ModuleList([nn.Conv1d(width, width, 1) for _ in range(depth)])
        else:
            self.conv = nn.ModuleList([SpectralConv2d(width, width, modes, modes) for _ in range(depth)])
            self.w = nn.ModuleList([nn.Conv2d(width, width, 1) for _ in range(depth)])
        self.p1 = nn.Linear(width, proj)
        self.p2 = nn.Linear(proj, 1)

    def forward(self, x):  # [B, ...spatial, 1]
        shape = x.shape[1:-1]
        axes = [torch.linspace(0, 1, s) for s in shape]
        grid = torch.stack(torch.meshgrid(*axes, indexing="ij"), -1).unsqueeze(0).expand(x.shape[0], *shape, self.d)
        h = self.lift(torch.cat([x, grid], -1))
        h = h.permute(0, 2, 1) if self.d == 1 else h.permute(0, 3, 1, 2)
        if self.padding:
            h = F.pad(h, [0, self.padding] * self.d)
        for i, (conv, w) in enumerate(zip(self.conv, self.w)):
            h = conv(h) + w(h)
            if i < len(self.conv) - 1:
                h = F.gelu(h)
        if self.padding:
            h = h[..., : -self.padding] if self.d == 1 else h[..., : -self.padding, : -self.padding]
        h = h.permute(0, 2, 1) if self.d == 1 else h.permute(0, 2, 3, 1)
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

    def forward(self, x):
        return self.net(x.reshape(x.shape[0], -1)).reshape(x.shape)


MODELS = {
    "gsnn": (lambda: Gsnn(256), [256]),
    "fno1d": (lambda: Fno(1, 32, 16), [256]),
    "fno2d": (lambda: Fno(2, 32, 12, padding=9), [64, 64]),
    "mlp": (lambda: Mlp(256), [256]),
}


def bench(name, steps, warmup):
    make, shape = MODELS[name]
    model = make()
    x = torch.randn(N, *shape, 1)
    y = torch.randn(N, *shape, 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(i):
        b = i % STEPS_PER_EPOCH
        xb, yb = x[b * BATCH : (b + 1) * BATCH], y[b * BATCH : (b + 1) * BATCH]
        opt.zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(warmup):
        step(i)
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(steps):
        step(warmup + i)
    wall = (time.perf_counter() - t0) / steps * STEPS_PER_EPOCH
    cpu = (time.process_time() - c0) / steps * STEPS_PER_EPOCH
    params = sum(p.numel() * (2 if p.is_complex() else 1) for p in model.parameters())
    return {"model": name, "epochS": wall, "epochCpuS": cpu, "steps": steps, "params": params, "torch": torch.__version__}


def main():
    job = json.loads(sys.stdin.read() or "{}")
    for name in job.get("models", list(MODELS)):
        steps = job.get("steps", {}).get(name, 10) if isinstance(job.get("steps"), dict) else job.get("steps", 10)
        print(json.dumps(bench(name, steps, job.get("warmup", 2))), flush=True)


if __name__ == "__main__":
    main()
