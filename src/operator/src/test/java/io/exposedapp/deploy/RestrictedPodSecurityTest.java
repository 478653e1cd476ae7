package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.AppArmorProfileBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptionsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptionsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The operator's pod (deploy/deployment.yaml) against every control of the Pod Security Standards "restricted"
 * profile, which includes "baseline" (the namespace enforces restricted, so a violation would keep the pods from being
 * created), plus the hardening and availability settings the profile does not cover. The checks are shown to bite by
 * breaking the pod once per control.
 */
class RestrictedPodSecurityTest {

  private static final DeployManifests MANIFESTS = DeployManifests.load();
  private static final Deployment DEPLOYMENT = MANIFESTS.deployment();
  private static final PodTemplateSpec POD = DEPLOYMENT.getSpec().getTemplate();

  static Stream<PodSecurityStandards.Control> restrictedProfile() {
    return PodSecurityStandards.restrictedProfile().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("restrictedProfile")
  void podSatisfiesControl(PodSecurityStandards.Control control) {
    assertThat(control.violations(POD)).as("Pod Security Standards %s: violations in %s", control,
        DeployManifests.DIR.resolve("deployment.yaml")).isEmpty();
  }

  @Test
  void namespaceEnforcesTheRestrictedProfile() {
    Namespace namespace = MANIFESTS.one(Namespace.class);
    assertThat(namespace.getMetadata().getName()).isEqualTo(MANIFESTS.namespace());
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted")
        .containsEntry("pod-security.kubernetes.io/audit", "restricted");
  }

  // ---- beyond the profile ----------------------------------------------------------------------------------------

  @Test
  void rootFilesystemIsReadOnlyWithAWritableTmp() {
    for (Container c : POD.getSpec().getContainers()) {
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem())
          .as("readOnlyRootFilesystem of %s", c.getName()).isTrue();
      VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
          .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at /tmp; the JVM needs it writable"));
      assertThat(tmp.getReadOnly()).as("/tmp mount readOnly").isNotEqualTo(Boolean.TRUE);
      Volume volume = POD.getSpec().getVolumes().stream().filter(v -> v.getName().equals(tmp.getName()))
          .findFirst().orElseThrow();
      assertThat(volume.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
    }
  }

  @Test
  void runsAsTheImagesNumericNonRootUser() {
    PodSecurityContext psc = POD.getSpec().getSecurityContext();
    assertThat(psc.getRunAsNonRoot()).as("runAsNonRoot").isTrue();
    assertThat(psc.getRunAsUser()).as("runAsUser").isEqualTo(65532L);
    assertThat(psc.getRunAsGroup()).as("runAsGroup").isEqualTo(65532L);
    assertThat(psc.getFsGroup()).as("fsGroup").isEqualTo(65532L);
    assertThat(psc.getSeccompProfile().getType()).as("seccompProfile").isEqualTo("RuntimeDefault");
  }

  @Test
  void resourcesRequestCpuAndMemoryAndLimitMemory() {
    for (Container c : POD.getSpec().getContainers()) {
      var resources = c.getResources();
      assertThat(resources.getRequests()).as("requests of %s", c.getName()).containsKeys("cpu", "memory");
      assertThat(resources.getLimits()).as("limits of %s", c.getName()).containsKey("memory");
      assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("100m");
      assertThat(resources.getRequests().get("memory").toString()).isEqualTo("256Mi");
      assertThat(resources.getLimits().get("memory").toString()).isEqualTo("512Mi");
    }
  }

  @Test
  void livenessAndReadinessProbesUseTheHealthPort() {
    Container c = operatorContainer();
    assertThat(c.getLivenessProbe()).as("livenessProbe").isNotNull();
    assertThat(c.getReadinessProbe()).as("readinessProbe").isNotNull();
    HTTPGetAction liveness = c.getLivenessProbe().getHttpGet();
    HTTPGetAction readiness = c.getReadinessProbe().getHttpGet();
    assertThat(liveness.getPath()).isEqualTo("/livez");
    assertThat(readiness.getPath()).isEqualTo("/readyz");
    assertThat(liveness.getPort().getStrVal()).isEqualTo("health");
    assertThat(readiness.getPort().getStrVal()).isEqualTo("health");
  }

  @Test
  void twoReplicasWithLeaderElectionSpreadOverNodes() {
    assertThat(DEPLOYMENT.getSpec().getReplicas()).as("replicas").isGreaterThanOrEqualTo(2);
    Map<String, EnvVar> env = env(operatorContainer());
    assertThat(env.get("EXPOSEDAPP_LEADER_ELECTION")).as("EXPOSEDAPP_LEADER_ELECTION").isNotNull()
        .extracting(EnvVar::getValue).isEqualTo("true");
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    assertThat(env).as("the lease namespace defaults to POD_NAMESPACE, where role.yaml grants leases")
        .doesNotContainKey("EXPOSEDAPP_LEASE_NAMESPACE");
    assertThat(POD.getSpec().getTopologySpreadConstraints()).as("topologySpreadConstraints").singleElement()
        .satisfies(t -> {
          assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
          assertThat(t.getLabelSelector().getMatchLabels())
              .isEqualTo(DEPLOYMENT.getSpec().getSelector().getMatchLabels());
        });
  }

  // ---- the checks detect violations ------------------------------------------------------------------------------

  static Stream<Arguments> violations() {
    return Stream.of(
        violation("HostProcess", "pod hostProcess: true", p -> psc(p).setWindowsOptions(
            new WindowsSecurityContextOptionsBuilder().withHostProcess(true).build())),
        violation("Host Namespaces", "hostNetwork: true", p -> p.getSpec().setHostNetwork(true)),
        violation("Host Namespaces", "hostPID: true", p -> p.getSpec().setHostPID(true)),
        violation("Host Namespaces", "hostIPC: true", p -> p.getSpec().setHostIPC(true)),
        violation("Privileged Containers", "privileged: true", p -> sc(p).setPrivileged(true)),
        violation("Capabilities", "add SYS_ADMIN (baseline)", p -> sc(p).getCapabilities().setAdd(List.of("SYS_ADMIN"))),
        violation("HostPath Volumes", "a hostPath volume", p -> p.getSpec().getVolumes().add(
            new VolumeBuilder().withName("host").withNewHostPath().withPath("/").endHostPath().build())),
        violation("Host Ports", "hostPort 8080", p -> operator(p).getPorts().get(0).setHostPort(8080)),
        violation("Host Probes / Lifecycle Hooks", "liveness httpGet.host",
            p -> operator(p).getLivenessProbe().getHttpGet().setHost("169.254.169.254")),
        violation("AppArmor", "container appArmorProfile Unconfined", p -> sc(p).setAppArmorProfile(
            new AppArmorProfileBuilder().withType("Unconfined").build())),
        violation("AppArmor", "apparmor annotation unconfined", p -> p.getMetadata().setAnnotations(
            Map.of("container.apparmor.security.beta.kubernetes.io/operator", "unconfined"))),
        violation("SELinux", "seLinuxOptions.type spc_t", p -> psc(p).setSeLinuxOptions(
            new SELinuxOptionsBuilder().withType("spc_t").build())),
        violation("SELinux", "seLinuxOptions.user", p -> sc(p).setSeLinuxOptions(
            new SELinuxOptionsBuilder().withUser("system_u").build())),
        violation("/proc Mount Type", "procMount Unmasked", p -> sc(p).setProcMount("Unmasked")),
        violation("Seccomp", "container seccomp Unconfined", p -> sc(p).setSeccompProfile(
            new SeccompProfileBuilder().withType("Unconfined").build())),
        violation("Sysctls", "kernel.msgmax", p -> psc(p).setSysctls(
            List.of(new SysctlBuilder().withName("kernel.msgmax").withValue("65536").build()))),
        violation("Volume Types", "an nfs volume", p -> p.getSpec().getVolumes().add(new VolumeBuilder()
            .withName("nfs").withNewNfs().withServer("nfs").withPath("/").endNfs().build())),
        violation("Privilege Escalation", "allowPrivilegeEscalation unset", p -> sc(p)
            .setAllowPrivilegeEscalation(null)),
        violation("Privilege Escalation", "allowPrivilegeEscalation true", p -> sc(p)
            .setAllowPrivilegeEscalation(true)),
        violation("Running as Non-root", "runAsNonRoot unset on pod and container", p -> {
          psc(p).setRunAsNonRoot(null);
          sc(p).setRunAsNonRoot(null);
        }),
        violation("Running as Non-root", "container runAsNonRoot false", p -> sc(p).setRunAsNonRoot(false)),
        violation("Running as Non-root user", "runAsUser 0", p -> sc(p).setRunAsUser(0L)),
        violation("Non-root groups (optional)", "runAsGroup 0", p -> psc(p).setRunAsGroup(0L)),
        violation("Non-root groups (optional)", "fsGroup 0", p -> psc(p).setFsGroup(0L)),
        violation("Seccomp", "no seccompProfile at all (restricted)", p -> psc(p).setSeccompProfile(null)),
        violation("Capabilities", "drop without ALL (restricted)", p -> sc(p).getCapabilities()
            .setDrop(List.of("NET_RAW"))),
        violation("Capabilities", "add NET_ADMIN", p -> sc(p).getCapabilities().setAdd(List.of("NET_ADMIN"))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("violations")
  void breakingThePodViolatesTheControl(String control, String change, Consumer<PodTemplateSpec> mutation) {
    PodTemplateSpec pod = MANIFESTS.deploymentCopy().getSpec().getTemplate();
    mutation.accept(pod);
    assertThat(PodSecurityStandards.restrictedProfile())
        .filteredOn(c -> c.name().equals(control))
        .as("controls named %s", control).isNotEmpty()
        .anySatisfy(c -> assertThat(c.violations(pod)).as("%s after %s", c, change).isNotEmpty());
  }

  @Test
  void everyControlHasAViolationExample() {
    List<String> exercised = violations().map(a -> (String) a.get()[0]).distinct().toList();
    assertThat(exercised).containsAll(PodSecurityStandards.restrictedProfile().stream()
        .map(PodSecurityStandards.Control::name).distinct().toList());
  }

  private static Arguments violation(String control, String change, Consumer<PodTemplateSpec> mutation) {
    return Arguments.of(control, change, mutation);
  }

  private static Container operatorContainer() {
    return operator(POD);
  }

  private static Container operator(PodTemplateSpec pod) {
    return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals("operator")).findFirst()
        .orElseThrow(() -> new AssertionError("no container named operator"));
  }

  private static SecurityContext sc(PodTemplateSpec pod) {
    return operator(pod).getSecurityContext();
  }

  private static PodSecurityContext psc(PodTemplateSpec pod) {
    return pod.getSpec().getSecurityContext();
  }

  static Map<String, EnvVar> env(Container c) {
    return c.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
  }
}
