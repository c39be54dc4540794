// Kernels for the webgpu backend (docs/gpu.md): imported for their registration.
export { webgpuGeluAvailable } from "./gelu-webgpu.js";
