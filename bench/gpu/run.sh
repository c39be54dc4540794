#!/usr/bin/env bash
# The GPU bench on a bare GPU machine (no network, maybe no Node): `bash .gpu/run.sh [args]`
# from the repository root after `npm run bench:gpu-bundle` built .gpu/ (docs/gpu.md §GPU bench).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"

# Node >= 20: the machine's, else the one that travelled (xz; python's lzma unpacks it).
NODE="$(command -v node || true)"
if [ -z "$NODE" ] || ! "$NODE" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  NODE="${TMPDIR:-/tmp}/pdes-node"
  if [ ! -x "$NODE" ]; then
    if command -v xz >/dev/null; then xz -dc node.xz > "$NODE"
    else python3 -c "import lzma,shutil,sys; shutil.copyfileobj(lzma.open('node.xz'), open(sys.argv[1], 'wb'))" "$NODE"; fi
    chmod +x "$NODE"
  fi
fi

# Dawn needs the Vulkan loader and glvnd (the NVIDIA ICD is libGLX_nvidia.so.0): unpack the
# .debs when the loader is missing, into / as root (then ldconfig), else (or with
# PDES_GPU_PRIVATE_LIBS=1) into a private folder on LD_LIBRARY_PATH.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  if [ "$(id -u)" = 0 ] && [ -z "${PDES_GPU_PRIVATE_LIBS:-}" ]; then
    for f in debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
  else
    ROOTFS="${TMPDIR:-/tmp}/pdes-vulkan"
    mkdir -p "$ROOTFS"
    for f in debs/*.deb; do dpkg -x "$f" "$ROOTFS"; done
    export LD_LIBRARY_PATH="$ROOTFS/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "node: $NODE ($("$NODE" --version)); VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}" >&2
exec "$NODE" bench.mjs "$@"
