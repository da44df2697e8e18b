package io.switchboard.cli.run;

import picocli.CommandLine.Option;

/** The fixed ports of a local mesh; every one can be changed on the command line. */
public final class RunPorts {
  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      paramLabel = "PORT",
      description = "Kafka's client port (default: ${DEFAULT-VALUE}).")
  int kafka = 9092;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "9093",
      paramLabel = "PORT",
      description = "Kafka's KRaft controller port (default: ${DEFAULT-VALUE}).")
  int kafkaController = 9093;

  @Option(
      names = "--postgres-port",
      defaultValue = "15432",
      paramLabel = "PORT",
      description = "PostgreSQL's port (default: ${DEFAULT-VALUE}).")
  int postgres = 15432;

  @Option(
      names = "--first-service-port",
      defaultValue = "8081",
      paramLabel = "PORT",
      description =
          "The first service's HTTP port; the six services take this one and the five after it"
              + " (default: ${DEFAULT-VALUE}).")
  int firstService = 8081;

  public RunPorts() {}

  public RunPorts(int kafka, int kafkaController, int postgres, int firstService) {
    this.kafka = kafka;
    this.kafkaController = kafkaController;
    this.postgres = postgres;
    this.firstService = firstService;
  }

  public int kafka() {
    return kafka;
  }

  public int kafkaController() {
    return kafkaController;
  }

  public int postgres() {
    return postgres;
  }

  public int firstService() {
    return firstService;
  }

  /** These ports as command-line arguments, to hand them to the background process. */
  String[] toArgs() {
    return new String[] {
      "--kafka-port=" + kafka,
      "--kafka-controller-port=" + kafkaController,
      "--postgres-port=" + postgres,
      "--first-service-port=" + firstService
    };
  }
}
