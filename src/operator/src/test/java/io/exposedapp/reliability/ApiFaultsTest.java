package io.exposedapp.reliability;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.nodePort;
import static io.exposedapp.testing.OperatorHarness.port;
import static io.exposedapp.testing.OperatorHarness.statusNodePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.apiserver.ApiTestServer.Request;
import io.exposedapp.apiserver.Faults;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * The real operator (production configuration, fabric8's default request retries, JOSDK's GradualRetry) against API
 * faults injected by the API test server: conflicts on status writes, 5xx bursts on Service writes, slow responses,
 * watches that end or expire. After every test no two Services in the cluster share a nodePort. The test at the end
 * guards a bug this class found (Events repeated when the status write fails).
 *
 * <p>Backoff facts the bounds below rely on:
 * <ul>
 *   <li>fabric8 7.5.2 retries a request answered 429/5xx (or failing with an IOException) up to
 *       {@code requestRetryBackoffLimit} = 10 times, i.e. at most {@value #CLIENT_ATTEMPTS} attempts per call,
 *       waiting {@code 100 ms * 2^min(i, 5)} before retry i: 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 3.2, 3.2, 3.2, 3.2 s
 *       (19.1 s in all). A 409 is not retried by fabric8.</li>
 *   <li>JOSDK retries a failed reconcile with the reconciler's {@code @GradualRetry}: after 1 s, 1 s, 2 s, 4 s, ...
 *       (the multiplier applies from the third attempt on), at most 5 min apart.</li>
 *   <li>Reconciles of one resource never overlap.</li>
 * </ul>
 */
@Tag("real-apiserver")
class ApiFaultsTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  /** One call of the fabric8 client: the first attempt plus {@code requestRetryBackoffLimit} (10) retries. */
  static final int CLIENT_ATTEMPTS = 11;

  /** What fabric8 waits before each of its retries, in ms (see the class comment). */
  private static long clientBackoffMillis(int retries) {
    long total = 0;
    for (int i = 0; i < retries; i++) {
      total += 100L << Math.min(i, 5);
    }
    return total;
  }

  @AfterEach
  void clearFaultsAndCheckNoNodePortIsShared() {
    op.server().faults().clear();
    assertNoTwoServicesShareANodePort();
  }

  private static Faults faults() {
    return op.server().faults();
  }

  // ---- 1. conflicts on status writes -------------------------------------------------------------------------

  @Test
  void conflictsOnTheStatusPatchAreRetriedUntilTheStatusIsWritten() {
    String ns = op.newNamespace();
    int conflicts = 3;
    String statusPath = appPath(ns, "conflicted") + "/status";
    var rule = faults().failNext(conflicts, "PATCH", statusPath, 409,
        "Operation cannot be fulfilled on exposedapps.exposedapp.io \"conflicted\": the object has been modified; "
            + "please apply your changes to the latest version and try again");
    int mark = mark();

    op.create(app(ns, "conflicted", port("http", 80), port("admin", 9000)));
    // fabric8 does not retry a 409, so each conflict fails a reconcile and JOSDK retries after 1 s, 1 s, 2 s
    ExposedApp ready = op.awaitReady(ns, "conflicted");

    assertThat(rule.fired()).as("every injected conflict was answered").isEqualTo(conflicts);
    Service svc = op.service(ns, "conflicted");
    assertThat(ready.getStatus().serviceName()).isEqualTo("conflicted");
    assertThat(statusNodePort(ready, "http")).isEqualTo(nodePort(svc, "http"));
    assertThat(statusNodePort(ready, "admin")).isEqualTo(nodePort(svc, "admin"));
    assertThat(ready.getStatus().ports())
        .isEqualTo("http:" + nodePort(svc, "http") + ",admin:" + nodePort(svc, "admin"));
    settle();
    List<Request> statusWrites = operatorRequests(mark, statusPath).stream()
        .filter(r -> r.method().equals("PATCH")).toList();
    assertThat(statusWrites).as("the conflicts, then one status write that succeeded")
        .hasSizeBetween(conflicts + 1, conflicts + 2)
        .filteredOn(r -> r.status() == 409).hasSize(conflicts);
    assertThat(operatorRequests(mark, servicePath(ns, "conflicted")))
        .as("the Service was written once: retries of the status write do not rewrite it")
        .singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("PATCH"));
  }

  // ---- 2. 5xx bursts on Service writes -----------------------------------------------------------------------

  @Test
  void a5xxBurstOnTheServiceWriteIsAbsorbedByClientRetriesWithBackoff() {
    String ns = op.newNamespace();
    String path = servicePath(ns, "bursty");
    var internalErrors = faults().failNext(2, "PATCH", path, 500);
    var unavailable = faults().failNext(3, "PATCH", path, 503);
    int failures = 5;
    int mark = mark();
    long start = System.nanoTime();

    op.create(app(ns, "bursty", port("http", 80), port("admin", 9000, 31901)));
    ExposedApp ready = op.awaitReady(ns, "bursty");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(internalErrors.fired()).isEqualTo(2);
    assertThat(unavailable.fired()).isEqualTo(3);
    Service svc = op.service(ns, "bursty");
    assertThat(nodePort(svc, "admin")).as("the explicit request").isEqualTo(31901);
    assertThat(nodePort(svc, "http")).as("the planned port").isEqualTo(statusNodePort(ready, "http"));
    int planned = statusNodePort(ready, "http");
    settle();
    // Bound: fabric8 retries the same PATCH with backoff inside one reconcile, so the burst costs exactly
    // failures + 1 requests to the Service's URI, spread over >= 0.1+0.2+0.4+0.8+1.6 = 3.1 s. One more is tolerated
    // (a later reconcile re-applying). A hot loop (retrying without fabric8's backoff, or the operator re-triggering
    // itself on its own failed writes) would send tens to hundreds in those seconds and break both the count and the
    // duration.
    List<Request> serviceRequests = operatorRequests(mark, path);
    assertThat(serviceRequests).as("requests to the Service URI during and after the burst")
        .hasSizeBetween(failures + 1, failures + 2)
        .allSatisfy(r -> assertThat(r.method()).isEqualTo("PATCH"))
        .filteredOn(r -> r.status() >= 500).hasSize(failures);
    assertThat(took).as("the client backed off between attempts")
        .isGreaterThanOrEqualTo(Duration.ofMillis(clientBackoffMillis(failures) - 100));
    assertThat(events(ns, "bursty", "NodePortsAllocated")).as("one allocation, announced once").hasSize(1);
    assertThat(statusNodePort(op.get(ns, "bursty"), "http")).as("no port change").isEqualTo(planned);
  }

  @Test
  void a5xxBurstLongerThanTheClientRetriesFailsTheReconcileAndJosdkRetriesWithTheSamePorts() {
    String ns = op.newNamespace();
    String path = servicePath(ns, "outage");
    // one more failure than fabric8 has attempts: the first reconcile fails after 11 attempts and ~19.1 s of client
    // backoff (the 11th answer is a 503), the JOSDK retry (1 s later, or at once after an event) gets the 12th failure
    // and succeeds on fabric8's first retry
    var internalErrors = faults().failNext(6, "PATCH", path, 500);
    var unavailable = faults().failNext(6, "PATCH", path, 503);
    int failures = 12;
    int mark = mark();
    long start = System.nanoTime();

    op.create(app(ns, "outage", port("http", 80), port("grpc", 9090)));
    ExposedApp failed = awaitApp(ns, "outage", a -> Conditions.find(a.getStatus().conditions(),
        ConditionTypes.SERVICE_READY).map(c -> Reasons.SERVICE_APPLY_FAILED.equals(c.getReason())).orElse(false));
    assertThat(Conditions.find(failed.getStatus().conditions(), ConditionTypes.SERVICE_READY).orElseThrow()
        .getMessage()).contains("503");
    assertThat(op.service(ns, "outage")).isNull();
    int plannedHttp = statusNodePort(failed, "http");
    int plannedGrpc = statusNodePort(failed, "grpc");
    // counted up to the status write that reported the failure: JOSDK's retry 1 s after it may already have sent the
    // next attempt by the time this thread sees the status on a busy machine
    List<Request> sinceMark = operatorRequests(mark, null);
    int failureReported = sinceMark.indexOf(sinceMark.stream()
        .filter(r -> r.method().equals("PATCH") && path(r.uri()).endsWith("/exposedapps/outage/status"))
        .findFirst().orElseThrow());
    assertThat(sinceMark.subList(0, failureReported).stream().filter(r -> path(r.uri()).equals(path)))
        .as("one reconcile = one fabric8 call = %d attempts", CLIENT_ATTEMPTS).hasSize(CLIENT_ATTEMPTS);

    ExposedApp ready = awaitApp(ns, "outage",
        a -> Conditions.isTrue(a.getStatus().conditions(), ConditionTypes.READY));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(unavailable.fired() + internalErrors.fired()).isEqualTo(failures);
    Service svc = op.service(ns, "outage");
    assertThat(nodePort(svc, "http")).as("the port planned before the failure").isEqualTo(plannedHttp);
    assertThat(nodePort(svc, "grpc")).as("the port planned before the failure").isEqualTo(plannedGrpc);
    assertThat(statusNodePort(ready, "http")).isEqualTo(plannedHttp);
    assertThat(statusNodePort(ready, "grpc")).isEqualTo(plannedGrpc);
    settle();
    // Bound: 11 attempts in the failed reconcile (19.1 s of client backoff), then JOSDK's retry: one failure and a
    // success 0.1 s later: failures + 1 = 13 requests; one more is tolerated. A hot loop at either level (client
    // retries without backoff, or reconciles re-run at once, again and again) would make many more requests. The
    // retry comes after GradualRetry's 1 s, or at once if another event for the app came during the failed reconcile
    // (JOSDK runs a pending event before a retry; seen once on a busy machine: 0.1 s): the time bound is the client's
    // backoff.
    assertThat(operatorRequests(mark, path)).as("requests to the Service URI during and after the burst")
        .hasSizeBetween(failures + 1, failures + 2)
        .allSatisfy(r -> assertThat(r.method()).isEqualTo("PATCH"));
    assertThat(took).as("the client's backoff in the failed reconcile")
        .isGreaterThanOrEqualTo(Duration.ofMillis(clientBackoffMillis(CLIENT_ATTEMPTS - 1) - 200));
    assertThat(events(ns, "outage", "NodePortsAllocated")).as("the ports were announced once").hasSize(1);
  }

  // ---- 3. slow responses -------------------------------------------------------------------------------------

  @Test
  void slowResponsesToWritesAndListsStillConvergeWithoutDuplicates() {
    String ns = op.newNamespace();
    // a few seconds, below fabric8's 10 s request timeout: answers are late, not lost (no client-side retry)
    Duration slow = Duration.ofSeconds(3);
    var slowService = faults().delayNext(1, "PATCH", servicePath(ns, "slow"), slow);
    var slowStatus = faults().delayNext(1, "PATCH", appPath(ns, "slow") + "/status", slow);
    int mark = mark();
    long start = System.nanoTime();

    op.create(app(ns, "slow", port("http", 80), port("admin", 9000)));
    op.create(app(ns, "quick", port("http", 80)));
    op.awaitReady(ns, "quick");
    ExposedApp slowApp = op.awaitReady(ns, "slow");
    // the server applies a delayed write at once and answers late: the status is written only once the Service
    // write's answer has arrived, and is visible before its own answer reaches the operator
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the Service write's answer was waited for")
        .isGreaterThanOrEqualTo(slow.minusMillis(100));
    assertThat(slowService.fired()).isEqualTo(1);
    assertThat(slowStatus.fired()).isEqualTo(1);
    settle();
    assertThat(operatorRequests(mark, servicePath(ns, "slow"))).as("one Service write, not repeated")
        .singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("PATCH"));
    assertThat(operatorRequests(mark, appPath(ns, "slow") + "/status")).as("one status write, not repeated")
        .singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("PATCH"));
    assertThat(events(ns, "slow", "NodePortsAllocated")).as("announced once").hasSize(1);
    int slowHttp = statusNodePort(slowApp, "http");

    // a slow list: the Service informer must re-list (410 on its next watch) and the list answers late, while an
    // app is created and another one changed
    mark = mark();
    var slowList = faults().delayNext(1, "GET", "^/api/v1/services(?!.*watch=true)", slow);
    faults().expireNextWatch("^/api/v1/services\\?.*watch=true");
    faults().closeAllWatches();
    op.create(app(ns, "meanwhile", port("http", 80)));
    op.apps().inNamespace(ns).withName("slow").edit(a -> {
      a.setSpec(a.getSpec().withPorts(List.of(port("http", 80), port("admin", 9000), port("metrics", 9100))));
      return a;
    });
    op.awaitReady(ns, "meanwhile");
    slowApp = op.awaitApp(ns, "slow", a -> a.getStatus().nodePorts() != null
        && a.getStatus().nodePorts().size() == 3 && Conditions.isTrue(a.getStatus().conditions(),
            ConditionTypes.READY));
    Waits.await().until(() -> slowList.fired() == 1);
    assertThat(operatorRequests(mark, "/api/v1/services")).as("the Service informer re-listed")
        .anySatisfy(r -> assertThat(r.uri()).doesNotContain("watch=true"));
    settle();

    assertThat(statusNodePort(slowApp, "http")).as("kept its port").isEqualTo(slowHttp);
    List<Service> services = op.client().services().inNamespace(ns).list().getItems();
    assertThat(services).extracting(s -> s.getMetadata().getName()).as("one Service per app")
        .containsExactlyInAnyOrder("slow", "quick", "meanwhile");
    for (Service s : services) {
      assertThat(s.getSpec().getPorts()).extracting(ServicePort::getName).doesNotHaveDuplicates();
      ExposedApp owner = op.get(ns, s.getMetadata().getName());
      assertThat(owner.getStatus().nodePorts()).extracting(NodePortStatus::name).doesNotHaveDuplicates()
          .hasSize(owner.getSpec().ports().size());
      for (NodePortStatus p : owner.getStatus().nodePorts()) {
        assertThat(nodePort(s, p.name())).as("%s/%s", s.getMetadata().getName(), p.name()).isEqualTo(p.nodePort());
      }
    }
    for (String name : List.of("quick", "meanwhile")) {
      assertThat(events(ns, name, "NodePortsAllocated")).as("%s announced once", name).hasSize(1);
    }
  }

  // ---- 4. every watch closed ---------------------------------------------------------------------------------

  @Test
  void afterEveryWatchIsClosedTheInformersWatchAgainAndChangesAreReconciled() {
    String ns = op.newNamespace();
    op.create(app(ns, "grows", port("http", 80)));
    op.create(app(ns, "phoenix", port("http", 80)));
    int grows = statusNodePort(op.awaitReady(ns, "grows"), "http");
    int phoenix = statusNodePort(op.awaitReady(ns, "phoenix"), "http");
    String phoenixUid = op.service(ns, "phoenix").getMetadata().getUid();
    int watchesBefore = op.server().openWatches();
    int mark = mark();

    faults().closeAllWatches();
    // changes to each watched kind while nobody watches
    op.create(app(ns, "newcomer", port("http", 80)));
    op.apps().inNamespace(ns).withName("grows").edit(a -> {
      a.setSpec(a.getSpec().withPorts(List.of(port("http", 80), port("https", 443))));
      return a;
    });
    op.client().services().inNamespace(ns).withName("phoenix").delete();

    ExposedApp newcomer = op.awaitReady(ns, "newcomer");
    ExposedApp grown = op.awaitApp(ns, "grows", a -> a.getStatus().nodePorts() != null
        && a.getStatus().nodePorts().size() == 2);
    Waits.await().until(() -> {
      Service s = op.service(ns, "phoenix");
      return s != null && !s.getMetadata().getUid().equals(phoenixUid);
    });

    assertThat(nodePort(op.service(ns, "newcomer"), "http")).isEqualTo(statusNodePort(newcomer, "http"));
    assertThat(statusNodePort(grown, "http")).as("kept").isEqualTo(grows);
    assertThat(nodePort(op.service(ns, "grows"), "https")).isEqualTo(statusNodePort(grown, "https"));
    assertThat(nodePort(op.service(ns, "phoenix"), "http")).as("recreated with its port").isEqualTo(phoenix);
    Waits.await().until(() -> op.server().openWatches() >= watchesBefore);
    List<Request> since = operatorRequests(mark, null);
    assertThat(since).as("every informer of the operator watched again")
        .filteredOn(r -> r.uri().contains("watch=true")).extracting(r -> path(r.uri()))
        .contains(APPS, "/api/v1/services", "/apis/networking.k8s.io/v1/ingresses");
    assertThat(since).as("resumed from their resourceVersions: no re-list, as a restart would do")
        .noneMatch(r -> r.method().equals("GET") && !r.uri().contains("watch=true")
            && List.of(APPS, "/api/v1/services", "/apis/networking.k8s.io/v1/ingresses").contains(path(r.uri())));
  }

  // ---- 5. 410 Gone: re-list ----------------------------------------------------------------------------------

  /** The watch requests of the ExposedApp informer (the controller's: the only one). */
  private static final String APPS_WATCH = "^/apis/exposedapp\\.io/v1alpha1/exposedapps\\?.*watch=true";
  private static final String APPS = "/apis/exposedapp.io/v1alpha1/exposedapps";

  @Test
  void a410GoneOnTheExposedAppWatchMakesTheInformerRelistAndReconcileWhatWasMissed() {
    String ns = op.newNamespace();
    op.create(app(ns, "before", port("http", 80)));
    int before = statusNodePort(op.awaitReady(ns, "before"), "http");
    int mark = mark();

    // the informer's re-watch after the close is answered 410 Gone: it must list again to learn what it missed
    faults().expireNextWatch(APPS_WATCH);
    faults().closeAllWatches();
    op.create(app(ns, "missed", port("http", 80)));
    op.apps().inNamespace(ns).withName("before").edit(a -> {
      a.setSpec(a.getSpec().withPorts(List.of(port("http", 80), port("admin", 9000))));
      return a;
    });

    ExposedApp missed = op.awaitReady(ns, "missed");
    ExposedApp changed = op.awaitApp(ns, "before", a -> a.getStatus().nodePorts() != null
        && a.getStatus().nodePorts().size() == 2);
    assertThat(nodePort(op.service(ns, "missed"), "http")).isEqualTo(statusNodePort(missed, "http"));
    assertThat(statusNodePort(changed, "http")).isEqualTo(before);
    assertThat(nodePort(op.service(ns, "before"), "admin")).isEqualTo(statusNodePort(changed, "admin"));
    Waits.await().untilAsserted(() -> assertThat(operatorRequests(mark, APPS))
        .as("the ExposedApp informer re-listed after its 410")
        .filteredOn(r -> !r.uri().contains("watch=true")).hasSize(1));
    // the controller's informer learnt of "missed" from its re-list only: nothing was written for it before
    List<Request> after = operatorRequests(mark, null);
    int firstList = after.indexOf(after.stream().filter(r -> path(r.uri()).equals(APPS)
        && !r.uri().contains("watch=true")).findFirst().orElseThrow());
    assertThat(after.subList(0, firstList)).as("requests before the first re-list")
        .noneMatch(r -> r.uri().contains("/missed"));

    // and the informers keep watching after the re-list
    op.create(app(ns, "later", port("http", 80)));
    op.awaitReady(ns, "later");
  }

  // ---- a bug this class found, now fixed -------------------------------------------------------------------------

  /**
   * The reconciler records its Events before the status is written; when the status write fails (here 409), the
   * next attempt still sees the old status. It must not announce the same transition again: one allocation, one
   * "NodePortsAllocated" Event.
   */
  @Test
  void aRetriedStatusWriteDoesNotRepeatItsEvents() {
    String ns = op.newNamespace();
    var conflicts = faults().failNext(3, "PATCH", appPath(ns, "echo") + "/status", 409);
    op.create(app(ns, "echo", port("http", 80)));
    op.awaitReady(ns, "echo");
    settle();
    assertThat(conflicts.fired()).as("the status writes were refused, so the reconcile was retried").isEqualTo(3);
    assertThat(events(ns, "echo", "NodePortsAllocated")).as("one allocation, one Event").hasSize(1);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private static String appPath(String ns, String name) {
    return "/apis/exposedapp.io/v1alpha1/namespaces/" + ns + "/exposedapps/" + name;
  }

  private static String servicePath(String ns, String name) {
    return "/api/v1/namespaces/" + ns + "/services/" + name;
  }

  private static String path(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  private static int mark() {
    return op.server().requests().size();
  }

  /** The operator's requests since the mark, to exactly this path (any query) when given. */
  private static List<Request> operatorRequests(int mark, String exactPath) {
    List<Request> all = op.server().requests();
    return all.subList(mark, all.size()).stream()
        .filter(r -> r.userAgent().startsWith(ExposedAppOperator.USER_AGENT))
        .filter(r -> exactPath == null || path(r.uri()).equals(exactPath))
        .toList();
  }

  /** Lets reconciles triggered by the last writes run, so that later requests are counted too. */
  private static void settle() {
    Waits.untilQuiet("the API test server", () -> op.server().requests().size(), Duration.ofSeconds(1));
  }

  private static List<String> events(String ns, String name, String reason) {
    return op.client().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .map(e -> e.getMessage())
        .toList();
  }

  private static ExposedApp awaitApp(String ns, String name, java.util.function.Predicate<ExposedApp> predicate) {
    return op.awaitApp(ns, name, app -> app.getStatus().conditions() != null && predicate.test(app));
  }

  private static void assertNoTwoServicesShareANodePort() {
    List<Integer> used = op.client().services().inAnyNamespace().list().getItems().stream()
        .flatMap(s -> Stream.concat(s.getSpec().getPorts().stream().map(ServicePort::getNodePort),
            Stream.of(s.getSpec().getHealthCheckNodePort())))
        .filter(p -> p != null && p > 0)
        .toList();
    assertThat(used).as("nodePorts of every Service in the cluster").doesNotHaveDuplicates();
  }

}
