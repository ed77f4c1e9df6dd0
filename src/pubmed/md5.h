// MD5 (RFC 1321), only to check the checksums NCBI publishes beside its PubMed files.
#pragma once

#include <string>
#include <string_view>

namespace medoracle::pubmed {

// The MD5 digest of data as 32 lower-case hex digits.
std::string Md5Hex(std::string_view data);

}  // namespace medoracle::pubmed
