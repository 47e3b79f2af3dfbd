// "Open clinic database" (physiotherapist area, or `poise --clinic URL`): connects to the
// clinic's PostgreSQL as a physiotherapist, over TLS with sslmode=verify-full against the
// clinic's CA file. The password is typed (shown as dots) or read from a file only its owner
// may read. Connecting runs on its own thread; then the dashboard opens.
#include <ctime>
#include <future>

#include "game/core/metrics/trends.h"
#include "game/ui/clinic_mode.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {

clinic::PgConnection& ClinicSession::Connection() {
  if (!conn)
    conn = std::make_unique<clinic::PgConnection>(clinic::ConnectAsPhysio(login, /*timeout_s=*/5));
  return *conn;
}

int LocalToday() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return core::DayNumber(buf);
}

namespace {

class ClinicConnectScene : public Scene {
 public:
  ClinicConnectScene(const std::string& url, const std::string& password_file,
                     const std::string& ca)
      : password_file_(password_file), ca_(ca) {
    if (url.empty()) return;
    try {
      const clinic::PhysioLogin l = clinic::ParsePhysioUrl(url);
      server_ = l.server.Display();
      role_ = l.role;
      // Everything given on the command line: connect at once.
      auto_connect_ = !role_.empty() && !password_file_.empty() && !ca_.empty();
    } catch (const std::exception& e) {
      server_ = url;
      message_ = e.what();
    }
  }
  const char* Name() const override { return "clinic_connect"; }
  bool ShowsCamera() const override { return false; }

  void Draw(UiContext& ctx) override {
    BeginPanel("clinic_connect", ImVec2(0.12f, 0.04f), ImVec2(0.76f, 0.92f), ctx);
    Poll(ctx);
    if (auto_connect_) {
      auto_connect_ = false;
      Start(ctx);
    }
    Title("Open clinic database");
    // The fields scroll at large text; the message and the buttons stay on screen.
    BeginBody(FooterHeight(busy_ ? std::string("Connecting...") : message_));
    ImGui::TextWrapped(
        "Connect to your clinic's server as yourself to see every patient you follow. The "
        "connection is encrypted and checked against the clinic's certificate.");
    if (auto v = ctx.script.TakeValue("clinic_server")) server_ = *v;
    if (auto v = ctx.script.TakeValue("clinic_role")) role_ = *v;
    if (auto v = ctx.script.TakeValue("clinic_password")) password_ = *v;
    if (auto v = ctx.script.TakeValue("clinic_password_file")) password_file_ = *v;
    if (auto v = ctx.script.TakeValue("clinic_ca")) ca_ = *v;
    ImGui::BeginDisabled(busy_);
    ImGui::TextUnformatted("Server address (host:port/database)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##server", &server_);
    ImGui::TextUnformatted("Your clinic login");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##role", &role_);
    ImGui::TextUnformatted("Password (or a password file below)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##password", &password_, ImGuiInputTextFlags_Password);
    ImGui::TextUnformatted("Password file (readable only by you)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##password_file", &password_file_);
    ImGui::TextUnformatted("The clinic's CA certificate file");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##ca", &ca_);
    ImGui::EndDisabled();
    EndBody();
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    if (busy_) {
      ImGui::TextWrapped("Connecting...");
    } else {
      const float half = HalfWidth();
      if (ctx.Button("Connect", "clinic_connect", half)) Start(ctx);
      ImGui::SameLine();
      if (ctx.Button("Back", "back", half)) ctx.Pop();
    }
    EndPanel();
  }

 private:
  void Start(UiContext& ctx) {
    message_.clear();
    auto session = std::make_shared<ClinicSession>();
    try {
      session->login = clinic::ParsePhysioUrl(server_);
      if (!role_.empty()) session->login.role = role_;
      session->login.password = password_.empty() && !password_file_.empty()
                                    ? clinic::ReadPasswordFile(password_file_)
                                    : password_;
      session->login.ca_path = ca_;
      if (session->login.password.empty())
        throw clinic::ClinicError(clinic::ClinicErrorKind::kBadInput,
                                  "Type your password or give a password file.");
    } catch (const std::exception& e) {
      message_ = e.what();
      ctx.Trace("event", "clinic connect refused: " + message_);
      return;
    }
    busy_ = true;
    pending_ = std::async(std::launch::async, [session]() -> std::string {
      try {
        std::lock_guard<std::mutex> lock(session->mutex);
        session->Connection();
        return "";
      } catch (const std::exception& e) {
        return e.what();
      }
    });
    session_ = session;
  }

  void Poll(UiContext& ctx) {
    if (!busy_ || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    busy_ = false;
    message_ = pending_.get();
    if (!message_.empty()) {
      ctx.Trace("event", "clinic connect failed: " + message_);
      session_.reset();
      return;
    }
    password_.clear();
    ctx.Trace("event", "clinic connected as " + session_->login.role);
    ctx.Replace(MakeDashboardScene(std::move(session_)));
  }

  std::string server_, role_, password_, password_file_, ca_, message_;
  bool busy_ = false, auto_connect_ = false;
  std::future<std::string> pending_;
  std::shared_ptr<ClinicSession> session_;
};

}  // namespace

std::unique_ptr<Scene> MakeClinicConnectScene(const std::string& url,
                                              const std::string& password_file,
                                              const std::string& ca_file) {
  return std::make_unique<ClinicConnectScene>(url, password_file, ca_file);
}

}  // namespace poise::ui
