// The PIN in front of the physiotherapist area: set on first use, then asked every time.
#include "game/store/pin_vault.h"
#include "game/ui/scene.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {

class PinScene : public Scene {
 public:
  const char* Name() const override { return "pin"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    BeginPanel("pin", ImVec2(0.2f, 0.03f), ImVec2(0.6f, 0.94f), ctx);
    if (!ctx.store) {
      Title("Physiotherapist area");
      ImGui::TextWrapped("%s", ctx.store_error.c_str());
      if (ctx.Button("Back", "back", -1)) ctx.Pop();
      EndPanel();
      return;
    }
    store::PinVault vault(*ctx.store);
    if (auto v = ctx.script.TakeValue("pin")) pin_ = *v;
    if (auto v = ctx.script.TakeValue("pin2")) pin2_ = *v;
    const ImGuiInputTextFlags flags =
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal;
    try {
      has_pin_ = vault.IsSet();
      if (!has_pin_) {
        Title("Set a PIN for the physiotherapist area");
        ImGui::TextWrapped(
            "Choose a PIN of 6 to 8 digits. The physiotherapist uses it to review sessions.");
        ImGui::InputText("PIN", &pin_, flags);
        ImGui::InputText("PIN again", &pin2_, flags);
        if (ctx.Button("Save PIN", "pin_ok", -1)) {
          if (pin_ != pin2_) {
            message_ = "The two PINs differ; please type them again.";
          } else if (const std::string e = core::ValidatePin(pin_); !e.empty()) {
            message_ = e;
            ctx.Trace("event", "pin not set: " + e);
          } else {
            vault.Set(pin_);
            ctx.Trace("event", "pin set");
            ctx.Replace(MakePhysioScene());
          }
        }
      } else {
        Title("Physiotherapist area");
        ImGui::TextWrapped("Enter the PIN.");
        ImGui::InputText("PIN", &pin_, flags);
        const int64_t wait = vault.WaitMs();
        if (wait > 0) {
          ImGui::TextWrapped("Too many wrong PINs: please wait %d seconds.",
                             int((wait + 999) / 1000));
        } else if (ctx.Button("Open", "pin_ok", -1)) {
          switch (vault.Check(pin_)) {
            case store::PinVault::Result::kOk:
              ctx.Trace("event", "pin accepted");
              ctx.Replace(MakePhysioScene());
              break;
            case store::PinVault::Result::kWrong:
              ctx.Trace("event", "pin wrong");
              message_ = "That PIN is not right.";
              break;
            case store::PinVault::Result::kLocked:
              break;
          }
          pin_.clear();
        }
      }
    } catch (const std::exception& e) {
      message_ = e.what();
    }
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    // Only a pointer: the way to reset the PIN is for the physiotherapist (README), not for
    // whoever stands in front of the screen.
    if (has_pin_) ImGui::TextWrapped("Forgot the PIN? See the physiotherapist's guide.");
    if (ctx.Button("Back", "back", -1)) ctx.Pop();
    EndPanel();
  }

 private:
  std::string pin_, pin2_, message_;
  bool has_pin_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakePinScene() { return std::make_unique<PinScene>(); }

}  // namespace poise::ui
