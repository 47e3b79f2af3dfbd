// The scenes on screen, as a stack (a pause overlay sits on the exercise). Changes asked for while
// a frame runs (Push, Replace, ResetTo, Pop) take effect when Apply() is called after it, so a
// scene is never destroyed while it is drawing.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace poise::ui {

class Scene;

class SceneStack {
 public:
  SceneStack();
  ~SceneStack();
  SceneStack(const SceneStack&) = delete;
  SceneStack& operator=(const SceneStack&) = delete;

  void Push(std::unique_ptr<Scene>&& s);
  void Replace(std::unique_ptr<Scene>&& s);  ///< the top scene
  void ResetTo(std::unique_ptr<Scene>&& s);  ///< the whole stack
  void Pop();                                ///< never the last scene
  /// Carries out the changes asked for since the last call, in order.
  void Apply();
  void Clear();

  bool empty() const { return stack_.empty(); }
  size_t size() const { return stack_.size(); }
  Scene& top() const { return *stack_.back(); }
  /// The top scene's name ("" when empty), for traces.
  const char* top_name() const;
  /// The scene under the top one, or nullptr.
  Scene* below_top() const { return stack_.size() > 1 ? stack_[stack_.size() - 2].get() : nullptr; }

 private:
  enum class Op { kPush, kReplace, kReset, kPop };
  std::vector<std::unique_ptr<Scene>> stack_;
  std::vector<std::pair<Op, std::unique_ptr<Scene>>> pending_;
};

}  // namespace poise::ui
