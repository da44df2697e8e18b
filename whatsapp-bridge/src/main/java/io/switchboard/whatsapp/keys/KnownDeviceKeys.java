package io.switchboard.whatsapp.keys;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.routing.IdentityLinksFollower;
import io.switchboard.events.topics.Topics;
import io.switchboard.whatsapp.inbound.WhatsappInboundConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This replica's view of the current device key ids, read from {@code identity.links}: every
 * partition from the beginning, without a consumer group and without committing (every replica
 * needs every account, and rebuilds the view on start), followed for as long as the service runs.
 * Sealed pushes are checked against it in memory, so the webhook never waits on identity-service.
 *
 * <p>{@link #ready()} turns true once the view has read up to the topic's end offsets taken when it
 * started ({@link IdentityLinksFollower}). When {@code
 * switchboard.whatsapp.inbound.sealed.check-device-keys} is off, nothing is read.
 */
@ApplicationScoped
public class KnownDeviceKeys implements DeviceKeyCheck {
  private static final Logger LOG = Logger.getLogger(KnownDeviceKeys.class);

  private final DeviceKeyIndex index = new DeviceKeyIndex();
  private final IdentityLinksFollower follower;
  private final boolean enabled;

  public KnownDeviceKeys(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      WhatsappInboundConfig config) {
    this.follower =
        new IdentityLinksFollower(bootstrapServers, "whatsapp-bridge-device-keys", this::apply);
    this.enabled = config.sealed().checkDeviceKeys();
  }

  void start(@Observes StartupEvent event) {
    if (!enabled) {
      LOG.info("device key ids of sealed pushes are not checked");
      return;
    }
    follower
        .caughtUp()
        .thenRun(
            () ->
                LOG.infof(
                    "device keys view caught up with %s: %d accounts, %d keys",
                    Topics.IDENTITY_LINKS, index.accounts(), index.keys()));
    follower.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    follower.stop();
  }

  /** Whether the check is switched on at all. */
  public boolean enabled() {
    return enabled;
  }

  @Override
  public boolean ready() {
    return follower.isCaughtUp();
  }

  @Override
  public boolean isCurrent(String keyId) {
    return index.isCurrent(keyId);
  }

  /** The key ids an account's current route names, as this replica knows them. */
  public List<String> keysOf(String accountKey) {
    return index.keysOf(accountKey);
  }

  public int accounts() {
    return index.accounts();
  }

  public int keys() {
    return index.keys();
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      index.remove(record.key());
      return;
    }
    MeshEvent<EventData> event = MeshEventRecords.fromRecord(record);
    if (event.type() != EventType.IDENTITY_ROUTE) {
      throw new IllegalArgumentException("not a route: " + event.type());
    }
    index.apply((AccountRoute) event.data());
  }
}
