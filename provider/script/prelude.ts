// The shell functions every rendered script starts with (markers, snapshot and field extraction,
// comparisons, DHCP/SLAAC release, session detection, the step runner): host/*.sh and the field
// parser host/fields.awk, inlined.
import { hostFile } from "./host-files";

/**
 * Defines say, snap and the f_* field readers (fields.awk in $FIELDS_AWK), want/want_bit/want_has,
 * release_dhcp/release_slaac, session_addr/holds_session, and step. See the files in ./host.
 */
export const PRELUDE = [
  `FIELDS_AWK='\n${hostFile("fields.awk")}\n'`,
  hostFile("markers.sh"),
  hostFile("snapshot.sh"),
  hostFile("compare.sh"),
  hostFile("release.sh"),
  hostFile("session.sh"),
  hostFile("steps.sh"),
].join("\n");
