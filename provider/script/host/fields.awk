# fields.awk: parses one interface's `ifconfig -v` text (FreeBSD 7-15 layouts; leading whitespace
# may be tabs or spaces) into the twelve fields the checks compare, one per output line:
#   protocol, lagghash, ports (sorted, each followed by a space), failover primary, mtu, up (0/1),
#   inet ("addr netmask-hex " sorted), inet6 ("addr/len " sorted), inet6 without autoconf,
#   option flags (hex, 0 when absent), flowid_shift, rr_limit.
# One awk run per snapshot: on a busy host every process counts.
# Portable to the one-true-awk and mawk: no gawk extensions (no asort, no length(array)).
# The renderer puts this program inside single quotes: it must never contain a single quote.

# Insertion sort (n is small); prefixing "x" forces a string comparison.
function sorted(a, n,   i, j, t, out) {
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && ("x" a[j]) > ("x" t); j--) a[j + 1] = a[j]; a[j + 1] = t }
  out = ""; for (i = 1; i <= n; i++) out = out a[i] " "; return out
}

# The first line: `lagg0: flags=8843<UP,...> metric 0 mtu 1500`.
NR == 1 {
  if (match($0, / mtu [0-9]+/)) mtu = substr($0, RSTART + 5, RLENGTH - 5)
  if (match($0, /<[^>]*>/) && index("," substr($0, RSTART + 1, RLENGTH - 2) ",", ",UP,")) up = 1
  next
}
{ l = $0; sub(/^[ \t]+/, "", l); split(l, w, " ") }
# Only the first laggproto line counts (a `lagg options:` block never repeats it).
w[1] == "laggproto" { if (proto == "") { proto = w[2]; if (w[3] == "lagghash") hash = w[4] } ; next }
# The failover primary is the first port whose flags include MASTER.
w[1] == "laggport:" { port[++np] = w[2]; if (primary == "" && l ~ /<[^>]*MASTER/) primary = w[2]; next }
w[1] == "inet" && w[2] ~ /^[0-9.]+$/ && w[3] == "netmask" && w[4] ~ /^0x[0-9a-fA-F]+$/ { v4[++n4] = w[2] " " w[4]; next }
w[1] == "inet6" && w[2] ~ /^[0-9a-fA-F:]+$/ && w[3] == "prefixlen" && w[4] ~ /^[0-9]+$/ {
  v6[++n6] = w[2] "/" w[4]; if (l !~ / autoconf/) v6s[++n6s] = w[2] "/" w[4]; next
}
# `flags=` on an indented line (inside `lagg options:`) holds the LAGG_OPT_* bits.
opt == "" && $0 ~ /^[ \t]/ && l ~ /^flags=[0-9a-fA-F]/ { opt = substr(l, 7); sub(/[^0-9a-fA-F].*$/, "", opt); next }
w[1] == "flowid_shift:" && fsh == "" { fsh = w[2]; sub(/[^0-9].*$/, "", fsh); next }
w[1] == "rr_limit:" && rrl == "" { rrl = w[2]; sub(/[^0-9].*$/, "", rrl); next }
END {
  print proto; print hash; print sorted(port, np); print primary; print mtu; print up + 0
  print sorted(v4, n4); print sorted(v6, n6); print sorted(v6s, n6s); print (opt == "" ? 0 : opt); print fsh; print rrl
}
