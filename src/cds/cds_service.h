// The CDS Hooks services over the engine: what an HTTP layer calls for GET /cds-services and
// POST /cds-services/{id} (cds_hooks.h has the protocol; this adds the engine and the code map).
#pragma once

#include <string>
#include <string_view>

#include "cds/cds_hooks.h"
#include "cds/codes.h"
#include "medoracle/engine.h"

namespace medoracle::cds {

class CdsService {
 public:
  // engine must outlive the service. codes may be empty (conditions are then named by their text).
  CdsService(Engine& engine, CodeMap codes) : engine_(engine), codes_(std::move(codes)) {}

  // GET /cds-services: 200 and the discovery document.
  CdsReply Discover() const { return {200, Discovery()}; }

  // POST /cds-services/{service_id}: HandleHook with questions answered by the engine (clinician
  // audience, audit user "cds-hooks", remote as given) and links under base_url
  // ("http://host:port"). Thread-safe as Engine::Ask is.
  CdsReply Call(std::string_view service_id, std::string_view body, const std::string& base_url,
                const std::string& remote) const;

 private:
  Engine& engine_;
  const CodeMap codes_;
};

}  // namespace medoracle::cds
