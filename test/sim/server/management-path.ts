// The management path: sessions arrive on the machine's management address, so they die with it.
import type { ChangeRecord, SimMachine } from "../machine-api";
import type { FrontProxy } from "./tcp-proxy";
import type { TransportFaults } from "./transport-faults";

/** Whether a new connection may reach the host now. */
export function managementReachable(machine: SimMachine): boolean {
  return machine.isAddressReachable(machine.managementAddress);
}

/**
 * Cuts every connection when the management address stops being reachable, or when an interface watched by
 * the dropWhenInterfaceChanges fault changes (the server side lingers, so running commands finish), and on
 * reboot (both sides closed, `onReboot` kills the host's processes). Returns the unsubscribe function.
 */
export function watchManagementPath(
  machine: SimMachine,
  proxy: FrontProxy,
  faults: TransportFaults,
  onReboot: () => void,
): () => void {
  const onChange = (change: ChangeRecord): void => {
    if (faults.cutsOnChangeOf(change.interface) || !managementReachable(machine)) proxy.cutAll("linger");
  };
  const onRebooted = (): void => {
    proxy.cutAll("close");
    onReboot();
  };
  machine.on("change", onChange);
  machine.on("reboot", onRebooted);
  return () => {
    machine.off("change", onChange);
    machine.off("reboot", onRebooted);
  };
}
