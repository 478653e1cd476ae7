package io.exposedapp.lbc;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code gateway.k8s.aws/v1} TargetGroupConfiguration. */
@Group(LbcApi.GROUP)
@Version("v1")
@Kind("TargetGroupConfiguration")
@Plural("targetgroupconfigurations")
public class TargetGroupConfigurationV1
    extends CustomResource<TargetGroupConfigurationSpec, ConfigurationStatus>
    implements Namespaced {
}
