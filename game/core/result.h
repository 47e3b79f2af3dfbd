// Result<T, E>: a value or an error, for failures the caller expects (a plan with invalid fields,
// a file that is not a plan). A small stand-in for C++23 std::expected / tl::expected: construct
// from a T (success) or from Err(e) (failure); ask ok(), then value() or error(). Accessing the
// side that is not there is a bug and asserts.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace poise::core {

/// Wraps an error so Result<T, E> can be built from it even when T and E are the same type.
template <class E>
struct Err {
  E error;
};
template <class E>
Err(E) -> Err<E>;

template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  template <class F>
  Result(Err<F> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  const E& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  E& error() & {
    assert(!ok());
    return std::get<1>(v_);
  }
  /// The value, or `fallback` when this holds an error.
  T value_or(T fallback) const& { return ok() ? std::get<0>(v_) : std::move(fallback); }

  const T* operator->() const { return &value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, E> v_;
};

}  // namespace poise::core
