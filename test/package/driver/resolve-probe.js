// Preloaded (NODE_OPTIONS=--require) into the dynamic-provider host: appends the real path of every module
// that resolves to a `dist/provider/provider.js` to $LAGG_PROBE_FILE, so a test can tell which copy of the
// package the serialized `__provider` loaded.
const fs = require("fs");
const Module = require("module");

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const file = resolve.call(this, request, ...rest);
  if (/[\\/]dist[\\/]provider[\\/]provider\.js$/.test(file)) fs.appendFileSync(process.env.LAGG_PROBE_FILE, `${fs.realpathSync(file)}\n`);
  return file;
};
