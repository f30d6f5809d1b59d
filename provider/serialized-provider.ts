// What each Lagg resource stores in state as `__provider`. Pulumi serializes this object by value,
// so it stays tiny and import-free: every call loads the package's compiled provider by module path.
// That keeps state small and lets refresh/destroy run the installed code, not a frozen copy.

/** Loads the installed implementation: the package from node_modules, else this checkout (development). */
function loadLaggProvider(): any {
  try {
    return new (require("pulumi-freebsd-lagg/dist/provider/provider.js").LaggProvider)();
  } catch (e: any) {
    if (e?.code !== "MODULE_NOT_FOUND") throw e;
    const path = require("path");
    const fs = require("fs");
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      const pkg = path.join(dir, "package.json");
      if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-freebsd-lagg") {
        return new (require(path.join(dir, "dist/provider/provider.js")).LaggProvider)();
      }
      if (path.dirname(dir) === dir) throw e;
    }
  }
}

/** Forwards each ResourceProvider call to the installed LaggProvider. */
export class SerializedLaggProvider {
  check(olds: any, news: any) { return loadLaggProvider().check(olds, news); }
  diff(id: any, olds: any, news: any) { return loadLaggProvider().diff(id, olds, news); }
  create(inputs: any) { return loadLaggProvider().create(inputs); }
  read(id: any, props: any) { return loadLaggProvider().read(id, props); }
  update(id: any, olds: any, news: any) { return loadLaggProvider().update(id, olds, news); }
  delete(id: any, props: any) { return loadLaggProvider().delete(id, props); }
}
