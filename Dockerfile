# syntax=docker/dockerfile:1
# The one MeasureMe image: every role runs from it, chosen with MEASUREME_TARGET (see deploy/).
#   docker build -t measureme:latest .
#   docker run --rm -p 8080:8080 measureme:latest                  # every role, embedded backends
#   docker run --rm measureme:latest queues                        # an operator command (java -jar measureme.jar queues)

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# Formatting is checked in CI, not here; the bench module is not part of the image.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl measureme-server -am package -DskipTests -Dspotless.check.skip=true
# Spring Boot's layers: dependencies change rarely, the application often, so an update ships a small layer.
RUN java -Djarmode=tools -jar measureme-server/target/measureme.jar extract --layers --destination /extracted

FROM eclipse-temurin:25-jre
# curl is for the orchestrators' health checks (deploy/docker-compose.yml); the temurin 25 images no longer ship it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 measureme \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin measureme
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Numeric, so that Kubernetes can verify runAsNonRoot.
USER 10001:10001
# The heap follows the container's memory limit; an OutOfMemoryError ends the process so the orchestrator
# restarts it instead of leaving a half-working JVM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# No HEALTHCHECK here: compose and Kubernetes check /actuator/health/readiness themselves.
ENTRYPOINT ["java", "-jar", "measureme.jar"]
