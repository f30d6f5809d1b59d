// The kernel used directly, as a middleware layer (TrueNAS midclt) will: operations and views.
import {
  addInet, addLaggPort, describeInterface, Kernel, KernelError, removeLaggPort, setFlags, setLaggProto, setMtu,
} from "../kernel";
import { IFF } from "../kernel/bits";

function kernelWithNics(): Kernel {
  const kernel = new Kernel();
  for (const name of ["igb0", "igb1", "igb2"]) kernel.attachNic({ name });
  kernel.attachLoopback();
  return kernel;
}

describe("kernel API", () => {
  test("build a lacp lagg through operations and read it back as data", () => {
    const kernel = kernelWithNics();
    const lagg = kernel.cloneCreate("lagg");
    setLaggProto(kernel, lagg.name, "lacp");
    for (const port of ["igb1", "igb0"]) {
      setFlags(kernel, port, IFF.UP, 0);
      addLaggPort(kernel, lagg.name, port);
    }
    setFlags(kernel, lagg.name, IFF.UP, 0);
    addInet(kernel, lagg.name, { address: 0xc000020a, prefixLength: 24 });
    setMtu(kernel, lagg.name, 9000);
    expect(describeInterface(kernel, "lagg0")).toMatchObject({
      name: "lagg0", kind: "lagg", mtu: 9000, linkUp: true, inet: ["192.0.2.10/24"], groups: ["lagg"],
      flags: ["UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST", "LOWER_UP"],
      lagg: {
        protocol: "lacp", hash: ["l2", "l3", "l4"], primary: "igb1", options: ["USE_NUMA", "LACP_STRICT"],
        flowidShift: 16, activePorts: 2, flapping: 0,
        ports: [
          { name: "igb0", flags: ["ACTIVE", "COLLECTING", "DISTRIBUTING"] },
          { name: "igb1", flags: ["ACTIVE", "COLLECTING", "DISTRIBUTING"] },
        ],
      },
    });
    expect(describeInterface(kernel, "igb0")).toMatchObject({ memberOf: "lagg0", mtu: 9000 });
  });

  test.each([
    ["a port of another lagg", "EBUSY"],
    ["an interface that does not exist", "EINVAL"],
  ])("adding %s throws KernelError(%s)", (_what, errno) => {
    const kernel = kernelWithNics();
    kernel.cloneCreate("lagg0");
    kernel.cloneCreate("lagg1");
    addLaggPort(kernel, "lagg0", "igb0");
    const port = errno === "EBUSY" ? "igb0" : "igb9";
    expect(() => addLaggPort(kernel, "lagg1", port)).toThrow(KernelError);
    expect(() => addLaggPort(kernel, "lagg1", port)).toThrow(expect.objectContaining({ errno }));
  });

  test("operations on missing interfaces throw ENXIO; removing a non-port throws ENOENT", () => {
    const kernel = kernelWithNics();
    kernel.cloneCreate("lagg0");
    expect(() => setMtu(kernel, "lagg9", 1500)).toThrow(expect.objectContaining({ errno: "ENXIO" }));
    expect(() => removeLaggPort(kernel, "lagg0", "igb1")).toThrow(expect.objectContaining({ errno: "ENOENT" }));
  });
});
