package io.switchboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service reads: the keys of its {@code application.properties} (any profile), the
 * environment variables those keys name ({@code ${KAFKA_BOOTSTRAP_SERVERS:…}}), the properties of
 * every {@code @ConfigMapping} and {@code @ConfigProperty} in its module and in the kits it runs
 * with, and the few properties of Quarkus itself that the deploy files set.
 *
 * <p>An environment variable is read when it is the environment form of one of these names, as
 * MicroProfile Config finds it: every character that is not a letter or digit becomes {@code _},
 * and the whole is upper case.
 */
final class ServiceConfiguration {
  /**
   * Quarkus' own settings that the deploy files set without the service's configuration naming
   * them; each is documented in Quarkus' configuration reference.
   */
  static final Set<String> QUARKUS_PROPERTIES =
      Set.of("quarkus.datasource.password", "quarkus.shutdown.timeout", "quarkus.http.host");

  /** Read by the image's launcher (run-java.sh of the UBI OpenJDK image), not by the service. */
  static final Set<String> LAUNCHER_VARIABLES = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_OPTS_APPEND");

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
  private static final Pattern CONFIG_PROPERTY =
      Pattern.compile("@ConfigProperty\\(\\s*name = \"([^\"]+)\"");
  private static final Pattern SWITCHBOARD_DEPENDENCY =
      Pattern.compile(
          "<dependency>\\s*<groupId>io\\.switchboard</groupId>\\s*<artifactId>([\\w-]+)</artifactId>\\s*(<scope>(\\w+)</scope>)?");

  private final String module;
  private final Properties properties;
  private final Set<String> names;
  private final Set<String> referencedVariables;

  private ServiceConfiguration(
      String module, Properties properties, Set<String> names, Set<String> referencedVariables) {
    this.module = module;
    this.properties = properties;
    this.names = names;
    this.referencedVariables = referencedVariables;
  }

  static ServiceConfiguration of(String module) {
    Properties properties = load(module);
    Set<String> names = new LinkedHashSet<>(QUARKUS_PROPERTIES);
    Set<String> variables = new LinkedHashSet<>();
    for (String key : properties.stringPropertyNames()) {
      names.add(key.replaceFirst("^%[\\w-]+\\.", ""));
      Matcher m = ENV_REFERENCE.matcher(properties.getProperty(key));
      while (m.find()) {
        variables.add(m.group(1));
      }
    }
    for (String each : modulesOf(module)) {
      for (Path source : javaSources(each)) {
        String code = Repository.read(source);
        if (ConfigMappingSource.prefix(code).isPresent()) {
          names.addAll(ConfigMappingSource.properties(source.toString(), code));
        }
        Matcher m = CONFIG_PROPERTY.matcher(code);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return new ServiceConfiguration(module, properties, names, variables);
  }

  /** The service's own HTTP port, as its configuration sets it. */
  int httpPort() {
    String port = properties.getProperty("quarkus.http.port");
    if (port == null) {
      throw new AssertionError(module + " sets no quarkus.http.port");
    }
    return Integer.parseInt(port.trim());
  }

  /** A value the service's {@code application.properties} sets, outside any profile. */
  Optional<String> value(String key) {
    return Optional.ofNullable(properties.getProperty(key)).map(String::trim);
  }

  /** Whether the service (or its image's launcher) reads this environment variable. */
  boolean reads(String variable) {
    if (LAUNCHER_VARIABLES.contains(variable) || referencedVariables.contains(variable)) {
      return true;
    }
    for (String name : names) {
      if (name.endsWith(".*")) {
        String group = environmentForm(name.substring(0, name.length() - 2)) + "_";
        if (variable.startsWith(group) && variable.length() > group.length()) {
          return true;
        }
      } else if (environmentForm(name).equals(variable)) {
        return true;
      }
    }
    return false;
  }

  static String environmentForm(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** The module and the io.switchboard modules it runs with (test-scoped ones left out). */
  static List<String> modulesOf(String module) {
    List<String> modules = new ArrayList<>();
    collectModules(module, modules);
    return modules;
  }

  private static void collectModules(String module, List<String> into) {
    if (into.contains(module)) {
      return;
    }
    into.add(module);
    Matcher m = SWITCHBOARD_DEPENDENCY.matcher(Repository.read(Repository.path(module, "pom.xml")));
    while (m.find()) {
      if (m.group(3) == null || m.group(3).equals("compile")) {
        collectModules(m.group(1), into);
      }
    }
  }

  static List<Path> javaSources(String module) {
    Path root = Repository.path(module, "src", "main", "java");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties load(String module) {
    Properties properties = new Properties();
    try (var in =
        Files.newBufferedReader(
            Repository.path(module, "src", "main", "resources", "application.properties"))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + module + "'s application.properties", e);
    }
    return properties;
  }
}
