// Loading an input file into memory, inflating gzip (whole-file and multi-member) and one-file
// zip archives (openFDA's bulk downloads).
#include <zip.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "corpus/reader.h"

namespace medoracle {
namespace {

bool IsGzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

bool IsZip(const std::string& bytes) { return bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04", 4) == 0; }

// The one file of a zip archive (directories and macOS resource entries aside), with libzip;
// CRCs are checked as it reads.
std::string TooLarge(const std::string& path, uint64_t max_bytes) {
  return path + ": more than " + std::to_string(max_bytes >> 20) + " MB once decompressed (the limit per file; " +
         "raise it with ingest --max-file-mb)";
}

Status Unzip(const std::string& path, const std::string& in, std::string* out, uint64_t max_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(in.data(), in.size(), 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::Internal(path + ": cannot read the zip archive: " + why);
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::Corruption(path + ": damaged zip archive (" + why + ")");
  }
  zip_error_fini(&error);
  std::vector<zip_uint64_t> files;
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    const std::string n = name != nullptr ? name : "";
    if (n.empty() || n.back() == '/' || n.rfind("__MACOSX/", 0) == 0) continue;
    files.push_back(static_cast<zip_uint64_t>(i));
  }
  Status status = Status::Ok();
  if (files.size() != 1) {
    status = Status::InvalidArgument(path + ": zip archive holds " + std::to_string(files.size()) +
                                     " files; only one-file archives (as openFDA's downloads are) are read: unpack "
                                     "it and ingest the folder");
  } else if (zip_file_t* f = zip_fopen_index(archive, files[0], 0); f == nullptr) {
    status = Status::Corruption(path + ": cannot open its file: " + zip_strerror(archive));
  } else {
    char buf[1 << 16];
    zip_int64_t n = 0;
    while ((n = zip_fread(f, buf, sizeof(buf))) > 0) {
      out->append(buf, static_cast<size_t>(n));
      if (out->size() > max_bytes) {
        status = Status::InvalidArgument(TooLarge(path, max_bytes));
        out->clear();
        break;
      }
    }
    if (n < 0 && status.ok()) status = Status::Corruption(path + ": damaged zip archive: " + zip_file_strerror(f));
    zip_fclose(f);
  }
  zip_discard(archive);  // also frees the source
  return status;
}

Status Inflate(const std::string& path, const std::string& in, std::string* out, uint64_t max_bytes) {
  z_stream zs{};
  // 15 + 32: zlib or gzip header, detected automatically.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal("zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buf, sizeof(buf) - zs.avail_out);
    if (out->size() > max_bytes) {
      inflateEnd(&zs);
      out->clear();
      return Status::InvalidArgument(TooLarge(path, max_bytes));
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      // Concatenated gzip members (as written by some tools): continue with the next.
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (rc != Z_OK) break;
    if (zs.avail_in == 0 && zs.avail_out != 0) {
      rc = Z_BUF_ERROR;  // input ended before the stream did
      break;
    }
  }
  const uLong consumed = zs.total_in;
  inflateEnd(&zs);
  if (rc == Z_STREAM_END) return Status::Ok();
  if (rc == Z_BUF_ERROR) {
    return Status::Corruption(path + ": truncated gzip stream (ends after " + std::to_string(in.size()) +
                              " compressed bytes, " + std::to_string(out->size()) + " bytes inflated)");
  }
  return Status::Corruption(path + ": damaged gzip stream near compressed byte " + std::to_string(consumed) +
                            (zs.msg ? std::string(" (") + zs.msg + ")" : std::string()));
}

}  // namespace

StatusOr<InputFile> LoadInputFile(const std::string& path, uint64_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  // Read straight into a string of the file's size (a stringstream would hold two copies).
  const std::streamoff size = in.tellg();
  if (size < 0) return Status::IoError(path + ": cannot read (not a regular file?)");
  if (static_cast<uint64_t>(size) > max_bytes) return Status::InvalidArgument(TooLarge(path, max_bytes));
  std::string raw(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (size > 0 && !in.read(raw.data(), size)) return Status::IoError(path + ": read failed");
  InputFile file;
  file.path = path;
  if (IsGzip(raw)) {
    Status s = Inflate(path, raw, &file.content, max_bytes);
    if (!s.ok()) return s;
  } else if (IsZip(raw)) {
    Status s = Unzip(path, raw, &file.content, max_bytes);
    if (!s.ok()) return s;
  } else {
    file.content = std::move(raw);
  }
  return file;
}

}  // namespace medoracle
