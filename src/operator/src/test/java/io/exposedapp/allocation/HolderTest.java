package io.exposedapp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HolderTest {

  @Test
  void serviceHolderReadsAsKindNamespaceSlashName() {
    assertThat(Holder.service("shop", "web")).hasToString("Service shop/web");
  }

  @Test
  void appHolderReadsAsKindNamespaceSlashName() {
    assertThat(Holder.exposedApp("shop", "web")).hasToString("ExposedApp shop/web");
  }

  @Test
  void appAndServiceOfTheSameNameAreDifferentHolders() {
    assertThat(Holder.service("shop", "web")).isNotEqualTo(Holder.exposedApp("shop", "web"));
  }

  @Test
  void rejectsUnknownKind() {
    assertThatThrownBy(() -> new Holder("Pod", "shop", "web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Pod");
  }

  @Test
  void rejectsBlankName() {
    assertThatThrownBy(() -> Holder.service("shop", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }
}
