#!/usr/bin/env bash
# Installs the Debian packages paramrun builds against, and only those that are missing.
set -euo pipefail
want=(libyaml-dev libopenblas-dev zlib1g-dev pkg-config liblz4-dev libzstd-dev liblzma-dev libxxhash-dev)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "make deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
