package io.exposedapp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * The invariants every reliability scenario checks on the cluster's final state (docs/RELIABILITY.md):
 * <ol>
 *   <li>no two Services share a nodePort;</li>
 *   <li>every ExposedApp ends with its ports allocated (and its Service carrying them) or with a condition naming the
 *       real reason, and a conflict names a holder that really holds the port;</li>
 *   <li>allocated ports only change when the app's own spec changed or the port was taken away (checked by the
 *       scenarios with {@link #portsByApp});</li>
 *   <li>nothing the operator does not own is modified or deleted ({@link #assertUntouched}).</li>
 * </ol>
 */
final class Invariants {

  /** Reasons that explain an app without all its ports. */
  static final Set<String> EXPLAINED = Set.of(Reasons.NODE_PORT_CONFLICT, Reasons.NODE_PORT_RANGE_EXHAUSTED,
      Reasons.NODE_PORT_OUT_OF_RANGE, Reasons.INVALID_SPEC);

  private Invariants() {
  }

  static void assertNoSharedNodePorts(List<Service> services) {
    Map<Integer, String> holders = new HashMap<>();
    for (Service s : services) {
      String id = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
      for (ServicePort p : s.getSpec().getPorts()) {
        if (p.getNodePort() != null) {
          String other = holders.putIfAbsent(p.getNodePort(), id);
          assertThat(other).as("nodePort %d of Service %s is also used by %s", p.getNodePort(), id, other)
              .isNull();
        }
      }
    }
  }

  static void assertEveryAppAllocatedOrExplained(List<ExposedApp> apps, List<Service> services) {
    Map<String, Service> byId = new HashMap<>();
    Map<Integer, String> portHolders = new HashMap<>();
    for (Service s : services) {
      String id = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
      byId.put(id, s);
      s.getSpec().getPorts().forEach(p -> {
        if (p.getNodePort() != null) {
          portHolders.put(p.getNodePort(), "Service " + id);
        }
      });
    }
    for (ExposedApp app : apps) {
      String id = app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
      assertThat(app.getStatus()).as("status of %s", id).isNotNull();
      assertThat(app.getStatus().observedGeneration()).as("observedGeneration of %s", id)
          .isEqualTo(app.getMetadata().getGeneration());
      Condition ports = Conditions.find(app.getStatus().conditions(), ConditionTypes.PORTS_ALLOCATED).orElseThrow();
      if (Conditions.TRUE.equals(ports.getStatus())) {
        Service service = byId.get(app.getMetadata().getNamespace() + "/" + app.getStatus().serviceName());
        assertThat(service).as("Service of %s", id).isNotNull();
        for (NodePortStatus p : app.getStatus().nodePorts()) {
          assertThat(service.getSpec().getPorts()).as("Service port %s of %s", p.name(), id)
              .anySatisfy(sp -> {
                assertThat(sp.getName()).isEqualTo(p.name());
                assertThat(sp.getNodePort()).isEqualTo(p.nodePort());
              });
        }
        assertThat(app.getStatus().nodePorts()).hasSameSizeAs(app.getSpec().ports());
      } else {
        assertThat(ports.getReason()).as("why %s has no ports: %s", id, ports.getMessage()).isIn(EXPLAINED);
        if (Reasons.NODE_PORT_CONFLICT.equals(ports.getReason())) {
          // "nodePort N of port P is already used by <holder>": the holder really holds N
          for (String part : ports.getMessage().split("; ")) {
            int port = Integer.parseInt(part.replaceAll("^nodePort (\\d+) .*$", "$1"));
            String holder = part.replaceAll("^.* is already used by ", "");
            if (holder.startsWith("Service ")) {
              assertThat(portHolders.get(port)).as("holder of %d named to %s", port, id).isEqualTo(holder);
            } else {
              assertThat(holder).as("holder named to %s", id).startsWith("ExposedApp ");
            }
          }
        }
      }
    }
  }

  /** Every app's nodePort per port name, for stability comparisons between phases. */
  static Map<String, Map<String, Integer>> portsByApp(List<ExposedApp> apps) {
    Map<String, Map<String, Integer>> ports = new TreeMap<>();
    for (ExposedApp app : apps) {
      Map<String, Integer> mine = new TreeMap<>();
      if (app.getStatus() != null && app.getStatus().nodePorts() != null) {
        app.getStatus().nodePorts().forEach(p -> mine.put(p.name(), p.nodePort()));
      }
      ports.put(app.getMetadata().getNamespace() + "/" + app.getMetadata().getName(), mine);
    }
    return ports;
  }

  /** The foreign objects (id -> resourceVersion) are all still there, unmodified. */
  static void assertUntouched(Map<String, String> before, List<Service> services) {
    Map<String, String> now = new HashMap<>();
    services.forEach(s -> now.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(),
        s.getMetadata().getResourceVersion()));
    before.forEach((id, rv) -> assertThat(now.get(id)).as("foreign Service %s untouched", id).isEqualTo(rv));
  }
}
