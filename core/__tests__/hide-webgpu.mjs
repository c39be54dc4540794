// `node --import <this file> …`: runs a program as if webgpu and @tensorflow/tfjs-backend-webgpu
// were not installed.
import { register } from "node:module";

register("./hide-webgpu-hooks.mjs", import.meta.url);
