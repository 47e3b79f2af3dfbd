#include "game/store/pose_stream.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>

#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

constexpr size_t kFrameBytes = 4 + size_t(kNumLandmarks) * 5;

void Put16(std::string& s, int16_t v) {
  s += char(uint16_t(v) & 0xff);
  s += char(uint16_t(v) >> 8);
}
int16_t Get16(const unsigned char* p) { return int16_t(uint16_t(p[0] | (p[1] << 8))); }

int16_t Quantise(float v) {
  return int16_t(std::clamp(std::lround(double(v) / kPoseQuantum), -32767L, 32767L));
}

}  // namespace

std::string EncodePoseStream(const std::vector<ReplayFrame>& frames) {
  std::string raw;
  raw.reserve(frames.size() * kFrameBytes);
  const double t0 = frames.empty() ? 0 : frames.front().t_ms;
  // Each value is stored as its difference from the previous frame's (modulo 2^16 / 2^8 /
  // 2^32, so lossless): a body moves little in 33 ms, and small numbers compress well.
  uint32_t prev_t = 0;
  std::array<uint16_t, kNumLandmarks * 2> prev_xy{};
  std::array<uint8_t, kNumLandmarks> prev_v{};
  for (const ReplayFrame& f : frames) {
    const uint32_t t = uint32_t(std::clamp(std::lround(f.t_ms - t0), 0L, long(UINT32_MAX)));
    const uint32_t dt = t - prev_t;
    prev_t = t;
    for (int b = 0; b < 4; ++b) raw += char((dt >> (8 * b)) & 0xff);
    for (size_t i = 0; i < f.landmarks.size(); ++i) {
      const auto& p = f.landmarks[i];
      for (size_t k = 0; k < 2; ++k) {
        const uint16_t q = uint16_t(Quantise(k == 0 ? p.x : p.y));
        Put16(raw, int16_t(uint16_t(q - prev_xy[2 * i + k])));
        prev_xy[2 * i + k] = q;
      }
      const uint8_t v = uint8_t(std::lround(std::clamp(p.visibility, 0.0f, 1.0f) * 255));
      raw += char(uint8_t(v - prev_v[i]));
      prev_v[i] = v;
    }
  }
  uLongf size = compressBound(uLong(raw.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size()), 6) != Z_OK)
    throw StoreError("The landmark stream could not be compressed.");
  out.resize(size);
  // The uncompressed size first, so decoding knows how much room it needs.
  std::string head;
  const uint32_t n = uint32_t(raw.size());
  for (int b = 0; b < 4; ++b) head += char((n >> (8 * b)) & 0xff);
  return head + out;
}

std::vector<ReplayFrame> DecodePoseStream(const std::string& data) {
  const char* kBad = "The recorded landmark stream is damaged and cannot be replayed.";
  if (data.size() < 4) throw StoreError(kBad);
  const auto* h = reinterpret_cast<const unsigned char*>(data.data());
  const uLongf n = uLongf(h[0] | (h[1] << 8) | (h[2] << 16) | (uint32_t(h[3]) << 24));
  if (n % kFrameBytes != 0 || n > (1u << 30)) throw StoreError(kBad);
  std::string raw(n, '\0');
  uLongf got = n;
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &got,
                 reinterpret_cast<const Bytef*>(data.data() + 4), uLong(data.size() - 4)) != Z_OK ||
      got != n)
    throw StoreError(kBad);
  std::vector<ReplayFrame> frames(n / kFrameBytes);
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  uint32_t t = 0;
  std::array<uint16_t, kNumLandmarks * 2> xy{};
  std::array<uint8_t, kNumLandmarks> vis{};
  for (ReplayFrame& f : frames) {
    t += uint32_t(p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24));
    f.t_ms = double(t);
    p += 4;
    for (size_t i = 0; i < f.landmarks.size(); ++i) {
      xy[2 * i] = uint16_t(xy[2 * i] + uint16_t(Get16(p)));
      xy[2 * i + 1] = uint16_t(xy[2 * i + 1] + uint16_t(Get16(p + 2)));
      vis[i] = uint8_t(vis[i] + p[4]);
      f.landmarks[i].x = float(int16_t(xy[2 * i]) * kPoseQuantum);
      f.landmarks[i].y = float(int16_t(xy[2 * i + 1]) * kPoseQuantum);
      f.landmarks[i].visibility = float(vis[i]) / 255.0f;
      p += 5;
    }
  }
  return frames;
}

void SavePoseStream(SessionStore& store, int64_t session_id, int block, const std::string& exercise,
                    const std::vector<ReplayFrame>& frames) {
  const std::string blob = EncodePoseStream(frames);
  Stmt s(store.handle(),
         "INSERT INTO pose_streams(uuid, session_id, block, exercise, frames, codec, data, t_utc) "
         "VALUES(?,?,?,?,?,?,?,?)");
  s.Bind(1, NewUuid())
      .Bind(2, session_id)
      .Bind(3, int64_t(block))
      .Bind(4, exercise)
      .Bind(5, int64_t(frames.size()))
      .Bind(6, std::string(kPoseCodec))
      .BindBlob(7, blob)
      .Bind(8, UtcNowIso());
  s.Step();
}

std::vector<StoredPoseStream> PoseStreams(SessionStore& store, int64_t session_id) {
  Stmt s(store.handle(),
         "SELECT id, block, exercise, frames, uuid FROM pose_streams WHERE session_id=? ORDER BY "
         "block, id");
  s.Bind(1, session_id);
  std::vector<StoredPoseStream> out;
  while (s.Step()) out.push_back({s.Int(0), s.Text(4), int(s.Int(1)), s.Text(2), int(s.Int(3))});
  return out;
}

std::vector<ReplayFrame> LoadPoseStream(SessionStore& store, int64_t stream_id) {
  Stmt s(store.handle(), "SELECT codec, data FROM pose_streams WHERE id=?");
  s.Bind(1, stream_id);
  if (!s.Step()) throw StoreError("That recording is not in the session database.");
  if (s.Text(0) != kPoseCodec)
    throw StoreError("That recording was made by a newer Poise and cannot be replayed here.");
  return DecodePoseStream(s.Blob(1));
}

}  // namespace poise::store
