# shellcheck shell=sh
# markers.sh: how a script talks back. Every line the provider reads starts with the run's nonce
# ($M, set by the rendered header), so nothing the host prints can be mistaken for a marker.

# say WORDS...: print one marker line `$M WORDS...`.
say() { printf '%s %s\n' "$M" "$*"; }
