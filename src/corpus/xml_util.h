// XML-reading helpers shared by the MedQuAD and NGC readers (header-only, pugixml).
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "corpus/reader.h"
#include "medoracle/status.h"

namespace medoracle {

// Parses file.content as UTF-8 XML into *xml. Malformed XML is Corruption("<path>: malformed
// XML: <what> at line L, byte offset N").
inline Status LoadXmlFile(const InputFile& file, pugi::xml_document* xml) {
  const pugi::xml_parse_result parsed =
      xml->load_buffer(file.content.data(), file.content.size(), pugi::parse_default, pugi::encoding_utf8);
  if (parsed) return Status::Ok();
  const auto offset = static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0));
  const auto counted = static_cast<ptrdiff_t>(std::min(offset, file.content.size()));
  const size_t line = 1 + std::count(file.content.begin(), file.content.begin() + counted, '\n');
  return Status::Corruption(file.path + ": malformed XML: " + parsed.description() + " at line " +
                            std::to_string(line) + ", byte offset " + std::to_string(offset));
}

// The file name of path without its folder and a ".gz" and/or ".xml" ending:
// "dir/ngc-11288.xml.gz" -> "ngc-11288".
inline std::string_view XmlFileStem(std::string_view path) {
  if (const size_t slash = path.find_last_of("/\\"); slash != std::string_view::npos)
    path.remove_prefix(slash + 1);
  for (std::string_view ext : {".gz", ".xml"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext)
      path.remove_suffix(ext.size());
  }
  return path;
}

}  // namespace medoracle
