package io.switchboard.simulator.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The last Send API calls, oldest first, bounded; counts every call by platform and status. */
@ApplicationScoped
public class CallLog {
  private final Deque<RecordedCall> calls = new ArrayDeque<>();
  private final int capacity;
  private final MeterRegistry registry;
  private long lastSeq;

  public CallLog(SimulatorConfig config, MeterRegistry registry) {
    this.capacity = config.maxRecordedCalls();
    this.registry = registry;
  }

  /** Records a call; {@code call} receives the sequence number the record gets. */
  public RecordedCall record(Function<Long, RecordedCall> call) {
    RecordedCall recorded;
    synchronized (calls) {
      recorded = call.apply(++lastSeq);
      calls.addLast(recorded);
      while (calls.size() > capacity) {
        calls.removeFirst();
      }
    }
    Counter.builder("simulator.send.calls")
        .description("Send API calls answered by the platform simulator")
        .tag("platform", recorded.platform().id())
        .tag("status", Integer.toString(recorded.status()))
        .register(registry)
        .increment();
    return recorded;
  }

  /** The recorded calls that match every filter given, oldest first. */
  public List<RecordedCall> find(
      Optional<Platform> platform, Optional<String> recipient, Optional<Instant> since) {
    List<RecordedCall> snapshot;
    synchronized (calls) {
      snapshot = List.copyOf(calls);
    }
    return snapshot.stream()
        .filter(call -> platform.map(call.platform()::equals).orElse(true))
        .filter(call -> recipient.map(r -> r.equals(call.recipient())).orElse(true))
        .filter(call -> since.map(s -> !call.time().isBefore(s)).orElse(true))
        .toList();
  }

  public void clear() {
    synchronized (calls) {
      calls.clear();
    }
  }
}
