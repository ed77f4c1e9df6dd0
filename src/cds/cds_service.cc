// CDS Hooks questions answered through the engine.
#include "cds/cds_service.h"

namespace medoracle::cds {

CdsReply CdsService::Call(std::string_view service_id, std::string_view body, const std::string& base_url,
                          const std::string& remote) const {
  CardOptions options;
  options.base_url = base_url;
  const AskFn ask = [this, &remote](const std::string& question) -> StatusOr<nlohmann::json> {
    AskRequest request;
    request.question = question;
    request.actor = {"cds-hooks", remote};
    auto result = engine_.Ask(request);
    if (!result.ok()) return result.status();
    return std::move(result->json);
  };
  return HandleHook(service_id, body, ask, codes_, options);
}

}  // namespace medoracle::cds
