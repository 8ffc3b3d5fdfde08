#ifndef GOVREPORT_SERVICE_SERVER_WORKER_POOL_H_
#define GOVREPORT_SERVICE_SERVER_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace govreport::server {

// A fixed set of threads running tasks from a bounded queue. Submit blocks
// while the queue is full, so producers slow down instead of buffering
// without bound. The destructor runs every queued task, then joins.
class WorkerPool {
 public:
  WorkerPool(int threads, size_t queue_capacity);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Submit(std::function<void()> task);

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::function<void()>> queue_;
  size_t capacity_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace govreport::server

#endif  // GOVREPORT_SERVICE_SERVER_WORKER_POOL_H_
