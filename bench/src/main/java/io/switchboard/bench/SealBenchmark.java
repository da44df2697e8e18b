package io.switchboard.bench;

import io.switchboard.events.content.SealedContent;
import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.DevicePublicKey;
import io.switchboard.events.sealed.SealedMessageException;
import io.switchboard.events.sealed.SealedMessages;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What end-to-end sealing costs a device on one core: sealing a 200-byte message for one recipient
 * device and for a 100-device group (one HPKE envelope per device, client-side fan-out), and
 * opening it on a recipient device (one envelope, whatever the group size).
 *
 * <p>Run: {@code ./mvnw -B -q -pl bench -am package -DskipTests && java -cp
 * "bench/target/bench.jar:bench/target/lib/*" org.openjdk.jmh.Main SealBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SealBenchmark {
  private static final String MESSAGE_ID = "m-bench-0001";
  private static final int PLAINTEXT_BYTES = 200;

  /** Recipient devices of the message: one, or a group's 100. */
  @Param({"1", "100"})
  public int devices;

  private SealedMessages sealer;
  private DevicePrivateKey sender;
  private DevicePublicKey senderPublic;
  private List<DevicePublicKey> recipients;
  private DevicePrivateKey lastRecipient;
  private byte[] plaintext;
  private SealedContent sealed;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    sealer = new SealedMessages(random);
    sender = DevicePrivateKey.generate("dk_sender", random);
    senderPublic = sender.toPublicKey();
    recipients = new ArrayList<>(devices);
    for (int i = 0; i < devices; i++) {
      lastRecipient = DevicePrivateKey.generate("dk_member_" + i, random);
      recipients.add(lastRecipient.toPublicKey());
    }
    plaintext = new byte[PLAINTEXT_BYTES];
    random.nextBytes(plaintext);
    sealed = sealer.seal(MESSAGE_ID, sender, recipients, plaintext);
  }

  /** One message sealed for every recipient device: one envelope each. */
  @Benchmark
  public SealedContent seal() {
    return sealer.seal(MESSAGE_ID, sender, recipients, plaintext);
  }

  /** One recipient device opening its envelope; it is the last one of the content. */
  @Benchmark
  public byte[] open() throws SealedMessageException {
    return SealedMessages.open(MESSAGE_ID, sealed, lastRecipient, senderPublic);
  }
}
