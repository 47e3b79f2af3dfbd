#include "game/store/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "game/store/session_store.h"

namespace poise::store {
namespace fs = std::filesystem;

namespace {

std::string Cause(int err) {
  if (err == ENOSPC || err == EDQUOT) return "the disk is full";
  if (err == EACCES || err == EPERM || err == EROFS) return "it may not be written there";
  if (err == ENOENT) return "its folder does not exist";
  return std::strerror(err);
}

std::string FolderOf(const std::string& path) {
  const fs::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : ".";
}

void SyncFolder(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);  // best effort: some file systems refuse fsync on a folder
  ::close(fd);
}

/// Writes bytes to a new temporary file beside `path`; returns its name, or throws after
/// removing it.
std::string WriteTemporary(const std::string& path, const std::string& bytes) {
  std::random_device rd;
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw StoreError("The file " + path + " cannot be written: " + Cause(errno) + ".");
  int err = 0;
  size_t done = 0;
  while (done < bytes.size() && !err) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      err = n < 0 ? errno : ENOSPC;
    else
      done += size_t(n);
  }
  if (!err && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  if (err) {
    ::unlink(tmp.c_str());
    throw StoreError("The file " + path + " could not be written (" + Cause(err) +
                     "); nothing was saved there.");
  }
  return tmp;
}

}  // namespace

void CreatePrivateDirectories(const std::string& dir) {
  if (dir.empty()) return;
  fs::path so_far;
  for (const fs::path& part : fs::path(dir)) {
    so_far /= part;
    if (::mkdir(so_far.c_str(), 0700) != 0 && errno != EEXIST)
      throw StoreError("The folder " + dir + " cannot be created: " + Cause(errno) + ".");
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw StoreError("The path " + dir + " is not a folder.");
}

void WriteFilesAtomically(const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& file : files) {
    // Never replace a device, folder or link (e.g. --out /dev/full) with a regular file.
    struct stat st {};
    if (::lstat(file.first.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      throw StoreError("The path " + file.first +
                       " is not an ordinary file, so nothing was written there.");
  }
  std::vector<std::string> temps;
  try {
    for (const auto& [path, bytes] : files) temps.push_back(WriteTemporary(path, bytes));
  } catch (...) {
    for (const std::string& t : temps) ::unlink(t.c_str());
    throw;
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      const int err = errno;
      for (size_t k = i; k < temps.size(); ++k) ::unlink(temps[k].c_str());
      throw StoreError("The file " + files[i].first + " could not be saved (" + Cause(err) + ").");
    }
    SyncFolder(FolderOf(files[i].first));
  }
}

std::string TightenToOwner(const std::vector<std::string>& paths) {
  std::string changed;
  for (const std::string& p : paths) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || S_ISLNK(st.st_mode) || st.st_uid != ::geteuid()) continue;
    const mode_t want = S_ISDIR(st.st_mode) ? 0700 : 0600;
    if ((st.st_mode & 077) == 0) continue;
    if (::chmod(p.c_str(), (st.st_mode & 0700) | (want & 0700)) != 0) continue;
    changed += (changed.empty() ? "" : ", ") + p;
  }
  if (changed.empty()) return "";
  return "Made " + changed + " readable only by you (other users of this computer could read it).";
}

}  // namespace poise::store
