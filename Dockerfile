# One image for every role. Build the jars first (./mvnw -B -DskipTests package), then:
#   docker build -t remise:dev .
# The container's command is the role's main class, e.g. dev.remise.metadata.MetadataNodeApplication;
# `dev.remise.cli.Remise server --single-node --data-dir /var/lib/remise` runs everything in one container.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 1000 --home-dir /var/lib/remise remise \
    && mkdir -p /var/lib/remise && chown remise /var/lib/remise
COPY cli/target/lib/ /opt/remise/lib/
COPY cli/target/cli-*.jar /opt/remise/lib/
USER remise
WORKDIR /var/lib/remise
VOLUME ["/var/lib/remise"]
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-cp", "/opt/remise/lib/*"]
CMD ["dev.remise.cli.Remise", "server", "--single-node", "--data-dir", "/var/lib/remise"]
