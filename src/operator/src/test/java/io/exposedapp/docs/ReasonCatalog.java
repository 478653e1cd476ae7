package io.exposedapp.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each condition reason the operator sets means and what to do about it: the text of the troubleshooting page,
 * which {@link GeneratedDocsTest} writes from here. The test also checks that the reasons here are exactly the ones
 * the code defines, so a new reason cannot ship without its entry.
 */
final class ReasonCatalog {

  /** One reason: where it appears, what it means, what to do (Markdown). */
  record Entry(String reason, List<String> conditions, String meaning, String action) {
  }

  static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  private static void add(String reason, List<String> conditions, String meaning, String action) {
    ENTRIES.put(reason, new Entry(reason, conditions, meaning, action));
  }

  private static final List<String> PORTS = List.of("PortsAllocated");
  private static final List<String> SERVICE = List.of("ServiceReady");
  private static final List<String> INGRESS = List.of("IngressReady");
  private static final List<String> GATEWAY = List.of("GatewayReady");
  private static final List<String> NLB = List.of("LoadBalancerReady");
  private static final List<String> BINDINGS = List.of("TargetGroupBindingsReady");
  private static final List<String> POOL_VALID = List.of("NodePortPool Valid");
  private static final List<String> POOL_PORTS = List.of("NodePortPool PortsAvailable");

  static {
    add("Allocated", PORTS, "Every port has its nodePort.", "Nothing.");
    add("NodePortConflict", PORTS, "An explicit `nodePort` is held by another Service or ExposedApp; the message "
        + "names it.", "Pick another `nodePort`, remove it (the operator allocates one), or free the holder's.");
    add("NodePortOutOfRange", PORTS, "An explicit `nodePort` lies outside the operator's range (or the app's "
        + "pools).", "Choose a port inside the range the message names, or widen `EXPOSEDAPP_NODE_PORT_RANGE`.");
    add("NodePortRangeExhausted", PORTS, "No free nodePort is left in the range (or the app's pools).",
        "Free ports (delete unused apps or Services) or widen the range or the pool; the app takes a port as soon "
            + "as one frees, without a restart.");
    add("NodePortQuotaExceeded", PORTS, "A new port would exceed a NodePortPool's `maxPortsPerNamespace`.",
        "Raise the pool's limit, or use fewer ports in the namespace.");
    add("InvalidSpec", PORTS, "The spec breaks a rule the schema could not check (the message names the field); "
        + "nothing is written.", "Fix the field; `render` shows the same message offline.");
    add("PoolNotFound", PORTS, "`spec.pool` names a NodePortPool that does not exist.",
        "Create the pool, or correct or remove `spec.pool`.");
    add("PoolNotAllowed", PORTS, "`spec.pool` names a pool that does not serve the app's namespace.",
        "Choose a pool that selects the namespace (or a default pool), or label the namespace.");
    add("PoolInvalid", PORTS, "The app's pool is not valid (its own `Valid` condition says why).",
        "Fix the pool's ranges; see the pool's status.");
    add("NoPool", PORTS, "NodePortPools exist but none serves the app's namespace, and none is a default pool.",
        "Select the namespace with a pool, or mark one pool `default: true`.");
    add("NamespacePending", PORTS, "The app's namespace is not known to the operator yet, so neither are the pools "
        + "that select it. A wait, not an error.", "Nothing; it clears within seconds.");
    add("ServiceApplied", SERVICE, "The Service exists with the allocated nodePorts.", "Nothing.");
    add("ServiceNameTaken", SERVICE, "A Service of `spec.serviceName` exists that the app does not own; it is left "
        + "untouched.", "Set `spec.serviceName` to another name, or `spec.adopt: true` to take it over with its "
        + "nodePorts ([Migrating existing Services](migrating.md)).");
    add("ServicePending", SERVICE, "The Service is not written yet: the ports are not all allocated.",
        "See `PortsAllocated`.");
    add("ServiceApplyFailed", SERVICE, "The API server refused or failed the Service write (quota, admission, "
        + "conflict); the message quotes it. The operator retries with back-off.",
        "Act on the API server's message (e.g. raise the namespace's ResourceQuota for Services).");
    add("Ready", List.of("Ready"), "Every way in the app asks for is ready.", "Nothing.");
    add("IngressInvalid", INGRESS, "`spec.ingress` has a problem the AWS Load Balancer Controller would refuse; the "
        + "Ingress is not written.", "Fix the field the message names.");
    add("IngressNameTaken", INGRESS, "An Ingress of the app's name exists that it does not own.",
        "Rename the app, remove `spec.ingress`, or take the Ingress over with `spec.adopt: true`.");
    add("IngressPending", INGRESS, "The Ingress waits for the Service.", "See `ServiceReady`.");
    add("IngressApplyFailed", INGRESS, "The API server refused or failed the Ingress write.",
        "Act on the message (often a webhook of the controller).");
    add("AddressPending", List.of("IngressReady", "GatewayReady", "LoadBalancerReady"), "The object is written; the "
        + "AWS Load Balancer Controller has not given it an address yet. Expected for a minute or two; where no "
        + "controller runs (the embedded run), for ever.", "Wait; if it lasts, check the controller's logs and "
        + "Events on the Ingress, Gateway or Service, and the alert `ExposedAppLoadBalancerControllerNotServing` "
        + "([RUNBOOK](RUNBOOK.md)).");
    add("AddressAssigned", List.of("IngressReady", "GatewayReady", "LoadBalancerReady"), "The load balancer has an "
        + "address; it is in `status.address` and `status.url`.", "Nothing.");
    add("GatewayApiMissing", GATEWAY, "The cluster does not serve the CRDs the gateway section needs (Gateway API, "
        + "its experimental channel for `spec.nlbGateway`, or LBC's `gateway.k8s.aws`); the message names them.",
        "Install them ([Gateway API](gateway-api.md), [TCP and UDP apps on Gateway API](nlb-gateway.md)); the "
            + "operator looks again every minute, no restart needed.");
    add("GatewayInvalid", GATEWAY, "`spec.gateway` or `spec.nlbGateway` has a problem (the message names the "
        + "field); nothing of that section is written.", "Fix the field.");
    add("GatewayNameTaken", GATEWAY, "A route, Gateway or configuration of a name the app wants is another's; it is "
        + "left alone.", "Rename the app, or remove the section or route.");
    add("GatewayPending", GATEWAY, "The Gateway API objects wait for the Service.", "See `ServiceReady`.");
    add("GatewayApplyFailed", GATEWAY, "The API server refused a Gateway API object (e.g. a CEL rule of its CRD).",
        "Act on the message.");
    add("GatewayNotFound", GATEWAY, "A Gateway the app attaches to does not exist (or its own is not created yet).",
        "Check `parentRefs` (name, namespace); ask the Gateway's owner.");
    add("GatewayNotProgrammed", GATEWAY, "The Gateway's `Programmed` condition is not True: LBC has not provisioned "
        + "the load balancer yet, or failed (its message is quoted).", "Wait, or act on LBC's message.");
    add("RoutePending", GATEWAY, "LBC has not accepted a route on its Gateway yet.", "Wait; if it lasts, check "
        + "LBC's logs.");
    add("RouteNotAccepted", GATEWAY, "LBC set the route's `Accepted` False (e.g. the listener does not allow the "
        + "app's namespace or kind); its reason and message are quoted.", "Fix the listener's `allowedRoutes` "
        + "(the Gateway's owner) or the route's `sectionName`.");
    add("RouteRefsNotResolved", GATEWAY, "LBC set the route's `ResolvedRefs` False (a backend it cannot resolve).",
        "Act on LBC's message.");
    add("LoadBalancerInvalid", NLB, "`spec.loadBalancer` has a problem; the Service is left exactly as it is.",
        "Fix the field the message names.");
    add("LoadBalancerNotManaged", NLB, "The app's Service is a LoadBalancer of another class, which can never "
        + "change; it is not touched.", "Remove `spec.loadBalancer`, or re-create the Service (its nodePorts are "
        + "kept by the app).");
    add("LoadBalancerPending", NLB, "The NLB waits for the Service.", "See `ServiceReady`.");
    add("TargetGroupBindingApiMissing", BINDINGS, "The cluster does not serve LBC's TargetGroupBinding CRD.",
        "Install LBC or its CRDs; the operator looks again every minute.");
    add("TargetGroupBindingInvalid", BINDINGS, "An entry of `spec.targetGroupBindings` has a problem.",
        "Fix the entry the message names.");
    add("TargetGroupBindingNameTaken", BINDINGS, "A TargetGroupBinding of a name the app wants is another's.",
        "Give the entry another `name`, or remove it.");
    add("TargetGroupBindingApplyFailed", BINDINGS, "The API server refused a TargetGroupBinding write.",
        "Act on the message.");
    add("BindingPending", BINDINGS, "LBC has not observed a binding's latest generation yet.", "Wait; if it lasts, "
        + "check that LBC runs.");
    add("BindingFailed", BINDINGS, "LBC's latest Event on a binding is a warning (e.g. the target group does not "
        + "exist, or is of IP type); quoted.", "Act on LBC's message.");
    add("Bound", BINDINGS, "LBC keeps every binding's targets registered.", "Nothing.");
    add("Valid", POOL_VALID, "The pool's ranges are readable, inside the operator's range and overlap no other "
        + "pool.", "Nothing.");
    add("InvalidRanges", POOL_VALID, "A range of the pool is not `start-end` or is reversed.", "Fix `spec.ranges`.");
    add("OutsideClusterRange", POOL_VALID, "A range lies outside the operator's range.",
        "Move it inside `EXPOSEDAPP_NODE_PORT_RANGE`, or widen that.");
    add("Overlap", POOL_VALID, "The pool overlaps another pool; neither allocates from the overlap.",
        "Make the ranges disjoint.");
    add("PortsFree", POOL_PORTS, "The pool has nodePorts nobody holds.", "Nothing.");
    add("NodePortPoolExhausted", POOL_PORTS, "Every port of the pool is held; its apps get "
        + "`NodePortRangeExhausted`.", "Add a range to the pool, or free ports.");
    add("PoolNotValid", POOL_PORTS, "The pool is not valid, so it allocates nothing.", "See its `Valid` condition.");
    add("NodePortsKeptOutsideRange", List.of("Event"), "A Normal Event: the app keeps nodePorts outside a changed "
        + "range (ports never move).", "Nothing, or move the app deliberately ([Changing the range]"
        + "(nodeports.md#changing-the-range)).");
    add("Adopted", List.of("Event"), "A Normal Event: the app took over an existing Service or Ingress "
        + "(`spec.adopt`).", "Nothing.");
  }

  private ReasonCatalog() {
  }
}
