package io.exposedapp.status;

/** Condition types and reasons of {@code ExposedApp.status.conditions}: the user-facing vocabulary. */
public final class ConditionTypes {

  /** The app is reachable as specified. */
  public static final String READY = "Ready";
  /** Every port has a nodePort. */
  public static final String PORTS_ALLOCATED = "PortsAllocated";
  /** The NodePort Service exists with the allocated ports. */
  public static final String SERVICE_READY = "ServiceReady";
  /** The ALB Ingress exists and the controller gave it an address (only with spec.ingress). */
  public static final String INGRESS_READY = "IngressReady";
  /**
   * The HTTPRoute is accepted by the AWS Load Balancer Controller on a programmed Gateway with an address (only with
   * spec.gateway).
   */
  public static final String GATEWAY_READY = "GatewayReady";
  /** The app's NLB exists and the controller gave it an address (only with spec.loadBalancer). */
  public static final String LOAD_BALANCER_READY = "LoadBalancerReady";
  /** The controller has bound every TargetGroupBinding (only with spec.targetGroupBindings). */
  public static final String TARGET_GROUP_BINDINGS_READY = "TargetGroupBindingsReady";
  /**
   * The conditions of the ways in, each judged by its own package ({@code StatusFactory.Exposure}), in the order
   * they decide the app's address and Ready.
   */
  public static final java.util.List<String> WAYS_IN = java.util.List.of(INGRESS_READY, GATEWAY_READY,
      LOAD_BALANCER_READY, TARGET_GROUP_BINDINGS_READY);
  /** The conditions of the ways in that the AWS Load Balancer Controller completes for TCP and UDP apps. */
  public static final java.util.List<String> NLB_WAYS_IN = java.util.List.of(LOAD_BALANCER_READY,
      TARGET_GROUP_BINDINGS_READY);

  private ConditionTypes() {
  }

  /** Reasons, CamelCase as Kubernetes conventions want them. */
  public static final class Reasons {
    public static final String ALLOCATED = "Allocated";
    public static final String NODE_PORT_CONFLICT = "NodePortConflict";
    public static final String NODE_PORT_OUT_OF_RANGE = "NodePortOutOfRange";
    public static final String NODE_PORT_RANGE_EXHAUSTED = "NodePortRangeExhausted";
    /** A new port would exceed a NodePortPool's maxPortsPerNamespace. */
    public static final String NODE_PORT_QUOTA_EXCEEDED = "NodePortQuotaExceeded";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String SERVICE_NAME_TAKEN = "ServiceNameTaken";
    public static final String SERVICE_APPLIED = "ServiceApplied";
    public static final String SERVICE_PENDING = "ServicePending";
    public static final String SERVICE_APPLY_FAILED = "ServiceApplyFailed";
    public static final String READY = "Ready";
    public static final String INGRESS_INVALID = "IngressInvalid";
    public static final String INGRESS_NAME_TAKEN = "IngressNameTaken";
    public static final String INGRESS_PENDING = "IngressPending";
    public static final String INGRESS_APPLY_FAILED = "IngressApplyFailed";
    public static final String ADDRESS_PENDING = "AddressPending";
    public static final String ADDRESS_ASSIGNED = "AddressAssigned";
    /** The cluster does not serve the Gateway API's or the AWS Load Balancer Controller's CRDs. */
    public static final String GATEWAY_API_MISSING = "GatewayApiMissing";
    public static final String GATEWAY_INVALID = "GatewayInvalid";
    /** An HTTPRoute, TargetGroupConfiguration, Gateway or LoadBalancerConfiguration of the app's name is another's. */
    public static final String GATEWAY_NAME_TAKEN = "GatewayNameTaken";
    public static final String GATEWAY_PENDING = "GatewayPending";
    public static final String GATEWAY_APPLY_FAILED = "GatewayApplyFailed";
    /** A Gateway of spec.gateway.parentRefs does not exist (or is not cached yet). */
    public static final String GATEWAY_NOT_FOUND = "GatewayNotFound";
    /** The Gateway's Programmed condition is not True (yet). */
    public static final String GATEWAY_NOT_PROGRAMMED = "GatewayNotProgrammed";
    /** The controller has not answered for the route on a Gateway yet. */
    public static final String ROUTE_PENDING = "RoutePending";
    /** The controller set the route's Accepted condition False on a Gateway. */
    public static final String ROUTE_NOT_ACCEPTED = "RouteNotAccepted";
    /** The controller set the route's ResolvedRefs condition False on a Gateway. */
    public static final String ROUTE_REFS_NOT_RESOLVED = "RouteRefsNotResolved";
    /** spec.loadBalancer has findings; the Service is left as it is. */
    public static final String LOAD_BALANCER_INVALID = "LoadBalancerInvalid";
    /** The Service is a LoadBalancer of another class, which the AWS Load Balancer Controller does not manage. */
    public static final String LOAD_BALANCER_NOT_MANAGED = "LoadBalancerNotManaged";
    /** The NLB waits for the Service to be written. */
    public static final String LOAD_BALANCER_PENDING = "LoadBalancerPending";
    /** The cluster does not serve the TargetGroupBinding CRD. */
    public static final String TARGET_GROUP_BINDING_API_MISSING = "TargetGroupBindingApiMissing";
    public static final String TARGET_GROUP_BINDING_INVALID = "TargetGroupBindingInvalid";
    /** A TargetGroupBinding of a name the app wants is another's. */
    public static final String TARGET_GROUP_BINDING_NAME_TAKEN = "TargetGroupBindingNameTaken";
    public static final String TARGET_GROUP_BINDING_APPLY_FAILED = "TargetGroupBindingApplyFailed";
    /** The controller has not observed a binding's generation yet. */
    public static final String BINDING_PENDING = "BindingPending";
    /** The controller's latest Event on a binding is a warning. */
    public static final String BINDING_FAILED = "BindingFailed";
    public static final String BOUND = "Bound";

    private Reasons() {
    }
  }
}
