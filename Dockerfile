# The Tracevault server image. Build the jar first, then the image:
#   mvn -DskipTests package && docker build -t tracevault .
# (docker-compose.yml does the second step itself.) Settings are environment variables (README).
FROM eclipse-temurin:25-jre

RUN groupadd --system tracevault && useradd --system --gid tracevault --home-dir /app tracevault \
    && mkdir -p /app/data /app/cache && chown -R tracevault:tracevault /app
WORKDIR /app
COPY --chown=tracevault:tracevault server/target/tracevault.jar /app/tracevault.jar
COPY --chown=tracevault:tracevault deploy/healthcheck.sh /app/healthcheck.sh

USER tracevault
ENV SERVER_PORT=8080 \
    TRACEVAULT_DATA_DIR=/app/data \
    TRACEVAULT_EVALUATORS_PYTHON_CACHE_DIR=/app/cache
EXPOSE 8080
# Ready = database up and event processors running (/actuator/health/readiness); no curl needed.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["/bin/bash", "/app/healthcheck.sh"]
# Half the container's memory for the heap: python evaluators run in sandbox JVMs of their own.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/tracevault.jar"]
