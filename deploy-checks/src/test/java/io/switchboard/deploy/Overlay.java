package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kustomize overlay under {@code k8s/overlays}, rendered by {@code kubectl kustomize} and parsed
 * into fabric8's Kubernetes model. Each overlay is rendered once per test run.
 */
enum Overlay {
  DEV("dev"),
  PROD("prod");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<Overlay, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

  private final String directory;

  Overlay(String directory) {
    this.directory = directory;
  }

  String path() {
    return "k8s/overlays/" + directory;
  }

  /** Every object the overlay renders, typed where fabric8 knows the kind, generic otherwise. */
  List<HasMetadata> objects() {
    return RENDERED.computeIfAbsent(this, Overlay::render);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects().stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<GenericKubernetesResource> custom(String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals(kind))
        .toList();
  }

  Deployment deployment(String name) {
    return all(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path() + " renders no Deployment " + name));
  }

  /** A ConfigMap by the name a Deployment refers to it by (kustomize's hashed name). */
  ConfigMap configMap(String name) {
    return all(ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path() + " renders no ConfigMap " + name));
  }

  private List<HasMetadata> render() {
    String yaml = Tool.KUBECTL.run(Map.of(), "kustomize", path());
    List<HasMetadata> objects = new ArrayList<>();
    try (var documents = YAML.readValues(YAML.getFactory().createParser(yaml), JsonNode.class)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isEmpty()) {
          objects.add(parse(document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("kubectl kustomize " + path() + " printed invalid YAML", e);
    }
    return objects;
  }

  private HasMetadata parse(JsonNode document) {
    Object parsed = SERIALIZATION.unmarshal(document.toString());
    if (!(parsed instanceof HasMetadata object)) {
      throw new AssertionError(path() + " renders an object fabric8 cannot type: " + document);
    }
    List<String> unknown = StrictModel.unknownFields(object);
    if (!unknown.isEmpty()) {
      throw new AssertionError(
          path()
              + ": "
              + object.getKind()
              + " "
              + object.getMetadata().getName()
              + " has fields the Kubernetes API does not know: "
              + unknown);
    }
    return object;
  }
}
