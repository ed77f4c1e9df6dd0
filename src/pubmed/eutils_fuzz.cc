// libFuzzer target for the E-utilities and file-server parsers: any bytes as an esearch response,
// an efetch batch, a directory listing and an .md5 file. Checks that none crashes and that what
// they accept is consistent: an accepted search with records has its history handles; listed files
// are PubMed file names in order; an accepted digest is 32 lower-case hex digits.
// Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "pubmed/eutils.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  using namespace medoracle::pubmed;
  if (auto search = ParseEsearch(input); search.ok()) {
    if (search->count > 0) Check(!search->query_key.empty() && !search->webenv.empty());
  } else {
    Check(!search.status().message().empty());
  }
  if (auto batch = CheckPubmedBatch(input); !batch.ok()) Check(!batch.status().message().empty());
  const Listing listing = ParseListing(input);
  for (size_t i = 0; i < listing.files.size(); ++i) {
    Check(IsPubmedFileName(listing.files[i]));
    if (i > 0) Check(PubmedFileOrder(listing.files[i - 1]) < PubmedFileOrder(listing.files[i]));
  }
  if (auto digest = ParseMd5File(input); digest.ok()) {
    Check(digest->size() == 32);
    for (char c : *digest) Check((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
  if (auto date = NormaliseDate(input); date.ok()) Check(date->size() == 4 || date->size() == 7 || date->size() == 10);
  return 0;
}
