# Sidekiq's side of ThroughputBenchmark (started by SidekiqDrain.java as
# `sidekiq -r ./noop_worker.rb -c N -q bench`): the same no-op job as ours and Jesque's.
require "sidekiq"

# Debian pairs Sidekiq 6.4 with redis-rb 4.8, which warns on stderr at every BRPOP Sidekiq's fetcher
# sends (one per job), in a form Sidekiq 6.4 still uses: a cost of the packaging, not of Sidekiq.
Redis.silence_deprecations = true

# Each job's only argument is the size of the batch it was pushed with: the benchmark pushes one batch
# at a time and waits for it, so the timing below knows when a batch is done without asking Redis.
class NoopWorker
  include Sidekiq::Worker
  sidekiq_options queue: "bench"

  def perform(_batch_size)
  end
end

# Times each batch from its first job's start to its last job's finish, in this process's memory, so the
# timing adds no Redis command per job; only a finished batch is reported, with one RPUSH of
# "jobs elapsedNanos" to sidekiq-bench:drained. The logger's start/done lines (JobLogger) wrap the
# middleware, so of them only the last job's "done" falls outside the time.
class BatchTiming
  LOCK = Mutex.new
  @count = 0
  @first = nil
  @last = 0

  class << self
    attr_accessor :count, :first, :last
  end

  def call(_worker, job, _queue)
    start = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
    LOCK.synchronize { BatchTiming.first ||= start }
    yield
    finish = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
    report = LOCK.synchronize do
      BatchTiming.count += 1
      BatchTiming.last = finish if finish > BatchTiming.last
      next nil if BatchTiming.count < job["args"][0]
      done = "#{BatchTiming.count} #{BatchTiming.last - BatchTiming.first}"
      BatchTiming.count = 0
      BatchTiming.first = nil
      BatchTiming.last = 0
      done
    end
    Sidekiq.redis { |conn| conn.rpush("sidekiq-bench:drained", report) } if report
  end
end

Sidekiq.configure_server do |config|
  # WARN for the quiet measures; INFO is Sidekiq 6's default, which logs a start and a done line per job.
  config.logger.level = ENV.fetch("SIDEKIQ_BENCH_LOG_LEVEL", "info")
  config.server_middleware { |chain| chain.add BatchTiming }
end
