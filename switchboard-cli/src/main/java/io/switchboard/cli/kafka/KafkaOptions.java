package io.switchboard.cli.kafka;

import io.switchboard.cli.SwitchboardCommand;
import io.switchboard.cli.run.ComponentState;
import io.switchboard.cli.run.RunLayout;
import io.switchboard.cli.run.RunState;
import io.switchboard.devstack.DevstackOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which Kafka a command talks to. Without options it is the local mesh's (the address {@code up}
 * recorded, else {@code KAFKA_BOOTSTRAP_SERVERS}, else 127.0.0.1:9092); any other cluster is
 * reached with {@code --bootstrap-servers} and a client properties file for SASL and TLS, checked
 * before anything connects so a typo is named instead of timing out.
 */
public final class KafkaOptions {
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka to use (default: the local mesh's, else $KAFKA_BOOTSTRAP_SERVERS, else "
              + DEFAULT_BOOTSTRAP
              + ").")
  String bootstrapServers;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings (security.protocol, sasl.*, ssl.*) as a properties file; its"
              + " values are never printed.")
  Path commandConfig;

  @Option(
      names = "--kafka-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** Checks the settings, connects and proves the cluster answers. */
  public Cluster connect() {
    Properties settings = clientSettings();
    return Cluster.connect(bootstrap(), settings, Duration.ofSeconds(timeoutSeconds));
  }

  /** The bootstrap servers this invocation uses. */
  public String bootstrap() {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return bootstrapServers.trim();
    }
    String env = System.getenv(DevstackOptions.ENV_KAFKA);
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    return recordedByUp().orElse(DEFAULT_BOOTSTRAP);
  }

  /** The options to repeat in a command printed for the person to run next. */
  public String asArgs() {
    StringBuilder args = new StringBuilder();
    if (bootstrapServers != null) {
      args.append(" --bootstrap-servers ").append(bootstrapServers);
    }
    if (commandConfig != null) {
      args.append(" --command-config ").append(commandConfig);
    }
    return args.toString();
  }

  private Optional<String> recordedByUp() {
    if (!(mixee.root().userObject() instanceof SwitchboardCommand root)) {
      return Optional.empty();
    }
    RunLayout layout = root.layout();
    try {
      return RunState.read(layout.stateFile()).stream()
          .flatMap(state -> state.components().stream())
          .filter(component -> "kafka".equals(component.name()))
          .map(ComponentState::links)
          .filter(links -> !links.isEmpty())
          .map(links -> links.get(0).url())
          .findFirst();
    } catch (UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private Properties clientSettings() {
    Properties settings = new Properties();
    if (commandConfig == null) {
      return settings;
    }
    if (!Files.isRegularFile(commandConfig)) {
      throw CliFailure.badInput("--command-config " + commandConfig + ": no such file");
    }
    try (Reader in = Files.newBufferedReader(commandConfig)) {
      settings.load(in);
    } catch (IllegalArgumentException e) {
      throw CliFailure.badInput(
          "--command-config " + commandConfig + " is not a properties file: " + e.getMessage());
    } catch (IOException e) {
      throw CliFailure.badInput("--command-config " + commandConfig + ": cannot read it: " + e);
    }
    check(settings);
    return settings;
  }

  /** Refuses unknown keys (typos) and values Kafka would refuse, without echoing any value. */
  private void check(Properties settings) {
    Set<String> known = new HashSet<>(AdminClientConfig.configNames());
    known.addAll(ConsumerConfig.configNames());
    known.addAll(ProducerConfig.configNames());
    for (String key : settings.stringPropertyNames()) {
      if (!known.contains(key)) {
        throw CliFailure.badInput(
            "--command-config "
                + commandConfig
                + ": '"
                + key
                + "' is not a Kafka client setting; fix or remove that line");
      }
    }
    Properties probe = new Properties();
    probe.putAll(settings);
    probe.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
    try {
      new AdminClientConfig(probe);
    } catch (ConfigException e) {
      throw CliFailure.badInput(
          "--command-config " + commandConfig + ": " + Redaction.redact(e.getMessage(), settings));
    }
  }
}
