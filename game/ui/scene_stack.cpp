#include "game/ui/scene_stack.h"

#include "game/ui/scene.h"

namespace poise::ui {

SceneStack::SceneStack() = default;
SceneStack::~SceneStack() = default;

void SceneStack::Push(std::unique_ptr<Scene>&& s) {
  pending_.emplace_back(Op::kPush, std::move(s));
}
void SceneStack::Replace(std::unique_ptr<Scene>&& s) {
  pending_.emplace_back(Op::kReplace, std::move(s));
}
void SceneStack::ResetTo(std::unique_ptr<Scene>&& s) {
  pending_.emplace_back(Op::kReset, std::move(s));
}
void SceneStack::Pop() { pending_.emplace_back(Op::kPop, nullptr); }

void SceneStack::Apply() {
  // Moved out first: a scene destroyed here may not add changes to the list being walked.
  auto pending = std::exchange(pending_, {});
  for (auto& [op, scene] : pending) {
    switch (op) {
      case Op::kPush:
        stack_.push_back(std::move(scene));
        break;
      case Op::kReplace:
        if (!stack_.empty()) stack_.pop_back();
        stack_.push_back(std::move(scene));
        break;
      case Op::kReset:
        stack_.clear();
        stack_.push_back(std::move(scene));
        break;
      case Op::kPop:
        if (stack_.size() > 1) stack_.pop_back();
        break;
    }
  }
}

void SceneStack::Clear() {
  pending_.clear();
  stack_.clear();
}

const char* SceneStack::top_name() const { return stack_.empty() ? "" : stack_.back()->Name(); }

}  // namespace poise::ui
