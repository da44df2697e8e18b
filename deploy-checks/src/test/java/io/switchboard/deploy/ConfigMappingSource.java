package io.switchboard.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property names a {@code @ConfigMapping} interface reads, from its source: each abstract
 * method is a property (camelCase becomes kebab-case), a method returning a nested interface is a
 * group, a {@code Map} is a group of any keys (written {@code name.*}). Read from source so the
 * checks need no build of the services; a mapping that renames members is refused rather than
 * misread.
 */
final class ConfigMappingSource {
  private static final Pattern PREFIX =
      Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
  private static final Pattern INTERFACE = Pattern.compile("\\binterface (\\w+)[^{]*\\{");
  private static final Pattern DEFAULT_METHOD = Pattern.compile("\\bdefault [^;{]*\\{");
  private static final Pattern METHOD =
      Pattern.compile("([\\w.]+(?:<[^;()]*>)?)\\s+(\\w+)\\(\\)\\s*;");
  private static final Pattern RENAMING = Pattern.compile("@With(Name|ParentName)\\b");

  private ConfigMappingSource() {}

  /** The mapping's prefix, if the source declares one. */
  static Optional<String> prefix(String source) {
    Matcher m = PREFIX.matcher(source);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static List<String> properties(String file, String source) {
    String prefix = prefix(source).orElseThrow();
    if (RENAMING.matcher(source).find()) {
      throw new AssertionError(
          file + " renames members (@WithName): the deploy checks cannot read it");
    }
    String code = withoutComments(source);
    Map<String, String> bodies = new LinkedHashMap<>();
    Matcher m = INTERFACE.matcher(code);
    while (m.find()) {
      bodies.put(m.group(1), block(code, m.end() - 1));
    }
    String root = bodies.values().iterator().next();
    List<String> out = new ArrayList<>();
    collect(prefix, root, bodies, out);
    return out;
  }

  private static void collect(
      String prefix, String body, Map<String, String> bodies, List<String> out) {
    Matcher m = METHOD.matcher(ownMembers(body));
    while (m.find()) {
      String type = m.group(1);
      String name = prefix + "." + kebab(m.group(2));
      String inner = type.replaceFirst("^Optional<(.*)>$", "$1");
      if (type.startsWith("Map<")) {
        out.add(name + ".*");
      } else if (bodies.containsKey(inner)) {
        collect(name, bodies.get(inner), bodies, out);
      } else {
        out.add(name);
      }
    }
  }

  /** The body without nested interfaces and default methods, which declare no properties here. */
  private static String ownMembers(String body) {
    String inner = body.substring(1, body.length() - 1);
    for (Pattern nested : List.of(INTERFACE, DEFAULT_METHOD)) {
      Matcher m = nested.matcher(inner);
      while (m.find()) {
        String block = block(inner, m.end() - 1);
        inner = inner.substring(0, m.start()) + inner.substring(m.end() - 1 + block.length());
        m = nested.matcher(inner);
      }
    }
    return inner;
  }

  /** The balanced block that opens at {@code open}, braces included. */
  private static String block(String code, int open) {
    int depth = 0;
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (depth == 0) {
        return code.substring(open, i + 1);
      }
    }
    throw new AssertionError("unbalanced braces");
  }

  private static String withoutComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//[^\n]*", "");
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
