/**
 * Module hooks for test/server/start-modules-process.ts: every module the process loads through the
 * ESM loader (its own files, and each package's entry, CommonJS ones too) is posted to the port the
 * process registered the hooks with.
 */
let port;

export function initialize(data) {
  port = data.port;
}

export async function load(url, context, nextLoad) {
  port.postMessage(url);
  return nextLoad(url, context);
}
