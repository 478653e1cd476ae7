package io.exposedapp.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The controls of the Kubernetes Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * Baseline and Restricted, as offline checks of a pod template. Control names are the document's. Each check returns
 * the violations (field path and value), empty when the pod passes. Linux pods only: the Windows relaxations
 * ({@code spec.os.name: windows}) are not modelled, so every pod is checked as a Linux pod.
 */
final class PodSecurityStandards {

  enum Level {
    BASELINE("Baseline"), RESTRICTED("Restricted");

    final String title;

    Level(String title) {
      this.title = title;
    }
  }

  /** One control of a profile. */
  record Control(Level level, String name, Function<PodTemplateSpec, List<String>> check) {

    List<String> violations(PodTemplateSpec pod) {
      return check.apply(pod);
    }

    @Override
    public String toString() {
      return level.title + " / " + name;
    }
  }

  /** A container of any of the three lists, seen through the fields the standards restrict. */
  private record C(String path, SecurityContext sc, List<ContainerPort> ports, Probe liveness, Probe readiness,
      Probe startup, Lifecycle lifecycle) {

    C {
      sc = sc == null ? new SecurityContext() : sc;
    }
  }

  static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
      "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
      "container_engine_t");
  static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
      "ephemeral", "persistentVolumeClaim", "projected", "secret");
  static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");

  static final List<Control> BASELINE = List.of(
      new Control(Level.BASELINE, "HostProcess", PodSecurityStandards::hostProcess),
      new Control(Level.BASELINE, "Host Namespaces", PodSecurityStandards::hostNamespaces),
      new Control(Level.BASELINE, "Privileged Containers", PodSecurityStandards::privileged),
      new Control(Level.BASELINE, "Capabilities", PodSecurityStandards::baselineCapabilities),
      new Control(Level.BASELINE, "HostPath Volumes", PodSecurityStandards::hostPathVolumes),
      new Control(Level.BASELINE, "Host Ports", PodSecurityStandards::hostPorts),
      new Control(Level.BASELINE, "Host Probes / Lifecycle Hooks", PodSecurityStandards::hostProbes),
      new Control(Level.BASELINE, "AppArmor", PodSecurityStandards::appArmor),
      new Control(Level.BASELINE, "SELinux", PodSecurityStandards::seLinux),
      new Control(Level.BASELINE, "/proc Mount Type", PodSecurityStandards::procMount),
      new Control(Level.BASELINE, "Seccomp", PodSecurityStandards::baselineSeccomp),
      new Control(Level.BASELINE, "Sysctls", PodSecurityStandards::sysctls));

  static final List<Control> RESTRICTED = List.of(
      new Control(Level.RESTRICTED, "Volume Types", PodSecurityStandards::volumeTypes),
      new Control(Level.RESTRICTED, "Privilege Escalation", PodSecurityStandards::privilegeEscalation),
      new Control(Level.RESTRICTED, "Running as Non-root", PodSecurityStandards::runAsNonRoot),
      new Control(Level.RESTRICTED, "Running as Non-root user", PodSecurityStandards::runAsNonRootUser),
      new Control(Level.RESTRICTED, "Non-root groups (optional)", PodSecurityStandards::nonRootGroups),
      new Control(Level.RESTRICTED, "Seccomp", PodSecurityStandards::restrictedSeccomp),
      new Control(Level.RESTRICTED, "Capabilities", PodSecurityStandards::restrictedCapabilities));

  /** Restricted = everything from Baseline plus its own controls. */
  static List<Control> restrictedProfile() {
    return Stream.concat(BASELINE.stream(), RESTRICTED.stream()).toList();
  }

  private PodSecurityStandards() {
  }

  // ---- Baseline ----------------------------------------------------------------------------------------------------

  static List<String> hostProcess(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    PodSecurityContext psc = psc(pod);
    if (psc.getWindowsOptions() != null && Boolean.TRUE.equals(psc.getWindowsOptions().getHostProcess())) {
      v.add("spec.securityContext.windowsOptions.hostProcess=true");
    }
    for (C c : containers(pod)) {
      if (c.sc().getWindowsOptions() != null && Boolean.TRUE.equals(c.sc().getWindowsOptions().getHostProcess())) {
        v.add(c.path() + ".securityContext.windowsOptions.hostProcess=true");
      }
    }
    return v;
  }

  static List<String> hostNamespaces(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    PodSpec spec = pod.getSpec();
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      v.add("spec.hostNetwork=true");
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      v.add("spec.hostPID=true");
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      v.add("spec.hostIPC=true");
    }
    return v;
  }

  static List<String> privileged(PodTemplateSpec pod) {
    return containers(pod).stream().filter(c -> Boolean.TRUE.equals(c.sc().getPrivileged()))
        .map(c -> c.path() + ".securityContext.privileged=true").toList();
  }

  static List<String> baselineCapabilities(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    for (C c : containers(pod)) {
      for (String cap : added(c)) {
        if (!BASELINE_CAPABILITIES.contains(cap)) {
          v.add(c.path() + ".securityContext.capabilities.add contains " + cap);
        }
      }
    }
    return v;
  }

  static List<String> hostPathVolumes(PodTemplateSpec pod) {
    return volumes(pod).stream().filter(vol -> vol.getHostPath() != null)
        .map(vol -> "spec.volumes[" + vol.getName() + "].hostPath is set").toList();
  }

  static List<String> hostPorts(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    for (C c : containers(pod)) {
      for (ContainerPort port : c.ports() == null ? List.<ContainerPort>of() : c.ports()) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          v.add(c.path() + ".ports[" + port.getContainerPort() + "].hostPort=" + port.getHostPort());
        }
      }
    }
    return v;
  }

  static List<String> hostProbes(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    for (C c : containers(pod)) {
      probeHost(v, c.path() + ".livenessProbe", c.liveness());
      probeHost(v, c.path() + ".readinessProbe", c.readiness());
      probeHost(v, c.path() + ".startupProbe", c.startup());
      if (c.lifecycle() != null) {
        handlerHost(v, c.path() + ".lifecycle.postStart", c.lifecycle().getPostStart());
        handlerHost(v, c.path() + ".lifecycle.preStop", c.lifecycle().getPreStop());
      }
    }
    return v;
  }

  static List<String> appArmor(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    Set<String> allowedTypes = Set.of("RuntimeDefault", "Localhost");
    PodSecurityContext psc = psc(pod);
    if (psc.getAppArmorProfile() != null && !allowedTypes.contains(psc.getAppArmorProfile().getType())) {
      v.add("spec.securityContext.appArmorProfile.type=" + psc.getAppArmorProfile().getType());
    }
    for (C c : containers(pod)) {
      if (c.sc().getAppArmorProfile() != null && !allowedTypes.contains(c.sc().getAppArmorProfile().getType())) {
        v.add(c.path() + ".securityContext.appArmorProfile.type=" + c.sc().getAppArmorProfile().getType());
      }
    }
    annotations(pod).forEach((key, value) -> {
      if (key.startsWith("container.apparmor.security.beta.kubernetes.io/") && !value.equals("runtime/default")
          && !value.startsWith("localhost/")) {
        v.add("metadata.annotations[" + key + "]=" + value);
      }
    });
    return v;
  }

  static List<String> seLinux(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    seLinux(v, "spec.securityContext", psc(pod).getSeLinuxOptions());
    for (C c : containers(pod)) {
      seLinux(v, c.path() + ".securityContext", c.sc().getSeLinuxOptions());
    }
    return v;
  }

  static List<String> procMount(PodTemplateSpec pod) {
    return containers(pod).stream()
        .filter(c -> c.sc().getProcMount() != null && !c.sc().getProcMount().equals("Default"))
        .map(c -> c.path() + ".securityContext.procMount=" + c.sc().getProcMount()).toList();
  }

  static List<String> baselineSeccomp(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    PodSecurityContext psc = psc(pod);
    if (psc.getSeccompProfile() != null && "Unconfined".equals(psc.getSeccompProfile().getType())) {
      v.add("spec.securityContext.seccompProfile.type=Unconfined");
    }
    for (C c : containers(pod)) {
      if (c.sc().getSeccompProfile() != null && "Unconfined".equals(c.sc().getSeccompProfile().getType())) {
        v.add(c.path() + ".securityContext.seccompProfile.type=Unconfined");
      }
    }
    annotations(pod).forEach((key, value) -> {
      if ((key.equals("seccomp.security.alpha.kubernetes.io/pod")
          || key.startsWith("container.seccomp.security.alpha.kubernetes.io/")) && value.equals("unconfined")) {
        v.add("metadata.annotations[" + key + "]=unconfined");
      }
    });
    return v;
  }

  static List<String> sysctls(PodTemplateSpec pod) {
    PodSecurityContext psc = psc(pod);
    return psc.getSysctls() == null ? List.of() : psc.getSysctls().stream()
        .filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
        .map(s -> "spec.securityContext.sysctls[" + s.getName() + "] is not a safe sysctl").toList();
  }

  // ---- Restricted --------------------------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  static List<String> volumeTypes(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (Volume volume : volumes(pod)) {
      Map<String, Object> fields = serialization.convertValue(volume, Map.class);
      List<String> types = fields.keySet().stream().filter(k -> !k.equals("name")).toList();
      if (types.isEmpty()) {
        v.add("spec.volumes[" + volume.getName() + "] sets no volume source");
      }
      types.stream().filter(t -> !RESTRICTED_VOLUME_TYPES.contains(t))
          .forEach(t -> v.add("spec.volumes[" + volume.getName() + "]." + t + " is not an allowed volume type"));
    }
    return v;
  }

  static List<String> privilegeEscalation(PodTemplateSpec pod) {
    return containers(pod).stream().filter(c -> !Boolean.FALSE.equals(c.sc().getAllowPrivilegeEscalation()))
        .map(c -> c.path() + ".securityContext.allowPrivilegeEscalation=" + c.sc().getAllowPrivilegeEscalation()
            + " (must be false)")
        .toList();
  }

  static List<String> runAsNonRoot(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    Boolean podLevel = psc(pod).getRunAsNonRoot();
    if (Boolean.FALSE.equals(podLevel)) {
      v.add("spec.securityContext.runAsNonRoot=false");
    }
    for (C c : containers(pod)) {
      Boolean own = c.sc().getRunAsNonRoot();
      if (Boolean.FALSE.equals(own)) {
        v.add(c.path() + ".securityContext.runAsNonRoot=false");
      } else if (own == null && !Boolean.TRUE.equals(podLevel)) {
        v.add(c.path() + ".securityContext.runAsNonRoot is unset and spec.securityContext.runAsNonRoot is not true");
      }
    }
    return v;
  }

  static List<String> runAsNonRootUser(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    if (Objects.equals(psc(pod).getRunAsUser(), 0L)) {
      v.add("spec.securityContext.runAsUser=0");
    }
    containers(pod).stream().filter(c -> Objects.equals(c.sc().getRunAsUser(), 0L))
        .forEach(c -> v.add(c.path() + ".securityContext.runAsUser=0"));
    return v;
  }

  static List<String> nonRootGroups(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    PodSecurityContext psc = psc(pod);
    if (Objects.equals(psc.getRunAsGroup(), 0L)) {
      v.add("spec.securityContext.runAsGroup=0");
    }
    if (Objects.equals(psc.getFsGroup(), 0L)) {
      v.add("spec.securityContext.fsGroup=0");
    }
    if (psc.getSupplementalGroups() != null && psc.getSupplementalGroups().contains(0L)) {
      v.add("spec.securityContext.supplementalGroups contains 0");
    }
    for (C c : containers(pod)) {
      Long group = c.sc().getRunAsGroup();
      if (Objects.equals(group, 0L)) {
        v.add(c.path() + ".securityContext.runAsGroup=0");
      } else if (group == null && psc.getRunAsGroup() == null) {
        v.add(c.path() + ": runAsGroup is undefined (the image's group, possibly root, would apply)");
      }
    }
    return v;
  }

  static List<String> restrictedSeccomp(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    PodSecurityContext psc = psc(pod);
    String podType = psc.getSeccompProfile() == null ? null : psc.getSeccompProfile().getType();
    if (podType != null && !SECCOMP_TYPES.contains(podType)) {
      v.add("spec.securityContext.seccompProfile.type=" + podType);
    }
    for (C c : containers(pod)) {
      String own = c.sc().getSeccompProfile() == null ? null : c.sc().getSeccompProfile().getType();
      if (own != null && !SECCOMP_TYPES.contains(own)) {
        v.add(c.path() + ".securityContext.seccompProfile.type=" + own);
      } else if (own == null && (podType == null || !SECCOMP_TYPES.contains(podType))) {
        v.add(c.path() + ": no seccompProfile, neither on the container nor on the pod (must be RuntimeDefault or"
            + " Localhost)");
      }
    }
    return v;
  }

  static List<String> restrictedCapabilities(PodTemplateSpec pod) {
    List<String> v = new ArrayList<>();
    for (C c : containers(pod)) {
      Capabilities caps = c.sc().getCapabilities();
      if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
        v.add(c.path() + ".securityContext.capabilities.drop does not contain ALL");
      }
      added(c).stream().filter(cap -> !cap.equals("NET_BIND_SERVICE"))
          .forEach(cap -> v.add(c.path() + ".securityContext.capabilities.add contains " + cap));
    }
    return v;
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private static List<C> containers(PodTemplateSpec pod) {
    PodSpec spec = pod.getSpec();
    List<C> all = new ArrayList<>();
    if (spec.getContainers() != null) {
      spec.getContainers().forEach(c -> all.add(new C("spec.containers[" + c.getName() + "]", c.getSecurityContext(),
          c.getPorts(), c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe(), c.getLifecycle())));
    }
    if (spec.getInitContainers() != null) {
      spec.getInitContainers().forEach(c -> all.add(new C("spec.initContainers[" + c.getName() + "]",
          c.getSecurityContext(), c.getPorts(), c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe(),
          c.getLifecycle())));
    }
    if (spec.getEphemeralContainers() != null) {
      spec.getEphemeralContainers().forEach(c -> all.add(new C("spec.ephemeralContainers[" + c.getName() + "]",
          c.getSecurityContext(), c.getPorts(), c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe(),
          c.getLifecycle())));
    }
    return all;
  }

  private static PodSecurityContext psc(PodTemplateSpec pod) {
    return pod.getSpec().getSecurityContext() == null ? new PodSecurityContext() : pod.getSpec().getSecurityContext();
  }

  private static List<Volume> volumes(PodTemplateSpec pod) {
    return pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
  }

  private static Map<String, String> annotations(PodTemplateSpec pod) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null ? Map.of()
        : pod.getMetadata().getAnnotations();
  }

  private static List<String> added(C c) {
    Capabilities caps = c.sc().getCapabilities();
    return caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
  }

  private static void probeHost(List<String> v, String path, Probe probe) {
    if (probe != null) {
      httpHost(v, path, probe.getHttpGet());
      tcpHost(v, path, probe.getTcpSocket());
    }
  }

  private static void handlerHost(List<String> v, String path, LifecycleHandler handler) {
    if (handler != null) {
      httpHost(v, path, handler.getHttpGet());
      tcpHost(v, path, handler.getTcpSocket());
    }
  }

  private static void httpHost(List<String> v, String path, HTTPGetAction action) {
    if (action != null && action.getHost() != null && !action.getHost().isEmpty()) {
      v.add(path + ".httpGet.host=" + action.getHost());
    }
  }

  private static void tcpHost(List<String> v, String path, TCPSocketAction action) {
    if (action != null && action.getHost() != null && !action.getHost().isEmpty()) {
      v.add(path + ".tcpSocket.host=" + action.getHost());
    }
  }

  private static void seLinux(List<String> v, String path, SELinuxOptions options) {
    if (options == null) {
      return;
    }
    if (options.getType() != null && !SELINUX_TYPES.contains(options.getType())) {
      v.add(path + ".seLinuxOptions.type=" + options.getType());
    }
    if (options.getUser() != null && !options.getUser().isEmpty()) {
      v.add(path + ".seLinuxOptions.user=" + options.getUser());
    }
    if (options.getRole() != null && !options.getRole().isEmpty()) {
      v.add(path + ".seLinuxOptions.role=" + options.getRole());
    }
  }
}
