package io.switchboard.cli.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka cluster that answered: an admin client plus consumers and producers made with the same
 * settings. Records are read and written as bytes, so what is copied is exactly what was there.
 * Consumers join no group and commit nothing: reading for a command moves no service's offsets.
 */
public final class Cluster implements AutoCloseable {
  private final String bootstrap;
  private final Properties settings;
  private final Duration timeout;
  private final Admin admin;

  private Cluster(String bootstrap, Properties settings, Duration timeout, Admin admin) {
    this.bootstrap = bootstrap;
    this.settings = settings;
    this.timeout = timeout;
    this.admin = admin;
  }

  /** Connects and waits until the cluster answers; a one-line failure when it does not. */
  public static Cluster connect(String bootstrap, Properties clientSettings, Duration timeout) {
    Properties settings = new Properties();
    settings.putAll(clientSettings);
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    settings.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    Admin admin;
    try {
      admin = Admin.create(settings);
    } catch (KafkaException e) {
      throw CliFailure.badInput(
          "cannot use bootstrap servers '"
              + bootstrap
              + "': "
              + Redaction.redact(rootMessage(e), clientSettings));
    }
    Cluster cluster = new Cluster(bootstrap, settings, timeout, admin);
    try {
      cluster.await(
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .clusterId());
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  public String bootstrap() {
    return bootstrap;
  }

  public Admin admin() {
    return admin;
  }

  /** Waits for an admin result, turning Kafka's failures into one line. */
  public <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliFailure.failed("interrupted while waiting for Kafka at " + bootstrap);
    } catch (TimeoutException e) {
      throw unreachable();
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
  }

  /** Kafka's exception as the line to print. */
  public CliFailure translate(Throwable cause) {
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return unreachable();
    }
    if (cause instanceof AuthenticationException) {
      return CliFailure.failed(
          "Kafka at "
              + bootstrap
              + " refused the credentials: check the sasl.*/ssl.* settings in --command-config");
    }
    if (cause instanceof AuthorizationException) {
      return CliFailure.failed(
          "Kafka at " + bootstrap + " does not allow this: " + rootMessage(cause));
    }
    return CliFailure.failed("Kafka at " + bootstrap + " failed: " + rootMessage(cause), cause);
  }

  private CliFailure unreachable() {
    return CliFailure.failed(
        "cannot reach Kafka at "
            + bootstrap
            + " within "
            + timeout.toSeconds()
            + " s: start the mesh (./switchboard up) or give the right --bootstrap-servers and"
            + " --command-config");
  }

  /** The topic names on the cluster, internal ones left out. */
  public Set<String> topicNames() {
    return new TreeSet<>(await(admin.listTopics().names()));
  }

  /** Refuses names the cluster does not have, before anything is read or written. */
  public void requireTopics(Collection<String> topics) {
    Set<String> existing = topicNames();
    for (String topic : topics) {
      if (!existing.contains(topic)) {
        throw CliFailure.badInput(
            "unknown topic '"
                + topic
                + "' on "
                + bootstrap
                + "; ./switchboard topics lists the mesh's topics");
      }
    }
  }

  public Map<String, TopicDescription> describe(Collection<String> topics) {
    return await(admin.describeTopics(topics).allTopicNames());
  }

  /** Every partition of the topics, in topic then partition order. */
  public List<TopicPartition> partitions(Collection<String> topics) {
    return describe(topics).values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .sorted(
            Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
        .toList();
  }

  /** A consumer in no group, reading only committed records; assign and seek it yourself. */
  public KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.putAll(settings);
    props.remove(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024));
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A producer that loses nothing: acks from every in-sync replica, idempotent. */
  public KafkaProducer<byte[], byte[]> producer(Properties overrides) {
    Properties props = new Properties();
    props.putAll(settings);
    props.remove(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
    props.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
    props.putAll(overrides);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
