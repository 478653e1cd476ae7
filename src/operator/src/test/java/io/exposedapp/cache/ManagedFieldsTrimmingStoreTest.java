package io.exposedapp.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

class ManagedFieldsTrimmingStoreTest {

  private static Service serviceManagedBy(String... managers) {
    List<ManagedFieldsEntry> entries = java.util.Arrays.stream(managers)
        .map(m -> new ManagedFieldsEntryBuilder().withManager(m).withOperation("Apply").build()).toList();
    return new ServiceBuilder().withNewMetadata().withNamespace("ns").withName("web")
        .withManagedFields(entries).endMetadata().build();
  }

  @Test
  void keepsOnlyTheEntriesOfTheKeptManagers() {
    var store = new ManagedFieldsTrimmingStore<Service>(Set.of("exposedapp"));

    store.put("ns/web", serviceManagedBy("kubectl", "exposedapp", "kube-controller-manager"));

    assertThat(store.get("ns/web").getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
        .containsExactly("exposedapp");
  }

  @Test
  void withNoKeptManagerNoManagedFieldsAreCached() {
    var store = new ManagedFieldsTrimmingStore<Service>(Set.of());

    store.put("ns/web", serviceManagedBy("kubectl", "exposedapp"));

    assertThat(store.get("ns/web").getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(store.get("ns/web").getMetadata().getName()).isEqualTo("web");
  }

  @Test
  void anObjectTheOperatorNeverAppliedKeepsAnEmptyListNotNullForJosdksMatcher() {
    var store = new ManagedFieldsTrimmingStore<Service>(Set.of("exposedapp"));

    store.put("ns/web", serviceManagedBy("kubectl-create", "kubectl-edit"));

    // JOSDK's SSA matcher streams the list: null made it throw when the operator adopted a hand-written Service
    assertThat(store.get("ns/web").getMetadata().getManagedFields()).isNotNull().isEmpty();
  }

  @Test
  void objectsAreKeyedByNamespaceAndName() {
    var store = new ManagedFieldsTrimmingStore<Service>(Set.of());

    Service service = serviceManagedBy();

    assertThat(store.getKey(service)).isEqualTo("ns/web");
  }
}
