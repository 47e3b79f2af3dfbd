#include "vision/tflite_graph.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

namespace poise::vision {
namespace {

constexpr size_t kMaxTensors = 100000;
constexpr int kMaxRank = 8;
constexpr int64_t kMaxElements = int64_t(1) << 28;

std::string FileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

/// Bounds-checked access to flatbuffer tables, vectors and strings.
class FlatReader {
 public:
  FlatReader(const std::vector<uint8_t>& bytes, const std::string& path)
      : b_(bytes.data()), n_(bytes.size()), path_(path) {}

  struct Table {
    size_t pos = 0, vtable = 0;
    uint16_t vtable_size = 0;
  };
  struct Vector {
    size_t data = 0;
    uint32_t size = 0;
  };

  [[noreturn]] void Fail(const std::string& what) const {
    throw ModelError(FileName(path_) + ": " + what +
                     "; the file is damaged or not a BlazePose model (run scripts/setup to "
                     "restore it).");
  }

  template <class T>
  T Scalar(size_t pos) const {
    if (pos > n_ || n_ - pos < sizeof(T)) Fail("an offset points past the end of the file");
    T v;
    std::memcpy(&v, b_ + pos, sizeof(T));
    return v;
  }

  size_t Deref(size_t pos) const {
    const uint32_t off = Scalar<uint32_t>(pos);
    if (off == 0 || off > n_ - pos) Fail("an offset points outside the file");
    return pos + off;
  }

  Table GetTable(size_t pos) const {
    const int32_t soff = Scalar<int32_t>(pos);
    const int64_t vt = int64_t(pos) - soff;
    if (vt < 0 || vt >= int64_t(n_)) Fail("a table's layout lies outside the file");
    Table t{pos, size_t(vt), Scalar<uint16_t>(size_t(vt))};
    if (t.vtable_size < 4 || t.vtable_size % 2 || t.vtable + t.vtable_size > n_)
      Fail("a table's layout is malformed");
    return t;
  }

  uint16_t FieldOffset(const Table& t, int slot) const {
    const size_t o = 4 + 2 * size_t(slot);
    if (o + 2 > t.vtable_size) return 0;
    return Scalar<uint16_t>(t.vtable + o);
  }

  template <class T>
  T Field(const Table& t, int slot, T def) const {
    const uint16_t off = FieldOffset(t, slot);
    return off ? Scalar<T>(t.pos + off) : def;
  }

  bool Has(const Table& t, int slot) const { return FieldOffset(t, slot) != 0; }

  Table SubTable(const Table& t, int slot) const {
    const uint16_t off = FieldOffset(t, slot);
    if (!off) Fail("a required table is missing");
    return GetTable(Deref(t.pos + off));
  }

  Vector GetVector(const Table& t, int slot, size_t elem_size) const {
    const uint16_t off = FieldOffset(t, slot);
    if (!off) return {};
    const size_t v = Deref(t.pos + off);
    const uint32_t len = Scalar<uint32_t>(v);
    if (uint64_t(len) * elem_size > n_ - v - 4) Fail("a list runs past the end of the file");
    return {v + 4, len};
  }

  Table VectorTable(const Vector& v, uint32_t i) const { return GetTable(Deref(v.data + 4 * i)); }

  std::string String(const Table& t, int slot) const {
    const Vector v = GetVector(t, slot, 1);
    return std::string(reinterpret_cast<const char*>(b_ + v.data), v.size);
  }

  std::vector<int> Ints(const Table& t, int slot) const {
    const Vector v = GetVector(t, slot, 4);
    std::vector<int> out(v.size);
    for (uint32_t i = 0; i < v.size; ++i) out[i] = Scalar<int32_t>(v.data + 4 * i);
    return out;
  }

  std::vector<int> IndexVector(const Table& t, int type_slot, int value_slot) const {
    // SparseIndexVector union: 1 Int32Vector, 2 Uint16Vector, 3 Uint8Vector; each {values:[T]}.
    const uint8_t type = Field<uint8_t>(t, type_slot, 0);
    if (type == 0) return {};
    const Table v = SubTable(t, value_slot);
    const size_t sz = type == 1 ? 4 : type == 2 ? 2 : type == 3 ? 1 : 0;
    if (!sz) Fail("a sparse index list has an unknown type");
    const Vector vec = GetVector(v, 0, sz);
    std::vector<int> out(vec.size);
    for (uint32_t i = 0; i < vec.size; ++i) {
      const size_t p = vec.data + sz * i;
      out[i] = sz == 4 ? Scalar<int32_t>(p) : sz == 2 ? Scalar<uint16_t>(p) : Scalar<uint8_t>(p);
    }
    return out;
  }

  const uint8_t* At(size_t pos) const { return b_ + pos; }

 private:
  const uint8_t* b_;
  size_t n_;
  const std::string& path_;
};

// schema.fbs slots.
namespace model {
enum { kVersion, kOperatorCodes, kSubgraphs, kDescription, kBuffers };
}
namespace opcode {
enum { kDeprecatedBuiltin, kCustom, kVersion, kBuiltin };
}
namespace subgraph {
enum { kTensors, kInputs, kOutputs, kOperators, kName };
}
namespace tensor {
enum { kShape, kType, kBuffer, kName, kQuantization, kIsVariable, kSparsity };
}
namespace op {
enum { kOpcodeIndex, kInputs, kOutputs, kOptionsType, kOptions };
}

bool Supported(int32_t code) {
  static const std::set<int32_t> kOps = {0, 2, 3, 4, 5, 6, 14, 17, 19, 21, 22, 23, 34, 124};
  return kOps.count(code) > 0;
}

TfliteOptions ReadOptions(const FlatReader& r, const FlatReader::Table& opt_table, int32_t code) {
  TfliteOptions o;
  const auto& t = opt_table;
  switch (TfliteOp(code)) {
    case TfliteOp::kConv2d:
      o.padding = r.Field<int8_t>(t, 0, 0);
      o.stride_w = r.Field<int32_t>(t, 1, 1);
      o.stride_h = r.Field<int32_t>(t, 2, 1);
      o.activation = r.Field<int8_t>(t, 3, 0);
      o.dilation_w = r.Field<int32_t>(t, 4, 1);
      o.dilation_h = r.Field<int32_t>(t, 5, 1);
      break;
    case TfliteOp::kDepthwiseConv2d:
      o.padding = r.Field<int8_t>(t, 0, 0);
      o.stride_w = r.Field<int32_t>(t, 1, 1);
      o.stride_h = r.Field<int32_t>(t, 2, 1);
      o.depth_multiplier = r.Field<int32_t>(t, 3, 1);
      o.activation = r.Field<int8_t>(t, 4, 0);
      o.dilation_w = r.Field<int32_t>(t, 5, 1);
      o.dilation_h = r.Field<int32_t>(t, 6, 1);
      break;
    case TfliteOp::kMaxPool2d:
      o.padding = r.Field<int8_t>(t, 0, 0);
      o.stride_w = r.Field<int32_t>(t, 1, 1);
      o.stride_h = r.Field<int32_t>(t, 2, 1);
      o.filter_w = r.Field<int32_t>(t, 3, 1);
      o.filter_h = r.Field<int32_t>(t, 4, 1);
      o.activation = r.Field<int8_t>(t, 5, 0);
      break;
    case TfliteOp::kAdd:
      o.activation = r.Field<int8_t>(t, 0, 0);
      break;
    case TfliteOp::kConcatenation:
      o.axis = r.Field<int32_t>(t, 0, 0);
      o.activation = r.Field<int8_t>(t, 1, 0);
      break;
    case TfliteOp::kReshape:
      o.new_shape = r.Ints(t, 0);
      break;
    case TfliteOp::kResizeBilinear:
      o.align_corners = r.Field<uint8_t>(t, 2, 0);
      o.half_pixel_centers = r.Field<uint8_t>(t, 3, 0);
      break;
    case TfliteOp::kDepthToSpace:
      o.block_size = r.Field<int32_t>(t, 0, 0);
      break;
    default:
      break;
  }
  return o;
}

void CheckOptions(const FlatReader& r, const TfliteOperator& o, size_t index) {
  const TfliteOptions& p = o.options;
  auto bad = [&](const std::string& what) {
    r.Fail("operator " + std::to_string(index) + " (" + TfliteOpName(o.op) + ") " + what);
  };
  if (p.activation != 0 && p.activation != 1 && p.activation != 3)
    bad("uses an unsupported fused activation");
  if (p.padding != 0 && p.padding != 1) bad("has an unknown padding mode");
  if (p.stride_w < 1 || p.stride_h < 1 || p.stride_w > 64 || p.stride_h > 64)
    bad("has an invalid stride");
  if (p.dilation_w != 1 || p.dilation_h != 1) bad("uses dilation, which is not supported");
  if (p.filter_w < 1 || p.filter_h < 1 || p.filter_w > 64 || p.filter_h > 64)
    bad("has an invalid pooling window");
  if (o.op == int32_t(TfliteOp::kDepthToSpace) && (p.block_size < 2 || p.block_size > 16))
    bad("has an invalid block size");
  if (p.align_corners) bad("aligns corners, which is not supported");
}

}  // namespace

const char* TfliteOpName(int32_t code) {
  switch (code) {
    case 0:
      return "ADD";
    case 2:
      return "CONCATENATION";
    case 3:
      return "CONV_2D";
    case 4:
      return "DEPTHWISE_CONV_2D";
    case 5:
      return "DEPTH_TO_SPACE";
    case 6:
      return "DEQUANTIZE";
    case 14:
      return "LOGISTIC";
    case 17:
      return "MAX_POOL_2D";
    case 19:
      return "RELU";
    case 21:
      return "RELU6";
    case 22:
      return "RESHAPE";
    case 23:
      return "RESIZE_BILINEAR";
    case 34:
      return "PAD";
    case 124:
      return "DENSIFY";
    default:
      return "an unsupported operator";
  }
}

TfliteGraph ReadTfliteGraph(const std::string& path) {
  TfliteGraph g;
  g.path = path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw ModelError(FileName(path) + ": model file not found at " + path +
                     "; run scripts/setup to fetch the models.");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > (size_t(1) << 31))
    throw ModelError(FileName(path) + ": cannot read the model file (" +
                     (ec ? ec.message() : std::string("larger than 2 GB")) + ").");
  g.bytes.resize(size);
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(g.bytes.data()), std::streamsize(size)))
    throw ModelError(FileName(path) + ": cannot read the model file.");
  return ParseTfliteGraph(std::move(g.bytes), path);
}

TfliteGraph ParseTfliteGraph(std::vector<uint8_t> bytes, const std::string& path) {
  TfliteGraph g;
  g.path = path;
  g.bytes = std::move(bytes);
  const size_t size = g.bytes.size();
  const FlatReader r(g.bytes, g.path);
  if (size < 8 || std::memcmp(g.bytes.data() + 4, "TFL3", 4) != 0)
    r.Fail("this is not a TensorFlow Lite model (no TFL3 identifier)");
  const auto root = r.GetTable(r.Deref(0));
  if (r.Field<uint32_t>(root, model::kVersion, 0) != 3) r.Fail("unsupported TFLite schema version");

  // Operator codes.
  std::vector<int32_t> codes;
  const auto vcodes = r.GetVector(root, model::kOperatorCodes, 4);
  for (uint32_t i = 0; i < vcodes.size; ++i) {
    const auto t = r.VectorTable(vcodes, i);
    const int32_t code = std::max<int32_t>(r.Field<int8_t>(t, opcode::kDeprecatedBuiltin, 0),
                                           r.Field<int32_t>(t, opcode::kBuiltin, 0));
    codes.push_back(r.Has(t, opcode::kCustom) ? -1 : code);
  }
  // Buffers.
  struct Buf {
    size_t pos = 0, size = 0;
  };
  std::vector<Buf> buffers;
  const auto vbufs = r.GetVector(root, model::kBuffers, 4);
  for (uint32_t i = 0; i < vbufs.size; ++i) {
    const auto t = r.VectorTable(vbufs, i);
    const auto d = r.GetVector(t, 0, 1);
    buffers.push_back({d.data, d.size});
  }
  const auto vsub = r.GetVector(root, model::kSubgraphs, 4);
  if (vsub.size != 1) r.Fail("expected exactly one subgraph, found " + std::to_string(vsub.size));
  const auto sg = r.VectorTable(vsub, 0);

  // Tensors.
  const auto vt = r.GetVector(sg, subgraph::kTensors, 4);
  if (vt.size == 0 || vt.size > kMaxTensors) r.Fail("the graph has no usable tensor list");
  g.tensors.resize(vt.size);
  for (uint32_t i = 0; i < vt.size; ++i) {
    const auto t = r.VectorTable(vt, i);
    TfliteTensor& tt = g.tensors[i];
    tt.name = r.String(t, tensor::kName);
    tt.shape = r.Ints(t, tensor::kShape);
    tt.type = r.Field<int8_t>(t, tensor::kType, 0);
    if (tt.shape.size() > kMaxRank) r.Fail("tensor '" + tt.name + "' has too many dimensions");
    int64_t numel = 1;
    for (int d : tt.shape) {
      if (d < 0 || d > (1 << 20)) r.Fail("tensor '" + tt.name + "' has an invalid shape");
      numel *= std::max(d, 1);
      if (numel > kMaxElements) r.Fail("tensor '" + tt.name + "' is implausibly large");
    }
    const uint32_t bi = r.Field<uint32_t>(t, tensor::kBuffer, 0);
    if (bi >= buffers.size()) r.Fail("tensor '" + tt.name + "' refers to a missing buffer");
    if (buffers[bi].size > 0) {
      tt.data = r.At(buffers[bi].pos);
      tt.data_size = buffers[bi].size;
    }
    if (r.Has(t, tensor::kSparsity)) {
      const auto sp = r.SubTable(t, tensor::kSparsity);
      tt.has_sparsity = true;
      tt.sparsity.traversal_order = r.Ints(sp, 0);
      if (!r.Ints(sp, 1).empty()) r.Fail("tensor '" + tt.name + "' uses block sparsity");
      const auto vdims = r.GetVector(sp, 2, 4);
      for (uint32_t k = 0; k < vdims.size; ++k) {
        const auto dm = r.VectorTable(vdims, k);
        TfliteSparsity::Dim d;
        d.sparse = r.Field<int8_t>(dm, 0, 0) == 1;
        d.dense_size = r.Field<int32_t>(dm, 1, 0);
        if (d.sparse) {
          d.segments = r.IndexVector(dm, 2, 3);
          d.indices = r.IndexVector(dm, 4, 5);
        }
        tt.sparsity.dims.push_back(std::move(d));
      }
    }
    if (tt.data) {
      const size_t elem = tt.type == 0 || tt.type == 2 ? 4 : tt.type == 1 ? 2 : 0;
      if (!elem) r.Fail("tensor '" + tt.name + "' has an unsupported data type");
      if (!tt.has_sparsity && tt.data_size != size_t(numel) * elem)
        r.Fail("tensor '" + tt.name + "' holds " + std::to_string(tt.data_size) +
               " bytes but its shape needs " + std::to_string(numel * elem));
    }
  }
  auto check_index = [&](int idx, bool optional) {
    if (optional && idx == -1) return;
    if (idx < 0 || size_t(idx) >= g.tensors.size())
      r.Fail("an operator refers to a missing tensor");
  };
  g.inputs = r.Ints(sg, subgraph::kInputs);
  g.outputs = r.Ints(sg, subgraph::kOutputs);
  if (g.inputs.size() != 1) r.Fail("expected one input tensor");
  for (int i : g.inputs) check_index(i, false);
  for (int i : g.outputs) check_index(i, false);

  // Operators.
  const auto vops = r.GetVector(sg, subgraph::kOperators, 4);
  for (uint32_t i = 0; i < vops.size; ++i) {
    const auto t = r.VectorTable(vops, i);
    TfliteOperator o;
    const uint32_t ci = r.Field<uint32_t>(t, op::kOpcodeIndex, 0);
    if (ci >= codes.size()) r.Fail("operator " + std::to_string(i) + " has an unknown code");
    o.op = codes[ci];
    if (!Supported(o.op))
      r.Fail("operator " + std::to_string(i) + " uses builtin code " + std::to_string(o.op) +
             ", which Poise does not support");
    o.inputs = r.Ints(t, op::kInputs);
    o.outputs = r.Ints(t, op::kOutputs);
    for (int idx : o.inputs) check_index(idx, true);
    for (int idx : o.outputs) check_index(idx, false);
    if (o.outputs.empty()) r.Fail("operator " + std::to_string(i) + " has no output");
    if (r.Has(t, op::kOptions)) o.options = ReadOptions(r, r.SubTable(t, op::kOptions), o.op);
    CheckOptions(r, o, i);
    g.operators.push_back(std::move(o));
  }
  return g;
}

namespace {

float HalfToFloat(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal
      exp = 127 - 15 + 1;
      while (!(mant & 0x400)) {
        mant <<= 1;
        --exp;
      }
      bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000 | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

}  // namespace

std::vector<float> DenseFloatData(const TfliteGraph& g, const TfliteTensor& t) {
  auto fail = [&](const std::string& what) -> void {
    throw ModelError(FileName(g.path) + ": tensor '" + t.name + "' " + what +
                     "; the file is damaged (run scripts/setup to restore it).");
  };
  if (!t.data) fail("has no constant data");
  const size_t elem = t.type == 1 ? 2 : 4;
  if (t.type != 0 && t.type != 1) fail("is not floating point");
  const size_t count = t.data_size / elem;
  std::vector<float> values(count);
  for (size_t i = 0; i < count; ++i) {
    if (t.type == 1) {
      uint16_t h;
      std::memcpy(&h, t.data + 2 * i, 2);
      values[i] = HalfToFloat(h);
    } else {
      std::memcpy(&values[i], t.data + 4 * i, 4);
    }
  }
  if (!t.has_sparsity) return values;

  // Densify (TFLite FormatConverter::SparseToDense without block sparsity).
  const int rank = int(t.shape.size());
  const auto& sp = t.sparsity;
  if (int(sp.traversal_order.size()) != rank || int(sp.dims.size()) != rank)
    fail("has inconsistent sparsity metadata");
  for (int o : sp.traversal_order)
    if (o < 0 || o >= rank) fail("has an invalid traversal order");
  size_t numel = 1;
  for (int d : t.shape) numel *= size_t(d);
  std::vector<float> dense(numel, 0.0f);
  std::vector<size_t> strides(rank, 1);
  for (int d = rank - 2; d >= 0; --d) strides[d] = strides[d + 1] * size_t(t.shape[d + 1]);
  size_t consumed = 0;
  std::vector<int> idx(rank, 0);
  // Iterative depth-first traversal: each level visits a bounded range, so it always ends.
  struct Frame {
    int level, begin, end, prev;
  };
  auto range = [&](int level, int prev) -> Frame {
    const auto& d = sp.dims[level];
    const int dim_size = t.shape[sp.traversal_order[level]];
    if (!d.sparse) {
      if (d.dense_size != dim_size) fail("has a dense size that does not match its shape");
      return {level, 0, d.dense_size, prev};
    }
    if (prev < 0 || size_t(prev) + 1 >= d.segments.size()) fail("has a bad sparse segment");
    const int b = d.segments[prev], e = d.segments[prev + 1];
    if (b < 0 || e < b || size_t(e) > d.indices.size()) fail("has a bad sparse segment");
    return {level, b, e, prev};
  };
  std::vector<Frame> stack = {range(0, 0)};
  std::vector<int> pos = {stack[0].begin};
  while (!stack.empty()) {
    Frame& f = stack.back();
    int& i = pos.back();
    if (i >= f.end) {
      stack.pop_back();
      pos.pop_back();
      if (!pos.empty()) ++pos.back();
      continue;
    }
    const auto& d = sp.dims[f.level];
    const int coord = d.sparse ? d.indices[i] : i;
    if (coord < 0 || coord >= t.shape[sp.traversal_order[f.level]]) fail("has a bad sparse index");
    idx[f.level] = coord;
    const int child_prev = d.sparse ? i : f.prev * d.dense_size + i;
    if (f.level + 1 == rank) {
      if (consumed >= values.size()) fail("has fewer values than its sparsity metadata says");
      size_t flat = 0;
      for (int l = 0; l < rank; ++l) flat += size_t(idx[l]) * strides[sp.traversal_order[l]];
      dense[flat] = values[consumed++];
      ++i;
    } else {
      const Frame child = range(f.level + 1, child_prev);
      stack.push_back(child);
      pos.push_back(child.begin);
    }
  }
  if (consumed != values.size()) fail("has more values than its sparsity metadata says");
  return dense;
}

}  // namespace poise::vision
