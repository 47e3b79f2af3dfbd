// The clinic link screen (physiotherapist area, behind the PIN): link a patient's profile to the
// clinic's PostgreSQL server with the address, the one-time link code and the clinic's CA
// certificate file, or unlink it. Linking runs on its own thread (a slow server never freezes
// the screen). Also the menu's quiet sync line and the "plan updated" notice.
#include <future>

#include "game/clinic/device_link.h"
#include "game/clinic/sync_service.h"
#include "game/store/clinic_outbox.h"
#include "game/ui/scene.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {

class ClinicLinkScene : public Scene {
 public:
  explicit ClinicLinkScene(int64_t profile_id) : profile_id_(profile_id) {}
  const char* Name() const override { return "clinic_link"; }
  bool ShowsCamera() const override { return false; }

  void Draw(UiContext& ctx) override {
    BeginPanel("clinic_link", ImVec2(0.12f, 0.04f), ImVec2(0.76f, 0.92f), ctx);
    // The text and fields scroll at large text; the message, "Link to clinic" and Back stay on
    // screen below them.
    BeginBody(FooterHeight(message_));
    link_form_ = false;
    if (!ctx.store) {
      Title("Clinic link");
      ImGui::TextWrapped("%s", ctx.store_error.c_str());
    } else {
      try {
        Poll(ctx);
        DrawBody(ctx);
      } catch (const std::exception& e) {
        message_ = e.what();
      }
    }
    EndBody();
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (busy_) {
      ImGui::TextWrapped("Linking...");
    } else {
      if (link_form_) {
        if (ctx.Button("Link to clinic", "clinic_link", half)) StartLink(ctx);
        ImGui::SameLine();
      }
      if (ctx.Button("Back", "back", link_form_ ? half : -1)) ctx.Pop();
    }
    EndPanel();
  }

 private:
  void DrawBody(UiContext& ctx) {
    std::string name = "this patient";
    for (const auto& p : ctx.store->Profiles())
      if (p.id == profile_id_) name = p.name;
    Title(("Clinic link: " + name).c_str());
    store::ClinicOutbox outbox(*ctx.store);
    const auto link = outbox.Link(profile_id_);
    if (link) {
      std::string since = link->linked_utc.substr(0, 16);
      if (since.size() > 10) since[10] = ' ';
      ImGui::TextWrapped("Linked to %s since %s (UTC).", link->server.c_str(), since.c_str());
      const std::string line = ctx.clinic ? ctx.clinic->Status(profile_id_).line : std::string();
      ImGui::TextWrapped("%s", line.empty() ? "Waiting for the first sync." : line.c_str());
      ImGui::Spacing();
      if (!confirm_) {
        if (ctx.Button("Unlink from the clinic", "clinic_unlink", -1)) confirm_ = true;
        return;
      }
      ImGui::TextWrapped(
          "Unlink %s? Nothing is deleted on this computer; the clinic keeps what it "
          "already has and this computer sends nothing more.",
          name.c_str());
      const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
      if (ctx.Button("Yes, unlink", "clinic_unlink_yes", half)) {
        clinic::UnlinkProfile(*ctx.store, profile_id_);
        confirm_ = false;
        message_ = name + " is no longer linked to a clinic.";
        ctx.Trace("event", "clinic unlinked");
      }
      ImGui::SameLine();
      if (ctx.Button("Cancel", "clinic_unlink_no", half)) confirm_ = false;
      return;
    }
    ImGui::TextWrapped(
        "Linking sends %s's sessions to the clinic's server, over an encrypted connection, and "
        "brings back plan changes. Nothing else leaves this computer, and training works the same "
        "without a network.",
        name.c_str());
    if (auto v = ctx.script.TakeValue("clinic_server")) server_ = *v;
    if (auto v = ctx.script.TakeValue("clinic_code")) code_ = *v;
    if (auto v = ctx.script.TakeValue("clinic_ca")) ca_ = *v;
    ImGui::BeginDisabled(busy_);
    ImGui::TextUnformatted("Server address (host:port/database)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##server", &server_);
    ImGui::TextUnformatted("Link code from the clinic");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##code", &code_);
    ImGui::TextUnformatted("The clinic's CA certificate file");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##ca", &ca_);
    ImGui::EndDisabled();
    link_form_ = true;
  }

  void StartLink(UiContext& ctx) {
    message_.clear();
    busy_ = true;
    const std::string db = ctx.store->path();
    const clinic::LinkRequest req{server_, code_, ca_};
    const int64_t id = profile_id_;
    // Its own connection to the database: the screen keeps drawing meanwhile.
    pending_ = std::async(std::launch::async, [db, req, id]() -> std::string {
      try {
        store::SessionStore store(db);
        const store::ClinicLink l = clinic::LinkProfile(store, id, req);
        return "";
      } catch (const std::exception& e) {
        return e.what();
      }
    });
  }

  void Poll(UiContext& ctx) {
    if (!busy_ || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    busy_ = false;
    const std::string error = pending_.get();
    if (!error.empty()) {
      message_ = error;
      ctx.Trace("event", "clinic link failed: " + error);
      return;
    }
    message_ = "Linked. Sessions are sent to the clinic from now on.";
    code_.clear();
    ctx.Trace("event", "clinic linked");
    if (ctx.clinic)
      ctx.clinic->SyncSoon();
    else
      ctx.clinic = std::make_unique<clinic::ClinicSyncService>(ctx.store->path());
  }

  int64_t profile_id_;
  std::string server_, code_, ca_, message_;
  bool busy_ = false, confirm_ = false;
  bool link_form_ = false;  ///< the form to link is shown: its button sits in the footer
  std::future<std::string> pending_;
};

}  // namespace

std::unique_ptr<Scene> MakeClinicLinkScene(int64_t profile_id) {
  return std::make_unique<ClinicLinkScene>(profile_id);
}

void StartClinicSyncIfLinked(UiContext& ctx) {
  if (!ctx.clinic && ctx.store && !store::ClinicOutbox(*ctx.store).Links().empty())
    ctx.clinic = std::make_unique<clinic::ClinicSyncService>(ctx.store->path());
}

void DrawClinicLine(UiContext& ctx) {
  if (!ctx.clinic || !ctx.profile || !ctx.store) return;
  const int64_t id = ctx.profile->id;
  const clinic::ProfileSyncStatus st = ctx.clinic->Status(id);
  if (st.plan_notice) ctx.clinic->ClearPlanNotice(id);
  // Once per profile shown, and whenever the sync brings a plan: "updated your plan", once.
  if (st.plan_notice || ctx.clinic_notice_checked != id) {
    if (ctx.clinic_notice_checked != id) ctx.clinic_notice.clear();
    ctx.clinic_notice_checked = id;
    if (store::ClinicOutbox(*ctx.store).TakePlanNotice(id)) {
      ctx.clinic_notice = "Your physiotherapist updated your plan.";
      ctx.Trace("event", "clinic plan notice");
    }
  }
  if (!ctx.clinic_notice.empty()) ImGui::TextWrapped("%s", ctx.clinic_notice.c_str());
  if (st.line.empty()) return;
  // Quiet (dimmed) text, full strength in high contrast; wrapped at large text sizes.
  ImGui::PushStyleColor(
      ImGuiCol_Text,
      ImGui::GetStyleColorVec4(ctx.high_contrast ? ImGuiCol_Text : ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", st.line.c_str());
  ImGui::PopStyleColor();
}

}  // namespace poise::ui
