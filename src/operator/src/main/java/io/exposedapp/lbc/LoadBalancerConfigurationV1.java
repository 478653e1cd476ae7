package io.exposedapp.lbc;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code gateway.k8s.aws/v1} LoadBalancerConfiguration. */
@Group(LbcApi.GROUP)
@Version("v1")
@Kind("LoadBalancerConfiguration")
@Plural("loadbalancerconfigurations")
public class LoadBalancerConfigurationV1
    extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>
    implements Namespaced {
}
