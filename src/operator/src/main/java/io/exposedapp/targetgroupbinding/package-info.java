/**
 * Existing target groups through the AWS Load Balancer Controller's TargetGroupBindings (LBC's {@code
 * pkg/targetgroupbinding}): the desired bindings, their dependent, lint, readiness, and whether the cluster serves
 * the kind. Plan, allocation and status assembly stay beneath.
 */
package io.exposedapp.targetgroupbinding;
