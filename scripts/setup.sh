#!/usr/bin/env bash
# Installs the Debian packages medoracle needs (only those missing) and builds it in ./build.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake ninja-build pkg-config          # toolchain
  libxapian-dev                             # Unicode tables and stemmer of the tokenisers (the index's terms)
  libstreamvbyte-dev libroaring-dev libzstd-dev  # segment index: postings, deletion bitmaps, document store
  libpugixml-dev nlohmann-json3-dev zlib1g-dev   # readers: XML, JSON, gzip
  libzip-dev                                # readers: openFDA's .json.zip downloads
  libcli11-dev                              # command line
  libmicrohttpd-dev                         # web server (medoracle serve): event-driven, per-connection limits
  libcpp-httplib-dev                        # HTTP client of the server tests
  libcurl4-openssl-dev                      # connectors: E-utilities, PubMed files, LLM server (src/net)
  libsqlite3-dev libsodium-dev              # application store, password hashing
  libpq-dev                                 # application store on PostgreSQL (several servers)
  postgresql-15                             # tests: a throwaway PostgreSQL cluster (scripts/pg_test_cluster.sh)
  fasttext libfasttext-dev                  # sentence classifiers (models/, scripts/train.sh)
  xgboost                                   # the sentence ranker (scripts/train_ranker.sh)
  libgtest-dev libgmock-dev                 # tests
)

# What CI adds (.ci/run): clang and its libFuzzer runtime for scripts/fuzz.sh, clang-format for
# scripts/check_format.sh. Set MEDORACLE_CI_PACKAGES=1 to install them too.
if [ -n "${MEDORACLE_CI_PACKAGES:-}" ]; then
  PACKAGES+=(clang libclang-rt-14-dev clang-format)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
