#!/bin/sh
# Reading secrets from a shell script.
#
#   sh read-secret.sh prod/db/password    prints the value's length, then the value
set -eu
path=${1:?usage: read-secret.sh SECRET_PATH}

# 1. One value into a shell variable. $(...) drops trailing newlines: fine for a
#    password, not for a PEM file (write those with: vaultfile get PATH > FILE).
value=$(vaultfile get "$path")
printf '%s characters\n' "${#value}"

# 2. Values for a program go in its environment, never on its command line
#    (which other users can read in the process list).
vaultfile run --as SECRET="$path" -- sh -c 'printf "%s\n" "$SECRET"'
