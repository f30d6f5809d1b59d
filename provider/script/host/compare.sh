# shellcheck shell=sh
# compare.sh: the checks. Each mismatch prints a MISMATCH marker and adds the field to $BAD, so a
# caller runs every check and then decides on $BAD being empty.

BAD=
# want FIELD EXPECTED ACTUAL
want() { if [ "$2" != "$3" ]; then BAD="$BAD $1"; say "MISMATCH $1 expected=[$2] actual=[$3]"; fi; }
# want_bit FIELD MASK 0|1: whether MASK is set in the lagg option flags (hex) of the last snap.
want_bit() { if [ $(( 0x$(f_optflags) & $2 )) -ne 0 ]; then b=1; else b=0; fi; want "$1" "$3" "$b"; }
# want_has FIELD ITEM LIST: ITEM must be one of LIST's space-separated words (others are tolerated).
want_has() { case " $3" in *" $2 "*) ;; *) BAD="$BAD $1"; say "MISMATCH $1 expected=[$2] actual=[$3]" ;; esac; }
