// Module hooks for the tests: the WebGPU packages "are not installed" (import fails the way a
// missing package does).
export async function resolve(specifier, context, next) {
  if (specifier === "webgpu" || specifier === "@tensorflow/tfjs-backend-webgpu") {
    const e = new Error(`Cannot find package '${specifier}'`);
    e.code = "ERR_MODULE_NOT_FOUND";
    throw e;
  }
  return next(specifier, context);
}
