# The Tracevault server image. Build the jar first, then the image:
#   mvn -DskipTests package && docker build -t tracevault .
# (docker-compose.yml does the second step itself.) Settings are environment variables (README).

# Stage 1: the jar in extracted form at /app plus a JVM AOT cache from a training run
# (deploy/aot-cache.sh): the server starts faster. The cache records the jars by absolute path,
# size and time, so it is built at the path the image runs it from; it fits this JDK only.
FROM eclipse-temurin:25-jre AS aot
COPY server/target/tracevault.jar deploy/aot-cache.sh /build/
RUN bash /build/aot-cache.sh /build/tracevault.jar /app

FROM eclipse-temurin:25-jre

RUN groupadd --system tracevault && useradd --system --gid tracevault --home-dir /app tracevault \
    && mkdir -p /app/data /app/cache && chown -R tracevault:tracevault /app/data /app/cache
WORKDIR /app
# /app/tracevault.jar (its libraries in /app/lib) also runs the CLI: java -jar /app/tracevault.jar keys list
COPY --from=aot /app/ /app/
COPY deploy/healthcheck.sh /app/healthcheck.sh

USER tracevault
ENV SERVER_PORT=8080 \
    TRACEVAULT_DATA_DIR=/app/data \
    TRACEVAULT_EVALUATORS_PYTHON_CACHE_DIR=/app/cache
EXPOSE 8080
# Ready = database up and event processors running (/actuator/health/readiness); no curl needed.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["/bin/bash", "/app/healthcheck.sh"]
# Half the container's memory for the heap: python evaluators run in sandbox JVMs of their own.
# A JVM that cannot use the AOT cache (copied files with other times, other GC settings) says so
# on stderr and starts without it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:AOTCache=/app/app.aot", "-jar", "/app/tracevault.jar"]
