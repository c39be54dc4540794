// `node --import <this file> …` (the WebGPU test children, core/__tests__/webgpu-harness.ts): Dawn
// polls on a 1 ms timer instead of spinning. While a promise of Dawn's is pending (a buffer map,
// a pipeline, a queue done), dawn.node calls its device's tick from setImmediate, again and again:
// on SwiftShader, whose threads run the shaders on the same two cores, that spin cost about a
// fifth of a child's CPU (17.8 -> 14.4 s for webgpu-checks-child, back to back, load 14) and slowed
// the shaders it waited for. Only native callers (Dawn's) are deferred; nothing else changes.
const immediate = globalThis.setImmediate;
globalThis.setImmediate = function setImmediate(fn, ...args) {
  if (typeof fn === "function" && Function.prototype.toString.call(fn).includes("[native code]")) return setTimeout(fn, 1, ...args);
  return immediate(fn, ...args);
};
