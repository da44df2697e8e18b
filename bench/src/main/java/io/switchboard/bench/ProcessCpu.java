package io.switchboard.bench;

import java.time.Duration;

/**
 * The CPU time a process has used, all of its threads together (the JIT compiler's and the garbage
 * collector's included), as the operating system counts it. The benchmarks read it before and after
 * a step to report a server's CPU per message or per delivery: on a machine whose cores the load
 * generator, Kafka and PostgreSQL share, it says more than throughput alone.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** Nanoseconds of CPU used so far; 0 where the operating system does not tell. */
  static long nanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
