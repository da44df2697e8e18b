package io.switchboard.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Refuses what the Kubernetes model does not know. fabric8 keeps a field it has no property for in
 * the object's {@code additionalProperties} instead of failing, so a misspelt {@code readinesProbe}
 * would parse and be silently dropped by the API server; this walks a parsed object and names every
 * such field. Custom resources (Strimzi, Prometheus Operator) are kept whole by fabric8 as {@link
 * GenericKubernetesResource}: only their metadata is walked here, their specs are checked field by
 * field by the tests that need them.
 */
final class StrictModel {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private StrictModel() {}

  /** The paths of the fields no model class declares, e.g. {@code spec.template.spec.x}. */
  static List<String> unknownFields(Object object) {
    List<String> unknown = new ArrayList<>();
    if (object instanceof GenericKubernetesResource generic) {
      walk(generic.getMetadata(), "metadata", unknown);
    } else {
      walk(object, "", unknown);
    }
    return unknown;
  }

  private static void walk(Object value, String path, List<String> unknown) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "[" + key + "]", unknown));
      return;
    }
    if (value == null || !value.getClass().getName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (!isGetter(getter)) {
        continue;
      }
      Object field = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) field).keySet().forEach(key -> unknown.add(join(path, key.toString())));
      } else {
        walk(field, join(path, property(getter)), unknown);
      }
    }
  }

  private static boolean isGetter(Method method) {
    return method.getName().startsWith("get")
        && method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers())
        && method.getDeclaringClass() != Object.class;
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }

  private static String property(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
