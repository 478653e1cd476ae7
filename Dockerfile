# ExposedApp operator image: docker build -t ghcr.io/example/exposedapp-operator:0.1.0 .
# Two stages: Maven builds the shaded jar; the runtime stage is a plain JRE 17 with only that jar (the operator and
# its runtime dependencies: no API test server, no mock web server).
# Tags are pinned (update them deliberately); pin digests (image@sha256:...) for reproducible production builds.

# ---- build -------------------------------------------------------------------------------------------------------
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies and plugins first, in their own layer: it is rebuilt only when a pom.xml changes.
COPY pom.xml ./
COPY src/api-test-server/pom.xml src/api-test-server/
COPY src/operator/pom.xml src/operator/
COPY src/embedded/pom.xml src/embedded/
RUN mvn -B -ntp dependency:go-offline
COPY src ./src
# The same command as the README's; produces target/exposedapp-operator.jar, the operator alone (src/operator), and
# the embedded run's jar, which the image leaves out.
RUN mvn -B -ntp -q package -DskipTests

# ---- runtime -----------------------------------------------------------------------------------------------------
# Eclipse Temurin JRE (same vendor/build as the build stage's JDK): versioned tags that can be pinned, container-aware
# JVM, no JDK and no Maven. (distroless java17 would be smaller but has no versioned tags, only :latest/:nonroot
# or digests, and ships Debian's OpenJDK build.)
FROM eclipse-temurin:17.0.13_11-jre-jammy
LABEL org.opencontainers.image.title="exposedapp-operator" \
      org.opencontainers.image.description="ExposedApp operator: NodePort Services with operator-allocated nodePorts and ALB Ingresses" \
      org.opencontainers.image.licenses="NOASSERTION"
WORKDIR /app
# Owned by root and read-only for the runtime user: the process cannot modify its own code.
COPY --from=build /build/target/exposedapp-operator.jar /app/exposedapp-operator.jar
# Numeric, so that Kubernetes' runAsNonRoot can verify it without an /etc/passwd entry (deploy/deployment.yaml
# sets the same uid/gid). 65532 is the conventional "nonroot" uid.
USER 65532:65532
# Heap = 75% of the container memory limit; exit on OutOfMemoryError so Kubernetes restarts the pod instead of
# leaving a half-working JVM. (Container support is on by default in JDK 17.) The Serial collector is what the JVM
# picks in a container under 1792 MiB anyway; explicit, it does not change with the limit. C1 only
# (TieredStopAtLevel=1): C2's compilations cost more CPU and memory than they save in a process that is mostly idle
# and works in bursts (docs/BENCHMARKS.md: a third less CPU and 84 MiB less RSS in the 1,000-app burst). The heap
# gives back what it does not use after a full GC (Min/MaxHeapFreeRatio), the young generation is a quarter of it
# instead of a third (NewRatio), and the HTTP client's Netty keeps one pool of direct buffers instead of one per core
# times two: RSS with 2,768 apps about 200 MiB instead of 233 (docs/BENCHMARKS.md). The heap starts at 15% of the
# limit (InitialRAMPercentage: 77 MiB of 512) instead of 1/64: grown 10% at a time from 8 MiB it went through dozens of
# full collections at every start and burst; a quarter to a third less CPU in the bursts, restarts faster, 16 MiB
# more RSS with 2,768 apps (docs/BENCHMARKS.md, issue 35).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=15 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:NewRatio=3 -Dio.netty.allocator.numDirectArenas=1"
# 8080: GET /metrics (EXPOSEDAPP_METRICS_PORT); 8081: GET /livez, /readyz (EXPOSEDAPP_HEALTH_PORT).
EXPOSE 8080 8081
# No arguments: run the operator against the in-cluster service account.
ENTRYPOINT ["java", "-jar", "/app/exposedapp-operator.jar"]
